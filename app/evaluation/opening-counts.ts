import type { TFunction } from "i18next";

/** What opening the technical envelopes opens, each count with its own plural ("1 proposal from 1 organisation for 1 plot"). */
export function openingCountsText(t: TFunction, counts: { proposals: number; organisations: number; plots: number }): string {
  return t("journeys2.confirm.opens", {
    proposals: t("journeys2.count.proposal", { count: counts.proposals }),
    organisations: t("journeys2.count.organisation", { count: counts.organisations }),
    plots: t("journeys2.count.plot", { count: counts.plots }),
  });
}
