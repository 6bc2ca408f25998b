import type { Readable } from "node:stream";
import { discardSupportingDocuments, storeSupportingDocument, type StoredSupportingDocument } from "~/platform/storage/checked-documents.server.ts";

export const CHALLENGE_DOCUMENTS_MAX = 5;

export type StoredChallengeDocument = StoredSupportingDocument;

/** Streams a challenge document into storage, checked as proposal documents are. */
export const storeChallengeDocument = (fileName: string, body: AsyncIterable<Uint8Array> | Readable): Promise<StoredChallengeDocument> =>
  storeSupportingDocument("challenge-documents", "challenges.errors", fileName, body);

/** Removes stored documents that no challenge came to hold (a refused lodging). */
export const discardChallengeDocuments = discardSupportingDocuments;
