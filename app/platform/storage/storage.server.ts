import path from "node:path";
import { PassThrough, Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { getConfig } from "../config.server.ts";
import { diskLinkSecret, diskStorage } from "./disk.server.ts";
import { inspectingStream } from "./file-types.server.ts";
import { newObjectKey, type ObjectStorage, type StoredObject } from "./object-storage.server.ts";
import { s3Storage } from "./s3.server.ts";

/**
 * Streams an upload into storage, at most `maxBytes` of it (a larger one fails as it passes the
 * limit, and nothing of it stays stored). Returns what was stored and the file's first bytes, to
 * tell its type by content. A failing source fails this call, never the process.
 */
export async function putChecked(key: string, body: AsyncIterable<Uint8Array> | Iterable<Uint8Array> | Readable, contentType: string, maxBytes: number): Promise<StoredObject & { head: Uint8Array }> {
  const inspection = inspectingStream(maxBytes);
  const out = new PassThrough();
  const [piped, put] = await Promise.allSettled([
    pipeline(Readable.from(body), inspection.stream, out),
    storage()
      .put(key, out, contentType)
      .catch((error: unknown) => {
        out.destroy(error as Error); // stops the source too, so neither side waits forever
        throw error;
      }),
  ]);
  if (piped.status === "rejected" || put.status === "rejected") {
    await storage().delete(key).catch(() => {});
    throw piped.status === "rejected" ? piped.reason : (put as PromiseRejectedResult).reason;
  }
  return { ...put.value, head: inspection.head() };
}

let configured: (ObjectStorage & { linkSecret?: string }) | undefined;

/** The configured storage: S3 when S3_BUCKET is set, otherwise the disk under STORAGE_DIR. */
export function storage(): ObjectStorage & { linkSecret?: string } {
  if (!configured) {
    const config = getConfig();
    if (config.S3_BUCKET) {
      configured = s3Storage({
        bucket: config.S3_BUCKET,
        region: config.S3_REGION,
        endpoint: config.S3_ENDPOINT,
        forcePathStyle: config.S3_FORCE_PATH_STYLE,
        accessKeyId: config.S3_ACCESS_KEY_ID,
        secretAccessKey: config.S3_SECRET_ACCESS_KEY,
      });
    } else {
      const directory = path.resolve(config.STORAGE_DIR);
      const linkSecret = diskLinkSecret(directory, config.FILE_LINK_SECRET);
      configured = { ...diskStorage({ directory, linkSecret, publicUrl: config.PUBLIC_URL }), linkSecret };
    }
  }
  return configured;
}

/**
 * Puts another store in place of the configured one (tests bring their own S3 server); returns
 * the function that puts the previous one back.
 */
export function replaceStorage(replacement: ObjectStorage & { linkSecret?: string }): () => void {
  const previous = configured;
  configured = replacement;
  return () => {
    configured = previous;
  };
}

/**
 * Where browsers reach the stored files when that is not the portal itself (S3): the pages upload
 * to it and show its PDFs, so the content security policy names it. Read off a presigned link,
 * which is made locally, so it is exactly the origin the links use (bucket in the host or not).
 */
export async function storageOrigin(): Promise<string | null> {
  const files = storage();
  if (files.driver !== "s3") return null;
  return new URL(await files.downloadUrl(newObjectKey("tender-documents"), { fileName: "link", contentType: "application/octet-stream", expiresInSeconds: 60 })).origin;
}

/**
 * Whether an error of the S3 client means the store cannot be reached or serve just now (refused,
 * reset, timed out, a 5xx), rather than a refusal of the request itself.
 */
export function storageUnavailable(error: unknown): boolean {
  if (!error || typeof error !== "object") return false;
  const e = error as { code?: unknown; name?: unknown; $metadata?: { httpStatusCode?: number }; cause?: unknown };
  if (typeof e.code === "string" && ["ECONNREFUSED", "ECONNRESET", "ETIMEDOUT", "EPIPE", "ENOTFOUND", "EAI_AGAIN"].includes(e.code)) return true;
  if (e.name === "TimeoutError" || e.name === "RequestTimeout") return true;
  const status = e.$metadata?.httpStatusCode;
  if (typeof status === "number" && status >= 500) return true;
  return storageUnavailable(e.cause);
}


