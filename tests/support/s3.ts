import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
export { replaceStorage } from "~/platform/storage/storage.server.ts";
// s3rver ships no types.
// @ts-expect-error untyped module
import S3rver from "s3rver";

/**
 * The bucket's CORS rule for uploads straight from browsers (README, "Proposal documents and the S3
 * bucket"): PUT from the portal's origin with a Content-Type, and the ETag readable by the page.
 */
export function browserUploadCors(origin: string): string {
  return [
    `<CORSConfiguration xmlns="http://s3.amazonaws.com/doc/2006-03-01/">`,
    `<CORSRule>`,
    `<AllowedOrigin>${origin}</AllowedOrigin>`,
    `<AllowedMethod>PUT</AllowedMethod>`,
    `<AllowedHeader>Content-Type</AllowedHeader>`,
    `<ExposeHeader>ETag</ExposeHeader>`,
    `<MaxAgeSeconds>3000</MaxAgeSeconds>`,
    `</CORSRule>`,
    `</CORSConfiguration>`,
  ].join("");
}

/**
 * An S3-compatible server on loopback (s3rver), with one bucket, for testing the S3 driver over HTTP.
 * `corsOrigin`: the bucket gets the CORS rule for browser uploads from that origin.
 */
export async function startS3Server(bucket = "portal-test", options: { corsOrigin?: string } = {}) {
  const directory = await mkdtemp(path.join(os.tmpdir(), "portal-s3-"));
  const configs = options.corsOrigin ? [browserUploadCors(options.corsOrigin)] : [];
  const serve = async (port: number) => {
    const server = new S3rver({ address: "127.0.0.1", port, silent: true, directory, configureBuckets: [{ name: bucket, configs }] });
    return { server, port: ((await server.run()) as { port: number }).port };
  };
  let { server, port } = await serve(0);
  const close = () => new Promise((resolve) => server.close(resolve));
  return {
    endpoint: `http://127.0.0.1:${port}`,
    bucket,
    settings: { bucket, region: "us-east-1", endpoint: `http://127.0.0.1:${port}`, forcePathStyle: true, accessKeyId: "S3RVER", secretAccessKey: "S3RVER" },
    async stop() {
      await close();
      await rm(directory, { recursive: true, force: true });
    },
    /** The endpoint stops answering (connections refused); what it stored stays. */
    down: close,
    /** Back on the same port, with what it stored. */
    async up() {
      ({ server, port } = await serve(port));
    },
  };
}
