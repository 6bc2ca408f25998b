import { GENESIS_DIGEST, verifyAuditChain, type ChainPoint, type ChainVerification } from "./audit.server.ts";
import { db, type Database } from "./database/db.server.ts";

/**
 * Recomputing the whole audit chain takes time in proportion to its length (bench/audit-chain.ts:
 * about 100 µs an entry, 10 s at 100,000 entries), too long for a page an administrator opens. So
 * the chain is recomputed whole once an hour, off any request, and the audit page recomputes only
 * the entries after the last published head a check found holding: the checkpoint. An entry edited
 * before the checkpoint is named by the hourly check (and by `npm run audit:verify`, which always
 * recomputes everything); one edited after it, by the page at once.
 */

/** The published head at or before `sequence` that is the latest: where the next check may start. */
async function latestHeadUpTo(database: Database, sequence: number): Promise<ChainPoint | null> {
  return database.publishedChainHead.findFirst({ where: { sequence: { lte: sequence } }, orderBy: { sequence: "desc" }, select: { sequence: true, digest: true } });
}

/** Moves the checkpoint forward to the latest head of a chain found holding up to `entries`; never back. */
async function advanceCheckpoint(database: Database, entries: number): Promise<void> {
  const head = await latestHeadUpTo(database, entries);
  if (!head) return;
  await database.$executeRaw`
    INSERT INTO "AuditChainCheckpoint" (id, sequence, digest, "advancedAt") VALUES (1, ${head.sequence}, ${head.digest}, clock_timestamp())
    ON CONFLICT (id) DO UPDATE SET sequence = EXCLUDED.sequence, digest = EXCLUDED.digest, "advancedAt" = EXCLUDED."advancedAt"
    WHERE "AuditChainCheckpoint".sequence < EXCLUDED.sequence`;
}

/**
 * The hourly check: the whole chain recomputed. Holding, the checkpoint becomes its latest head
 * (back, too, if a cut tail took the old one); broken, the first entry that broke is recorded for
 * the audit page.
 */
export async function checkWholeChain(database: Database = db()): Promise<ChainVerification> {
  const verification = await verifyAuditChain(database);
  const head = verification.valid ? await latestHeadUpTo(database, verification.entries) : null;
  const broken = verification.valid ? { firstBroken: null, brokenReason: null } : { firstBroken: verification.firstBroken, brokenReason: verification.reason };
  const point = head ?? (await database.auditChainCheckpoint.findUnique({ where: { id: 1 } })) ?? { sequence: 0n, digest: GENESIS_DIGEST };
  const now = new Date();
  await database.auditChainCheckpoint.upsert({
    where: { id: 1 },
    create: { sequence: point.sequence, digest: point.digest, advancedAt: now, wholeCheckedAt: now, ...broken },
    update: { ...(head ? { sequence: head.sequence, digest: head.digest, advancedAt: now } : {}), wholeCheckedAt: now, ...broken },
  });
  return verification;
}

/**
 * The audit page's check: a break the hourly check found, or the entries after the checkpoint
 * recomputed. A checkpoint whose entry is gone or changed proves nothing: then the whole chain is
 * recomputed, to name the first entry that broke.
 */
export async function verifyChainSinceCheckpoint(database: Database = db()): Promise<ChainVerification> {
  const checkpoint = await database.auditChainCheckpoint.findUnique({ where: { id: 1 } });
  if (checkpoint?.firstBroken != null) {
    return { valid: false, entries: Number(checkpoint.firstBroken - 1n), firstBroken: checkpoint.firstBroken, reason: checkpoint.brokenReason as "sequence" | "previous-digest" | "digest" };
  }
  const entry = checkpoint ? await database.auditEvent.findUnique({ where: { sequence: checkpoint.sequence }, select: { digest: true } }) : null;
  const from = checkpoint && entry?.digest === checkpoint.digest ? { sequence: checkpoint.sequence, digest: checkpoint.digest } : undefined;
  const verification = await verifyAuditChain(database, undefined, from);
  if (verification.valid) await advanceCheckpoint(database, verification.entries);
  return verification;
}

/**
 * What the audit page shows staff: whether the chain holds, and its latest entries. Only what the
 * table shows, and nothing about proposals: their entries (who prepares, submits or withdraws, and
 * when) are sealed until opening, and so is anything that counts them. No sequence numbers (a
 * hidden entry would show as a gap) and no number of entries (it would rise with every bid): an
 * intact chain is said to be intact, a broken one where it breaks.
 */
export async function auditLogForStaff(take = 50) {
  // The check chains what is committed first, so the list below has every entry recorded until then.
  const verification = await verifyChainSinceCheckpoint();
  const recent = await db().auditEvent.findMany({
    where: { subjectType: { not: "proposal" }, sequence: { not: null } },
    orderBy: { sequence: "desc" },
    take,
    select: { occurredAt: true, action: true, subjectType: true, subjectId: true, digest: true },
  });
  return {
    verification: verification.valid ? { valid: true as const } : { valid: false as const, firstBroken: String(verification.firstBroken) },
    // A chained entry has its digest (a check constraint says so).
    recent: recent.map((event) => ({ ...event, digest: event.digest! })),
  };
}
