import { describe, expect, it } from "vitest";
import { auditLogForStaff, checkWholeChain, verifyChainSinceCheckpoint } from "~/platform/audit-checkpoint.server.ts";
import { chainAuditEntries, recordAuditEvent, verifyAuditChain } from "~/platform/audit.server.ts";
import { withTestDatabase } from "../support/database.ts";

// The audit page recomputes only the entries after the checkpoint (the latest published head a
// check found holding); the hourly check and `npm run audit:verify` recompute the whole chain
// (bench/audit-chain.ts measures both).

const db = withTestDatabase();

/** An entry recorded and chained, as the chainer does right after the request that wrote it. */
async function record(action: string, n: number) {
  await db().$transaction((tx) => recordAuditEvent(tx, { actorId: null, action, subjectType: "test", subjectId: `subject-${n}`, data: { n } }));
  await chainAuditEntries(db());
}

/** As someone with direct database access would: triggers off, edit, triggers on. */
async function tamper(...statements: string[]) {
  await db().$transaction([
    db().$executeRawUnsafe(`ALTER TABLE "AuditEvent" DISABLE TRIGGER USER`),
    ...statements.map((sql) => db().$executeRawUnsafe(sql)),
    db().$executeRawUnsafe(`ALTER TABLE "AuditEvent" ENABLE TRIGGER USER`),
  ]);
}

const checkpoint = () => db().auditChainCheckpoint.findUnique({ where: { id: 1 } });

describe("the audit page's check starts at the checkpoint", () => {
  it("moves the checkpoint to the latest published head of a chain that holds", async () => {
    await record("test.event", 1);
    await record("release.published", 2); // a head
    await record("test.event", 3);
    await record("release.closed", 4); // a head
    await record("test.event", 5);
    expect(await verifyChainSinceCheckpoint()).toEqual({ valid: true, entries: 5 });
    const closed = await db().auditEvent.findUniqueOrThrow({ where: { sequence: 4n } });
    expect(await checkpoint()).toMatchObject({ sequence: 4n, digest: closed.digest, firstBroken: null });
  });

  it("leaves an entry edited before the checkpoint to the whole-chain checks, which name it; the page then shows it", async () => {
    await tamper(`UPDATE "AuditEvent" SET data = '{"n": 20}' WHERE sequence = 2`);
    // The page recomputes entries 5 onwards only…
    expect(await verifyChainSinceCheckpoint()).toEqual({ valid: true, entries: 5 });
    // …npm run audit:verify recomputes everything…
    expect(await verifyAuditChain(db())).toMatchObject({ valid: false, firstBroken: 2n, reason: "digest" });
    // …and so does the hourly check, whose finding the page shows from then on.
    expect(await checkWholeChain()).toMatchObject({ valid: false, firstBroken: 2n });
    expect((await auditLogForStaff()).verification).toEqual({ valid: false, firstBroken: "2" });
    // Put back: the next hourly check finds the chain whole again, and so does the page.
    await tamper(`UPDATE "AuditEvent" SET data = '{"n": 2}' WHERE sequence = 2`);
    expect(await checkWholeChain()).toEqual({ valid: true, entries: 5 });
    expect((await auditLogForStaff()).verification).toEqual({ valid: true });
    expect(await checkpoint()).toMatchObject({ sequence: 4n, firstBroken: null, wholeCheckedAt: expect.any(Date) });
  });

  it("names an entry edited after the checkpoint at once, and does not move past it", async () => {
    await record("test.event", 6);
    await record("release.cancelled", 7); // a head
    await tamper(`UPDATE "AuditEvent" SET data = '{"n": 60}' WHERE sequence = 6`);
    expect(await verifyChainSinceCheckpoint()).toMatchObject({ valid: false, firstBroken: 6n, reason: "digest" });
    expect((await checkpoint())!.sequence).toBe(4n);
    await tamper(`UPDATE "AuditEvent" SET data = '{"n": 6}' WHERE sequence = 6`);
    expect(await verifyChainSinceCheckpoint()).toEqual({ valid: true, entries: 7 });
    expect((await checkpoint())!.sequence).toBe(7n);
  });

  it("recomputes the whole chain when the checkpoint's own entry changed, to name the first that broke", async () => {
    // The checkpoint's entry rewritten with a digest of someone's choosing; the entry after it still
    // carries the old one, so a check trusting the checkpoint would find nothing wrong after it.
    const closed = await db().auditEvent.findUniqueOrThrow({ where: { sequence: 7n } });
    await record("test.event", 8);
    await tamper(`UPDATE "AuditEvent" SET digest = '${"f".repeat(64)}' WHERE sequence = 7`);
    expect(await verifyChainSinceCheckpoint()).toMatchObject({ valid: false, firstBroken: 7n, reason: "digest" });
    await tamper(`UPDATE "AuditEvent" SET digest = '${closed.digest}' WHERE sequence = 7`);
    expect(await verifyChainSinceCheckpoint()).toEqual({ valid: true, entries: 8 });
  });
});
