import { setTimeout as sleep } from "node:timers/promises";
import { beforeAll, describe, expect, inject, it } from "vitest";
import { chainAuditEntries, recordAuditEvent, recordAuditEvents, verifyAuditChain, type AuditEntry } from "~/platform/audit.server.ts";
import { disconnectDatabase } from "~/platform/database/db.server.ts";
import { chainedAuditLog } from "../support/audit.ts";
import { withTestDatabase } from "../support/database.ts";

const db = withTestDatabase();
// Transactions side by side need connections side by side: a real PostgreSQL's pool (the embedded
// database has one connection, and would only show one writer after another).
const pooled = inject("testDatabaseServer").kind === "postgres";

beforeAll(async () => {
  if (!pooled) return;
  await disconnectDatabase();
  process.env.DATABASE_POOL_SIZE = "10";
});

const event = (subjectId: string, action = "test.event"): AuditEntry => ({ actorId: null, action, subjectType: "test", subjectId, data: { subjectId } });

/** A transaction that records its entry, then stays open until `end` resolves; then commits, or fails. */
function openTransaction(entry: AuditEntry, end: Promise<void>, fail = false) {
  let recorded!: () => void;
  const inserted = new Promise<void>((resolve) => (recorded = resolve));
  const done = db().$transaction(
    async (tx) => {
      await recordAuditEvent(tx, entry);
      recorded();
      await end;
      if (fail) throw new Error("the change failed");
    },
    { timeout: 20_000 },
  );
  return { inserted, done };
}

describe("the chainer (decision 0015)", () => {
  it("chains concurrent appends from many transactions, with chainers running meanwhile, into one chain with no gaps and no forks", async () => {
    const writers = Array.from({ length: 40 }, (_, i) =>
      db().$transaction(async (tx) => {
        await recordAuditEvent(tx, event(`concurrent-${i}`));
        // Commits in another order than the inserts.
        await sleep((i * 37) % 50);
        if (i % 3 === 0) await recordAuditEvent(tx, event(`concurrent-${i}-second`));
      }),
    );
    const chainers = Array.from({ length: 6 }, async (_, i) => {
      await sleep(i * 10);
      return chainAuditEntries(db());
    });
    await Promise.all([...writers, ...chainers]);
    const verification = await verifyAuditChain(db(), 9);
    expect(verification).toEqual({ valid: true, entries: 54 });
    const rows = await db().auditEvent.findMany({ orderBy: { sequence: "asc" } });
    expect(rows.map((row) => row.sequence)).toEqual(Array.from({ length: 54 }, (_, i) => BigInt(i + 1)));
    // No fork: no two entries follow the same one.
    expect(new Set(rows.map((row) => row.previousDigest)).size).toBe(54);
  });

  it.runIf(pooled)("never chains an entry whose transaction rolled back, nor while it is open", async () => {
    let rollBack!: () => void;
    const failing = openTransaction(event("rolled-back"), new Promise((resolve) => (rollBack = resolve)), true);
    await failing.inserted;
    expect(await chainAuditEntries(db())).toBe(0);
    rollBack();
    await expect(failing.done).rejects.toThrow("the change failed");
    expect(await (await chainedAuditLog(db())).count({ where: { subjectId: "rolled-back" } })).toBe(0);
    expect(await verifyAuditChain(db())).toEqual({ valid: true, entries: 54 });
  });

  it.runIf(pooled)("chains in the order it sees commits: an entry inserted earlier but committed later comes after", async () => {
    let commitFirst!: () => void;
    const early = openTransaction(event("inserted-first"), new Promise((resolve) => (commitFirst = resolve)));
    await early.inserted;
    await db().$transaction((tx) => recordAuditEvent(tx, event("inserted-second")));
    expect(await chainAuditEntries(db())).toBe(1);
    commitFirst();
    await early.done;
    expect(await chainAuditEntries(db())).toBe(1);
    const [first, second] = await Promise.all(["inserted-first", "inserted-second"].map((subjectId) => db().auditEvent.findFirstOrThrow({ where: { subjectId } })));
    expect(first!.occurredAt.getTime()).toBeLessThanOrEqual(second!.occurredAt.getTime());
    expect(first!.sequence).toBe(second!.sequence! + 1n);
    expect(first!.previousDigest).toBe(second!.digest);
    expect((await verifyAuditChain(db())).valid).toBe(true);
  });

  it("chains eventually what was committed when the chainer died before chaining it", async () => {
    await db().$transaction((tx) => recordAuditEvent(tx, event("orphan")));
    // A chainer dies half-way: it had taken the lock and set the entry's place, and never committed.
    const dying = db().$transaction(async (tx) => {
      await tx.$queryRaw`SELECT 1 FROM pg_advisory_xact_lock(4201185201)`;
      await tx.$executeRaw`UPDATE "AuditEvent" SET sequence = 1000, "previousDigest" = 'p', digest = 'd' WHERE "subjectId" = 'orphan'`;
      throw new Error("the chainer's process ended");
    });
    await expect(dying).rejects.toThrow("the chainer's process ended");
    expect(await db().auditEvent.findFirstOrThrow({ where: { subjectId: "orphan" } })).toMatchObject({ sequence: null, digest: null });
    expect(await chainAuditEntries(db())).toBe(1);
    expect((await db().auditEvent.findFirstOrThrow({ where: { subjectId: "orphan" } })).sequence).not.toBeNull();
    expect((await verifyAuditChain(db())).valid).toBe(true);
  });

  it("publishes a signed head when it chains a milestone's entry, and none for a proposal's", async () => {
    await db().$transaction((tx) => recordAuditEvent(tx, event("milestone", "release.published")));
    await db().$transaction((tx) => recordAuditEvent(tx, { ...event("bid", "proposal.submitted"), subjectType: "proposal" }));
    expect(await db().publishedChainHead.count()).toBe(0);
    await chainAuditEntries(db());
    const milestone = await db().auditEvent.findFirstOrThrow({ where: { subjectId: "milestone" } });
    const heads = await db().publishedChainHead.findMany();
    expect(heads).toHaveLength(1);
    expect(heads[0]).toMatchObject({ digest: milestone.digest, sequence: milestone.sequence, reason: "release.published", publishedAt: milestone.occurredAt });
  });

  it("dates an entry by the database's clock at insert, unless the caller gives the time", async () => {
    const [before, after] = await db().$transaction(async (tx) => {
      const [start] = await tx.$queryRaw<{ now: Date }[]>`SELECT clock_timestamp() AS now`;
      await recordAuditEvent(tx, event("dated"));
      const [end] = await tx.$queryRaw<{ now: Date }[]>`SELECT clock_timestamp() AS now`;
      return [start!.now, end!.now];
    });
    const { occurredAt } = await db().auditEvent.findFirstOrThrow({ where: { subjectId: "dated" } });
    expect(occurredAt.getTime()).toBeGreaterThanOrEqual(before.getTime() - 1);
    expect(occurredAt.getTime()).toBeLessThanOrEqual(after.getTime() + 1);
    const replayed = new Date("2026-03-02T01:02:03.004Z");
    await db().$transaction((tx) => recordAuditEvent(tx, event("replayed"), replayed));
    expect((await db().auditEvent.findFirstOrThrow({ where: { subjectId: "replayed" } })).occurredAt).toEqual(replayed);
    expect((await verifyAuditChain(db())).valid).toBe(true);
  });

  it("chains entries that share a millisecond in the order they were recorded", async () => {
    // A transaction's entries, or the demo's replayed history, often share one: the time alone
    // would leave their order to chance.
    const moment = new Date("2026-11-21T08:00:00.000Z");
    const oneByOne = Array.from({ length: 20 }, (_, i) => `one-by-one-${i}`);
    await db().$transaction(async (tx) => {
      for (const name of oneByOne) await recordAuditEvent(tx, event(name), moment);
    });
    const inOneInsert = Array.from({ length: 20 }, (_, i) => `in-one-insert-${i}`);
    await db().$transaction((tx) => recordAuditEvents(tx, inOneInsert.map((name) => ({ entry: event(name), occurredAt: moment }))));
    await chainAuditEntries(db());
    const chained = await db().auditEvent.findMany({ where: { occurredAt: moment }, orderBy: { sequence: "asc" }, select: { subjectId: true } });
    expect(chained.map((entry) => entry.subjectId)).toEqual([...oneByOne, ...inOneInsert]);
    expect((await verifyAuditChain(db())).valid).toBe(true);
  });

  it("lets an entry's place in the chain be set once, from nothing, and nothing else be changed", async () => {
    await db().$transaction((tx) => recordAuditEvent(tx, event("unchained")));
    await expect(db().$executeRawUnsafe(`UPDATE "AuditEvent" SET action = 'x' WHERE "subjectId" = 'unchained'`)).rejects.toThrow(/append-only/);
    await expect(
      db().$executeRawUnsafe(`UPDATE "AuditEvent" SET sequence = 999, "previousDigest" = 'a', digest = 'b', "recordedOrder" = 0 WHERE "subjectId" = 'unchained'`),
    ).rejects.toThrow(/append-only/);
    await expect(
      db().$executeRawUnsafe(`UPDATE "AuditEvent" SET sequence = 999, "previousDigest" = 'a', digest = 'b', action = 'x' WHERE "subjectId" = 'unchained'`),
    ).rejects.toThrow(/append-only/);
    await chainAuditEntries(db());
    await expect(db().$executeRawUnsafe(`UPDATE "AuditEvent" SET digest = 'b' WHERE "subjectId" = 'unchained'`)).rejects.toThrow(/append-only/);
    await expect(db().$executeRawUnsafe(`UPDATE "AuditEvent" SET sequence = NULL, "previousDigest" = NULL, digest = NULL WHERE "subjectId" = 'unchained'`)).rejects.toThrow(/append-only/);
    await expect(db().$executeRawUnsafe(`DELETE FROM "AuditEvent" WHERE "subjectId" = 'unchained'`)).rejects.toThrow(/append-only/);
    expect((await verifyAuditChain(db())).valid).toBe(true);
  });
});
