import type { TFunction } from "i18next";

/** The administrators' list in one sentence: records, variations waiting, milestones overdue, each counted in its own number. */
export function staffCountsText(t: TFunction, developments: { variationsRequested: number; overdue: number }[]): string {
  const waiting = developments.reduce((sum, d) => sum + d.variationsRequested, 0);
  const overdue = developments.reduce((sum, d) => sum + d.overdue, 0);
  return t("developments.staffCounts", {
    records: t("developments.count.record", { count: developments.length }),
    waiting: t("developments.count.variationWaiting", { count: waiting }),
    overdue: t("developments.count.milestoneOverdue", { count: overdue }),
  });
}
