import { PassThrough, type Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { checkKey, contentDisposition, digester, SHOWN_INLINE, toStream, type DirectUploads, type ObjectStorage } from "./object-storage.server.ts";

export interface S3Settings {
  bucket: string;
  region: string;
  endpoint?: string;
  forcePathStyle: boolean;
  accessKeyId?: string;
  secretAccessKey?: string;
}

/**
 * The AWS SDK, loaded when S3 storage is first used: it took about a fifth of a second of every
 * start-up, also of the portals that keep files on disk.
 */
async function loadSdk() {
  const [s3, { Upload }, { getSignedUrl }] = await Promise.all([
    import("@aws-sdk/client-s3"),
    import("@aws-sdk/lib-storage"),
    import("@aws-sdk/s3-request-presigner"),
  ]);
  return { ...s3, Upload, getSignedUrl };
}

export function s3Storage(settings: S3Settings): ObjectStorage {
  const clientSettings = {
    region: settings.region,
    endpoint: settings.endpoint,
    forcePathStyle: settings.forcePathStyle,
    credentials: settings.accessKeyId && settings.secretAccessKey ? { accessKeyId: settings.accessKeyId, secretAccessKey: settings.secretAccessKey } : undefined,
    // We compute our own SHA-256; the SDK's streaming checksums also put aws-chunked framing into
    // objects on some S3-compatible servers (docs/stack.md).
    requestChecksumCalculation: "WHEN_REQUIRED",
    responseChecksumValidation: "WHEN_REQUIRED",
  } as const;
  const connect = async () => {
    const loaded = await loadSdk();
    return { ...loaded, client: new loaded.S3Client(clientSettings) };
  };
  let connected: ReturnType<typeof connect> | undefined;
  const sdk = () => (connected ??= connect());
  const Bucket = settings.bucket;
  const direct: DirectUploads = {
    async presignPut(key, contentType, size, expiresIn) {
      const { client, getSignedUrl, PutObjectCommand } = await sdk();
      return getSignedUrl(client, new PutObjectCommand({ Bucket, Key: checkKey(key), ContentType: contentType, ContentLength: size }), {
        expiresIn,
        signableHeaders: new Set(["content-type", "content-length"]),
      });
    },
    async startMultipart(key, contentType) {
      const { client, CreateMultipartUploadCommand } = await sdk();
      const created = await client.send(new CreateMultipartUploadCommand({ Bucket, Key: checkKey(key), ContentType: contentType }));
      return created.UploadId!;
    },
    async presignPart(key, uploadId, partNumber, size, expiresIn) {
      const { client, getSignedUrl, UploadPartCommand } = await sdk();
      return getSignedUrl(client, new UploadPartCommand({ Bucket, Key: checkKey(key), UploadId: uploadId, PartNumber: partNumber, ContentLength: size }), {
        expiresIn,
        signableHeaders: new Set(["content-length"]),
      });
    },
    async completeMultipart(key, uploadId, parts) {
      const { client, CompleteMultipartUploadCommand } = await sdk();
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
      const { client, AbortMultipartUploadCommand } = await sdk();
      await client.send(new AbortMultipartUploadCommand({ Bucket, Key: checkKey(key), UploadId: uploadId }));
    },
    async copy(sourceKey, targetKey) {
      const { client, CopyObjectCommand } = await sdk();
      const copied = await client.send(new CopyObjectCommand({ Bucket, Key: checkKey(targetKey), CopySource: `${Bucket}/${checkKey(sourceKey)}` }));
      return (copied.CopyObjectResult?.ETag ?? "").replace(/"/g, "");
    },
  };
  return {
    driver: "s3",
    direct,
    async put(key, body, contentType) {
      const { client, Upload } = await sdk();
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
      const { client, HeadObjectCommand } = await sdk();
      try {
        const head = await client.send(new HeadObjectCommand({ Bucket, Key: checkKey(key) }));
        return head.ContentLength ?? 0;
      } catch (error) {
        if ((error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode === 404) return null;
        throw error;
      }
    },
    async read(key) {
      const { client, GetObjectCommand } = await sdk();
      const object = await client.send(new GetObjectCommand({ Bucket, Key: checkKey(key) }));
      return object.Body as Readable;
    },
    async delete(key) {
      const { client, DeleteObjectCommand } = await sdk();
      await client.send(new DeleteObjectCommand({ Bucket, Key: checkKey(key) }));
    },
    async downloadUrl(key, options) {
      const { client, getSignedUrl, GetObjectCommand } = await sdk();
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
