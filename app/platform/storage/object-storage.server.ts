import { createHash, randomUUID } from "node:crypto";
import { Readable, Transform } from "node:stream";

/** What was stored: its size and the SHA-256 we computed from the bytes ourselves. */
export interface StoredObject {
  key: string;
  size: number;
  sha256: string;
}

export interface DownloadOptions {
  /** The name the browser saves the file as. */
  fileName: string;
  contentType: string;
  expiresInSeconds: number;
  /** Shown in the browser (a PDF inside a page) rather than saved. Only for types a browser shows safely. */
  inline?: boolean;
}

/**
 * Uploads that go from the browser straight to S3 with presigned requests: one PUT for small files,
 * a multipart upload for large ones. The app only signs requests and never sees the bytes.
 */
export interface DirectUploads {
  /** A presigned PUT of exactly `size` bytes of `contentType` (both are signed headers). */
  presignPut(key: string, contentType: string, size: number, expiresInSeconds: number): Promise<string>;
  startMultipart(key: string, contentType: string): Promise<string>;
  /** A presigned PUT of one part of exactly `size` bytes (signed, so a part cannot be larger). */
  presignPart(key: string, uploadId: string, partNumber: number, size: number, expiresInSeconds: number): Promise<string>;
  /** Joins the parts (their ETags as S3 gave them to the browser); S3 refuses a part it does not hold. */
  completeMultipart(key: string, uploadId: string, parts: { partNumber: number; etag: string }[]): Promise<void>;
  abortMultipart(key: string, uploadId: string): Promise<void>;
  /**
   * Copies an object inside the bucket (no bytes through the app); returns the copy's ETag, which
   * for a copy is the MD5 of its bytes (buckets without SSE-KMS).
   */
  copy(sourceKey: string, targetKey: string): Promise<string>;
}

/** Object storage as the portal uses it: S3 in production, a folder on disk as the embedded default. */
export interface ObjectStorage {
  readonly driver: "s3" | "disk";
  /** Present on S3: browser uploads straight to the bucket. */
  readonly direct?: DirectUploads;
  put(key: string, body: Readable | Buffer, contentType: string): Promise<StoredObject>;
  /** The object's size, or null when there is none. */
  size(key: string): Promise<number | null>;
  read(key: string): Promise<Readable>;
  delete(key: string): Promise<void>;
  /** A short-lived link to the object. Issue it only to someone allowed to read it. */
  downloadUrl(key: string, options: DownloadOptions): Promise<string>;
}

/**
 * Keys are ours, never the user's: a purpose prefix, the month and a random UUID. Nothing a user
 * types (a file name included) can steer where an object lands.
 */
export function newObjectKey(purpose: "tender-documents" | "proposal-documents" | "proposal-uploads" | "challenge-documents" | "progress-report-uploads", now = new Date()): string {
  return `${purpose}/${now.toISOString().slice(0, 7)}/${randomUUID()}`;
}

export const OBJECT_KEY = /^(tender-documents|proposal-documents|proposal-uploads|challenge-documents|progress-report-uploads)\/\d{4}-\d{2}\/[0-9a-f-]{36}$/;
export function checkKey(key: string): string {
  if (!OBJECT_KEY.test(key)) throw new Error(`not an object key of ours: ${JSON.stringify(key).slice(0, 80)}`);
  return key;
}

/** Passes bytes through while hashing and counting them. */
export function digester() {
  const hash = createHash("sha256");
  let size = 0;
  const stream = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      hash.update(chunk);
      size += chunk.length;
      done(null, chunk);
    },
  });
  return { stream, result: () => ({ size, sha256: hash.digest("hex") }) };
}

export const toStream = (body: Readable | Buffer) => (Buffer.isBuffer(body) ? Readable.from([body]) : body);

/** RFC 6266 Content-Disposition with an ASCII fallback and the UTF-8 name. */
export function contentDisposition(fileName: string, inline = false): string {
  const ascii = fileName.replace(/[^\x20-\x7e]|["\\]/g, "_");
  return `${inline ? "inline" : "attachment"}; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(fileName)}`;
}

/** Types a browser may show inside a page; anything else is always downloaded. */
export const SHOWN_INLINE = new Set(["application/pdf"]);
