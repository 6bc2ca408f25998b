import { createHash } from "node:crypto";
import { canonicalJson } from "~/platform/canonical-json.ts";
import { newReceiptNumber, signReceipt } from "~/receipts/signing.server.ts";
import { fieldsOf, type StoredFields } from "./drafts.server.ts";
import { COMMITMENT_FIELDS, FINANCIAL_FIELDS, technicalFields, type ProposalFieldName, type ProposalFields } from "./schemas.ts";

/** What a submission still lacks: catalog keys of fields, and the required documents without a file. */
export function missingForSubmission(proposal: StoredFields & {
  release: { structuredCommitments: boolean; requiredDocuments: { id: string; mandatory: boolean }[] };
  documents: { requiredDocumentId: string; state: string; inDraft: boolean }[];
}): { fields: ProposalFieldName[]; documents: string[] } {
  const fields = fieldsOf(proposal);
  // In the form's order, so the list reads like the page.
  const names = [...technicalFields(proposal.release.structuredCommitments), ...FINANCIAL_FIELDS];
  const blank = (name: ProposalFieldName) => {
    const value = fields[name];
    return value === null || (typeof value === "string" && !value.trim()) || (Array.isArray(value) && value.length === 0) || (name === "grossFloorAreaM2" && !value) || (FINANCIAL_FIELDS.includes(name as never) && value === "0");
  };
  const stored = new Set(proposal.documents.filter((d) => d.inDraft && d.state === "stored").map((d) => d.requiredDocumentId));
  const documents = proposal.release.requiredDocuments.filter((r) => r.mandatory && !stored.has(r.id)).map((r) => r.id);
  return { fields: names.filter(blank), documents };
}

/** The countable promises a version seals in a release with structured commitments (research posts, graduate places, milestone dates). */
export type SealedCommitments = Pick<ProposalFields, (typeof COMMITMENT_FIELDS)[number]>;

/** The sealed package of a version: its canonical JSON is what the receipt's digest covers. */
export function sealedPackage(
  proposal: { release: { code: string; structuredCommitments: boolean }; plot: { code: string }; organisation: { id: string; name: string; registrationNumber: string } } & Parameters<typeof fieldsOf>[0],
  version: number,
  documents: { requiredDocument: { position: number; nameEn: string; envelope: string }; fileName: string; size: bigint; sha256: string | null }[],
) {
  const fields = fieldsOf(proposal);
  return {
    release: proposal.release.code,
    plot: proposal.plot.code,
    organisation: { id: proposal.organisation.id, name: proposal.organisation.name, registrationNumber: proposal.organisation.registrationNumber },
    version,
    technical: {
      developmentScheme: fields.developmentScheme,
      intendedSectors: [...fields.intendedSectors].sort(),
      grossFloorAreaM2: fields.grossFloorAreaM2,
      programme: fields.programme,
      trackRecord: fields.trackRecord,
      jobsTalentPlan: fields.jobsTalentPlan,
      // Only where the release asks for them: the packages of earlier releases, and the digests their
      // receipts carry, stay exactly as they were sealed.
      ...(proposal.release.structuredCommitments ? { commitments: Object.fromEntries(COMMITMENT_FIELDS.map((name) => [name, fields[name]])) as SealedCommitments } : {}),
    },
    financial: { landPremiumHkd: fields.landPremiumHkd, investmentCommitmentHkd: fields.investmentCommitmentHkd },
    documents: documents
      .map((d) => ({ requiredDocument: d.requiredDocument.position, name: d.requiredDocument.nameEn, envelope: d.requiredDocument.envelope, fileName: d.fileName, size: String(d.size), sha256: d.sha256 }))
      .sort((a, b) => a.requiredDocument - b.requiredDocument || (a.fileName < b.fileName ? -1 : a.fileName > b.fileName ? 1 : 0)),
  };
}

export type SealedPackage = ReturnType<typeof sealedPackage>;

export const packageDigest = (sealed: unknown) => createHash("sha256").update(canonicalJson(sealed)).digest("hex");

/**
 * A sealed version of a proposal as stored: its package, the package's digest and the signed
 * receipt. The one way a version is made (submission, and the demo park's bids).
 */
export function sealVersion(
  proposal: Parameters<typeof sealedPackage>[0],
  number: number,
  documents: Parameters<typeof sealedPackage>[2],
  receivedAt: Date,
  submittedById: string,
) {
  const sealed = sealedPackage(proposal, number, documents);
  const digest = packageDigest(sealed);
  const receipt = signReceipt({
    receiptNumber: newReceiptNumber(),
    release: proposal.release.code,
    plot: proposal.plot.code,
    organisation: proposal.organisation.name,
    version: number,
    receivedAt: receivedAt.toISOString(),
    packageDigest: digest,
  });
  const data = {
    number,
    sealedPackage: sealed,
    packageDigest: digest,
    receiptNumber: receipt.receiptNumber,
    receivedAt,
    signature: receipt.signature,
    signingKeyId: receipt.keyId,
    receiptCanonicalization: receipt.canonicalization,
    submittedById,
  };
  return { data, receipt, digest };
}
