import type { TFunction } from "i18next";

interface PublicationCounts {
  proposals: number;
  shortlisted: number;
  awarded: number;
  returned: number;
  people: number;
  organisations: number;
}

/** What publishing the results does, counted: who is shortlisted, plots awarded and returned, who is emailed. */
export function publicationCountsText(t: TFunction, counts: PublicationCounts): string[] {
  return [
    t("journeys2.confirm.shortlisted", {
      count: counts.shortlisted,
      proposals: t("journeys2.count.proposal", { count: counts.proposals }),
      awarded: t("journeys2.count.plot", { count: counts.awarded }),
      returned: t("journeys2.count.plot", { count: counts.returned }),
    }),
    t("journeys2.confirm.emails", { people: t("journeys2.count.person", { count: counts.people }), organisations: t("journeys2.count.proposingOrganisation", { count: counts.organisations }) }),
  ];
}
