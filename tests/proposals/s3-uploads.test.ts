import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getConfig } from "~/platform/config.server.ts";
import { PART_SIZE } from "~/proposals/schemas.ts";
import { startProposal } from "~/proposals/drafts.server.ts";
import { action as uploadsAction } from "~/routes/proposals.$id.uploads.ts";
import { s3Storage } from "~/platform/storage/s3.server.ts";
import { storage, storageOrigin } from "~/platform/storage/storage.server.ts";
import { seedDemoPark } from "../../prisma/seed.ts";
import { withTestDatabase } from "../support/database.ts";
import { DEMO_MEMBERS, fileOf, OPEN_RELEASE, programBytes, requiredDocuments, sha256 } from "../support/proposals.ts";
import { requestArgs, routeOutcome } from "../support/routes.ts";
import { replaceStorage, startS3Server } from "../support/s3.ts";
import { currentUserFor, sessionCookieFor } from "../support/users.ts";

const db = withTestDatabase();

let s3: Awaited<ReturnType<typeof startS3Server>>;
let restore: () => void;
let origin = "";
let cookie = "";
let proposalId = "";
let schemeId = "";
let layoutId = "";

beforeAll(async () => {
  origin = getConfig().PUBLIC_URL;
  s3 = await startS3Server("portal-uploads", { corsOrigin: origin });
  restore = replaceStorage(s3Storage(s3.settings));
  await seedDemoPark(db());
  cookie = await sessionCookieFor(DEMO_MEMBERS.contributor);
  proposalId = await startProposal(await currentUserFor(DEMO_MEMBERS.contributor), OPEN_RELEASE, "1W-13");
  const documents = await requiredDocuments();
  schemeId = documents.find((d) => d.nameEn === "Development scheme")!.id;
  layoutId = documents.find((d) => d.acceptedTypes.includes("zip"))!.id;
});

afterAll(async () => {
  restore();
  await s3.stop();
});

type Plan = { documentId: string; method: "put"; url: string; contentType: string } | { documentId: string; method: "multipart"; partSize: number; partCount: number };

/** The upload conversation, as the browser holds it with /proposals/:id/uploads. */
const api = (json: Record<string, unknown>) => routeOutcome(() => uploadsAction(requestArgs(`/proposals/${proposalId}/uploads`, { json, params: { id: proposalId }, headers: { Cookie: cookie } })));

async function start(requiredDocumentId: string, fileName: string, size: number): Promise<Plan> {
  const outcome = await api({ intent: "start", requiredDocumentId, fileName, size });
  expect(outcome.status, JSON.stringify(outcome.data)).toBe(200);
  return outcome.data as Plan;
}

/** A PUT as the browser sends it to S3: from the portal's page (Origin), the body as it is. */
const browserPut = (url: string, body: Buffer, headers: Record<string, string> = {}) => fetch(url, { method: "PUT", body: new Uint8Array(body), headers: { Origin: origin, ...headers } });

/** The object a presigned URL writes to. */
const keyOf = (url: string) => decodeURIComponent(new URL(url).pathname).slice(`/${s3.bucket}/`.length);
const readBack = async (key: string) => Buffer.concat(await (await storage().read(key)).toArray());
const documentRow = (id: string) => db().proposalDocument.findUnique({ where: { id } });

describe("uploads straight from the browser to S3", () => {
  it("the bucket lets the portal's pages PUT with a Content-Type and read the ETag, and nobody else", async () => {
    const url = `${s3.endpoint}/${s3.bucket}/proposal-documents/2026-11/00000000-0000-4000-8000-000000000000`;
    const preflight = (from: string, method: string, headers = "content-type") =>
      fetch(url, { method: "OPTIONS", headers: { Origin: from, "Access-Control-Request-Method": method, "Access-Control-Request-Headers": headers } });
    const allowed = await preflight(origin, "PUT");
    expect(allowed.status).toBe(200);
    // s3rver answers a preflight with "*"; S3 itself names the origin. Either lets the page send.
    expect([origin, "*"]).toContain(allowed.headers.get("access-control-allow-origin"));
    expect(allowed.headers.get("access-control-allow-methods")).toBe("PUT");
    expect(allowed.headers.get("access-control-allow-headers")).toBe("content-type");
    expect((await preflight("https://elsewhere.example", "PUT")).status).toBe(403);
    expect((await preflight(origin, "DELETE")).status).toBe(403);
    expect((await preflight(origin, "PUT", "content-type, x-amz-acl")).status).toBe(403);

    const sent = await browserPut(url, Buffer.from("%PDF-1.7 cors"), { "Content-Type": "application/pdf" });
    expect(sent.status).toBe(200);
    expect(sent.headers.get("access-control-allow-origin")).toBe(origin);
    expect(sent.headers.get("access-control-expose-headers")).toBe("ETag");
    expect(sent.headers.get("etag")).toMatch(/^"[0-9a-f]{32}"$/);
    await storage().delete("proposal-documents/2026-11/00000000-0000-4000-8000-000000000000");
  });

  it("names the bucket's origin for the pages' content security policy", async () => {
    expect(await storageOrigin()).toBe(new URL(s3.endpoint).origin);
  });

  it("a small file: one presigned PUT, then the server reads it back and checks it", async () => {
    const bytes = fileOf("pdf", "a small scheme");
    const plan = await start(schemeId, "Scheme.pdf", bytes.length);
    expect(plan).toMatchObject({ method: "put", contentType: "application/pdf" });
    if (plan.method !== "put") throw new Error("expected a single PUT");
    expect(plan.url).toMatch(new RegExp(`^${s3.endpoint}/${s3.bucket}/`));
    expect(plan.url).toMatch(/X-Amz-SignedHeaders=content-length%3Bcontent-type%3Bhost/);

    // Confirmed before the bytes arrived: the upload stays open to try again.
    expect(await api({ intent: "confirm", documentId: plan.documentId })).toMatchObject({ status: 422, data: { problem: "proposals.errors.notReceived" } });
    expect(await documentRow(plan.documentId)).toMatchObject({ state: "uploading" });

    const sent = await browserPut(plan.url, bytes, { "Content-Type": plan.contentType });
    expect(sent.status).toBe(200);
    const confirmed = await api({ intent: "confirm", documentId: plan.documentId });
    expect(confirmed).toMatchObject({ status: 200, data: { size: bytes.length, sha256: sha256(bytes) } });
    const row = await documentRow(plan.documentId);
    expect(row).toMatchObject({ state: "stored", inDraft: true, sha256: sha256(bytes), size: BigInt(bytes.length) });
    expect((await readBack(row!.storageKey)).equals(bytes)).toBe(true);
    // Where the browser wrote, if that is not where the document is kept, nothing stays.
    if (keyOf(plan.url) !== row!.storageKey) expect(await storage().size(keyOf(plan.url))).toBeNull();
  });

  it("a large file in parts: a part that never arrived is reported missing, and only it is sent again", async () => {
    const bytes = Buffer.concat([Buffer.from("PK\x03\x04", "latin1"), randomBytes(33 * 1024 * 1024 - 4)]);
    const plan = await start(layoutId, "Layout drawings.zip", bytes.length);
    expect(plan).toEqual({ documentId: expect.any(String), method: "multipart", partSize: PART_SIZE, partCount: 3 });
    const { documentId } = plan;
    const partOf = (n: number) => bytes.subarray((n - 1) * PART_SIZE, n * PART_SIZE);
    const presign = async (partNumbers: number[]) => {
      const outcome = await api({ intent: "parts", documentId, partNumbers });
      expect(outcome.status).toBe(200);
      return new Map((outcome.data as { urls: { partNumber: number; url: string }[] }).urls.map((u) => [u.partNumber, u.url]));
    };
    const send = async (partNumber: number, url: string) => {
      const response = await browserPut(url, partOf(partNumber));
      expect(response.status).toBe(200);
      expect(response.headers.get("access-control-expose-headers")).toBe("ETag");
      const etag = response.headers.get("etag")!;
      expect(await api({ intent: "part", documentId, partNumber, etag, size: partOf(partNumber).length })).toMatchObject({ status: 200, data: { recorded: partNumber } });
    };

    const urls = await presign([1, 2, 3]);
    await send(1, urls.get(1)!);
    // Part 2 fails on the way (never reaches the bucket).
    await send(3, urls.get(3)!);
    expect(await api({ intent: "confirm", documentId })).toMatchObject({ status: 422, data: { problem: "proposals.errors.partsMissing" } });
    expect(await documentRow(documentId)).toMatchObject({ state: "uploading", multipartUploadId: expect.any(String) });
    expect(await api({ intent: "status", documentId })).toMatchObject({ status: 200, data: { parts: [1, 3] } });
    expect(await api({ intent: "parts", documentId, partNumbers: [4] })).toMatchObject({ status: 422, data: { problem: "proposals.errors.unknownUpload" } });

    // Resumed: the browser asks what is there and sends only part 2.
    const arrived = ((await api({ intent: "status", documentId })).data as { parts: number[] }).parts;
    const missing = [1, 2, 3].filter((n) => !arrived.includes(n));
    expect(missing).toEqual([2]);
    await send(2, (await presign([2])).get(2)!);
    const confirmed = await api({ intent: "confirm", documentId });
    expect(confirmed).toMatchObject({ status: 200, data: { size: bytes.length, sha256: sha256(bytes) } });
    const row = await documentRow(documentId);
    expect(row).toMatchObject({ state: "stored", multipartUploadId: null, sha256: sha256(bytes), size: BigInt(bytes.length) });
    expect(await storage().size(row!.storageKey)).toBe(bytes.length);
    expect(sha256(await readBack(row!.storageKey))).toBe(sha256(bytes));
  });

  it("a file whose content is not what its name says is refused after the upload, and removed", async () => {
    const bytes = programBytes(2048);
    const plan = await start(schemeId, "Scheme (final).pdf", bytes.length);
    if (plan.method !== "put") throw new Error("expected a single PUT");
    expect((await browserPut(plan.url, bytes, { "Content-Type": plan.contentType })).status).toBe(200);
    const { storageKey } = (await documentRow(plan.documentId))!;
    expect(await storage().size(keyOf(plan.url))).toBe(2048);
    expect(await api({ intent: "confirm", documentId: plan.documentId })).toMatchObject({ status: 422, data: { problem: "proposals.errors.contentMismatch" } });
    expect(await documentRow(plan.documentId)).toBeNull();
    expect(await storage().size(keyOf(plan.url))).toBeNull();
    expect(await storage().size(storageKey)).toBeNull();
    // The file stored before stays the draft's.
    expect(await db().proposalDocument.count({ where: { proposalId, requiredDocumentId: schemeId, inDraft: true, state: "stored" } })).toBe(1);
  });

  it("bytes swapped through the staging URL while the server checks them are never kept: the copy must be what was hashed", async () => {
    const bytes = fileOf("pdf", "the real scheme");
    const plan = await start(schemeId, "Scheme.pdf", bytes.length);
    if (plan.method !== "put") throw new Error("expected a single PUT");
    expect((await browserPut(plan.url, bytes, { "Content-Type": plan.contentType })).status).toBe(200);
    // Between the server's read and its copy, the same presigned URL writes other bytes of the same size.
    const direct = storage().direct!;
    const copy = direct.copy;
    const swapped = Buffer.concat([Buffer.from("%PDF-1.7\n"), Buffer.alloc(bytes.length - 9, 0x58)]);
    Object.assign(direct, {
      copy: async (source: string, target: string) => {
        await browserPut(plan.url, swapped, { "Content-Type": plan.contentType });
        return copy(source, target);
      },
    });
    try {
      expect(await api({ intent: "confirm", documentId: plan.documentId })).toMatchObject({ status: 422, data: { problem: "proposals.errors.notReceived" } });
    } finally {
      Object.assign(direct, { copy });
    }
    const row = await documentRow(plan.documentId);
    expect(row).toMatchObject({ state: "uploading", sha256: null });
    expect(await storage().size(row!.storageKey)).toBeNull();
    // Confirmed again, the bytes now there are read, hashed and kept: the digest is of exactly them.
    expect(await api({ intent: "confirm", documentId: plan.documentId })).toMatchObject({ status: 200, data: { sha256: sha256(swapped) } });
    expect(sha256(await readBack(row!.storageKey))).toBe(sha256(swapped));
  });

  it("while S3 cannot be reached, uploads fail with a message and can be retried; nothing unstored is recorded as stored", async () => {
    const bytes = fileOf("pdf", "a scheme sent before S3 went away");
    const plan = await start(schemeId, "Away.pdf", bytes.length);
    if (plan.method !== "put") throw new Error("expected a single PUT");
    expect((await browserPut(plan.url, bytes, { "Content-Type": plan.contentType })).status).toBe(200);
    const documents = await db().proposalDocument.count({ where: { proposalId } });
    await s3.down();
    try {
      expect(await api({ intent: "confirm", documentId: plan.documentId })).toMatchObject({ status: 503, data: { problem: "proposals.errors.storageUnavailable" } });
      expect(await documentRow(plan.documentId)).toMatchObject({ state: "uploading", sha256: null });
      // A large file cannot even begin its multipart upload: nothing of it is registered.
      expect(await api({ intent: "start", requiredDocumentId: layoutId, fileName: "Layout.zip", size: 40 * 1024 * 1024 })).toMatchObject({ status: 503, data: { problem: "proposals.errors.storageUnavailable" } });
      expect(await db().proposalDocument.count({ where: { proposalId } })).toBe(documents);
    } finally {
      await s3.up();
    }
    // Back: the same confirmation goes through, with the bytes that were sent.
    expect(await api({ intent: "confirm", documentId: plan.documentId })).toMatchObject({ status: 200, data: { sha256: sha256(bytes) } });
    const row = await documentRow(plan.documentId);
    expect(row).toMatchObject({ state: "stored", sha256: sha256(bytes) });
    expect((await readBack(row!.storageKey)).equals(bytes)).toBe(true);
  });

  it("a cancelled upload leaves nothing behind", async () => {
    const bytes = fileOf("pdf");
    const plan = await start(schemeId, "Scheme.pdf", bytes.length);
    if (plan.method !== "put") throw new Error("expected a single PUT");
    await browserPut(plan.url, bytes, { "Content-Type": plan.contentType });
    expect(await storage().size(keyOf(plan.url))).toBe(bytes.length);
    expect(await api({ intent: "cancel", documentId: plan.documentId })).toMatchObject({ status: 200, data: { cancelled: true } });
    expect(await documentRow(plan.documentId)).toBeNull();
    expect(await storage().size(keyOf(plan.url))).toBeNull();
  });
});
