import { createHash } from "node:crypto";
import type { Readable } from "node:stream";
import { DomainError } from "../domain-error.ts";
import { claimedKind, CONTENT_OF, contentKindOf, FileTooLargeError, MIME, safeFileName } from "./file-types.server.ts";
import { newObjectKey, type StoredObject } from "./object-storage.server.ts";
import { putChecked, storage } from "./storage.server.ts";

/** The kinds a supporting document (a challenge's, a progress report's evidence) may be, and its size limit. */
export const SUPPORTING_DOCUMENT_KINDS = ["pdf", "docx", "xlsx", "zip", "png", "jpeg"];
export const SUPPORTING_DOCUMENT_MAX_BYTES = 20 * 1024 * 1024;

export interface StoredSupportingDocument extends StoredObject {
  fileName: string;
  contentType: string;
}

/**
 * Streams a supporting document into storage with the checks proposal documents get: an accepted
 * kind by its name, at most 20 MB (a larger one stops as it passes the limit), content that is what
 * the name claims (a renamed program is refused and removed), its SHA-256 computed as it passes.
 * Refusals are `${errors}.documentKind|documentTooLarge|documentEmpty|documentContent`, so each
 * caller words them in its own part of the catalog.
 */
export async function storeSupportingDocument(
  purpose: "challenge-documents" | "progress-report-uploads",
  errors: string,
  fileName: string,
  body: AsyncIterable<Uint8Array> | Readable,
): Promise<StoredSupportingDocument> {
  const name = safeFileName(fileName);
  const kind = claimedKind(name);
  if (!kind || !SUPPORTING_DOCUMENT_KINDS.includes(kind)) throw new DomainError(`${errors}.documentKind`, "invalid");
  const key = newObjectKey(purpose);
  let stored: StoredObject & { head: Uint8Array };
  try {
    stored = await putChecked(key, body, MIME[kind]!, SUPPORTING_DOCUMENT_MAX_BYTES);
  } catch (error) {
    if (error instanceof FileTooLargeError || (error as Error).message?.includes("larger than")) throw new DomainError(`${errors}.documentTooLarge`, "invalid");
    throw error;
  }
  if (stored.size === 0 || contentKindOf(stored.head) !== CONTENT_OF[kind]) {
    await storage().delete(key);
    throw new DomainError(stored.size === 0 ? `${errors}.documentEmpty` : `${errors}.documentContent`, "invalid");
  }
  return { key, size: stored.size, sha256: stored.sha256, fileName: name, contentType: MIME[kind]! };
}

/**
 * Reads a supporting document stored earlier back (one kept between a form and its confirmation):
 * its size, SHA-256 and whether its content still is what its name claims. Null when it is gone or
 * is not (what was stored is then not what will be recorded).
 */
export async function rereadSupportingDocument(key: string, fileName: string): Promise<StoredSupportingDocument | null> {
  const name = safeFileName(fileName);
  const kind = claimedKind(name);
  if (!kind || !SUPPORTING_DOCUMENT_KINDS.includes(kind) || (await storage().size(key)) === null) return null;
  const hash = createHash("sha256");
  let head = Buffer.alloc(0);
  let size = 0;
  for await (const chunk of await storage().read(key)) {
    const bytes = chunk as Buffer;
    size += bytes.length;
    if (size > SUPPORTING_DOCUMENT_MAX_BYTES) return null;
    if (head.length < 16) head = Buffer.concat([head, bytes.subarray(0, 16 - head.length)]);
    hash.update(bytes);
  }
  if (size === 0 || contentKindOf(head) !== CONTENT_OF[kind]) return null;
  return { key, size, sha256: hash.digest("hex"), fileName: name, contentType: MIME[kind]! };
}

/** Removes stored documents that nothing came to hold (a refused form). */
export async function discardSupportingDocuments(documents: { key: string }[]) {
  await Promise.all(documents.map((d) => storage().delete(d.key).catch(() => {})));
}
