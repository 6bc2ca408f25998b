import { createHash, createHmac, randomBytes, randomUUID, timingSafeEqual } from "node:crypto";
import { createReadStream, createWriteStream, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { mkdir, rename, rm, stat } from "node:fs/promises";
import path from "node:path";
import { PassThrough, Readable, Transform } from "node:stream";
import { pipeline } from "node:stream/promises";
import {
  AbortMultipartUploadCommand,
  CompleteMultipartUploadCommand,
  CopyObjectCommand,
  CreateMultipartUploadCommand,
  DeleteObjectCommand,
  GetObjectCommand,
  HeadObjectCommand,
  PutObjectCommand,
  S3Client,
  UploadPartCommand,
} from "@aws-sdk/client-s3";
import { Upload } from "@aws-sdk/lib-storage";
import { getSignedUrl } from "@aws-sdk/s3-request-presigner";
import { getConfig } from "../config.server.ts";
import { inspectingStream } from "./file-types.server.ts";

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
export function newObjectKey(purpose: "tender-documents" | "proposal-documents" | "proposal-uploads", now = new Date()): string {
  return `${purpose}/${now.toISOString().slice(0, 7)}/${randomUUID()}`;
}

const KEY = /^(tender-documents|proposal-documents|proposal-uploads)\/\d{4}-\d{2}\/[0-9a-f-]{36}$/;
function checkKey(key: string): string {
  if (!KEY.test(key)) throw new Error(`not an object key of ours: ${JSON.stringify(key).slice(0, 80)}`);
  return key;
}

/** Passes bytes through while hashing and counting them. */
function digester() {
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

const toStream = (body: Readable | Buffer) => (Buffer.isBuffer(body) ? Readable.from([body]) : body);

/** RFC 6266 Content-Disposition with an ASCII fallback and the UTF-8 name. */
export function contentDisposition(fileName: string, inline = false): string {
  const ascii = fileName.replace(/[^\x20-\x7e]|["\\]/g, "_");
  return `${inline ? "inline" : "attachment"}; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(fileName)}`;
}

/** Types a browser may show inside a page; anything else is always downloaded. */
export const SHOWN_INLINE = new Set(["application/pdf"]);

export interface S3Settings {
  bucket: string;
  region: string;
  endpoint?: string;
  forcePathStyle: boolean;
  accessKeyId?: string;
  secretAccessKey?: string;
}

export function s3Storage(settings: S3Settings): ObjectStorage {
  const client = new S3Client({
    region: settings.region,
    endpoint: settings.endpoint,
    forcePathStyle: settings.forcePathStyle,
    credentials: settings.accessKeyId && settings.secretAccessKey ? { accessKeyId: settings.accessKeyId, secretAccessKey: settings.secretAccessKey } : undefined,
    // We compute our own SHA-256; the SDK's streaming checksums also put aws-chunked framing into
    // objects on some S3-compatible servers (docs/stack.md).
    requestChecksumCalculation: "WHEN_REQUIRED",
    responseChecksumValidation: "WHEN_REQUIRED",
  });
  const Bucket = settings.bucket;
  const direct: DirectUploads = {
    presignPut: (key, contentType, size, expiresIn) =>
      getSignedUrl(client, new PutObjectCommand({ Bucket, Key: checkKey(key), ContentType: contentType, ContentLength: size }), {
        expiresIn,
        signableHeaders: new Set(["content-type", "content-length"]),
      }),
    async startMultipart(key, contentType) {
      const created = await client.send(new CreateMultipartUploadCommand({ Bucket, Key: checkKey(key), ContentType: contentType }));
      return created.UploadId!;
    },
    presignPart: (key, uploadId, partNumber, size, expiresIn) =>
      getSignedUrl(client, new UploadPartCommand({ Bucket, Key: checkKey(key), UploadId: uploadId, PartNumber: partNumber, ContentLength: size }), {
        expiresIn,
        signableHeaders: new Set(["content-length"]),
      }),
    async completeMultipart(key, uploadId, parts) {
      await client.send(
        new CompleteMultipartUploadCommand({
          Bucket,
          Key: checkKey(key),
          UploadId: uploadId,
          MultipartUpload: { Parts: [...parts].sort((a, b) => a.partNumber - b.partNumber).map((part) => ({ PartNumber: part.partNumber, ETag: part.etag })) },
        }),
      );
    },
    async abortMultipart(key, uploadId) {
      await client.send(new AbortMultipartUploadCommand({ Bucket, Key: checkKey(key), UploadId: uploadId }));
    },
    async copy(sourceKey, targetKey) {
      const copied = await client.send(new CopyObjectCommand({ Bucket, Key: checkKey(targetKey), CopySource: `${Bucket}/${checkKey(sourceKey)}` }));
      return (copied.CopyObjectResult?.ETag ?? "").replace(/"/g, "");
    },
  };
  return {
    driver: "s3",
    direct,
    async put(key, body, contentType) {
      const digest = digester();
      const pass = new PassThrough();
      const upload = new Upload({ client, params: { Bucket, Key: checkKey(key), Body: pass, ContentType: contentType } });
      // Both must finish: a failing source aborts the upload instead of crashing the process.
      const done = upload.done().catch((error: unknown) => {
        pass.destroy(error as Error); // stops the source too, so neither side waits forever
        throw error;
      });
      const [piped, uploaded] = await Promise.allSettled([pipeline(toStream(body), digest.stream, pass), done]);
      // The source's error is the cause when both failed (an oversized or aborted upload).
      if (piped.status === "rejected") {
        await upload.abort().catch(() => {});
        throw piped.reason;
      }
      if (uploaded.status === "rejected") throw uploaded.reason;
      return { key, ...digest.result() };
    },
    async size(key) {
      try {
        const head = await client.send(new HeadObjectCommand({ Bucket, Key: checkKey(key) }));
        return head.ContentLength ?? 0;
      } catch (error) {
        if ((error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode === 404) return null;
        throw error;
      }
    },
    async read(key) {
      const object = await client.send(new GetObjectCommand({ Bucket, Key: checkKey(key) }));
      return object.Body as Readable;
    },
    async delete(key) {
      await client.send(new DeleteObjectCommand({ Bucket, Key: checkKey(key) }));
    },
    async downloadUrl(key, options) {
      return getSignedUrl(
        client,
        new GetObjectCommand({
          Bucket,
          Key: checkKey(key),
          ResponseContentDisposition: contentDisposition(options.fileName, options.inline && SHOWN_INLINE.has(options.contentType)),
          ResponseContentType: options.contentType,
        }),
        { expiresIn: options.expiresInSeconds },
      );
    },
  };
}

/** Signs disk download links: the key, the expiry, the name, the type and inline or not, so none can be changed. */
function linkSignature(secret: string, key: string, expires: number, fileName: string, contentType: string, inline: boolean) {
  return createHmac("sha256", secret).update(`${key}\n${expires}\n${fileName}\n${contentType}\n${inline ? "inline" : "attachment"}`).digest("base64url");
}

export type LinkCheck = { ok: true; key: string; fileName: string; contentType: string; inline: boolean } | { ok: false; reason: "invalid" | "expired" };

/** Checks a disk download link made by `downloadUrl` (the /files route serves it). */
export function checkDiskLink(secret: string, params: URLSearchParams, now = Date.now()): LinkCheck {
  const key = params.get("key") ?? "";
  const fileName = params.get("name") ?? "";
  const contentType = params.get("type") ?? "";
  const expires = Number(params.get("expires"));
  const inline = params.get("show") === "inline";
  const signature = Buffer.from(params.get("sig") ?? "");
  if (!KEY.test(key) || !Number.isSafeInteger(expires)) return { ok: false, reason: "invalid" };
  const expected = Buffer.from(linkSignature(secret, key, expires, fileName, contentType, inline));
  if (signature.length !== expected.length || !timingSafeEqual(signature, expected)) return { ok: false, reason: "invalid" };
  if (now > expires * 1_000) return { ok: false, reason: "expired" };
  return { ok: true, key, fileName, contentType, inline: inline && SHOWN_INLINE.has(contentType) };
}

export function diskStorage(settings: { directory: string; linkSecret: string; publicUrl: string }): ObjectStorage {
  const fileOf = (key: string) => path.join(settings.directory, ...checkKey(key).split("/"));
  return {
    driver: "disk",
    async put(key, body, _contentType) {
      const file = fileOf(key);
      await mkdir(path.dirname(file), { recursive: true });
      const partial = `${file}.${randomUUID()}.partial`;
      const digest = digester();
      try {
        // Streamed to a temporary name and renamed: a reader never sees half a file.
        await pipeline(toStream(body), digest.stream, createWriteStream(partial, { flags: "wx" }));
        await rename(partial, file);
      } catch (error) {
        await rm(partial, { force: true });
        throw error;
      }
      return { key, ...digest.result() };
    },
    async size(key) {
      return stat(fileOf(key)).then((s) => s.size, () => null);
    },
    async read(key) {
      return createReadStream(fileOf(key));
    },
    async delete(key) {
      await rm(fileOf(key), { force: true });
    },
    async downloadUrl(key, options) {
      const expires = Math.floor(Date.now() / 1_000) + options.expiresInSeconds;
      const inline = Boolean(options.inline && SHOWN_INLINE.has(options.contentType));
      const params = new URLSearchParams({
        key: checkKey(key),
        name: options.fileName,
        type: options.contentType,
        expires: String(expires),
        ...(inline ? { show: "inline" } : {}),
        sig: linkSignature(settings.linkSecret, key, expires, options.fileName, options.contentType, inline),
      });
      return `${settings.publicUrl}/files?${params}`;
    },
  };
}

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

/** The disk driver's link secret: configured, or made once and kept beside the files (mode 600). */
function diskLinkSecret(directory: string, configured: string | undefined): string {
  if (configured) return configured;
  const file = path.join(directory, ".link-secret");
  try {
    return readFileSync(file, "utf8").trim();
  } catch {
    mkdirSync(directory, { recursive: true });
    const secret = randomBytes(32).toString("base64url");
    writeFileSync(file, secret, { mode: 0o600, flag: "wx" });
    return secret;
  }
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

