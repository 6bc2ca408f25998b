import type { PgBoss } from "pg-boss";
import { checkWholeChain } from "./audit-checkpoint.server.ts";
import { chainAuditEntries, headStatement, recordAuditEvent, verifyAuditChain } from "./audit.server.ts";
import { db, type Database } from "./database/db.server.ts";
import { knownPortalKeys, statementSigned } from "./portal-key.server.ts";

/**
 * Published heads of the audit chain (decision 0013). A chain alone cannot show that its tail was
 * cut or that it was rewritten whole; a digest someone outside kept can. Heads are written with
 * their entries (audit.server.ts); this module lists them, checks the chain against them and
 * publishes the hourly one. Heads are published by the chainer when it chains a milestone's entry
 * (decision 0015), so every read here runs the chainer first.
 */
export type PublicHead = ReturnType<typeof headStatement> & { keyId: string; signature: string };

const publicHeadOf = (row: { digest: string; publishedAt: Date; reason: string; keyId: string; signature: string }): PublicHead => ({
  ...headStatement(row),
  keyId: row.keyId,
  signature: row.signature,
});

/** Published heads, newest first. */
export async function publishedHeads(take?: number): Promise<PublicHead[]> {
  await chainAuditEntries();
  const rows = await db().publishedChainHead.findMany({ orderBy: { sequence: "desc" }, take });
  return rows.map(publicHeadOf);
}

export type HeadsVerification =
  | { valid: true; heads: number }
  | { valid: false; heads: number; firstMismatch: PublicHead; problem: "signature" | "missing" | "different" };

/**
 * Checks published heads against the chain, oldest first, and names the first that no longer
 * matches: its signature fails, no entry has its digest, or the entry with it says something else
 * (another action or time, or, for the portal's own heads, another place in the chain).
 */
export async function verifyHeads(database: Database, heads: readonly (PublicHead & { sequence?: bigint })[]): Promise<HeadsVerification> {
  await chainAuditEntries(database);
  const keys = await knownPortalKeys();
  const ordered = [...heads].sort((a, b) => a.publishedAt.localeCompare(b.publishedAt));
  for (let start = 0; start < ordered.length; start += 1_000) {
    const page = ordered.slice(start, start + 1_000);
    const entries = await database.auditEvent.findMany({
      where: { digest: { in: page.map((head) => head.digest) } },
      select: { digest: true, sequence: true, action: true, occurredAt: true },
    });
    const byDigest = new Map(entries.map((entry) => [entry.digest, entry]));
    for (const head of page) {
      const mismatch = (problem: "signature" | "missing" | "different") => ({ valid: false as const, heads: ordered.length, firstMismatch: publicHeadOf({ ...head, publishedAt: new Date(head.publishedAt) }), problem });
      const { sequence, ...statement } = head;
      if (statement.statement !== "audit-chain-head" || !statementSigned(statement, keys)) return mismatch("signature");
      const entry = byDigest.get(head.digest);
      if (!entry) return mismatch("missing");
      const same = entry.action === head.reason && entry.occurredAt.toISOString() === head.publishedAt && (sequence === undefined || sequence === entry.sequence);
      if (!same) return mismatch("different");
    }
  }
  return { valid: true, heads: ordered.length };
}

/** Every head the portal published, against the chain. */
export async function verifyPublishedHeads(database: Database = db()): Promise<HeadsVerification> {
  await chainAuditEntries(database);
  const own = await database.publishedChainHead.findMany({ orderBy: { sequence: "asc" } });
  return verifyHeads(database, own.map((row) => ({ ...publicHeadOf(row), sequence: row.sequence })));
}

/** The whole check: every entry recomputed, then every head the portal published. */
export async function verifyChainAndHeads(database: Database) {
  return { chain: await verifyAuditChain(database), heads: await verifyPublishedHeads(database) };
}

/** Writes the hourly entry, whose digest is published as a head (HEAD_ACTIONS) once it is chained: now. */
export async function publishHourlyHead(): Promise<void> {
  await db().$transaction((tx) => recordAuditEvent(tx, { actorId: null, action: "audit.hourly_head", subjectType: "audit", subjectId: "chain", data: {} }));
  await chainAuditEntries();
}

export const HOURLY_HEAD = "audit.hourly-head";

export async function startHeadPublishing(boss: PgBoss): Promise<void> {
  await boss.createQueue(HOURLY_HEAD, { policy: "singleton" });
  await boss.work(HOURLY_HEAD, async () => {
    await publishHourlyHead();
    // Off any request: the audit page recomputes only what follows the checkpoint this moves.
    await checkWholeChain();
  });
  await boss.schedule(HOURLY_HEAD, "0 * * * *");
}
