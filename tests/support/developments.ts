import { db } from "~/platform/database/db.server.ts";
import type { MilestoneKind } from "~/platform/database/generated/prisma/enums.ts";
import { serverNow } from "~/platform/database/transactions.server.ts";
import { parkCalendarDay } from "~/platform/time.ts";

const DAY = 86_400_000;

/** The database's calendar day in Hong Kong, `offsetDays` from today (what date columns hold). */
export async function databaseDay(offsetDays = 0): Promise<Date> {
  return new Date(parkCalendarDay(await serverNow(db())).getTime() + offsetDays * DAY);
}

/**
 * A development record for a final award of the demo park, written directly (until records are made
 * when awards become final): the award's promises with the dates given as days from the database's
 * today. `organisationId` names who reports (the awardee by default).
 */
export async function createDevelopment(options: {
  plot: string;
  organisationId?: string;
  firstReportInDays: number;
  reportingIntervalMonths?: number;
  milestonesInDays: Partial<Record<MilestoneKind, number>>;
  promisedGfaM2?: number;
}) {
  const award = await db().award.findFirstOrThrow({ where: { plot: { code: options.plot }, status: "active" }, include: { proposal: true } });
  const today = await databaseDay();
  const at = (days: number) => new Date(today.getTime() + days * DAY);
  return db().development.create({
    data: {
      awardId: award.id,
      plotId: award.plotId,
      organisationId: options.organisationId ?? award.proposal.organisationId,
      proposalVersionId: award.proposal.currentVersionId!,
      promisedGfaM2: options.promisedGfaM2 ?? 20_000,
      promisedSectors: ["life_health_technology"],
      promisedInvestmentHkd: 4_000_000_000n,
      promisedResearchPosts: 300,
      promisedGraduatePlaces: 40,
      reportingIntervalMonths: options.reportingIntervalMonths ?? 3,
      firstReportDue: at(options.firstReportInDays),
      createdAt: award.finalAt ?? new Date(),
      milestones: { create: Object.entries(options.milestonesInDays).map(([kind, days]) => ({ kind: kind as MilestoneKind, promisedBy: at(days) })) },
    },
    include: { milestones: true },
  });
}

/** The demo park's plots whose awards are final. */
export async function finalAwardPlots(): Promise<string[]> {
  const awards = await db().award.findMany({ where: { status: "active" }, include: { plot: true }, orderBy: { plot: { code: "asc" } } });
  return awards.map((a) => a.plot.code);
}
