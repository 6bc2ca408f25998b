import type { Readable } from "node:stream";
import { DomainError } from "~/platform/domain-error.ts";
import { claimedKind, CONTENT_OF, contentKindOf, FileTooLargeError, MIME, safeFileName } from "~/platform/storage/file-types.server.ts";
import { newObjectKey, type StoredObject } from "~/platform/storage/object-storage.server.ts";
import { putChecked, storage } from "~/platform/storage/storage.server.ts";

/** The kinds a challenge document may be, and its size limit (as proposal documents are checked). */
export const CHALLENGE_DOCUMENT_KINDS = ["pdf", "docx", "xlsx", "zip", "png", "jpeg"];
export const CHALLENGE_DOCUMENT_MAX_BYTES = 20 * 1024 * 1024;
export const CHALLENGE_DOCUMENTS_MAX = 5;

export interface StoredChallengeDocument extends StoredObject {
  fileName: string;
  contentType: string;
}

/**
 * Streams a challenge document into storage with the checks proposal documents get: an accepted
 * kind by its name, at most 20 MB (a larger one stops as it passes the limit), content that is what
 * the name claims (a renamed program is refused and removed), its SHA-256 computed as it passes.
 */
export async function storeChallengeDocument(fileName: string, body: AsyncIterable<Uint8Array> | Readable): Promise<StoredChallengeDocument> {
  const name = safeFileName(fileName);
  const kind = claimedKind(name);
  if (!kind || !CHALLENGE_DOCUMENT_KINDS.includes(kind)) throw new DomainError("challenges.errors.documentKind", "invalid");
  const key = newObjectKey("challenge-documents");
  let stored: StoredObject & { head: Uint8Array };
  try {
    stored = await putChecked(key, body, MIME[kind]!, CHALLENGE_DOCUMENT_MAX_BYTES);
  } catch (error) {
    if (error instanceof FileTooLargeError || (error as Error).message?.includes("larger than")) throw new DomainError("challenges.errors.documentTooLarge", "invalid");
    throw error;
  }
  if (stored.size === 0 || contentKindOf(stored.head) !== CONTENT_OF[kind]) {
    await storage().delete(key);
    throw new DomainError(stored.size === 0 ? "challenges.errors.documentEmpty" : "challenges.errors.documentContent", "invalid");
  }
  return { key, size: stored.size, sha256: stored.sha256, fileName: name, contentType: MIME[kind]! };
}

/** Removes stored documents that no challenge came to hold (a refused lodging). */
export async function discardChallengeDocuments(documents: { key: string }[]) {
  await Promise.all(documents.map((d) => storage().delete(d.key).catch(() => {})));
}
