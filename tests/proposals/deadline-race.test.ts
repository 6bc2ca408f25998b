import { beforeAll, expect, inject, it } from "vitest";
import { verifyAuditChain } from "~/platform/audit.server.ts";
import type { CurrentUser } from "~/accounts/sessions.server.ts";
import { disconnectDatabase } from "~/platform/database/db.server.ts";
import { DeadlinePassedError } from "~/proposals/gate.server.ts";
import { saveDraft, startProposal } from "~/proposals/drafts.server.ts";
import { submitProposal } from "~/proposals/submission.server.ts";
import { newObjectKey } from "~/platform/storage/object-storage.server.ts";
import { seedDemoPark } from "../../prisma/seed.ts";
import { withTestDatabase } from "../support/database.ts";
import { completeFields, createOrganisation, fileOf, OPEN_RELEASE, requiredDocuments, sha256 } from "../support/proposals.ts";
import { currentUserFor } from "../support/users.ts";

const db = withTestDatabase();
const BIDDERS = 20;
const PLOTS = ["1W-07", "1W-08", "1W-09", "1W-10", "1W-11", "1W-12", "1W-13", "1W-14", "1W-15", "1W-16"];

const bidders: { user: CurrentUser; proposalId: string; emails: string[] }[] = [];

beforeAll(async () => {
  // On a real PostgreSQL the app has a pool of connections: let the submissions really run at once.
  if (inject("testDatabaseServer").kind === "postgres") {
    await disconnectDatabase();
    process.env.DATABASE_POOL_SIZE = "10";
  }
  await seedDemoPark(db());
  const mandatory = (await requiredDocuments()).filter((r) => r.mandatory);
  for (let i = 0; i < BIDDERS; i++) {
    const organisation = await createOrganisation(`Bidder ${i + 1} Limited`, [{ role: "owner" }, { role: "contributor" }]);
    const user = await currentUserFor(organisation.emails[0]!);
    const id = await startProposal(user, OPEN_RELEASE, PLOTS[i % PLOTS.length]!);
    await saveDraft(user, id, { revision: 1, ...completeFields });
    // The files as an upload would have left them (uploads are not what this test is about).
    await db().proposalDocument.createMany({
      data: mandatory.map((r) => {
        const bytes = fileOf("pdf", r.nameEn);
        return { proposalId: id, requiredDocumentId: r.id, fileName: `${r.nameEn}.pdf`, kind: "pdf", contentType: "application/pdf", size: bytes.length, sha256: sha256(bytes), storageKey: newObjectKey("proposal-documents"), state: "stored" as const, uploadedById: user.id, confirmedAt: new Date() };
      }),
    });
    bidders.push({ user, proposalId: id, emails: organisation.emails });
  }
}, 120_000);

/** Each bidder's versions, with what must exist alongside each: audit entry, emails, sealed documents. */
async function recorded() {
  return Promise.all(
    bidders.map(async (bidder) => {
      const proposal = await db().proposal.findUniqueOrThrow({ where: { id: bidder.proposalId }, include: { versions: { include: { documents: true }, orderBy: { number: "asc" } } } });
      const audit = await db().auditEvent.findMany({ where: { subjectId: bidder.proposalId, action: "proposal.submitted" } });
      const emails = await db().outboxEmail.findMany({ where: { template: "proposalSubmitted", toAddress: { in: bidder.emails } } });
      return { proposal, audit, emails };
    }),
  );
}

/**
 * Every bidder submits at once, the deadline `offsetMs` after the database's clock. Each submission
 * is entirely in (a version with its receipt, audit entry and emails, received before the deadline)
 * or entirely out (a deadline refusal and nothing recorded).
 */
async function race(offsetMs: number) {
  const before = await recorded();
  const [updated] = await db().$queryRaw<{ submissionDeadline: Date }[]>`
    UPDATE "Release" SET "submissionDeadline" = clock_timestamp() + make_interval(secs => ${offsetMs / 1000}::float8)
     WHERE code = ${OPEN_RELEASE} RETURNING "submissionDeadline"`;
  const deadline = updated!.submissionDeadline;
  const outcomes = await Promise.allSettled(bidders.map((b) => submitProposal(b.user, b.proposalId)));
  const after = await recorded();
  let accepted = 0;
  for (const [i, outcome] of outcomes.entries()) {
    const [then, now] = [before[i]!, after[i]!];
    if (outcome.status === "fulfilled") {
      accepted++;
      const { receipt, versionId } = outcome.value;
      expect(now.proposal.versions.length, `bidder ${i}`).toBe(then.proposal.versions.length + 1);
      const version = now.proposal.versions.at(-1)!;
      expect(version.id).toBe(versionId);
      expect(now.proposal.currentVersionId).toBe(versionId);
      expect(version.receivedAt.getTime(), `bidder ${i} received at ${version.receivedAt.toISOString()}, deadline ${deadline.toISOString()}`).toBeLessThan(deadline.getTime());
      expect(version.documents).toHaveLength(3);
      expect(now.audit.length).toBe(then.audit.length + 1);
      expect(now.audit.some((e) => (e.data as { receiptNumber?: string }).receiptNumber === receipt.receiptNumber)).toBe(true);
      expect(now.emails.filter((e) => e.subject.includes(receipt.receiptNumber)).map((e) => e.toAddress).sort()).toEqual([...bidders[i]!.emails].sort());
    } else {
      expect(outcome.reason, `bidder ${i}: ${String(outcome.reason)}`).toBeInstanceOf(DeadlinePassedError);
      expect((outcome.reason as DeadlinePassedError).serverTime.getTime()).toBeGreaterThanOrEqual(deadline.getTime());
      expect(now).toEqual(then);
    }
  }
  return { accepted, refused: BIDDERS - accepted };
}

it("submissions racing the deadline are each entirely in, before it, or entirely out", async () => {
  // The boundary must fall among the submissions: if it does not, the race is run again with
  // another margin (the machine's speed decides how many fit into it).
  const results: { offsetMs: number; accepted: number; refused: number }[] = [];
  let offsetMs = 300;
  for (let round = 0; round < 6; round++) {
    const result = await race(offsetMs);
    results.push({ offsetMs, ...result });
    if (result.accepted > 0 && result.refused > 0) break;
    offsetMs = result.accepted === 0 ? offsetMs * 3 : Math.max(5, Math.round(offsetMs / 4));
  }
  expect(results.some((r) => r.accepted > 0 && r.refused > 0), JSON.stringify(results)).toBe(true);
  // No version without its receipt's audit entry, and the log is intact.
  const versions = await db().proposalVersion.count({ where: { proposal: { release: { code: OPEN_RELEASE } } } });
  expect(await db().auditEvent.count({ where: { action: "proposal.submitted", data: { path: ["release"], equals: OPEN_RELEASE } } })).toBe(versions);
  expect(await db().outboxEmail.count({ where: { template: "proposalSubmitted" } })).toBe(versions * 2);
  expect(await verifyAuditChain(db())).toMatchObject({ valid: true });
}, 60_000);

it("submissions in time that must wait their turn (the release row held meanwhile) are not turned away after 2 s", async () => {
  await db().$executeRaw`UPDATE "Release" SET "submissionDeadline" = clock_timestamp() + interval '1 day' WHERE code = ${OPEN_RELEASE}`;
  const versions = await db().proposalVersion.count();
  const queued = bidders.slice(0, 10);
  // A change to the release (an addendum, a cancellation) holds its row, on a connection of its own
  // (the embedded database's only one), for longer than Prisma waits by default to start a transaction.
  let holding!: () => void;
  const held = new Promise<void>((resolve) => (holding = resolve));
  const holder = db().$transaction(
    async (tx) => {
      await tx.$queryRaw`SELECT id FROM "Release" WHERE code = ${OPEN_RELEASE} FOR UPDATE`;
      holding();
      await tx.$queryRaw`SELECT 1 AS slept FROM pg_sleep(2.2)`;
    },
    { timeout: 20_000 },
  );
  await held;
  const outcomes = await Promise.allSettled(queued.map((b) => submitProposal(b.user, b.proposalId)));
  await holder;
  expect(outcomes.filter((o) => o.status === "rejected").map((o) => String((o as PromiseRejectedResult).reason))).toEqual([]);
  expect(await db().proposalVersion.count()).toBe(versions + queued.length);
}, 60_000);
