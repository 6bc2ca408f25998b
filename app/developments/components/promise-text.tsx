import { useTranslation } from "react-i18next";
import type { MilestoneKind, VariationSubject } from "~/platform/database/generated/prisma/enums.ts";
import { defaultLanguage, intlLocale, isLanguage } from "~/platform/i18n/i18n.ts";
import { formatDate } from "~/platform/time.ts";
import { promiseValueText, variationSubjectText } from "../promise-values.ts";

function useLocale() {
  const { i18n } = useTranslation();
  return intlLocale(isLanguage(i18n.language) ? i18n.language : defaultLanguage);
}

/** A calendar day (a date column, UTC midnight) written out in the reader's language. */
export function useCalendarDayText() {
  const locale = useLocale();
  return (date: Date | string) => formatDate(new Date(date), "UTC", locale);
}

/** A promise's value and a variation's subject as the reader reads them. */
export function usePromiseText() {
  const { t } = useTranslation();
  const locale = useLocale();
  return {
    value: (subject: VariationSubject, value: unknown) => promiseValueText(t, locale, subject, value),
    subject: (subject: VariationSubject, milestoneKind: MilestoneKind | null) => variationSubjectText(t, subject, milestoneKind),
  };
}
