import { z } from "zod";
import type { CurrentUser } from "~/accounts/sessions.server.ts";
import { db } from "~/platform/database/db.server.ts";
import { ownedBy } from "~/proposals/gate.server.ts";
import type { SignedReceipt } from "./signing.server.ts";

/** A version of our own proposal with its signed receipt, or null. */
export async function getOwnReceipt(user: CurrentUser, proposalId: string, receiptNumber: string) {
  const owner = ownedBy(user);
  if (!owner) return null;
  const version = await db().proposalVersion.findFirst({
    where: { receiptNumber, proposal: { id: proposalId, ...owner } },
    include: { proposal: { include: { release: { include: { requiredDocuments: { select: { position: true, nameEn: true, nameZhHant: true } } } }, plot: true, organisation: true, currentVersion: { select: { number: true } } } } },
  });
  if (!version) return null;
  const { proposal } = version;
  return { version, proposal, receipt: receiptOfVersion(version, { release: proposal.release.code, plot: proposal.plot.code }) };
}

/** The signed receipt of a submitted version, as its submitter was given it. */
export function receiptOfVersion(
  version: { receiptNumber: string; sealedPackage: unknown; number: number; receivedAt: Date; packageDigest: string; signingKeyId: string; receiptCanonicalization: string | null; signature: string },
  codes: { release: string; plot: string },
): SignedReceipt {
  return {
    receiptNumber: version.receiptNumber,
    release: codes.release,
    plot: codes.plot,
    organisation: (version.sealedPackage as { organisation: { name: string } }).organisation.name,
    version: version.number,
    receivedAt: version.receivedAt.toISOString(),
    packageDigest: version.packageDigest,
    keyId: version.signingKeyId,
    // Null for versions sealed before receipts named their canonical form: their signature covers no such field.
    ...(version.receiptCanonicalization ? { canonicalization: version.receiptCanonicalization } : {}),
    signature: version.signature,
  };
}

/** A receipt of one's own proposal for the receipt routes, or null: anyone else (or a malformed address) is told it does not exist. */
export async function findOwnReceipt(user: CurrentUser, params: { id?: string; number?: string }) {
  const id = z.uuid().safeParse(params.id);
  return id.success ? getOwnReceipt(user, id.data, String(params.number ?? "")) : null;
}

/** Whether the portal recorded this receipt with this digest (a receipt already checked as genuine). */
export async function receiptRecorded(receipt: SignedReceipt, now = new Date()): Promise<{ recorded: boolean; counts: boolean | null }> {
  const version = await db().proposalVersion.findUnique({
    where: { receiptNumber: receipt.receiptNumber },
    include: { currentOf: { select: { id: true } }, proposal: { select: { release: { select: { submissionDeadline: true } } } } },
  });
  // The signature is compared as bytes: two spellings of one signature are one signature.
  const sameSignature = version && Buffer.from(version.signature, "base64url").equals(Buffer.from(receipt.signature, "base64url"));
  if (!version || version.packageDigest !== receipt.packageDigest || !sameSignature) return { recorded: false, counts: null };
  // Whether a bid was withdrawn or replaced is the organisation's business until the deadline.
  const final = now >= version.proposal.release.submissionDeadline;
  return { recorded: true, counts: final ? version.currentOf !== null : null };
}
