import { createHash, randomBytes } from "node:crypto";
import type { CurrentUser } from "~/accounts/sessions.server.ts";
import { db } from "~/platform/database/db.server.ts";
import type { MemberRole } from "~/platform/database/generated/prisma/enums.ts";
import { saveDraft, startProposal } from "~/proposals/drafts.server.ts";
import { receiveUpload, startUpload } from "~/proposals/uploads.server.ts";
import { currentUserFor } from "./users.ts";

/** The demo park's open release (plots 1W-07 … 1W-16) and its proposers' organisation. */
export const OPEN_RELEASE = "HSITP-2026-02";
export const DEMO_ORGANISATION = "Harbour BioLabs Limited";
export const DEMO_MEMBERS = {
  owner: "proposer@demo.hsitp.example",
  submitter: "submitter@demo.hsitp.example",
  contributor: "contributor@demo.hsitp.example",
} as const;
export const DEMO_STAFF = {
  administrator: "admin@demo.hsitp.example",
  evaluator: "evaluator@demo.hsitp.example",
  chair: "chair@demo.hsitp.example",
} as const;

/** The countable promises a release with structured commitments asks for, well-formed. */
export const completeCommitments = {
  researchPosts: 300,
  graduatePlaces: 40,
  designApprovalBy: "2027-09-30",
  constructionStartBy: "2028-01-15",
  toppingOutBy: "2029-03-31",
  completionBy: "2029-12-31",
  openingBy: "2030-03-31",
};

/** Every field a submission needs, well-formed. */
export const completeFields = {
  developmentScheme: "Wet-lab R&D centre of four storeys around a shared atrium.",
  intendedSectors: ["life_health_technology" as const, "ai_data_science" as const],
  grossFloorAreaM2: 20_000,
  programme: "Construction 2027-2029; labs open in stages from 2029.",
  trackRecord: "Twelve laboratories run in Hong Kong since 2011.",
  jobsTalentPlan: "300 research jobs, 40 graduate places a year.",
  // The demo's open release asks for countable promises (structured commitments).
  ...completeCommitments,
  landPremiumHkd: "1250000000",
  investmentCommitmentHkd: "4000000000",
};

export const sha256 = (bytes: Uint8Array) => createHash("sha256").update(bytes).digest("hex");

/** Bytes that are, by their content, a file of this kind (and differ each time). */
export function fileOf(kind: string, label = "document"): Buffer {
  const tail = Buffer.from(` ${label} ${randomBytes(8).toString("hex")}\n`, "latin1");
  const head: Record<string, Buffer> = {
    pdf: Buffer.from("%PDF-1.7\n", "latin1"),
    zip: Buffer.from("PK\x03\x04", "latin1"),
    xlsx: Buffer.from("PK\x03\x04", "latin1"),
    docx: Buffer.from("PK\x03\x04", "latin1"),
    png: Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    jpeg: Buffer.from([0xff, 0xd8, 0xff, 0xe0]),
  };
  return Buffer.concat([head[kind] ?? head.pdf!, tail]);
}

/** A Windows program's first bytes ("MZ"): what a renamed executable looks like. */
export const programBytes = (size = 512) => Buffer.concat([Buffer.from("MZ\x90\x00\x03\x00\x00\x00", "latin1"), Buffer.alloc(size - 8, 0x41)]);

let counter = 0;

/**
 * An organisation made directly in the database, with verified members (each acting for it when
 * signed in). Returns its id and the members' emails by role.
 */
export async function createOrganisation(name: string, members: { role: MemberRole; email?: string; name?: string }[] = [{ role: "owner" }]) {
  counter += 1;
  const organisation = await db().organisation.create({
    data: { name, registrationNumber: `HK-CR-T${process.pid}${counter}${randomBytes(3).toString("hex")}`, origin: "overseas", focusSectors: ["ai_data_science"] },
  });
  const emails: string[] = [];
  for (const [index, member] of members.entries()) {
    const email = member.email ?? `${member.role}-${counter}-${index}-${randomBytes(3).toString("hex")}@other.example`;
    const user = await db().user.create({
      data: { email, name: member.name ?? `${member.role} of ${name}`, passwordHash: "not-a-real-hash", emailVerifiedAt: new Date() },
    });
    await db().membership.create({ data: { userId: user.id, organisationId: organisation.id, role: member.role } });
    emails.push(email);
  }
  return { id: organisation.id, name, emails };
}

/** The open release's required documents, in order. */
export function requiredDocuments(releaseCode = OPEN_RELEASE) {
  return db().requiredDocument.findMany({ where: { release: { code: releaseCode } }, orderBy: { position: "asc" } });
}

/** Uploads a file (through the disk driver's streaming path) for every mandatory required document. */
export async function uploadMandatoryDocuments(user: CurrentUser, proposalId: string, releaseCode = OPEN_RELEASE) {
  const uploaded: { documentId: string; requiredDocumentId: string; bytes: Buffer }[] = [];
  for (const required of (await requiredDocuments(releaseCode)).filter((r) => r.mandatory)) {
    const kind = required.acceptedTypes[0]!;
    const bytes = fileOf(kind, required.nameEn);
    const plan = await startUpload(user, proposalId, { requiredDocumentId: required.id, fileName: `${required.nameEn}.${kind}`, size: bytes.length });
    await receiveUpload(user, proposalId, plan.documentId, [bytes]);
    uploaded.push({ documentId: plan.documentId, requiredDocumentId: required.id, bytes });
  }
  return uploaded;
}

/** A proposal of the user's organisation for the plot, complete (fields and mandatory documents), not submitted. */
export async function completeProposal(email: string, plotCode: string, fields: Partial<typeof completeFields> = {}) {
  const user = await currentUserFor(email);
  const id = await startProposal(user, OPEN_RELEASE, plotCode);
  const { revision } = await db().proposal.findUniqueOrThrow({ where: { id } });
  await saveDraft(user, id, { revision, ...completeFields, ...fields });
  const documents = await uploadMandatoryDocuments(user, id);
  return { user, id, documents };
}

/** The check page's submission of a complete draft (the revision and files it showed), as the browser sends it without JavaScript. */
export async function submissionForm(proposalId: string): Promise<URLSearchParams> {
  const proposal = await db().proposal.findUniqueOrThrow({ where: { id: proposalId }, include: { documents: { where: { inDraft: true, state: "stored" } } } });
  const form = new URLSearchParams({ revision: String(proposal.revision), intent: "submit", declaration: "on" });
  for (const d of proposal.documents) form.append("seenDocument", d.id);
  return form;
}

/**
 * A submission is all there (one version that counts, its audit entry, its receipt email) or not
 * there at all; anything in between throws.
 */
export async function submissionState(proposalId: string): Promise<"whole" | "absent"> {
  const versions = await db().proposalVersion.count({ where: { proposalId } });
  const audited = await db().auditEvent.count({ where: { action: "proposal.submitted", subjectId: proposalId } });
  const proposal = await db().proposal.findUniqueOrThrow({ where: { id: proposalId }, include: { currentVersion: true } });
  const emails = proposal.currentVersion ? await db().outboxEmail.count({ where: { idempotencyKey: { startsWith: `receipt:${proposal.currentVersion.receiptNumber}:` } } }) : 0;
  if (versions === 1 && audited === 1 && proposal.currentVersion && emails === 1) return "whole";
  if (versions === 0 && audited === 0 && !proposal.currentVersionId) return "absent";
  throw new Error(`half-applied submission of ${proposalId}: ${versions} versions, ${audited} audit entries, ${emails} emails`);
}
