import { createHash } from "node:crypto";
import { canonicalJson } from "./canonical-json.ts";
import { db, type Database } from "./database/db.server.ts";
import type { Prisma } from "./database/generated/prisma/client.ts";
import { recordPortalKey, signStatement } from "./portal-key.server.ts";

/** The digest the first entry chains from. */
export const GENESIS_DIGEST = "0".repeat(64);

/** Serialises audit writers across every app instance, for the length of their transaction. */
const AUDIT_CHAIN_LOCK = 4_201_185_201;

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
  const { previousDigest, ...fields } = entry;
  return createHash("sha256").update(previousDigest).update("\n").update(canonicalJson(fields)).digest("hex");
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
 * Appends an entry to the audit log. Call it with the transaction client of the change it records,
 * so both commit or neither does. The advisory lock makes concurrent writers take turns, so the
 * chain never forks.
 *
 * `occurredAt` is for one caller only: the demo seed, replaying a finished tender's history. The
 * process functions decide by the database's clock and refuse to act in the past, so the seed
 * writes the rows and these entries (built by the same builders) with their historical times. The
 * chain still verifies: the digest covers the time as written, and the seed appends in time order.
 */
export async function recordAuditEvent(tx: Prisma.TransactionClient, entry: AuditEntry, occurredAt = new Date()): Promise<void> {
  await tx.$queryRaw`SELECT 1 FROM pg_advisory_xact_lock(${AUDIT_CHAIN_LOCK}::bigint)`;
  const last = await tx.auditEvent.findFirst({ orderBy: { sequence: "desc" }, select: { sequence: true, digest: true } });
  const chained: ChainedEntry = {
    ...entry,
    // JSON round trip: what is stored (jsonb) is what the digest must cover.
    data: JSON.parse(canonicalJson(entry.data)) as Record<string, unknown>,
    sequence: (last?.sequence ?? 0n) + 1n,
    occurredAt,
    previousDigest: last?.digest ?? GENESIS_DIGEST,
  };
  const digest = auditDigest(chained);
  await tx.auditEvent.create({ data: { ...chained, data: chained.data as Prisma.InputJsonObject, digest } });
  if (HEAD_ACTIONS.has(entry.action)) {
    // Published in the same transaction: a head names an entry that exists, or neither does.
    const { keyId, signature } = signStatement(headStatement({ digest, publishedAt: chained.occurredAt, reason: entry.action }));
    await recordPortalKey(tx);
    await tx.publishedChainHead.create({ data: { digest, sequence: chained.sequence, publishedAt: chained.occurredAt, reason: entry.action, keyId, signature } });
  }
}

export type ChainVerification =
  | { valid: true; entries: number }
  | { valid: false; entries: number; firstBroken: bigint; reason: "sequence" | "previous-digest" | "digest" };

/** Recomputes the whole chain, in pages, and names the first entry that does not hold. */
export async function verifyAuditChain(db: Database, pageSize = 1_000): Promise<ChainVerification> {
  let previousDigest = GENESIS_DIGEST;
  let expected = 1n;
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
      const { digest, ...entry } = row;
      if (auditDigest({ ...entry, data: row.data as Record<string, unknown> }) !== digest) return broken("digest");
      previousDigest = digest;
      expected += 1n;
    }
    if (page.length < pageSize) return { valid: true, entries: Number(expected - 1n) };
  }
}

/**
 * What the audit page shows staff: whether the whole chain holds, and its latest entries. Only
 * what the table shows, and nothing about proposals: their entries (who prepares, submits or
 * withdraws, and when) are sealed until opening, and so is anything that counts them. No sequence
 * numbers (a hidden entry would show as a gap) and no number of entries (it would rise with every
 * bid): an intact chain is said to be intact, a broken one where it breaks. The check still covers
 * every entry.
 */
export async function auditLogForStaff(take = 50) {
  const [verification, recent] = await Promise.all([
    verifyAuditChain(db()),
    db().auditEvent.findMany({
      where: { subjectType: { not: "proposal" } },
      orderBy: { sequence: "desc" },
      take,
      select: { occurredAt: true, action: true, subjectType: true, subjectId: true, digest: true },
    }),
  ]);
  return { verification: verification.valid ? { valid: true as const } : { valid: false as const, firstBroken: String(verification.firstBroken) }, recent };
}
