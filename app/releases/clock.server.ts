import type { PgBoss } from "pg-boss";
import { recordAuditEvent, type AuditEntry } from "~/platform/audit.server.ts";
import { db } from "~/platform/database/db.server.ts";
import { lockRow, serverNow } from "~/platform/database/transactions.server.ts";
import { DomainError } from "~/platform/domain-error.ts";
import { logger } from "~/platform/logger.server.ts";
import { commitReceiptSet } from "~/receipts/commitments.server.ts";
import { finaliseDueAwards } from "~/results/awards.server.ts";
import { makePublic } from "./builder.server.ts";

/** The audit entry of a release closing at its deadline, with the set of receipts committed to. */
export const closedEntry = (code: string, at: Date, receiptSet: { receiptCount: number; root: string }): AuditEntry => ({
  actorId: null,
  action: "release.closed",
  subjectType: "release",
  subjectId: code,
  data: { at: at.toISOString(), receipts: receiptSet.receiptCount, receiptSetRoot: receiptSet.root },
});

/**
 * What the clock changes: scheduled releases whose time has come are published, open releases past
 * their deadline close. Each change is one guarded UPDATE in its own transaction with its audit
 * entry, so however many instances run the tick, each happens exactly once. Pending awards whose
 * standstill has ended with no open challenge become final (by the database's clock).
 */
export async function runReleaseClock(now = new Date()): Promise<{ published: string[]; closed: string[]; finalised: string[] }> {
  const published: string[] = [];
  const closed: string[] = [];
  const due = await db().release.findMany({ where: { state: "scheduled", publicationAt: { lte: now } }, select: { id: true, code: true } });
  for (const release of due) {
    await db()
      .$transaction(async (tx) => {
        // The row lock makes a second instance wait here, then find the release published already.
        await lockRow(tx, "Release", { id: release.id });
        const row = await tx.release.findUnique({ where: { id: release.id }, select: { state: true } });
        if (row?.state !== "scheduled") return;
        await makePublic(tx, release.id, null, now);
        published.push(release.code);
      })
      .catch((error: unknown) => {
        // A plot taken meanwhile: the release stays scheduled for an administrator to fix, and the
        // log says so.
        if (!(error instanceof DomainError)) throw error;
        logger.error({ release: release.code, problem: error.code }, "scheduled release could not be published");
      });
  }
  const ending = await db().release.findMany({ where: { state: "open", submissionDeadline: { lte: now } }, select: { id: true, code: true, submissionDeadline: true } });
  for (const release of ending) {
    await db().$transaction(async (tx) => {
      const { count } = await tx.release.updateMany({ where: { id: release.id, state: "open", submissionDeadline: { lte: now } }, data: { state: "closed" } });
      if (count !== 1) return;
      // The set of bids received is fixed now: commit to it in the same transaction.
      const receiptSet = await commitReceiptSet(tx, release, await serverNow(tx));
      await recordAuditEvent(tx, closedEntry(release.code, now, receiptSet));
      closed.push(release.code);
    });
  }
  const finalised = await finaliseDueAwards();
  return { published, closed, finalised };
}

export const RELEASE_CLOCK = "release.clock";

/** The release clock runs every minute on the job queue (one instance at a time: a singleton queue). */
export async function startReleaseClock(boss: PgBoss): Promise<void> {
  await boss.createQueue(RELEASE_CLOCK, { policy: "singleton" });
  await boss.work(RELEASE_CLOCK, async () => {
    await runReleaseClock();
  });
  await boss.schedule(RELEASE_CLOCK, "* * * * *");
}
