import { createHash } from "node:crypto";
import { canonicalJson } from "./canonical-json.ts";
import type { Database } from "./database/db.server.ts";
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
 */
export async function recordAuditEvent(tx: Prisma.TransactionClient, entry: AuditEntry): Promise<void> {
  await tx.$queryRaw`SELECT 1 FROM pg_advisory_xact_lock(${AUDIT_CHAIN_LOCK}::bigint)`;
  const last = await tx.auditEvent.findFirst({ orderBy: { sequence: "desc" }, select: { sequence: true, digest: true } });
  const chained: ChainedEntry = {
    ...entry,
    // JSON round trip: what is stored (jsonb) is what the digest must cover.
    data: JSON.parse(canonicalJson(entry.data)) as Record<string, unknown>,
    sequence: (last?.sequence ?? 0n) + 1n,
    occurredAt: new Date(),
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

/** Where a check starts: after this entry, whose digest the next one must carry. */
export interface ChainPoint {
  sequence: bigint;
  digest: string;
}

const GENESIS: ChainPoint = { sequence: 0n, digest: GENESIS_DIGEST };

/**
 * Recomputes the chain, in pages, and names the first entry that does not hold: the whole chain,
 * or, `from` an entry known to hold, the entries after it. `entries` is the last entry that held.
 */
export async function verifyAuditChain(db: Database, pageSize = 1_000, from: ChainPoint = GENESIS): Promise<ChainVerification> {
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
      const { digest, ...entry } = row;
      if (auditDigest({ ...entry, data: row.data as Record<string, unknown> }) !== digest) return broken("digest");
      previousDigest = digest;
      expected += 1n;
    }
    if (page.length < pageSize) return { valid: true, entries: Number(expected - 1n) };
  }
}
