import type { Readable } from "node:stream";
import { recordAuditEvent } from "~/platform/audit.server.ts";
import type { CurrentUser } from "~/accounts/sessions.server.ts";
import { db } from "~/platform/database/db.server.ts";
import { lockRow } from "~/platform/database/transactions.server.ts";
import { claimedKind, CONTENT_OF, contentKindOf, FileTooLargeError, MIME, safeFileName } from "~/platform/storage/file-types.server.ts";
import { DomainError } from "~/platform/domain-error.ts";
import { PUBLIC_RELEASE } from "./releases.server.ts";
import { newObjectKey, type StoredObject } from "~/platform/storage/object-storage.server.ts";
import { putChecked, storage } from "~/platform/storage/storage.server.ts";

export const TENDER_DOCUMENT_KINDS = ["pdf", "xlsx", "docx", "zip"];
export const TENDER_DOCUMENT_MAX_BYTES = 100 * 1024 * 1024;

export interface StoredUpload extends StoredObject {
  fileName: string;
  kind: string;
}

/**
 * Streams an uploaded tender document into storage, checking as it goes: a name with an accepted
 * extension, at most 100 MB, and content that is what the extension claims (a renamed executable is
 * refused and removed). Returns what was stored.
 */
export async function storeTenderDocument(fileName: string, body: AsyncIterable<Uint8Array> | Readable): Promise<StoredUpload> {
  const name = safeFileName(fileName);
  const kind = claimedKind(name);
  if (!kind || !TENDER_DOCUMENT_KINDS.includes(kind)) throw new DomainError("documents.errors.kind");
  const key = newObjectKey("tender-documents");
  let stored: StoredObject & { head: Uint8Array };
  try {
    stored = await putChecked(key, body, MIME[kind]!, TENDER_DOCUMENT_MAX_BYTES);
  } catch (error) {
    if (error instanceof FileTooLargeError || (error as Error).message?.includes("larger than")) throw new DomainError("documents.errors.tooLarge");
    throw error;
  }
  if (contentKindOf(stored.head) !== CONTENT_OF[kind]) {
    await storage().delete(key);
    throw new DomainError("documents.errors.contentMismatch");
  }
  if (stored.size === 0) {
    await storage().delete(key);
    throw new DomainError("documents.errors.empty");
  }
  return { key, size: stored.size, sha256: stored.sha256, fileName: name, kind };
}

/**
 * Records a stored document as a tender document of a draft release. After publication documents
 * change only through an addendum.
 */
export async function addTenderDocument(admin: CurrentUser, releaseCode: string, titles: { titleEn: string; titleZhHant: string }, upload: StoredUpload) {
  try {
    return await db().$transaction(async (tx) => {
      // The row lock orders this against a publication or deletion of the same release.
      await lockRow(tx, "Release", { code: releaseCode });
      const release = await tx.release.findUnique({ where: { code: releaseCode } });
      if (!release) throw new DomainError("documents.errors.unknownRelease");
      if (release.state !== "draft") throw new DomainError("documents.errors.useAddendum");
      const document = await tx.tenderDocument.create({
        data: { releaseId: release.id, ...titles, fileName: upload.fileName, contentType: MIME[upload.kind]!, size: upload.size, sha256: upload.sha256, storageKey: upload.key, uploadedById: admin.id },
      });
      await recordAuditEvent(tx, { actorId: admin.id, action: "release.document_added", subjectType: "release", subjectId: releaseCode, data: { documentId: document.id, fileName: upload.fileName, size: upload.size, sha256: upload.sha256 } });
      return document;
    });
  } catch (error) {
    // Nothing recorded: the stored bytes must not stay behind.
    await storage().delete(upload.key).catch(() => {});
    throw error;
  }
}

/** A short-lived link to a tender document of a published release, or null (drafts stay hidden). */
export async function publicDocumentLink(releaseCode: string, documentId: string): Promise<string | null> {
  const document = await db().tenderDocument.findFirst({
    where: { id: documentId, release: { code: releaseCode, ...PUBLIC_RELEASE } },
  });
  if (!document) return null;
  return storage().downloadUrl(document.storageKey, { fileName: document.fileName, contentType: document.contentType, expiresInSeconds: 300 });
}
