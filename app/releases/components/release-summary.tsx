import { useTranslation } from "react-i18next";
import { isLanguage, pick } from "~/platform/i18n/i18n.ts";

/** A release's title and phase name in the reader's language. */
export function useReleaseTitle() {
  const { i18n } = useTranslation();
  const language = isLanguage(i18n.language) ? i18n.language : "en";
  return {
    language,
    title: (r: { titleEn: string; titleZhHant: string }) => pick(language, { en: r.titleEn, zhHant: r.titleZhHant }),
    phaseName: (p: { nameEn: string; nameZhHant: string }) => pick(language, { en: p.nameEn, zhHant: p.nameZhHant }),
  };
}
