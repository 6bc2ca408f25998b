import i18next, { type i18n } from "i18next";
import { initReactI18next } from "react-i18next";
import en from "./locales/en/common.json";
import zhHant from "./locales/zh-Hant/common.json";
// Generated from zh-Hant by `npm run i18n:hans` (never edited by hand: tests/i18n/simplified-catalog.test.ts).
import zhHans from "./locales/zh-Hans/common.json";
import { toSimplified } from "./simplified.ts";

export const languages = ["en", "zh-Hant", "zh-Hans"] as const;
export type Language = (typeof languages)[number];
export const defaultLanguage: Language = "en";

export const resources = {
  en: { common: en },
  "zh-Hant": { common: zhHant },
  "zh-Hans": { common: zhHans },
} as const;

export function isLanguage(value: unknown): value is Language {
  return typeof value === "string" && (languages as readonly string[]).includes(value);
}

/** A stored or requested language (a profile's locale, an email's), English when it is none of ours. */
export function languageOrDefault(value: unknown): Language {
  return isLanguage(value) ? value : defaultLanguage;
}

/**
 * The locale Intl formats dates and numbers with: Hong Kong conventions in every language (the
 * park's times are Hong Kong times), in Simplified script for zh-Hans.
 */
export function intlLocale(language: Language): string {
  switch (language) {
    case "zh-Hant":
      return "zh-Hant-HK";
    case "zh-Hans":
      return "zh-Hans-HK";
    default:
      return "en-HK";
  }
}

const formats = new Map<string, Intl.NumberFormat>();

/**
 * A number as the portal writes it for a language: digits grouped ("107,430"), Hong Kong
 * conventions in every language (`intlLocale`), at most three decimals as Intl gives by default.
 * Bigints (money in Hong Kong dollars) keep every digit.
 */
export function formatNumber(value: number | bigint, language: string): string {
  const locale = intlLocale(languageOrDefault(language));
  let format = formats.get(locale);
  if (!format) {
    format = new Intl.NumberFormat(locale);
    formats.set(locale, format);
  }
  return format.format(value);
}

/**
 * i18next's `interpolation.format` with `alwaysFormat`: every number put into a message, hint or
 * label (`{{max}}`, `{{count}}`, `{{days}}` …) is written with `formatNumber` for the message's
 * language, so no caller can show "107430". Text (codes, dates, figures a caller wrote out with
 * their unit) passes unchanged; plural rules still read the number itself.
 */
export function interpolationFormat(value: unknown, format?: string, language?: string): string {
  if (format === undefined && ((typeof value === "number" && Number.isFinite(value)) || typeof value === "bigint")) return formatNumber(value, language ?? "");
  // i18next's type says string; anything else (a missing value, undefined) it handles itself.
  return value as string;
}

/** Chinese in either script: full-width punctuation, no spaces between words. */
export function isChinese(language: Language): boolean {
  return language !== "en";
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
    // Every number in a message is written for its language ("107,430"): interpolationFormat.
    interpolation: { escapeValue: false, alwaysFormat: true, format: interpolationFormat },
    // Resources are bundled, so initialisation completes synchronously.
    initImmediate: false,
  });
  return instance;
}

/**
 * Picks the text of a bilingual database field for the reader's language. Staff write content in
 * English and Traditional Chinese; Simplified readers get the Traditional text converted (decision
 * 0014: a third field would be a third text to keep in step, and the conversion is mechanical).
 */
export function pick(language: Language, texts: { en: string; zhHant: string }): string {
  switch (language) {
    case "zh-Hant":
      return texts.zhHant;
    case "zh-Hans":
      return toSimplified(texts.zhHant);
    default:
      return texts.en;
  }
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
