import i18next, { type i18n } from "i18next";
import { initReactI18next } from "react-i18next";
import en from "./locales/en/common.json";
import zhHant from "./locales/zh-Hant/common.json";

export const languages = ["en", "zh-Hant"] as const;
export type Language = (typeof languages)[number];
export const defaultLanguage: Language = "en";

export const resources = {
  en: { common: en },
  "zh-Hant": { common: zhHant },
} as const;

export function isLanguage(value: unknown): value is Language {
  return typeof value === "string" && (languages as readonly string[]).includes(value);
}

/** The locale Intl formats dates and numbers with: Hong Kong conventions in both languages. */
export function intlLocale(language: Language): string {
  return language === "zh-Hant" ? "zh-Hant-HK" : "en-HK";
}

/** A ready i18next instance for one request (server) or the page (client). */
export function createI18n(language: Language): i18n {
  const instance = i18next.createInstance();
  void instance.use(initReactI18next).init({
    lng: language,
    fallbackLng: defaultLanguage,
    supportedLngs: [...languages],
    defaultNS: "common",
    ns: ["common"],
    resources,
    interpolation: { escapeValue: false },
    // Resources are bundled, so initialisation completes synchronously.
    initImmediate: false,
  });
  return instance;
}

/** Picks the text of a bilingual database field for the reader's language. */
export function pick(language: Language, texts: { en: string; zhHant: string }): string {
  return language === "zh-Hant" ? texts.zhHant : texts.en;
}

const translators = new Map<Language, i18n["t"]>();

/** A cached translate function for places outside React, such as page titles in `meta`. */
export function translator(language: Language): i18n["t"] {
  let t = translators.get(language);
  if (!t) {
    t = createI18n(language).t;
    translators.set(language, t);
  }
  return t;
}
