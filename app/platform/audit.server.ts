import { createHash } from "node:crypto";
import type { PgBoss } from "pg-boss";
import { canonicalJson } from "./canonical-json.ts";
import { db, type Database } from "./database/db.server.ts";
import { logger, requestContext } from "./logger.server.ts";
import { Prisma } from "./database/generated/prisma/client.ts";
import { recordPortalKey, signStatement } from "./portal-key.server.ts";

/** The digest the first entry chains from. */
export const GENESIS_DIGEST = "0".repeat(64);

/** Taken by the chainer alone, for its short transaction: chainers on every app instance take turns. */
const AUDIT_CHAIN_LOCK = 4_201_185_201;

/** Entries chained in one transaction of the chainer, at most. */
const CHAIN_BATCH = 500;

export interface AuditEntry {
  actorId: string | null;
  action: string;
  subjectType: string;
  subjectId: string;
  data: Record<string, unknown>;
}

interface ChainedEntry extends AuditEntry {
  sequence: bigint;
  occurredAt: Date;
  previousDigest: string;
}

/** SHA-256 over the previous digest and the canonical JSON of the entry's own fields. */
export function auditDigest(entry: ChainedEntry): string {
  const { sequence, occurredAt, actorId, action, subjectType, subjectId, data } = entry;
  const fields = { sequence, occurredAt, actorId, action, subjectType, subjectId, data };
  return createHash("sha256").update(entry.previousDigest).update("\n").update(canonicalJson(fields)).digest("hex");
}

/**
 * The entries whose digest is published as a head of the chain, signed, for outsiders to keep: the
 * process milestones, and the hourly entry written for that purpose alone. Never an entry about a
 * proposal: when bids are made is sealed until opening (and the hourly entry makes the published
 * digest change every hour whether or not anyone bid).
 */
export const HEAD_ACTIONS = new Set([
  "audit.hourly_head",
  "release.published",
  "release.addendum_issued",
  "release.plot_withdrawn",
  "release.cancelled",
  "release.closed",
  "evaluation.technical_opened",
  "evaluation.financial_opened",
  "evaluation.results_published",
]);

/** What a published head states; the portal's signature covers it with the key id. */
export const headStatement = (head: { digest: string; publishedAt: Date; reason: string }) => ({
  statement: "audit-chain-head" as const,
  digest: head.digest,
  publishedAt: head.publishedAt.toISOString(),
  reason: head.reason,
});

/**
 * Adds an entry to the audit log. Call it with the transaction client of the change it records, so
 * both commit or neither does. The entry is inserted unchained, without any lock shared with other
 * writers: the chainer gives it its place in the chain once it is committed (decision 0015). Its
 * time is the database's clock at insert unless `occurredAt` is given: for one caller only, the
 * demo seed replaying a finished tender's history (the process functions decide by the database's
 * clock and refuse to act in the past, so the seed writes the rows and these entries, built by the
 * same builders, with their historical times; the chainer orders entries by that time).
 */
export async function recordAuditEvent(tx: Prisma.TransactionClient, entry: AuditEntry, occurredAt?: Date): Promise<void> {
  // JSON round trip: what is stored (jsonb) is what the digest will cover.
  const data = JSON.parse(canonicalJson(entry.data)) as Prisma.InputJsonObject;
  await tx.auditEvent.create({ data: { ...entry, data, occurredAt }, select: { id: true } });
  chainAfterThisRequest();
}

/** The request's end wakes the chainer (server/main.ts) when the request recorded an entry. */
function chainAfterThisRequest() {
  const request = requestContext.getStore();
  if (request) request.auditRecorded = true;
}

/**
 * The insert of `recordAuditEvent` as one part of a larger statement (a data-modifying `WITH`), for
 * a change whose every statement counts (a submission at the deadline); the caller runs it inside
 * the change's transaction. The entry's time is the database's clock at insert. Like
 * `recordAuditEvent`, it marks the request so the chainer runs once it ends (a statement that then
 * fails leaves the chainer nothing to do).
 */
export function auditInsert(entry: AuditEntry): Prisma.Sql {
  chainAfterThisRequest();
  return Prisma.sql`INSERT INTO "AuditEvent" ("actorId", action, "subjectType", "subjectId", data)
    VALUES (${entry.actorId}::uuid, ${entry.action}, ${entry.subjectType}, ${entry.subjectId}, ${canonicalJson(entry.data)}::jsonb)`;
}

/** Many entries in one insert, each with its own time: the demo seed's replayed history (see above). */
export async function recordAuditEvents(tx: Prisma.TransactionClient, events: { entry: AuditEntry; occurredAt: Date }[]): Promise<void> {
  await tx.auditEvent.createMany({
    data: events.map(({ entry, occurredAt }) => ({ ...entry, data: JSON.parse(canonicalJson(entry.data)) as Prisma.InputJsonObject, occurredAt })),
  });
}

/**
 * Chains every committed entry not chained yet, in the order this sees them (oldest first by the
 * time they were recorded; within one millisecond, in the order they were inserted), under the chain's lock and in short transactions of its own: each gets
 * the next sequence number, the previous entry's digest and its own. The heads of milestone
 * entries (HEAD_ACTIONS) are published, signed, in the same transaction. Safe to run anywhere at
 * any time, as often as wanted; returns how many entries it chained.
 */
export async function chainAuditEntries(database: Database = db()): Promise<number> {
  let total = 0;
  for (;;) {
    const chained = await database.$transaction(async (tx) => {
      await tx.$queryRaw`SELECT 1 FROM pg_advisory_xact_lock(${AUDIT_CHAIN_LOCK}::bigint)`;
      // Read after the lock is held: every entry committed before this point is seen.
      const pending = await tx.auditEvent.findMany({
        where: { sequence: null },
        orderBy: [{ occurredAt: "asc" }, { recordedOrder: "asc" }],
        take: CHAIN_BATCH,
        select: { id: true, occurredAt: true, actorId: true, action: true, subjectType: true, subjectId: true, data: true },
      });
      if (pending.length === 0) return 0;
      const last = await tx.auditEvent.findFirst({ where: { sequence: { not: null } }, orderBy: { sequence: "desc" }, select: { sequence: true, digest: true } });
      let sequence = last?.sequence ?? 0n;
      let previousDigest = last?.digest ?? GENESIS_DIGEST;
      const links: { id: string; sequence: bigint; previousDigest: string; digest: string }[] = [];
      const heads: Prisma.PublishedChainHeadCreateManyInput[] = [];
      for (const row of pending) {
        sequence += 1n;
        const digest = auditDigest({ ...row, data: row.data as Record<string, unknown>, sequence, previousDigest });
        links.push({ id: row.id, sequence, previousDigest, digest });
        if (HEAD_ACTIONS.has(row.action)) {
          const { keyId, signature } = signStatement(headStatement({ digest, publishedAt: row.occurredAt, reason: row.action }));
          heads.push({ digest, sequence, publishedAt: row.occurredAt, reason: row.action, keyId, signature });
        }
        previousDigest = digest;
      }
      await tx.$executeRaw`
        UPDATE "AuditEvent" AS entry
        SET "sequence" = link.sequence, "previousDigest" = link.previous, "digest" = link.digest
        FROM unnest(${links.map((l) => l.id)}::uuid[], ${links.map((l) => String(l.sequence))}::bigint[], ${links.map((l) => l.previousDigest)}::text[], ${links.map((l) => l.digest)}::text[])
          AS link(id, sequence, previous, digest)
        WHERE entry.id = link.id`;
      if (heads.length > 0) {
        // Published with their entries' place in the chain: a head names an entry that is chained, or neither is.
        await recordPortalKey(tx);
        await tx.publishedChainHead.createMany({ data: heads });
      }
      return pending.length;
    });
    total += chained;
    if (chained < CHAIN_BATCH) return total;
  }
}

let chaining: Promise<void> | undefined;
let chainAgain = false;

/**
 * Runs the chainer without making the caller wait: after a request that recorded entries has been
 * answered (its transaction committed). One run at a time in this process; asked during a run, it
 * runs once more after it, so an entry committed while a run was reading is chained too.
 */
export function chainAuditEntriesSoon(): void {
  if (chaining) {
    chainAgain = true;
    return;
  }
  chaining = (async () => {
    do {
      chainAgain = false;
      await chainAuditEntries();
    } while (chainAgain);
  })()
    .catch((error: unknown) => logger.error({ err: error }, "chaining audit entries failed; the periodic run will retry"))
    .finally(() => {
      chaining = undefined;
    });
}

export const AUDIT_CHAINER = "audit.chain";

/** How long the periodic chainer waits between runs, at most (the job queue's polling adds up to a second). */
const CHAINER_EVERY_SECONDS = 3;

/**
 * The chainer on the job queue, every few seconds, one run at a time across instances (a queue of
 * one waiting and one running job): it chains what no request chained, such as the entries of jobs,
 * or of a request whose process stopped between its commit and its chaining. Each run queues the
 * next; the minutely schedule starts the round again should it ever stop.
 */
export async function startAuditChainer(boss: PgBoss): Promise<void> {
  await boss.createQueue(AUDIT_CHAINER, { policy: "stately" });
  await boss.work(AUDIT_CHAINER, { pollingIntervalSeconds: 1 }, async () => {
    await chainAuditEntries();
    await boss.send(AUDIT_CHAINER, null, { startAfter: CHAINER_EVERY_SECONDS });
  });
  await boss.schedule(AUDIT_CHAINER, "* * * * *");
  await boss.send(AUDIT_CHAINER, null);
}

export type ChainVerification =
  | { valid: true; entries: number }
  | { valid: false; entries: number; firstBroken: bigint; reason: "sequence" | "previous-digest" | "digest" };

/** Where a check starts: after this entry, whose digest the next one must carry. */
export interface ChainPoint {
  sequence: bigint;
  digest: string;
}

const GENESIS: ChainPoint = { sequence: 0n, digest: GENESIS_DIGEST };

/**
 * Recomputes the chain, in pages, and names the first entry that does not hold: the whole chain,
 * or, `from` an entry known to hold, the entries after it. `entries` is the last entry that held.
 * What is committed is chained first, so the check covers every entry recorded until it starts.
 */
export async function verifyAuditChain(db: Database, pageSize = 1_000, from: ChainPoint = GENESIS): Promise<ChainVerification> {
  await chainAuditEntries(db);
  let previousDigest = from.digest;
  let expected = from.sequence + 1n;
  for (;;) {
    const page = await db.auditEvent.findMany({
      where: { sequence: { gte: expected } },
      orderBy: { sequence: "asc" },
      take: pageSize,
    });
    for (const row of page) {
      const broken = (reason: "sequence" | "previous-digest" | "digest") =>
        ({ valid: false, entries: Number(expected - 1n), firstBroken: expected, reason }) as const;
      if (row.sequence !== expected) return broken("sequence");
      if (row.previousDigest !== previousDigest) return broken("previous-digest");
      const digest = auditDigest({ ...row, sequence: expected, previousDigest, data: row.data as Record<string, unknown> });
      if (digest !== row.digest) return broken("digest");
      previousDigest = digest;
      expected += 1n;
    }
    if (page.length < pageSize) return { valid: true, entries: Number(expected - 1n) };
  }
}
