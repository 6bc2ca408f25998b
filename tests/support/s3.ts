import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
// s3rver ships no types.
// @ts-expect-error untyped module
import S3rver from "s3rver";

/** An S3-compatible server on loopback (s3rver), with one bucket, for testing the S3 driver over HTTP. */
export async function startS3Server(bucket = "portal-test") {
  const directory = await mkdtemp(path.join(os.tmpdir(), "portal-s3-"));
  const server = new S3rver({ address: "127.0.0.1", port: 0, silent: true, directory, configureBuckets: [{ name: bucket }] });
  const { port } = (await server.run()) as { port: number };
  return {
    endpoint: `http://127.0.0.1:${port}`,
    bucket,
    settings: { bucket, region: "us-east-1", endpoint: `http://127.0.0.1:${port}`, forcePathStyle: true, accessKeyId: "S3RVER", secretAccessKey: "S3RVER" },
    async stop() {
      await new Promise((resolve) => server.close(resolve));
      await rm(directory, { recursive: true, force: true });
    },
  };
}
