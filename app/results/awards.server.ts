import { createDevelopment } from "~/developments/developments.server.ts";
import { recordAuditEvent, type AuditEntry } from "~/platform/audit.server.ts";
import { db } from "~/platform/database/db.server.ts";
import { lockRow, serverNow, type Tx } from "~/platform/database/transactions.server.ts";
import { logger } from "~/platform/logger.server.ts";

/**
 * Awards: a plot given to its shortlisted proposal by published results. Pending while the
 * standstill runs; final (active) when it has ended with no open challenge on that plot; suspended
 * by an upheld challenge; cancelled when the reopened plot's results are published again.
 */

/** The audit entries of a standstill started and of an award made final (also written by the demo seed's replay). */
export const standstillStartedEntry = (actorId: string, releaseCode: string, endsAt: Date, winners: readonly { plot: string; proposalId: string }[]): AuditEntry => ({
  actorId,
  action: "standstill.started",
  subjectType: "release",
  subjectId: releaseCode,
  data: { endsAt: endsAt.toISOString(), pendingAwards: winners.map((w) => ({ plot: w.plot, proposalId: w.proposalId })) },
});
export const awardFinalEntry = (releaseCode: string, award: { awardId: string; plot: string; proposalId: string }, finalAt: Date): AuditEntry => ({
  actorId: null,
  action: "award.final",
  subjectType: "release",
  subjectId: releaseCode,
  data: { ...award, finalAt: finalAt.toISOString() },
});

/** Writes the pending awards of a publication, each waiting out the standstill. */
export async function awardPlots(tx: Tx, release: { id: string; code: string }, winners: { plotId: string; plot: string; proposalId: string }[], publishedAt: Date, standstillEndsAt: Date, actorId: string) {
  for (const winner of winners) {
    await tx.award.create({ data: { releaseId: release.id, plotId: winner.plotId, proposalId: winner.proposalId, status: "pending", publishedAt, standstillEndsAt } });
  }
  await recordAuditEvent(tx, standstillStartedEntry(actorId, release.code, standstillEndsAt, winners));
}

/** Cancels the suspended awards of a reopened release: its results for those plots are published again. */
export async function cancelSuspendedAwards(tx: Tx, releaseId: string, now: Date) {
  const suspended = await tx.award.findMany({ where: { releaseId, status: "suspended" }, include: { plot: true } });
  await tx.award.updateMany({ where: { id: { in: suspended.map((a) => a.id) } }, data: { status: "cancelled", cancelledAt: now } });
  return suspended;
}

/**
 * Makes one award final if its time has come: its standstill over by the database's clock and no
 * challenge of it open. The award's row lock makes a second clock (or a challenge being lodged)
 * wait; the waiting one then reads the award as it is now, so the change happens exactly once and
 * never beside a challenge that was lodged in time; its development record is made with it.
 */
async function finaliseIfDue(awardId: string): Promise<string | null> {
  return db().$transaction(async (tx) => {
    await lockRow(tx, "Award", { id: awardId });
    const award = await tx.award.findUniqueOrThrow({ where: { id: awardId }, include: { plot: true, release: true } });
    const now = await serverNow(tx);
    if (award.status !== "pending" || award.standstillEndsAt > now) return null;
    if ((await tx.challenge.count({ where: { awardId, state: "open" } })) > 0) return null;
    await tx.award.update({ where: { id: awardId }, data: { status: "active", finalAt: now } });
    await tx.plot.update({ where: { id: award.plotId }, data: { state: "awarded" } });
    // The promises become the plot's development record in the same step: never one without the other.
    await createDevelopment(tx, award, now);
    await recordAuditEvent(tx, awardFinalEntry(award.release.code, { awardId, plot: award.plot.code, proposalId: award.proposalId }, now));
    return `${award.release.code} ${award.plot.code}`;
  });
}

/** The release clock's part: every pending award whose standstill has ended becomes final, once. */
export async function finaliseDueAwards(): Promise<string[]> {
  const due = await db().$queryRaw<{ id: string }[]>`SELECT id FROM "Award" WHERE status = 'pending' AND "standstillEndsAt" <= clock_timestamp()`;
  const finalised: string[] = [];
  for (const { id } of due) {
    const done = await finaliseIfDue(id);
    if (done) finalised.push(done);
  }
  if (finalised.length) logger.info({ finalised }, "awards made final");
  return finalised;
}
