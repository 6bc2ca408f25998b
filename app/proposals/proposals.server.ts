import { createHash } from "node:crypto";
import type { Readable } from "node:stream";
import { z } from "zod";
import { recordAuditEvent } from "~/platform/audit.server.ts";
import type { CurrentUser } from "~/accounts/sessions.server.ts";
import { canonicalJson } from "~/platform/canonical-json.ts";
import { getConfig } from "~/platform/config.server.ts";
import { db, TRANSACTION_WAIT_MS } from "~/platform/database/db.server.ts";
import { nudgeOutbox, queueEmail } from "~/platform/email.server.ts";
import { claimedKind, CONTENT_OF, contentKindOf, FileTooLargeError, MIME, safeFileName } from "~/platform/storage/file-types.server.ts";
import type { Prisma, Proposal } from "~/platform/database/generated/prisma/client.ts";
import type { FocusSector } from "~/platform/database/generated/prisma/enums.ts";
import { intlLocale, isLanguage } from "~/platform/i18n/i18n.ts";
import { optionalJobQueue } from "~/platform/jobs.server.ts";
import { DomainError } from "~/platform/domain-error.ts";
import { can } from "~/accounts/permissions.ts";
import { MULTIPART_THRESHOLD, PART_SIZE, type ProposalDraftInput, type ProposalFields } from "./schemas.ts";
import { newReceiptNumber, receiptText, registerReceiptKey, signReceipt, type SignedReceipt } from "~/receipts/signing.server.ts";
import { newObjectKey, putChecked, storage } from "~/platform/storage/storage.server.ts";
import { formatDateTime, PARK_TIME_ZONE } from "~/platform/time.ts";

type Tx = Prisma.TransactionClient;

/** A refusal because the deadline has passed, with the server's time to show. */
export class DeadlinePassedError extends DomainError {
  constructor(readonly serverTime: Date) {
    super("proposals.errors.deadlinePassed");
  }
}

/** A draft save made from an older copy: both versions go back to the person saving. */
export class DraftConflictError extends DomainError {
  constructor(
    readonly theirs: ProposalFields,
    readonly revision: number,
    readonly savedBy: string | null,
  ) {
    super("proposals.errors.conflict");
  }
}

/** The server's clock: the database's, read inside the transaction that depends on it. */
async function serverNow(tx: Tx): Promise<Date> {
  const [row] = await tx.$queryRaw<{ now: Date }[]>`SELECT clock_timestamp() AS now`;
  return new Date(row!.now);
}

/** Sees a proposal only as a member of its organisation acting for it; everyone else gets nothing. */
function ownedBy(user: CurrentUser) {
  if (!user.organisation || !can(user.roles, "proposal:prepare")) return null;
  return { organisationId: user.organisation.id };
}

/** A proposal's own fields, as stored (the draft, or what a version sealed). */
type StoredFields = Pick<Proposal, "developmentScheme" | "intendedSectors" | "grossFloorAreaM2" | "programme" | "trackRecord" | "jobsTalentPlan" | "landPremiumHkd" | "investmentCommitmentHkd">;

export function fieldsOf(proposal: StoredFields): ProposalFields {
  return {
    developmentScheme: proposal.developmentScheme,
    intendedSectors: [...proposal.intendedSectors],
    grossFloorAreaM2: proposal.grossFloorAreaM2,
    programme: proposal.programme,
    trackRecord: proposal.trackRecord,
    jobsTalentPlan: proposal.jobsTalentPlan,
    landPremiumHkd: proposal.landPremiumHkd === null ? null : String(proposal.landPremiumHkd),
    investmentCommitmentHkd: proposal.investmentCommitmentHkd === null ? null : String(proposal.investmentCommitmentHkd),
  };
}

/**
 * Locks the proposal (ours only) and its release for the rest of the transaction, and checks it is
 * still open for changes. `share` for steps that only need it to stay open (the parts of an upload
 * run in parallel); `arrivedAt` (performance.now() when the request reached this process) makes the
 * time of receipt the request's, not the end of its wait for a database connection.
 */
async function lockOpenProposal(tx: Tx, user: CurrentUser, proposalId: string, options: { share?: boolean; arrivedAt?: number } = {}) {
  const owner = ownedBy(user);
  if (!owner) throw new DomainError("proposals.errors.notFound");
  // The release row first (shared), the proposal row second, always in this order: the release
  // clock's close waits for submissions in flight, and two members of one organisation take turns.
  const [row] = await tx.$queryRaw<{ releaseId: string }[]>`
    SELECT p."releaseId" FROM "Proposal" p WHERE p.id = ${proposalId}::uuid AND p."organisationId" = ${owner.organisationId}::uuid`;
  if (!row) throw new DomainError("proposals.errors.notFound");
  await tx.$queryRaw`SELECT id FROM "Release" WHERE id = ${row.releaseId}::uuid FOR SHARE`;
  if (options.share) await tx.$queryRaw`SELECT id FROM "Proposal" WHERE id = ${proposalId}::uuid FOR SHARE`;
  else await tx.$queryRaw`SELECT id FROM "Proposal" WHERE id = ${proposalId}::uuid FOR UPDATE`;
  const proposal = await tx.proposal.findUniqueOrThrow({
    where: { id: proposalId },
    include: { release: { include: { evaluation: { select: { technicalOpenedAt: true } } } }, plot: true, organisation: true },
  });
  const now = await serverNow(tx);
  // Once the envelopes are open, nothing joins or changes, however long a request waited.
  if (proposal.release.evaluation?.technicalOpenedAt) throw new DeadlinePassedError(now);
  // The database's clock, less the time this request waited here (measured on this process's
  // monotonic clock, so no app server's wall clock is trusted). A wait longer than a request can
  // wait for its connections (a save, then the submission) is not believed.
  const waited = options.arrivedAt === undefined ? 0 : Math.max(0, performance.now() - options.arrivedAt);
  const waitedMs = waited <= 2 * TRANSACTION_WAIT_MS ? waited : 0;
  const receivedAt = new Date(now.getTime() - Math.floor(waitedMs));
  await assertOpenForChanges(tx, proposal.release, proposal.plotId, receivedAt);
  return { proposal, now: receivedAt };
}

async function assertOpenForChanges(tx: Tx, release: { id: string; state: string; submissionDeadline: Date }, plotId: string, now: Date) {
  if (release.state === "cancelled") throw new DomainError("proposals.errors.releaseCancelled");
  // The deadline by the database's clock decides; "closed" is only what the release clock (on an
  // app server's clock, once a minute) displays.
  if (now >= release.submissionDeadline || !["open", "closed"].includes(release.state)) throw new DeadlinePassedError(now);
  const offered = await tx.releasePlot.findUnique({ where: { releaseId_plotId: { releaseId: release.id, plotId } } });
  if (!offered || offered.withdrawnAt) throw new DomainError("proposals.errors.plotWithdrawn");
}

/** Starts the acting organisation's proposal for a plot of an open release, or finds the one it has. */
export async function startProposal(user: CurrentUser, releaseCode: string, plotCode: string): Promise<string> {
  try {
    return await createProposal(user, releaseCode, plotCode);
  } catch (error) {
    // Two members started the same plot at once: the other one's proposal is ours too.
    if ((error as { code?: string }).code !== "P2002") throw error;
    return createProposal(user, releaseCode, plotCode);
  }
}

async function createProposal(user: CurrentUser, releaseCode: string, plotCode: string): Promise<string> {
  const owner = ownedBy(user);
  if (!owner) throw new DomainError("proposals.errors.chooseOrganisation");
  return db().$transaction(async (tx) => {
    const release = await tx.release.findUnique({ where: { code: releaseCode } });
    const plot = await tx.plot.findUnique({ where: { code: plotCode } });
    if (!release || !plot || !release.publishedAt) throw new DomainError("proposals.errors.notFound");
    await tx.$queryRaw`SELECT id FROM "Release" WHERE id = ${release.id}::uuid FOR SHARE`;
    await assertOpenForChanges(tx, release, plot.id, await serverNow(tx));
    const key = { releaseId_plotId_organisationId: { releaseId: release.id, plotId: plot.id, organisationId: owner.organisationId } };
    const existing = await tx.proposal.findUnique({ where: key });
    if (existing) return existing.id;
    const proposal = await tx.proposal.create({
      data: { releaseId: release.id, plotId: plot.id, organisationId: owner.organisationId, createdById: user.id, updatedById: user.id },
    });
    await recordAuditEvent(tx, { actorId: user.id, action: "proposal.started", subjectType: "proposal", subjectId: proposal.id, data: { release: release.code, plot: plot.code } });
    return proposal.id;
  });
}

/** The acting organisation's proposals, newest release first. */
export function listOwnProposals(user: CurrentUser) {
  const owner = ownedBy(user);
  if (!owner) return Promise.resolve([]);
  return db().proposal.findMany({
    where: owner,
    orderBy: [{ release: { submissionDeadline: "desc" } }, { plot: { code: "asc" } }],
    select: {
      id: true,
      updatedAt: true,
      release: { select: { code: true, titleEn: true, titleZhHant: true, state: true, submissionDeadline: true } },
      plot: { select: { code: true } },
      currentVersion: { select: { number: true, receiptNumber: true, receivedAt: true } },
      versions: { select: { withdrawnAt: true }, orderBy: { number: "desc" }, take: 1 },
    },
  });
}

/** The acting organisation's proposals for a release, by plot code (for the release page). */
export async function ownProposalsForRelease(user: CurrentUser, releaseId: string): Promise<Record<string, string>> {
  const owner = ownedBy(user);
  if (!owner) return {};
  const proposals = await db().proposal.findMany({ where: { releaseId, ...owner }, select: { id: true, plot: { select: { code: true } } } });
  return Object.fromEntries(proposals.map((p) => [p.plot.code, p.id]));
}

/** A proposal with everything its page shows, or null for anyone outside its organisation. */
export async function getOwnProposal(user: CurrentUser, proposalId: string) {
  const owner = ownedBy(user);
  if (!owner) return null;
  return db().proposal.findFirst({
    where: { id: proposalId, ...owner },
    include: {
      release: {
        include: {
          criteria: { orderBy: { position: "asc" } },
          requiredDocuments: { orderBy: { position: "asc" } },
        },
      },
      plot: true,
      organisation: { select: { id: true, name: true } },
      documents: { where: { inDraft: true }, orderBy: { createdAt: "asc" } },
      versions: {
        orderBy: { number: "desc" },
        select: { id: true, number: true, receiptNumber: true, receivedAt: true, packageDigest: true, withdrawnAt: true, submittedById: true },
      },
    },
  });
}

function draftData(input: Omit<ProposalDraftInput, "revision">) {
  return {
    developmentScheme: input.developmentScheme,
    intendedSectors: [...new Set(input.intendedSectors)] as FocusSector[],
    grossFloorAreaM2: input.grossFloorAreaM2 ?? null,
    programme: input.programme,
    trackRecord: input.trackRecord,
    jobsTalentPlan: input.jobsTalentPlan,
    landPremiumHkd: input.landPremiumHkd ? BigInt(input.landPremiumHkd) : null,
    investmentCommitmentHkd: input.investmentCommitmentHkd ? BigInt(input.investmentCommitmentHkd) : null,
  };
}

/**
 * Saves the draft if it is still the copy the person started from (`revision`); otherwise nothing
 * changes and the other version comes back in a DraftConflictError. Returns the new revision.
 */
export async function saveDraft(user: CurrentUser, proposalId: string, input: ProposalDraftInput, arrivedAt?: number): Promise<number> {
  return db().$transaction(async (tx) => {
    const { proposal } = await lockOpenProposal(tx, user, proposalId, { arrivedAt });
    if (input.grossFloorAreaM2 !== undefined && input.grossFloorAreaM2 > proposal.plot.maxGfaM2) throw new DomainError("proposals.errors.gfaOverMax");
    if (proposal.revision !== input.revision) {
      const savedBy = proposal.updatedById ? await tx.user.findUnique({ where: { id: proposal.updatedById }, select: { name: true } }) : null;
      throw new DraftConflictError(fieldsOf(proposal), proposal.revision, savedBy?.name ?? null);
    }
    const { revision, ...fields } = input;
    const saved = await tx.proposal.update({
      where: { id: proposal.id },
      data: { ...draftData(fields), revision: revision + 1, updatedById: user.id },
    });
    return saved.revision;
  });
}

/** What a submission still lacks: catalog keys of fields, and the required documents without a file. */
export function missingForSubmission(proposal: StoredFields & {
  release: { requiredDocuments: { id: string; mandatory: boolean }[] };
  documents: { requiredDocumentId: string; state: string; inDraft: boolean }[];
}): { fields: string[]; documents: string[] } {
  // In the form's order, so the list reads like the page.
  const blank: Record<string, boolean> = {
    developmentScheme: !proposal.developmentScheme.trim(),
    intendedSectors: proposal.intendedSectors.length === 0,
    grossFloorAreaM2: !proposal.grossFloorAreaM2,
    programme: !proposal.programme.trim(),
    trackRecord: !proposal.trackRecord.trim(),
    jobsTalentPlan: !proposal.jobsTalentPlan.trim(),
    landPremiumHkd: !proposal.landPremiumHkd,
    investmentCommitmentHkd: !proposal.investmentCommitmentHkd,
  };
  const fields = Object.keys(blank).filter((name) => blank[name]);
  const stored = new Set(proposal.documents.filter((d) => d.inDraft && d.state === "stored").map((d) => d.requiredDocumentId));
  const documents = proposal.release.requiredDocuments.filter((r) => r.mandatory && !stored.has(r.id)).map((r) => r.id);
  return { fields, documents };
}

/** The sealed package of a version: its canonical JSON is what the receipt's digest covers. */
export function sealedPackage(
  proposal: { release: { code: string }; plot: { code: string }; organisation: { id: string; name: string; registrationNumber: string } } & Parameters<typeof fieldsOf>[0],
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
    },
    financial: { landPremiumHkd: fields.landPremiumHkd, investmentCommitmentHkd: fields.investmentCommitmentHkd },
    documents: documents
      .map((d) => ({ requiredDocument: d.requiredDocument.position, name: d.requiredDocument.nameEn, envelope: d.requiredDocument.envelope, fileName: d.fileName, size: String(d.size), sha256: d.sha256 }))
      .sort((a, b) => a.requiredDocument - b.requiredDocument || (a.fileName < b.fileName ? -1 : a.fileName > b.fileName ? 1 : 0)),
  };
}

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
    submittedById,
  };
  return { data, receipt, digest };
}

async function tellMembers(
  tx: Tx,
  organisationId: string,
  template: "proposalSubmitted" | "proposalWithdrawn",
  key: string,
  params: (language: string) => Record<string, string>,
) {
  const members = await tx.membership.findMany({ where: { organisationId }, include: { user: { select: { id: true, email: true, locale: true } } } });
  return Promise.all(
    members.map(({ user }) => queueEmail(tx, { to: user.email, template, language: user.locale, params: params(user.locale), idempotencyKey: `${key}:${user.id}` })),
  );
}

export interface SubmissionResult {
  versionId: string;
  receipt: SignedReceipt;
}

/**
 * Seals the draft as a new version, before the deadline by the server's clock, and issues the signed
 * receipt. All of it happens in one transaction: a submission racing the deadline is entirely in
 * (with its receipt, audit entry and emails) or entirely out.
 */
export async function submitProposal(user: CurrentUser, proposalId: string, seen?: { revision: number; documentIds: string[] }, arrivedAt?: number): Promise<SubmissionResult> {
  if (!can(user.roles, "proposal:submit")) throw new DomainError("proposals.errors.cannotSubmit");
  if (!user.emailVerified) throw new DomainError("proposals.errors.verifyFirst");
  await registerReceiptKey();
  const { result, outboxIds } = await db().$transaction(async (tx) => {
    const { proposal, now: receivedAt } = await lockOpenProposal(tx, user, proposalId, { arrivedAt });
    const documents = await tx.proposalDocument.findMany({
      where: { proposalId, inDraft: true, state: "stored" },
      include: { requiredDocument: true },
    });
    // What is sealed must be what the person saw: no other member's save or upload slipped in.
    if (seen && (seen.revision !== proposal.revision || [...seen.documentIds].sort().join() !== documents.map((d) => d.id).sort().join())) {
      throw new DomainError("proposals.errors.changedMeanwhile");
    }
    const requiredDocuments = await tx.requiredDocument.findMany({ where: { releaseId: proposal.releaseId } });
    const missing = missingForSubmission({ ...proposal, release: { requiredDocuments }, documents });
    if (missing.fields.length || missing.documents.length) throw new DomainError("proposals.errors.incomplete");
    if ((proposal.grossFloorAreaM2 ?? 0) > proposal.plot.maxGfaM2) throw new DomainError("proposals.errors.gfaOverMax");
    const last = await tx.proposalVersion.findFirst({ where: { proposalId }, orderBy: { number: "desc" } });
    const number = (last?.number ?? 0) + 1;
    const { data, receipt, digest } = sealVersion(proposal, number, documents, receivedAt, user.id);
    const version = await tx.proposalVersion.create({
      data: {
        proposalId,
        ...data,
        documents: { create: documents.map((d) => ({ documentId: d.id })) },
      },
    });
    const superseded = proposal.currentVersionId ? (await tx.proposalVersion.findUniqueOrThrow({ where: { id: proposal.currentVersionId } })).number : null;
    await tx.proposal.update({ where: { id: proposalId }, data: { currentVersionId: version.id } });
    await recordAuditEvent(tx, {
      actorId: user.id,
      action: "proposal.submitted",
      subjectType: "proposal",
      subjectId: proposalId,
      data: { release: proposal.release.code, plot: proposal.plot.code, version: number, supersedes: superseded, receiptNumber: receipt.receiptNumber, receivedAt: receipt.receivedAt, packageDigest: digest },
    });
    const link = `${getConfig().PUBLIC_URL}/proposals/${proposalId}/receipts/${receipt.receiptNumber}`;
    const outboxIds = await tellMembers(tx, proposal.organisationId, "proposalSubmitted", `receipt:${receipt.receiptNumber}`, (language) => ({
      code: proposal.release.code,
      plot: proposal.plot.code,
      organisation: proposal.organisation.name,
      receiptNumber: receipt.receiptNumber,
      receivedAt: formatDateTime(receivedAt, PARK_TIME_ZONE, intlLocale(isLanguage(language) ? language : "en")),
      digest,
      receipt: receiptText(receipt),
      link,
    }));
    return { result: { versionId: version.id, receipt }, outboxIds };
  });
  await nudgeOutbox(optionalJobQueue(), outboxIds);
  return result;
}

/** Withdraws the version that counts, before the deadline: the organisation then has no bid for the plot. */
export async function withdrawProposal(user: CurrentUser, proposalId: string, arrivedAt?: number): Promise<void> {
  if (!can(user.roles, "proposal:submit")) throw new DomainError("proposals.errors.cannotSubmit");
  const outboxIds = await db().$transaction(async (tx) => {
    const { proposal, now } = await lockOpenProposal(tx, user, proposalId, { arrivedAt });
    if (!proposal.currentVersionId) throw new DomainError("proposals.errors.nothingToWithdraw");
    const version = await tx.proposalVersion.update({ where: { id: proposal.currentVersionId }, data: { withdrawnAt: now, withdrawnById: user.id } });
    await tx.proposal.update({ where: { id: proposalId }, data: { currentVersionId: null } });
    await recordAuditEvent(tx, {
      actorId: user.id,
      action: "proposal.withdrawn",
      subjectType: "proposal",
      subjectId: proposalId,
      data: { release: proposal.release.code, plot: proposal.plot.code, version: version.number, receiptNumber: version.receiptNumber, withdrawnAt: now.toISOString() },
    });
    return tellMembers(tx, proposal.organisationId, "proposalWithdrawn", `withdrawn:${version.receiptNumber}`, (language) => ({
      code: proposal.release.code,
      plot: proposal.plot.code,
      organisation: proposal.organisation.name,
      receiptNumber: version.receiptNumber,
      withdrawnAt: formatDateTime(now, PARK_TIME_ZONE, intlLocale(isLanguage(language) ? language : "en")),
      link: `${getConfig().PUBLIC_URL}/proposals/${proposalId}`,
    }));
  });
  await nudgeOutbox(optionalJobQueue(), outboxIds);
}

/** A version of our own proposal with its signed receipt, or null. */
export async function getOwnReceipt(user: CurrentUser, proposalId: string, receiptNumber: string) {
  const owner = ownedBy(user);
  if (!owner) return null;
  const version = await db().proposalVersion.findFirst({
    where: { receiptNumber, proposal: { id: proposalId, ...owner } },
    include: { proposal: { include: { release: true, plot: true, organisation: true, currentVersion: { select: { number: true } } } } },
  });
  if (!version) return null;
  const { proposal } = version;
  const receipt: SignedReceipt = {
    receiptNumber: version.receiptNumber,
    release: proposal.release.code,
    plot: proposal.plot.code,
    organisation: (version.sealedPackage as { organisation: { name: string } }).organisation.name,
    version: version.number,
    receivedAt: version.receivedAt.toISOString(),
    packageDigest: version.packageDigest,
    keyId: version.signingKeyId,
    signature: version.signature,
  };
  return { version, proposal, receipt };
}

/** A receipt of one's own proposal for the receipt routes: anyone else (or a malformed address) gets 404. */
export async function findOwnReceipt(user: CurrentUser, params: { id?: string; number?: string }) {
  const id = z.uuid().safeParse(params.id);
  const found = id.success ? await getOwnReceipt(user, id.data, String(params.number ?? "")) : null;
  if (!found) throw new Response("Not found", { status: 404, headers: { "Cache-Control": "no-store" } });
  return found;
}

/** Whether the portal recorded this receipt with this digest (a receipt already checked as genuine). */
export async function receiptRecorded(receipt: SignedReceipt, now = new Date()): Promise<{ recorded: boolean; counts: boolean | null }> {
  const version = await db().proposalVersion.findUnique({
    where: { receiptNumber: receipt.receiptNumber },
    include: { currentOf: { select: { id: true } }, proposal: { select: { release: { select: { submissionDeadline: true } } } } },
  });
  if (!version || version.packageDigest !== receipt.packageDigest || version.signature !== receipt.signature) return { recorded: false, counts: null };
  // Whether a bid was withdrawn or replaced is the organisation's business until the deadline.
  const final = now >= version.proposal.release.submissionDeadline;
  return { recorded: true, counts: final ? version.currentOf !== null : null };
}

// ——— Documents ———

/** The answer to a refused upload step (JSON for the browser's upload code): not ours 404, too late 409, else 422. */
export function uploadRefusal(error: DomainError): Response {
  const status = error.code === "proposals.errors.notFound" ? 404 : error.code === "proposals.errors.deadlinePassed" ? 409 : 422;
  return Response.json({ problem: error.code }, { status });
}

export type UploadPlan =
  | { documentId: string; method: "disk"; url: string }
  | { documentId: string; method: "put"; url: string; contentType: string }
  | { documentId: string; method: "multipart"; partSize: number; partCount: number };

/** How long the browser has to use a presigned request. */
const PRESIGN_SECONDS = 10 * 60;

/**
 * Registers a file the browser is about to send for a required document, after checking its name
 * and announced size; returns how to send it: straight to S3 (to a staging key), or to our
 * streaming route on the disk driver.
 */
export async function startUpload(user: CurrentUser, proposalId: string, input: { requiredDocumentId: string; fileName: string; size: number }): Promise<UploadPlan> {
  const fileName = safeFileName(input.fileName);
  const direct = storage().direct;
  const document = await db().$transaction(async (tx) => {
    const { proposal } = await lockOpenProposal(tx, user, proposalId);
    const required = await tx.requiredDocument.findFirst({ where: { id: input.requiredDocumentId, releaseId: proposal.releaseId } });
    if (!required) throw new DomainError("proposals.errors.unknownDocument");
    const kind = claimedKind(fileName);
    if (!kind || !required.acceptedTypes.includes(kind)) throw new DomainError("proposals.errors.fileKind");
    if (input.size > required.maxSizeMb * 1024 * 1024) throw new DomainError("proposals.errors.fileTooLarge");
    return tx.proposalDocument.create({
      data: {
        proposalId,
        requiredDocumentId: required.id,
        fileName,
        kind,
        contentType: MIME[kind]!,
        size: BigInt(input.size),
        storageKey: newObjectKey("proposal-documents"),
        uploadKey: direct ? newObjectKey("proposal-uploads") : null,
        uploadedById: user.id,
      },
    });
  });
  if (!direct) return { documentId: document.id, method: "disk", url: `/proposals/${proposalId}/uploads/${document.id}` };
  const uploadKey = document.uploadKey!;
  if (input.size < MULTIPART_THRESHOLD) {
    return { documentId: document.id, method: "put", url: await direct.presignPut(uploadKey, document.contentType, input.size, PRESIGN_SECONDS), contentType: document.contentType };
  }
  const uploadId = await direct.startMultipart(uploadKey, document.contentType).catch(async (error: unknown) => {
    // Nothing was sent yet: the file is not half-registered, the browser simply starts again.
    await db().proposalDocument.delete({ where: { id: document.id } });
    throw error;
  });
  await db().proposalDocument.update({ where: { id: document.id }, data: { multipartUploadId: uploadId } });
  return { documentId: document.id, method: "multipart", partSize: PART_SIZE, partCount: Math.ceil(input.size / PART_SIZE) };
}

/** An upload of ours still being sent by the browser, on a proposal still open for changes. */
async function uploadInProgress(user: CurrentUser, proposalId: string, documentId: string) {
  return db().$transaction(async (tx) => {
    await lockOpenProposal(tx, user, proposalId, { share: true });
    const document = await tx.proposalDocument.findFirst({ where: { id: documentId, proposalId, state: "uploading" }, include: { requiredDocument: true } });
    if (!document) throw new DomainError("proposals.errors.unknownUpload");
    return document;
  });
}

/**
 * Takes an upload for one request (the disk upload or the S3 confirmation): `uploading` becomes
 * `receiving` in one guarded update, so a second request, a cancel or the clean-up cannot touch it
 * meanwhile. Checked against the deadline by the database's clock.
 */
async function claimUpload(user: CurrentUser, proposalId: string, documentId: string) {
  return db().$transaction(async (tx) => {
    await lockOpenProposal(tx, user, proposalId);
    const { count } = await tx.proposalDocument.updateMany({ where: { id: documentId, proposalId, state: "uploading" }, data: { state: "receiving" } });
    if (count !== 1) throw new DomainError("proposals.errors.unknownUpload");
    return tx.proposalDocument.findUniqueOrThrow({ where: { id: documentId } });
  });
}

/** Hands a claimed upload back to the browser (its parts can still be sent). */
const releaseClaim = (documentId: string) => db().proposalDocument.updateMany({ where: { id: documentId, state: "receiving" }, data: { state: "uploading" } });

const partSize = (document: { size: bigint }, partNumber: number) => Math.min(PART_SIZE, Number(document.size) - (partNumber - 1) * PART_SIZE);

/** Presigned URLs for some parts of a multipart upload (the browser asks as it goes); each part's size is signed. */
export async function presignParts(user: CurrentUser, proposalId: string, documentId: string, partNumbers: number[]) {
  const document = await uploadInProgress(user, proposalId, documentId);
  const direct = storage().direct;
  const partCount = Math.ceil(Number(document.size) / PART_SIZE);
  if (!direct || !document.multipartUploadId || !document.uploadKey) throw new DomainError("proposals.errors.unknownUpload");
  if (partNumbers.some((n) => !Number.isInteger(n) || n < 1 || n > partCount)) throw new DomainError("proposals.errors.unknownUpload");
  return Promise.all(
    partNumbers.map(async (partNumber) => ({
      partNumber,
      url: await direct.presignPart(document.uploadKey!, document.multipartUploadId!, partNumber, partSize(document, partNumber), PRESIGN_SECONDS),
    })),
  );
}

/** The browser has sent a part to S3: it is recorded with its ETag, so it is never sent again. */
export async function recordPart(user: CurrentUser, proposalId: string, documentId: string, part: { partNumber: number; etag: string; size: number }) {
  const document = await uploadInProgress(user, proposalId, documentId);
  const partCount = Math.ceil(Number(document.size) / PART_SIZE);
  if (!document.multipartUploadId || part.partNumber < 1 || part.partNumber > partCount || part.size !== partSize(document, part.partNumber)) {
    throw new DomainError("proposals.errors.unknownUpload");
  }
  const key = { documentId_partNumber: { documentId, partNumber: part.partNumber } };
  await db().proposalDocumentPart.upsert({ where: key, create: { documentId, ...part }, update: { etag: part.etag, size: part.size } });
}

/** The parts already sent: after a failure (or a restart) the browser sends only the others. */
export async function uploadedParts(user: CurrentUser, proposalId: string, documentId: string) {
  const document = await uploadInProgress(user, proposalId, documentId);
  const parts = await db().proposalDocumentPart.findMany({ where: { documentId: document.id }, orderBy: { partNumber: "asc" }, select: { partNumber: true } });
  return parts.map((p) => p.partNumber);
}

function checkFile(document: { size: bigint; kind: string }, size: number, head: Uint8Array) {
  if (size !== Number(document.size)) throw new DomainError("proposals.errors.sizeMismatch");
  if (contentKindOf(head) !== CONTENT_OF[document.kind]) throw new DomainError("proposals.errors.contentMismatch");
}

/** Refusals that mean the file itself is wrong: it is removed. Anything else (a failing network) can be retried. */
const fileRefused = (error: unknown) =>
  error instanceof FileTooLargeError || (error instanceof DomainError && ["proposals.errors.sizeMismatch", "proposals.errors.contentMismatch"].includes(error.code));

/** Records checked bytes as the draft's file for its required document, replacing the one before. */
async function recordStored(user: CurrentUser, proposalId: string, documentId: string, checked: { size: number; sha256: string }) {
  const replaced = await db().$transaction(async (tx) => {
    await lockOpenProposal(tx, user, proposalId);
    const document = await tx.proposalDocument.findFirst({ where: { id: documentId, proposalId, state: "receiving" } });
    if (!document) throw new DomainError("proposals.errors.unknownUpload");
    const previous = await tx.proposalDocument.findMany({
      where: { proposalId, requiredDocumentId: document.requiredDocumentId, inDraft: true, state: "stored" },
      include: { versions: { select: { versionId: true }, take: 1 } },
    });
    const removed = await detachFromDraft(tx, previous);
    await tx.proposalDocument.update({
      where: { id: documentId },
      data: { state: "stored", size: BigInt(checked.size), sha256: checked.sha256, multipartUploadId: null, uploadKey: null, confirmedAt: new Date() },
    });
    await tx.proposalDocumentPart.deleteMany({ where: { documentId } });
    return removed;
  });
  await deleteBytes(replaced);
}

/** Takes documents out of the draft; those no sealed version refers to are deleted. Returns the keys to delete after commit. */
async function detachFromDraft(tx: Tx, documents: { id: string; storageKey: string; versions: unknown[] }[]) {
  const unsealed = documents.filter((d) => d.versions.length === 0);
  await tx.proposalDocument.updateMany({ where: { id: { in: documents.filter((d) => d.versions.length > 0).map((d) => d.id) } }, data: { inDraft: false } });
  await tx.proposalDocument.deleteMany({ where: { id: { in: unsealed.map((d) => d.id) } } });
  return unsealed.map((d) => d.storageKey);
}

async function deleteBytes(keys: (string | null)[]) {
  await Promise.all(keys.filter((key): key is string => key !== null).map((key) => storage().delete(key).catch(() => {})));
}

/**
 * Removes an upload that never became a document: the record first (only in the state the caller
 * holds), then, if that removed it, its bytes. Whoever loses a race removes nothing.
 */
async function discardUpload(document: { id: string; storageKey: string; uploadKey: string | null; multipartUploadId: string | null }, state: "uploading" | "receiving") {
  const { count } = await db().proposalDocument.deleteMany({ where: { id: document.id, state } });
  if (count !== 1) return false;
  if (document.multipartUploadId && document.uploadKey) await storage().direct?.abortMultipart(document.uploadKey, document.multipartUploadId).catch(() => {});
  await deleteBytes([document.uploadKey, document.storageKey]);
  return true;
}

/**
 * The disk driver's upload route: streams the body into storage (never whole in memory), checking
 * size and content as it goes, then records it. One request per upload (the claim).
 */
export async function receiveUpload(user: CurrentUser, proposalId: string, documentId: string, body: AsyncIterable<Uint8Array> | Iterable<Uint8Array>) {
  if (storage().direct) throw new DomainError("proposals.errors.unknownUpload");
  const document = await claimUpload(user, proposalId, documentId);
  let stored;
  try {
    stored = await putChecked(document.storageKey, body, document.contentType, Number(document.size));
    checkFile(document, stored.size, stored.head);
  } catch (error) {
    await discardUpload(document, "receiving");
    if (error instanceof FileTooLargeError) throw new DomainError("proposals.errors.sizeMismatch");
    throw error;
  }
  await recordStored(user, proposalId, documentId, stored);
  return { size: stored.size, sha256: stored.sha256 };
}

/**
 * Reads stored bytes once, checking size and content, and computes their SHA-256 (what the receipt
 * covers) and MD5 (what S3 reports as the ETag of a copy).
 */
async function inspectStored(document: { size: bigint; kind: string }, body: Readable) {
  const sha256 = createHash("sha256");
  const md5 = createHash("md5");
  let head = Buffer.alloc(0);
  let size = 0;
  for await (const chunk of body as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > Number(document.size)) {
      body.destroy();
      throw new DomainError("proposals.errors.sizeMismatch");
    }
    if (head.length < 16) head = Buffer.concat([head, chunk.subarray(0, 16 - head.length)]);
    sha256.update(chunk);
    md5.update(chunk);
  }
  checkFile(document, size, head);
  return { size, sha256: sha256.digest("hex"), md5: md5.digest("hex") };
}

/**
 * S3: the browser says it has sent everything. The server joins the parts, reads the bytes once
 * (size, type by content, SHA-256), then has S3 copy them from the staging key to the document's
 * own key, which no browser can write to. The copy's ETag (its MD5) must be the MD5 of the bytes
 * read: if the staging object changed in between (an old presigned URL), the copy is refused.
 */
export async function confirmUpload(user: CurrentUser, proposalId: string, documentId: string) {
  const document = await claimUpload(user, proposalId, documentId);
  const direct = storage().direct;
  if (!direct || !document.uploadKey) {
    await releaseClaim(documentId);
    throw new DomainError("proposals.errors.unknownUpload");
  }
  let stored;
  try {
    if (document.multipartUploadId) {
      const parts = await db().proposalDocumentPart.findMany({ where: { documentId } });
      if (parts.length !== Math.ceil(Number(document.size) / PART_SIZE)) throw new DomainError("proposals.errors.partsMissing");
      try {
        await direct.completeMultipart(document.uploadKey, document.multipartUploadId, parts);
      } catch (error) {
        // S3 does not hold a part as recorded: forget the records, so the browser sends them again.
        if ((error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode !== 400) throw error;
        await db().proposalDocumentPart.deleteMany({ where: { documentId } });
        throw new DomainError("proposals.errors.partsMissing");
      }
      await db().proposalDocument.update({ where: { id: documentId }, data: { multipartUploadId: null } });
      document.multipartUploadId = null;
    }
    if ((await storage().size(document.uploadKey)) === null) throw new DomainError("proposals.errors.notReceived");
    stored = await inspectStored(document, await storage().read(document.uploadKey));
    const copiedMd5 = await direct.copy(document.uploadKey, document.storageKey);
    if (copiedMd5 !== stored.md5) {
      await storage().delete(document.storageKey);
      throw new DomainError("proposals.errors.notReceived");
    }
  } catch (error) {
    if (fileRefused(error)) {
      await discardUpload(document, "receiving");
      throw error instanceof FileTooLargeError ? new DomainError("proposals.errors.sizeMismatch") : error;
    }
    await releaseClaim(documentId);
    throw error;
  }
  await recordStored(user, proposalId, documentId, stored);
  await deleteBytes([document.uploadKey]);
  return { size: stored.size, sha256: stored.sha256 };
}

/**
 * Uploads started long ago and never finished (a closed tab, a lost laptop): their bytes and parts
 * go. A day is far longer than any presigned request lives, so none of them can still complete.
 */
export async function discardAbandonedUploads(now = new Date(), olderThanHours = 24): Promise<number> {
  const abandoned = await db().proposalDocument.findMany({
    where: { state: { in: ["uploading", "receiving"] }, createdAt: { lt: new Date(now.getTime() - olderThanHours * 3_600_000) } },
    select: { id: true, state: true, storageKey: true, uploadKey: true, multipartUploadId: true },
    take: 500,
  });
  let discarded = 0;
  for (const document of abandoned) if (await discardUpload(document, document.state as "uploading" | "receiving")) discarded++;
  return discarded;
}

/** Cancels an upload the browser is still sending (the cancel button); one being checked is not touched. */
export async function cancelUpload(user: CurrentUser, proposalId: string, documentId: string) {
  const document = await uploadInProgress(user, proposalId, documentId);
  if (!(await discardUpload(document, "uploading"))) throw new DomainError("proposals.errors.unknownUpload");
}

/** Deletes a file from the draft; a sealed version that includes it keeps it. */
export async function removeDocument(user: CurrentUser, proposalId: string, documentId: string) {
  const keys = await db().$transaction(async (tx) => {
    await lockOpenProposal(tx, user, proposalId);
    const document = await tx.proposalDocument.findFirst({ where: { id: documentId, proposalId, inDraft: true, state: "stored" }, include: { versions: { select: { versionId: true }, take: 1 } } });
    if (!document) throw new DomainError("proposals.errors.unknownDocument");
    return detachFromDraft(tx, [document]);
  });
  await deleteBytes(keys);
}

/** A 5-minute download link to a file of our own proposal (draft or sealed), or null. */
export async function ownDocumentLink(user: CurrentUser, proposalId: string, documentId: string): Promise<string | null> {
  const owner = ownedBy(user);
  if (!owner) return null;
  const document = await db().proposalDocument.findFirst({ where: { id: documentId, state: "stored", proposal: { id: proposalId, ...owner } } });
  if (!document) return null;
  return storage().downloadUrl(document.storageKey, { fileName: document.fileName, contentType: document.contentType, expiresInSeconds: 300 });
}
