import { createHash, randomBytes } from "node:crypto";
import { mkdtemp, readdir, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { Readable } from "node:stream";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { checkDiskLink, diskStorage } from "~/platform/storage/disk.server.ts";
import { contentDisposition, newObjectKey, type ObjectStorage } from "~/platform/storage/object-storage.server.ts";
import { s3Storage } from "~/platform/storage/s3.server.ts";
import { startS3Server } from "../support/s3.ts";

const sha256 = (bytes: Buffer) => createHash("sha256").update(bytes).digest("hex");
const readAll = async (stream: Readable) => Buffer.concat(await stream.toArray());

let s3: Awaited<ReturnType<typeof startS3Server>>;
let diskDir: string;
const drivers: Record<string, () => ObjectStorage> = {};

beforeAll(async () => {
  s3 = await startS3Server();
  diskDir = await mkdtemp(path.join(os.tmpdir(), "portal-disk-"));
  drivers.s3 = () => s3Storage(s3.settings);
  drivers.disk = () => diskStorage({ directory: diskDir, linkSecret: "x".repeat(40), publicUrl: "http://portal.test" });
});
afterAll(async () => {
  await s3.stop();
  await rm(diskDir, { recursive: true, force: true });
});

describe.each(["s3", "disk"])("the %s driver", (name) => {
  const files = () => drivers[name]!();

  it("stores a stream and reports the size and SHA-256 of the bytes it stored", async () => {
    const bytes = randomBytes(6 * 1024 * 1024 + 123);
    const key = newObjectKey("tender-documents");
    // In odd-sized chunks, as an upload arrives.
    const chunks = [bytes.subarray(0, 1000), bytes.subarray(1000, 5_000_001), bytes.subarray(5_000_001)];
    const stored = await files().put(key, Readable.from(chunks), "application/pdf");
    expect(stored).toEqual({ key, size: bytes.length, sha256: sha256(bytes) });
    expect(await files().size(key)).toBe(bytes.length);
    expect(sha256(await readAll(await files().read(key)))).toBe(sha256(bytes));
    await files().delete(key);
    expect(await files().size(key)).toBeNull();
  });

  it("issues a short-lived download link that serves the file under its name", async () => {
    const key = newObjectKey("tender-documents");
    await files().put(key, Buffer.from("%PDF-1.7 tender document"), "application/pdf");
    const link = await files().downloadUrl(key, { fileName: "招標文件 v2.pdf", contentType: "application/pdf", expiresInSeconds: 60 });
    if (name === "s3") {
      const response = await fetch(link);
      expect(response.status).toBe(200);
      expect(await response.text()).toBe("%PDF-1.7 tender document");
      expect(response.headers.get("content-disposition")).toContain("filename*=UTF-8''%E6%8B%9B%E6%A8%99");
      expect(link).toMatch(/X-Amz-Expires=60/);
    } else {
      const params = new URL(link).searchParams;
      expect(checkDiskLink("x".repeat(40), params)).toEqual({ ok: true, key, fileName: "招標文件 v2.pdf", contentType: "application/pdf", inline: false });
    }
  });

  it("shows a PDF in the page when asked (inline), and never anything but a PDF", async () => {
    const key = newObjectKey("tender-documents");
    await files().put(key, Buffer.from("%PDF-1.7 scheme"), "application/pdf");
    const disposition = async (contentType: string) => {
      const link = await files().downloadUrl(key, { fileName: "scheme.pdf", contentType, expiresInSeconds: 60, inline: true });
      if (name === "s3") return (await fetch(link)).headers.get("content-disposition")!;
      const check = checkDiskLink("x".repeat(40), new URL(link).searchParams);
      return contentDisposition("scheme.pdf", check.ok && check.inline);
    };
    expect(await disposition("application/pdf")).toMatch(/^inline; filename="scheme.pdf"/);
    expect(await disposition("text/html")).toMatch(/^attachment; /);
  });

  it("refuses keys it did not make", async () => {
    for (const key of ["../../etc/passwd", "tender-documents/2026-11/../../x", "other/2026-11/00000000-0000-0000-0000-000000000000", ""]) {
      await expect(files().put(key, Buffer.from("x"), "text/plain")).rejects.toThrow(/not an object key of ours/);
      await expect(files().downloadUrl(key, { fileName: "x", contentType: "text/plain", expiresInSeconds: 60 })).rejects.toThrow(/not an object key of ours/);
    }
  });
});

describe("the S3 driver on an S3-compatible server", () => {
  it("stores exactly the bytes given (no aws-chunked framing), also as multipart", async () => {
    const bytes = randomBytes(12 * 1024 * 1024);
    const key = newObjectKey("proposal-documents");
    await drivers.s3!().put(key, Readable.from([bytes]), "application/octet-stream");
    expect((await readAll(await drivers.s3!().read(key))).equals(bytes)).toBe(true);
  });
});

describe("disk download links", () => {
  const secret = "s".repeat(40);
  const files = () => diskStorage({ directory: diskDir, linkSecret: secret, publicUrl: "http://portal.test" });
  const paramsOf = async (expiresInSeconds = 60) =>
    new URL(await files().downloadUrl(newObjectKey("tender-documents"), { fileName: "a.pdf", contentType: "application/pdf", expiresInSeconds })).searchParams;

  it("cannot be altered: another key, name, type, expiry or disposition breaks the signature", async () => {
    for (const [field, value] of [["key", newObjectKey("tender-documents")], ["name", "b.pdf"], ["type", "text/html"], ["expires", "99999999999"], ["show", "inline"]] as const) {
      const params = await paramsOf();
      params.set(field, value);
      expect(checkDiskLink(secret, params), field).toEqual({ ok: false, reason: "invalid" });
    }
    expect(checkDiskLink("another secret of enough length......", await paramsOf())).toEqual({ ok: false, reason: "invalid" });
    expect(checkDiskLink(secret, new URLSearchParams("key=x&sig=y"))).toEqual({ ok: false, reason: "invalid" });
  });

  it("expire", async () => {
    const params = await paramsOf(60);
    expect(checkDiskLink(secret, params, Date.now() + 61_000)).toEqual({ ok: false, reason: "expired" });
  });

  it("leave no partial file behind when the upload stream fails", async () => {
    const key = newObjectKey("proposal-documents");
    const failing = new Readable({
      read() {
        this.push(Buffer.alloc(1024));
        this.destroy(new Error("connection reset"));
      },
    });
    await expect(files().put(key, failing, "application/pdf")).rejects.toThrow("connection reset");
    expect(await files().size(key)).toBeNull();
    const monthDir = path.join(diskDir, ...key.split("/").slice(0, 2));
    expect((await readdir(monthDir)).filter((f) => f.endsWith(".partial"))).toEqual([]);
  });
});

it("names downloads safely in any language", () => {
  expect(contentDisposition('plan "final".pdf')).toBe(`attachment; filename="plan _final_.pdf"; filename*=UTF-8''plan%20%22final%22.pdf`);
  expect(contentDisposition("地段.pdf")).toBe(`attachment; filename="__.pdf"; filename*=UTF-8''%E5%9C%B0%E6%AE%B5.pdf`);
});
