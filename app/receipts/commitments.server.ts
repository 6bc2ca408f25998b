import { createHash } from "node:crypto";
import { canonicalJson } from "~/platform/canonical-json.ts";
import { db } from "~/platform/database/db.server.ts";
import type { Tx } from "~/platform/database/transactions.server.ts";
import { inclusionPath, leafHash, rootOf, verifyInclusion } from "~/platform/merkle.server.ts";
import { knownPortalKeys, recordPortalKey, signStatement, statementSigned } from "~/platform/portal-key.server.ts";
import { receiptOfVersion } from "./records.server.ts";
import type { SignedReceipt } from "./signing.server.ts";

/**
 * The commitment to the set of bids received (decision 0013). At a release's deadline the portal
 * signs a Merkle root over the digests of the receipts that count, with their number, and publishes
 * it. Each bidder can prove their receipt is in that set, so a bid removed, added or altered after
 * the deadline shows, to every bidder, without trusting the portal.
 */

/** A receipt's digest: SHA-256 of its RFC 8785 canonical JSON (signature included). */
export const receiptDigest = (receipt: SignedReceipt): string => createHash("sha256").update(canonicalJson(receipt)).digest("hex");

/** The digests of the receipts that count in a release, in the tree's order (ascending, so the order says nothing about time). */
async function countingReceiptDigests(client: Tx, releaseId: string): Promise<string[]> {
  const proposals = await client.proposal.findMany({
    where: { releaseId, currentVersionId: { not: null } },
    select: { release: { select: { code: true } }, plot: { select: { code: true } }, currentVersion: true },
  });
  return proposals.map((p) => receiptDigest(receiptOfVersion(p.currentVersion!, { release: p.release.code, plot: p.plot.code }))).sort();
}

const leavesOf = (digests: readonly string[]) => digests.map((digest) => leafHash(Buffer.from(digest, "hex")));

/** What the portal signs at the deadline. */
const setStatement = (commitment: { release: string; deadline: Date; receiptCount: number; root: string; committedAt: Date }) => ({
  statement: "receipt-set" as const,
  release: commitment.release,
  deadline: commitment.deadline.toISOString(),
  receipts: commitment.receiptCount,
  root: commitment.root,
  committedAt: commitment.committedAt.toISOString(),
});
export type SignedReceiptSet = ReturnType<typeof setStatement> & { keyId: string; signature: string };

/**
 * Commits to the release's receipts, once: call it in the transaction that closes the release at
 * its deadline, after which no receipt can be added, replaced or withdrawn.
 */
export async function commitReceiptSet(tx: Tx, release: { id: string; code: string; submissionDeadline: Date }, committedAt: Date) {
  const existing = await tx.receiptSetCommitment.findUnique({ where: { releaseId: release.id } });
  if (existing) return existing;
  const digests = await countingReceiptDigests(tx, release.id);
  const root = rootOf(leavesOf(digests)).toString("hex");
  await recordPortalKey(tx);
  const { keyId, signature } = signStatement(setStatement({ release: release.code, deadline: release.submissionDeadline, receiptCount: digests.length, root, committedAt }));
  return tx.receiptSetCommitment.create({ data: { releaseId: release.id, receiptCount: digests.length, root, committedAt, keyId, signature } });
}

type CommitmentRow = { receiptCount: number; root: string; committedAt: Date; keyId: string; signature: string };
const signedSetOf = (release: { code: string; submissionDeadline: Date }, row: CommitmentRow): SignedReceiptSet => ({
  ...setStatement({ release: release.code, deadline: release.submissionDeadline, receiptCount: row.receiptCount, root: row.root, committedAt: row.committedAt }),
  keyId: row.keyId,
  signature: row.signature,
});

/** The release's signed commitment, for its public page and opening record; null before the deadline. */
export async function receiptSetOf(releaseCode: string): Promise<SignedReceiptSet | null> {
  const release = await db().release.findUnique({ where: { code: releaseCode }, select: { code: true, submissionDeadline: true, receiptSet: true } });
  return release?.receiptSet ? signedSetOf(release, release.receiptSet) : null;
}

/** Every release's signed commitment, newest first, for the transparency page and feed. */
export async function receiptSets(take = 100): Promise<SignedReceiptSet[]> {
  const rows = await db().receiptSetCommitment.findMany({ orderBy: { committedAt: "desc" }, take, include: { release: { select: { code: true, submissionDeadline: true } } } });
  return rows.map((row) => signedSetOf(row.release, row));
}

export interface InclusionProof {
  receiptDigest: string;
  leafIndex: number;
  treeSize: number;
  path: string[];
  receiptSet: SignedReceiptSet;
  /** Whether the proof verifies against the signed root, and the signature holds: checked as it is shown. */
  verified: boolean;
}

/**
 * The proof that a receipt is in its release's committed set, or null when there is no commitment
 * yet or the receipt no longer counts (withdrawn or replaced before the deadline). The tree is
 * rebuilt from the receipts as stored now: if they changed after the deadline, the proof fails
 * against the signed root, and the page says so.
 */
export async function inclusionProofOf(receipt: SignedReceipt, releaseId: string): Promise<InclusionProof | null> {
  const release = await db().release.findUnique({ where: { id: releaseId }, select: { code: true, submissionDeadline: true, receiptSet: true } });
  if (!release?.receiptSet) return null;
  const digests = await countingReceiptDigests(db(), releaseId);
  const digest = receiptDigest(receipt);
  const leafIndex = digests.indexOf(digest);
  if (leafIndex < 0) return null;
  const leaves = leavesOf(digests);
  const path = inclusionPath(leaves, leafIndex);
  const receiptSet = signedSetOf(release, release.receiptSet);
  const verified =
    statementSigned(receiptSet, await knownPortalKeys()) &&
    verifyInclusion({ leaf: leaves[leafIndex]!, index: leafIndex, treeSize: receiptSet.receipts, path, root: Buffer.from(receiptSet.root, "hex") });
  return { receiptDigest: digest, leafIndex, treeSize: receiptSet.receipts, path: path.map((node) => node.toString("hex")), receiptSet, verified };
}
