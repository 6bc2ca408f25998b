import { createHash } from "node:crypto";
import type { Readable } from "node:stream";
import type { CurrentUser } from "~/accounts/sessions.server.ts";
import { db } from "~/platform/database/db.server.ts";
import { DomainError } from "~/platform/domain-error.ts";
import { claimedKind, CONTENT_OF, contentKindOf, FileTooLargeError, MIME, safeFileName } from "~/platform/storage/file-types.server.ts";
import { newObjectKey } from "~/platform/storage/object-storage.server.ts";
import { putChecked, storage } from "~/platform/storage/storage.server.ts";
import { deleteBytes, detachFromDraft } from "./documents.server.ts";
import { lockOpenProposal } from "./gate.server.ts";
import { MULTIPART_THRESHOLD, PART_SIZE, type UploadPlan } from "./schemas.ts";

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

