import type { TFunction } from "i18next";
import type { MilestoneKind, VariationSubject } from "~/platform/database/generated/prisma/enums.ts";
import { formatDate } from "~/platform/time.ts";

/** A promise's value as people read it, in the reader's language: "21,600 m²" (21,600 平方米), "HK$1,250,000,000", "31 Mar 2029", sector names. */
export function promiseValueText(t: TFunction, locale: string, subject: VariationSubject, value: unknown): string {
  if (value === null || value === undefined) return t("developments.notPromised");
  switch (subject) {
    case "gross_floor_area":
      return t("plot.squareMetres", { value: Number(value) });
    case "investment":
      return `HK$${BigInt(String(value)).toLocaleString("en")}`;
    case "research_posts":
    case "graduate_places":
      return Number(value).toLocaleString("en");
    case "sectors":
      return (value as string[]).map((s) => t(`sector.${s}`)).join(t("format.listSeparator"));
    case "milestone":
      return formatDate(value instanceof Date ? value : new Date(`${String(value)}T00:00:00.000Z`), "UTC", locale);
  }
}

/** What a variation changes, named: "Research posts", "Milestone (topping out)": no colon, as headings put one after it. */
export function variationSubjectText(t: TFunction, subject: VariationSubject, milestoneKind: MilestoneKind | null): string {
  return subject === "milestone" && milestoneKind ? t("variations.subjectMilestone", { milestone: t(`developments.milestone.${milestoneKind}`) }) : t(`variations.subject.${subject}`);
}
