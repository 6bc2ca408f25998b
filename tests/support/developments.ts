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
 * A development record for a final award of the demo park, written directly with the dates given as
 * days from the database's today, in place of the demo's own record of that award (the release clock
 * makes records, tested in tests/developments/commitments.test.ts). `organisationId` names who
 * reports (the awardee by default).
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
  await replaceDemoRecord(award.id, award.plotId);
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

/** Removes the demo's development record of an award, with everything reported on it, and the plot's state it made. */
async function replaceDemoRecord(awardId: string, plotId: string) {
  const record = await db().development.findUnique({ where: { awardId }, select: { id: true } });
  if (!record) return;
  const developmentId = record.id;
  await db().$transaction([
    db().progressReportDocument.deleteMany({ where: { report: { developmentId } } }),
    db().progressReportMilestone.deleteMany({ where: { report: { developmentId } } }),
    db().progressReport.deleteMany({ where: { developmentId } }),
    db().reportReminder.deleteMany({ where: { developmentId } }),
    db().variation.deleteMany({ where: { developmentId } }),
    db().developmentMilestone.deleteMany({ where: { developmentId } }),
    db().development.delete({ where: { id: developmentId } }),
    // What the demo's verified reports had made of the plot goes with them.
    db().plot.update({ where: { id: plotId }, data: { state: "awarded" } }),
  ]);
}

/** The demo park's plots whose awards are final. */
export async function finalAwardPlots(): Promise<string[]> {
  const awards = await db().award.findMany({ where: { status: "active" }, include: { plot: true }, orderBy: { plot: { code: "asc" } } });
  return awards.map((a) => a.plot.code);
}
