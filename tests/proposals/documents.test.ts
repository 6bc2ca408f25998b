import { randomBytes } from "node:crypto";
import { mkdtemp, readdir, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { saveDraft, startProposal } from "~/proposals/drafts.server.ts";
import { submitProposal } from "~/proposals/submission.server.ts";
import { loader as pageLoader, action as pageAction } from "~/routes/proposals.$id/route.tsx";
import { action as putAction } from "~/routes/proposals.$id.uploads.$documentId.ts";
import { action as uploadsAction } from "~/routes/proposals.$id.uploads.ts";
import { diskStorage } from "~/platform/storage/disk.server.ts";
import { storage } from "~/platform/storage/storage.server.ts";
import { seedDemoPark } from "../../prisma/seed.ts";
import { withTestDatabase } from "../support/database.ts";
import { completeFields, DEMO_MEMBERS, fileOf, OPEN_RELEASE, programBytes, requiredDocuments, sha256 } from "../support/proposals.ts";
import { actionArgs, loaderArgs, requestArgs, routeOutcome } from "../support/routes.ts";
import { replaceStorage } from "../support/s3.ts";
import { currentUserFor, sessionCookieFor } from "../support/users.ts";

const db = withTestDatabase();

let directory = "";
let restore: () => void;
let cookie = "";
let proposalId = "";
/** The release's required documents by name. */
const required = {} as Record<"scheme" | "programme" | "layout" | "financial", { id: string; maxSizeMb: number }>;

beforeAll(async () => {
  directory = await mkdtemp(path.join(os.tmpdir(), "portal-proposal-files-"));
  restore = replaceStorage({ ...diskStorage({ directory, linkSecret: "l".repeat(40), publicUrl: "http://portal.test" }), linkSecret: "l".repeat(40) });
  await seedDemoPark(db());
  cookie = await sessionCookieFor(DEMO_MEMBERS.submitter);
  proposalId = await startProposal(await currentUserFor(DEMO_MEMBERS.submitter), OPEN_RELEASE, "1W-12");
  const [scheme, programme, layout, financial] = await requiredDocuments();
  Object.assign(required, { scheme: scheme!, programme: programme!, layout: layout!, financial: financial! });
});

afterAll(async () => {
  restore();
  await rm(directory, { recursive: true, force: true });
});

/** The bytes as a request body stream, in chunks of `chunk` bytes (as a browser's upload arrives). */
function streamOf(bytes: Buffer, chunk = 64 * 1024): ReadableStream<Uint8Array> {
  let offset = 0;
  return new ReadableStream({
    pull(controller) {
      if (offset >= bytes.length) return controller.close();
      controller.enqueue(new Uint8Array(bytes.subarray(offset, offset + chunk)));
      offset += chunk;
    },
  });
}

const api = (json: unknown, id = proposalId) => routeOutcome(() => uploadsAction(requestArgs(`/proposals/${id}/uploads`, { json, params: { id }, headers: { Cookie: cookie } })));

async function start(requiredDocumentId: string, fileName: string, size: number) {
  const outcome = await api({ intent: "start", requiredDocumentId, fileName, size });
  return outcome as { status: number; data: { documentId: string; method: string; url: string; problem?: string } };
}

const put = (documentId: string, body: Buffer | null, id = proposalId) =>
  routeOutcome(() => putAction(requestArgs(`/proposals/${id}/uploads/${documentId}`, { method: "PUT", body: body && streamOf(body), params: { id, documentId }, headers: { Cookie: cookie } })));

/** Starts and sends a file; returns the document's id and the route's answer. */
async function upload(requiredDocumentId: string, fileName: string, bytes: Buffer) {
  const plan = await start(requiredDocumentId, fileName, bytes.length);
  expect(plan.status, JSON.stringify(plan.data)).toBe(200);
  return { documentId: plan.data.documentId, outcome: await put(plan.data.documentId, bytes) };
}

const files = async () => (await readdir(directory, { recursive: true, withFileTypes: true })).filter((f) => f.isFile()).map((f) => f.name);
const readBack = async (key: string) => Buffer.concat(await (await storage().read(key)).toArray());

describe("documents on the disk driver", () => {
  it("are streamed to storage; size and SHA-256 are the server's own", async () => {
    const bytes = Buffer.concat([Buffer.from("%PDF-1.7\n"), randomBytes(3 * 1024 * 1024 + 17)]);
    const plan = await start(required.scheme.id, "Development scheme.pdf", bytes.length);
    expect(plan.data).toEqual({ documentId: expect.any(String), method: "disk", url: `/proposals/${proposalId}/uploads/${plan.data.documentId}` });
    const outcome = await put(plan.data.documentId, bytes);
    expect(outcome.status).toBe(200);
    expect(outcome.data).toEqual({ size: bytes.length, sha256: sha256(bytes) });
    const document = await db().proposalDocument.findUniqueOrThrow({ where: { id: plan.data.documentId } });
    expect(document).toMatchObject({ state: "stored", inDraft: true, size: BigInt(bytes.length), sha256: sha256(bytes), contentType: "application/pdf", fileName: "Development scheme.pdf" });
    expect((await readBack(document.storageKey)).equals(bytes)).toBe(true);
    const page = await routeOutcome(() => pageLoader(loaderArgs(`/proposals/${proposalId}`, { id: proposalId }, { Cookie: cookie })));
    expect((page.data as { documents: unknown[] }).documents).toEqual([{ id: document.id, requiredDocumentId: required.scheme.id, fileName: "Development scheme.pdf", size: bytes.length, sha256: sha256(bytes) }]);
  });

  it("refuse a program renamed .pdf, and keep nothing of it", async () => {
    const before = await files();
    const { documentId, outcome } = await upload(required.programme.id, "programme.pdf", programBytes(4096));
    expect(outcome).toMatchObject({ status: 422, data: { problem: "proposals.errors.contentMismatch" } });
    expect(await db().proposalDocument.findUnique({ where: { id: documentId } })).toBeNull();
    expect(await files()).toEqual(before);
  });

  it("refuse a body larger or smaller than announced, and keep nothing of it", async () => {
    const before = await files();
    for (const [announced, sent] of [[1_000, 300_000], [1_000, 1_001], [2_000, 1_999], [2_000, 10]] as const) {
      const plan = await start(required.programme.id, "programme.pdf", announced);
      const outcome = await put(plan.data.documentId, Buffer.concat([Buffer.from("%PDF-1.7\n"), Buffer.alloc(sent - 9, 0x20)]));
      expect(outcome, `${announced} announced, ${sent} sent`).toMatchObject({ status: 422, data: { problem: "proposals.errors.sizeMismatch" } });
      expect(await db().proposalDocument.findUnique({ where: { id: plan.data.documentId } })).toBeNull();
    }
    expect(await files()).toEqual(before);
  });

  it("refuse at the start a name of a kind the document does not accept, or a size above its limit", async () => {
    const count = await db().proposalDocument.count();
    for (const [requiredDocumentId, fileName, size, problem] of [
      [required.scheme.id, "scheme.docx", 100, "proposals.errors.fileKind"],
      [required.scheme.id, "scheme.exe", 100, "proposals.errors.fileKind"],
      [required.scheme.id, "scheme", 100, "proposals.errors.fileKind"],
      [required.scheme.id, "scheme.pdf.exe", 100, "proposals.errors.fileKind"],
      [required.financial.id, "premium.zip", 100, "proposals.errors.fileKind"],
      [required.scheme.id, "scheme.pdf", required.scheme.maxSizeMb * 1024 * 1024 + 1, "proposals.errors.fileTooLarge"],
      ["00000000-0000-4000-8000-000000000000", "scheme.pdf", 100, "proposals.errors.unknownDocument"],
    ] as const) {
      expect(await start(requiredDocumentId, fileName, size), fileName).toMatchObject({ status: 422, data: { problem } });
    }
    // What the document accepts is fine: a spreadsheet for the financial proposal.
    const { outcome } = await upload(required.financial.id, "premium.xlsx", fileOf("xlsx"));
    expect(outcome.status).toBe(200);
    expect(await db().proposalDocument.count()).toBe(count + 1);
  });

  it("a PUT that is not one, or with no body, changes nothing", async () => {
    const plan = await start(required.layout.id, "layout.zip", 100);
    const posted = await routeOutcome(() => putAction(requestArgs(`/proposals/${proposalId}/uploads/${plan.data.documentId}`, { method: "POST", body: "x", params: { id: proposalId, documentId: plan.data.documentId }, headers: { Cookie: cookie } })));
    expect(posted.status).toBe(405);
    expect((await put(plan.data.documentId, null)).status).toBe(400);
    expect(await db().proposalDocument.findUniqueOrThrow({ where: { id: plan.data.documentId } })).toMatchObject({ state: "uploading" });
    expect((await api({ intent: "cancel", documentId: plan.data.documentId })).data).toEqual({ cancelled: true });
    expect(await db().proposalDocument.findUnique({ where: { id: plan.data.documentId } })).toBeNull();
  });

  it("a replaced file's bytes go while no sealed version refers to them, and stay once one does", async () => {
    const first = await upload(required.programme.id, "programme v1.pdf", fileOf("pdf", "v1"));
    const firstKey = (await db().proposalDocument.findUniqueOrThrow({ where: { id: first.documentId } })).storageKey;
    const second = await upload(required.programme.id, "programme v2.pdf", fileOf("pdf", "v2"));
    expect(second.outcome.status).toBe(200);
    expect(await db().proposalDocument.findUnique({ where: { id: first.documentId } })).toBeNull();
    expect(await storage().size(firstKey)).toBeNull();

    // Sealed: the submitted version includes v2.
    const submitter = await currentUserFor(DEMO_MEMBERS.submitter);
    const { revision } = await db().proposal.findUniqueOrThrow({ where: { id: proposalId } });
    await saveDraft(submitter, proposalId, { revision, ...completeFields });
    const { versionId } = await submitProposal(submitter, proposalId);
    const secondRow = await db().proposalDocument.findUniqueOrThrow({ where: { id: second.documentId } });

    const third = await upload(required.programme.id, "programme v3.pdf", fileOf("pdf", "v3"));
    expect(third.outcome.status).toBe(200);
    expect(await db().proposalDocument.findUniqueOrThrow({ where: { id: second.documentId } })).toEqual({ ...secondRow, inDraft: false });
    expect(await storage().size(secondRow.storageKey)).toBe(Number(secondRow.size));
    const sealed = await db().proposalVersionDocument.findMany({ where: { versionId } });
    expect(sealed.map((d) => d.documentId)).toContain(second.documentId);
    const page = await routeOutcome(() => pageLoader(loaderArgs(`/proposals/${proposalId}`, { id: proposalId }, { Cookie: cookie })));
    expect((page.data as { documents: { id: string; requiredDocumentId: string }[] }).documents.filter((d) => d.requiredDocumentId === required.programme.id).map((d) => d.id)).toEqual([third.documentId]);
  });

  it("are deleted from the draft only before the deadline; a sealed version keeps its own", async () => {
    const remove = (documentId: string) =>
      routeOutcome(() => pageAction(actionArgs(`/proposals/${proposalId}`, { intent: "remove-document", documentId }, { params: { id: proposalId }, headers: { Cookie: cookie } })));
    const inDraft = (requiredDocumentId: string) => db().proposalDocument.findFirstOrThrow({ where: { proposalId, requiredDocumentId, inDraft: true } });

    // A file only the draft has: deleted with its bytes.
    const draftOnly = await inDraft(required.programme.id);
    expect(await remove(draftOnly.id)).toMatchObject({ status: 302, location: `/proposals/${proposalId}?edit&removed=1#documents` });
    expect(await db().proposalDocument.findUnique({ where: { id: draftOnly.id } })).toBeNull();
    expect(await storage().size(draftOnly.storageKey)).toBeNull();

    // A file the submitted version includes: out of the draft, kept for the version.
    const sealed = await inDraft(required.scheme.id);
    expect((await remove(sealed.id)).status).toBe(302);
    expect(await db().proposalDocument.findUniqueOrThrow({ where: { id: sealed.id } })).toMatchObject({ inDraft: false, state: "stored" });
    expect(await storage().size(sealed.storageKey)).toBe(Number(sealed.size));
    // …and no longer the draft's to delete.
    expect(await remove(sealed.id)).toMatchObject({ status: 409, data: { refusal: { problem: "proposals.errors.unknownDocument" } } });

    // After the deadline (the release clock has not closed the release yet), nothing is deleted.
    const financial = await inDraft(required.financial.id);
    const { submissionDeadline } = await db().release.findUniqueOrThrow({ where: { code: OPEN_RELEASE } });
    const passed = new Date(Date.now() - 1_000);
    await db().release.update({ where: { code: OPEN_RELEASE }, data: { submissionDeadline: passed } });
    try {
      const refused = await remove(financial.id);
      expect(refused).toMatchObject({ status: 409, data: { refusal: { problem: "proposals.errors.deadlinePassed" } } });
      const serverTime = new Date((refused.data as { refusal: { serverTime: string } }).refusal.serverTime);
      expect(serverTime.getTime()).toBeGreaterThan(passed.getTime());
      expect(Math.abs(serverTime.getTime() - Date.now())).toBeLessThan(60_000);
      expect(await db().proposalDocument.findUniqueOrThrow({ where: { id: financial.id } })).toEqual(financial);
      expect(await storage().size(financial.storageKey)).toBe(Number(financial.size));
      expect(await start(required.layout.id, "layout.pdf", 100)).toMatchObject({ status: 409, data: { problem: "proposals.errors.deadlinePassed" } });
    } finally {
      await db().release.update({ where: { code: OPEN_RELEASE }, data: { submissionDeadline } });
    }
  });
});
