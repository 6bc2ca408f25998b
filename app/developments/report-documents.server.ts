import type { Readable } from "node:stream";
import { DomainError } from "~/platform/domain-error.ts";
import {
  discardSupportingDocuments,
  rereadSupportingDocument,
  storeSupportingDocument,
  type StoredSupportingDocument,
} from "~/platform/storage/checked-documents.server.ts";
import { db } from "~/platform/database/db.server.ts";

/**
 * A progress report's evidence documents, checked as proposal documents are. They are stored when
 * the form is sent, so the check-your-answers page can list them; the report records them when it
 * is submitted.
 */
export const storeReportDocument = (fileName: string, body: AsyncIterable<Uint8Array> | Readable): Promise<StoredSupportingDocument> =>
  storeSupportingDocument("progress-report-uploads", "progressReports.errors", fileName, body);

/**
 * The documents a check-your-answers page carried back (their keys are ours, random, and
 * `progress-report-uploads/…` only): each must still be in storage, hold content of its kind, and
 * belong to no report yet. Their size and SHA-256 are read again from the bytes, never taken from
 * the form.
 */
export async function keptReportDocuments(kept: { key: string; fileName: string }[]): Promise<StoredSupportingDocument[]> {
  const keys = kept.map((d) => d.key);
  if (new Set(keys).size !== keys.length || (await db().progressReportDocument.count({ where: { storageKey: { in: keys } } })) > 0) {
    throw new DomainError("progressReports.errors.documentGone", "invalid");
  }
  const documents = await Promise.all(kept.map((d) => rereadSupportingDocument(d.key, d.fileName)));
  if (documents.some((d) => !d)) throw new DomainError("progressReports.errors.documentGone", "invalid");
  return documents as StoredSupportingDocument[];
}

export const discardReportDocuments = discardSupportingDocuments;
