import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { CurrentUser } from "~/accounts/sessions.server.ts";
import { createOrganisation as createOrganisationFor } from "~/organisations/organisations.server.ts";
import { submitProposal } from "~/proposals/submission.server.ts";
import { startUpload } from "~/proposals/uploads.server.ts";
import { ownDocumentLink } from "~/proposals/documents.server.ts";
import { loader as auditLoader } from "~/routes/admin.audit.tsx";
import { loader as filesLoader } from "~/routes/files.ts";
import { loader as documentLoader } from "~/routes/proposals.$id.documents.$documentId.ts";
import { action as proposalAction, loader as proposalLoader } from "~/routes/proposals.$id/route.tsx";
import { loader as receiptLoader } from "~/routes/proposals.$id_.receipts.$number.tsx";
import { action as checkAction, loader as checkLoader } from "~/routes/proposals.$id_.check.tsx";
import { loader as confirmationLoader } from "~/routes/proposals.$id_.submitted.$number.tsx";
import { loader as receiptDownloadLoader } from "~/routes/proposals.$id_.receipts.$number_.download.ts";
import { action as uploadAction } from "~/routes/proposals.$id.uploads.$documentId.ts";
import { action as uploadsAction } from "~/routes/proposals.$id.uploads.ts";
import { loader as listLoader } from "~/routes/proposals._index.tsx";
import { diskStorage } from "~/platform/storage/disk.server.ts";
import { s3Storage } from "~/platform/storage/s3.server.ts";
import { storage } from "~/platform/storage/storage.server.ts";
import { seedDemoPark } from "../../prisma/seed.ts";
import { withTestDatabase } from "../support/database.ts";
import { completeFields, completeProposal, DEMO_MEMBERS, DEMO_ORGANISATION, DEMO_STAFF, fileOf, requiredDocuments } from "../support/proposals.ts";
import { actionArgs, loaderArgs, requestArgs, routeOutcome, type RouteOutcome } from "../support/routes.ts";
import { replaceStorage, startS3Server } from "../support/s3.ts";
import { currentUserFor, sessionCookieFor } from "../support/users.ts";

const db = withTestDatabase();

/** Harbour BioLabs' submitted proposal for 1W-07, and what belongs to it. */
const sealed = { id: "", receipt: "", documentId: "", storageKey: "", bytes: Buffer.alloc(0), uploadId: "", optionalId: "" };
/** A competitor's submitted proposal for the same plot. */
const rival = { id: "", name: "Kowloon Quantum Computing Limited", ownerEmail: "", versionId: "", documentId: "" };
let harbourId = "";
let harbourMemberIds: string[] = [];

/** Everyone outside Harbour BioLabs: its cookie ("" for anonymous). */
const outsiders: Record<string, string> = {};
let outsiderUsers: Record<string, CurrentUser> = {};

beforeAll(async () => {
  await seedDemoPark(db());
  harbourId = (await db().organisation.findFirstOrThrow({ where: { name: DEMO_ORGANISATION } })).id;
  harbourMemberIds = (await db().membership.findMany({ where: { organisationId: harbourId } })).map((m) => m.userId);

  const harbour = await completeProposal(DEMO_MEMBERS.owner, "1W-07");
  const { receipt } = await submitProposal(harbour.user, harbour.id);
  const optional = (await requiredDocuments()).find((r) => !r.mandatory)!;
  const upload = await startUpload(harbour.user, harbour.id, { requiredDocumentId: optional.id, fileName: "layout.pdf", size: 2_000 });
  const document = await db().proposalDocument.findUniqueOrThrow({ where: { id: harbour.documents[0]!.documentId } });
  Object.assign(sealed, { id: harbour.id, receipt: receipt.receiptNumber, documentId: document.id, storageKey: document.storageKey, bytes: harbour.documents[0]!.bytes, uploadId: upload.documentId, optionalId: optional.id });

  // A competitor founded through the portal (so the audit log names it), bidding for the same plot.
  const founder = await db().user.create({ data: { email: "founder@kowloon-quantum.example", name: "Kim Founder", passwordHash: "x", emailVerifiedAt: new Date() } });
  await createOrganisationFor(await currentUserFor(founder.email), { name: rival.name, registrationNumber: "HK-CR-7654321", origin: "hong_kong", focusSectors: ["ai_data_science"] });
  const competing = await completeProposal(founder.email, "1W-07", { developmentScheme: "Quantum computing campus." });
  const rivalReceipt = await submitProposal(competing.user, competing.id);
  Object.assign(rival, { id: competing.id, ownerEmail: founder.email, versionId: rivalReceipt.versionId, documentId: competing.documents[0]!.documentId });

  // A proposer without an organisation of their own.
  await db().user.create({ data: { email: "loner@elsewhere.example", name: "Lee Loner", passwordHash: "x", emailVerifiedAt: new Date() } });

  const emails = { ...DEMO_STAFF, "other organisation's owner": founder.email, "proposer without organisation": "loner@elsewhere.example" };
  outsiders.anonymous = "";
  outsiderUsers = {};
  for (const [who, email] of Object.entries(emails)) {
    outsiders[who] = await sessionCookieFor(email);
    outsiderUsers[who] = await currentUserFor(email);
  }
});

/** Everything about proposals that a request could change, and the stored bytes. */
async function snapshot() {
  const proposals = await db().proposal.findMany({
    orderBy: { createdAt: "asc" },
    include: { versions: { include: { documents: true } }, documents: { include: { parts: true } } },
  });
  const sizes = await Promise.all(proposals.flatMap((p) => p.documents.map(async (d) => [d.storageKey, await storage().size(d.storageKey)] as const)));
  const [audit, outbox] = await Promise.all([db().auditEvent.count(), db().outboxEmail.count()]);
  return { proposals, sizes, audit, outbox };
}

const P = () => sealed.id;
/** Every way into a proposal: its page and each of its actions, its uploads, files and receipts. */
const attempts: [string, (cookie: string) => Promise<RouteOutcome>][] = [
  ["proposal page", (c) => routeOutcome(() => proposalLoader(loaderArgs(`/proposals/${P()}`, { id: P() }, { Cookie: c })))],
  ["save", (c) => routeOutcome(() => proposalAction(actionArgs(`/proposals/${P()}`, { intent: "save", revision: "2", developmentScheme: "Taken over" }, { params: { id: P() }, headers: { Cookie: c } })))],
  ["autosave", (c) => routeOutcome(() => proposalAction(actionArgs(`/proposals/${P()}`, { intent: "autosave", revision: "2", programme: "Taken over" }, { params: { id: P() }, headers: { Cookie: c } })))],
  ["check page", (c) => routeOutcome(() => checkLoader(loaderArgs(`/proposals/${P()}/check`, { id: P() }, { Cookie: c })))],
  ["submit", (c) => routeOutcome(() => checkAction(actionArgs(`/proposals/${P()}/check`, { intent: "submit", revision: "2", declaration: "on" }, { params: { id: P() }, headers: { Cookie: c } })))],
  ["withdraw", (c) => routeOutcome(() => proposalAction(actionArgs(`/proposals/${P()}`, { intent: "withdraw" }, { params: { id: P() }, headers: { Cookie: c } })))],
  ["remove a document", (c) => routeOutcome(() => proposalAction(actionArgs(`/proposals/${P()}`, { intent: "remove-document", documentId: sealed.documentId }, { params: { id: P() }, headers: { Cookie: c } })))],
  ...(
    [
      ["start an upload", () => ({ intent: "start", requiredDocumentId: sealed.optionalId, fileName: "plan.pdf", size: 100 })],
      ["presign parts", () => ({ intent: "parts", documentId: sealed.uploadId, partNumbers: [1] })],
      ["record a part", () => ({ intent: "part", documentId: sealed.uploadId, partNumber: 1, etag: '"0123abcd"', size: 100 })],
      ["ask which parts arrived", () => ({ intent: "status", documentId: sealed.uploadId })],
      ["confirm an upload", () => ({ intent: "confirm", documentId: sealed.uploadId })],
      ["cancel an upload", () => ({ intent: "cancel", documentId: sealed.uploadId })],
    ] as const
  ).map(([name, json]) => [name, (c: string) => routeOutcome(() => uploadsAction(requestArgs(`/proposals/${P()}/uploads`, { json: json(), params: { id: P() }, headers: { Cookie: c } })))] as [string, (cookie: string) => Promise<RouteOutcome>]),
  ["PUT the bytes of an upload", (c) => routeOutcome(() => uploadAction(requestArgs(`/proposals/${P()}/uploads/${sealed.uploadId}`, { method: "PUT", body: new Uint8Array(fileOf("pdf")), params: { id: P(), documentId: sealed.uploadId }, headers: { Cookie: c } })))],
  ["download a document", (c) => routeOutcome(() => documentLoader(loaderArgs(`/proposals/${P()}/documents/${sealed.documentId}`, { id: P(), documentId: sealed.documentId }, { Cookie: c })))],
  ["read the receipt", (c) => routeOutcome(() => receiptLoader(loaderArgs(`/proposals/${P()}/receipts/${sealed.receipt}`, { id: P(), number: sealed.receipt }, { Cookie: c })))],
  ["read the confirmation", (c) => routeOutcome(() => confirmationLoader(loaderArgs(`/proposals/${P()}/submitted/${sealed.receipt}`, { id: P(), number: sealed.receipt }, { Cookie: c })))],
  ["download the receipt", (c) => routeOutcome(() => receiptDownloadLoader(loaderArgs(`/proposals/${P()}/receipts/${sealed.receipt}/download`, { id: P(), number: sealed.receipt }, { Cookie: c })))],
];

describe("before the deadline, a proposal is sealed from everyone outside its organisation", () => {
  it("its members see it (the requests below are the ones that work for them)", async () => {
    const cookie = await sessionCookieFor(DEMO_MEMBERS.contributor);
    const page = await attempts[0]![1](cookie);
    expect(page.status).toBe(200);
    expect(page.data).toMatchObject({ organisation: DEMO_ORGANISATION, fields: { developmentScheme: completeFields.developmentScheme } });
    expect((await attempts.find(([name]) => name === "download the receipt")![1](cookie)).status).toBe(200);
    expect((await attempts.find(([name]) => name === "download a document")![1](cookie)).status).toBe(302);
  });

  it("staff (administrator, evaluator, chair), another organisation and anonymous visitors get nothing and change nothing", async () => {
    const before = await snapshot();
    const got: Record<string, Record<string, number | string>> = {};
    const expected: Record<string, Record<string, number | string>> = {};
    for (const [who, cookie] of Object.entries(outsiders)) {
      got[who] = {};
      expected[who] = {};
      for (const [name, attempt] of attempts) {
        const outcome = await attempt(cookie);
        got[who][name] = outcome.location?.startsWith("/login?") ? "login" : outcome.status;
        expected[who][name] = who === "anonymous" ? "login" : 404;
        const shown = JSON.stringify(outcome.data) ?? "";
        for (const secret of [DEMO_ORGANISATION, completeFields.developmentScheme, completeFields.landPremiumHkd, sealed.receipt, sealed.storageKey]) {
          expect(shown, `${who}: ${name}`).not.toContain(secret);
        }
      }
    }
    expect(got).toEqual(expected);
    expect(await snapshot()).toEqual(before);
  });

  it("lists only the organisation's own proposals; staff have no list", async () => {
    const rivalList = await routeOutcome(() => listLoader(loaderArgs("/proposals", {}, { Cookie: outsiders["other organisation's owner"]! })));
    expect(rivalList.status).toBe(200);
    expect((rivalList.data as { proposals: { id: string }[] }).proposals.map((p) => p.id)).toEqual([rival.id]);
    for (const who of ["administrator", "evaluator", "chair"]) {
      expect((await routeOutcome(() => listLoader(loaderArgs("/proposals", {}, { Cookie: outsiders[who]! })))).status, who).toBe(403);
    }
    const harbourList = await routeOutcome(() => listLoader(loaderArgs("/proposals", {}, { Cookie: outsiders.anonymous! })));
    expect(harbourList.location).toMatch(/^\/login\?/);
  });

  it("the audit page shows that proposals were handled, never whose, for which plot or what they contain", async () => {
    const { status, data } = await routeOutcome(() => auditLoader(loaderArgs("/admin/audit", {}, { Cookie: outsiders.administrator! })));
    expect(status).toBe(200);
    const { verification, recent } = data as { verification: { valid: boolean }; recent: { action: string; actorId?: string | null; data?: unknown }[] };
    // The chain check covers every entry, the proposals' included, and says so without counting
    // them: a count would rise with every bid (tests/proposals/staff-see-no-bid-activity.test.ts)…
    expect(await db().auditEvent.count({ where: { action: "proposal.submitted", data: { path: ["release"], equals: "HSITP-2026-02" } } })).toBe(2);
    expect(verification).toEqual({ valid: true });
    // …but an entry about a proposal, if shown at all, says nothing of who or what.
    for (const event of recent.filter((e) => e.action.startsWith("proposal."))) {
      expect(event.actorId ?? null, event.action).toBeNull();
      expect(event.data ?? null, event.action).toBeNull();
    }
    // The rival was founded through the portal: its founding is on record, but the page must not
    // let anyone link an organisation or a person to a proposal, a plot or its contents.
    const founder = await db().user.findUniqueOrThrow({ where: { email: rival.ownerEmail } });
    const shown = JSON.stringify(data);
    for (const secret of [
      DEMO_ORGANISATION,
      rival.name,
      harbourId,
      "1W-07",
      completeFields.developmentScheme,
      completeFields.programme,
      completeFields.landPremiumHkd,
      completeFields.investmentCommitmentHkd,
      "Development scheme.pdf",
      sealed.receipt,
      ...harbourMemberIds,
      founder.id,
      DEMO_MEMBERS.owner,
      rival.ownerEmail,
    ]) {
      expect(shown).not.toContain(secret);
    }
  });
});

describe("direct links to stored files", () => {
  const filesGet = (params: URLSearchParams) => routeOutcome(() => filesLoader(loaderArgs(`/files?${params}`)));

  it("only ownDocumentLink makes one, and only for the organisation's members", async () => {
    for (const [who, user] of Object.entries(outsiderUsers)) {
      expect(await ownDocumentLink(user, sealed.id, sealed.documentId), who).toBeNull();
    }
    const link = await ownDocumentLink(await currentUserFor(DEMO_MEMBERS.contributor), sealed.id, sealed.documentId);
    const served = await routeOutcome(() => filesLoader(loaderArgs(new URL(link!).pathname + new URL(link!).search)));
    expect(served.status).toBe(200);
    expect(served.data).toBe(sealed.bytes.toString("latin1"));
  });

  it("a /files link to a proposal document without a valid signature for its key is refused", async () => {
    expect((await filesGet(new URLSearchParams({ key: sealed.storageKey, name: "x.pdf", type: "application/pdf", expires: "99999999999" }))).status).toBe(403);
    // A genuine link to a file of one's own, pointed at another key.
    const own = await ownDocumentLink(await currentUserFor(rival.ownerEmail), rival.id, rival.documentId);
    const moved = new URL(own!).searchParams;
    moved.set("key", sealed.storageKey);
    expect((await filesGet(moved)).status).toBe(403);
    // A link for the right key, signed with a secret that is not the portal's.
    const forger = diskStorage({ directory: "/nonexistent", linkSecret: "not the portal's secret, guessed .....", publicUrl: "http://portal.test" });
    const forged = await forger.downloadUrl(sealed.storageKey, { fileName: "x.pdf", contentType: "application/pdf", expiresInSeconds: 60 });
    expect((await filesGet(new URL(forged).searchParams)).status).toBe(403);
  });

  describe("on S3", () => {
    let s3: Awaited<ReturnType<typeof startS3Server>>;
    let restore: () => void;
    beforeAll(async () => {
      s3 = await startS3Server();
      restore = replaceStorage(s3Storage(s3.settings));
      await storage().put(sealed.storageKey, sealed.bytes, "application/pdf");
    });
    afterAll(async () => {
      restore();
      await s3.stop();
    });

    it("a presigned GET is made for members only; everyone else gets 404 from the download route", async () => {
      for (const [who, user] of Object.entries(outsiderUsers)) {
        expect(await ownDocumentLink(user, sealed.id, sealed.documentId), who).toBeNull();
        const outcome = await routeOutcome(() => documentLoader(loaderArgs(`/proposals/${sealed.id}/documents/${sealed.documentId}`, { id: sealed.id, documentId: sealed.documentId }, { Cookie: outsiders[who]! })));
        expect(outcome.status, who).toBe(404);
        expect(outcome.location, who).toBeNull();
      }
      const member = await sessionCookieFor(DEMO_MEMBERS.contributor);
      const outcome = await routeOutcome(() => documentLoader(loaderArgs(`/proposals/${sealed.id}/documents/${sealed.documentId}`, { id: sealed.id, documentId: sealed.documentId }, { Cookie: member })));
      expect(outcome.status).toBe(302);
      expect(outcome.location).toContain(`${s3.endpoint}/${s3.bucket}/${sealed.storageKey}?`);
      expect(outcome.location).toMatch(/X-Amz-Expires=300&.*X-Amz-Signature=/);
      const response = await fetch(outcome.location!);
      expect(Buffer.from(await response.arrayBuffer()).equals(sealed.bytes)).toBe(true);
    });
  });
});

describe("the database keeps sealed versions sealed", () => {
  const refused = async (run: () => Promise<unknown>, message: RegExp) => {
    await expect(run()).rejects.toThrow(message);
  };

  it("refuses to change or delete a sealed version, or to unlink or delete its documents", async () => {
    const id = rival.versionId;
    await refused(() => db().$executeRaw`UPDATE "ProposalVersion" SET "packageDigest" = ${"0".repeat(64)} WHERE id = ${id}::uuid`, /ProposalVersion is sealed: UPDATE refused/);
    await refused(() => db().$executeRaw`UPDATE "ProposalVersion" SET "sealedPackage" = '{}'::jsonb WHERE id = ${id}::uuid`, /ProposalVersion is sealed: UPDATE refused/);
    await refused(() => db().$executeRaw`UPDATE "ProposalVersion" SET "receivedAt" = "receivedAt" - interval '1 day' WHERE id = ${id}::uuid`, /ProposalVersion is sealed: UPDATE refused/);
    await refused(() => db().proposalVersion.update({ where: { id }, data: { signature: "forged" } }), /ProposalVersion is sealed: UPDATE refused/);
    await refused(() => db().$executeRaw`DELETE FROM "ProposalVersion" WHERE id = ${id}::uuid`, /ProposalVersion is sealed: DELETE refused/);
    await refused(() => db().$executeRaw`DELETE FROM "ProposalVersionDocument" WHERE "versionId" = ${id}::uuid`, /ProposalVersionDocument is sealed: DELETE refused/);
    await refused(() => db().$executeRaw`UPDATE "ProposalVersionDocument" SET "documentId" = ${sealed.documentId}::uuid WHERE "versionId" = ${id}::uuid`, /ProposalVersionDocument is sealed: UPDATE refused/);
    const documentId = rival.documentId;
    await refused(() => db().$executeRaw`DELETE FROM "ProposalDocument" WHERE id = ${documentId}::uuid`, /belongs to a sealed version: DELETE refused/);
    await refused(() => db().$executeRaw`UPDATE "ProposalDocument" SET sha256 = ${"f".repeat(64)} WHERE id = ${documentId}::uuid`, /belongs to a sealed version: UPDATE refused/);
    await refused(() => db().$executeRaw`UPDATE "ProposalDocument" SET "storageKey" = 'proposal-documents/2026-01/00000000-0000-4000-8000-000000000000' WHERE id = ${documentId}::uuid`, /belongs to a sealed version: UPDATE refused/);
    // Leaving the draft (a replaced file) is not a change to what was sealed.
    await db().proposalDocument.update({ where: { id: documentId }, data: { inDraft: false } });
    await db().proposalDocument.update({ where: { id: documentId }, data: { inDraft: true } });
    const version = await db().proposalVersion.findUniqueOrThrow({ where: { id }, include: { documents: true } });
    expect(version.documents.length).toBe(3);
  });

  it("allows the withdrawal to be recorded, once", async () => {
    const id = rival.versionId;
    await db().$executeRaw`UPDATE "ProposalVersion" SET "withdrawnAt" = now() WHERE id = ${id}::uuid`;
    expect((await db().proposalVersion.findUniqueOrThrow({ where: { id } })).withdrawnAt).not.toBeNull();
    await refused(() => db().$executeRaw`UPDATE "ProposalVersion" SET "withdrawnAt" = now() + interval '1 hour' WHERE id = ${id}::uuid`, /UPDATE refused/);
    await refused(() => db().$executeRaw`UPDATE "ProposalVersion" SET "withdrawnAt" = NULL WHERE id = ${id}::uuid`, /UPDATE refused/);
  });

  it("lets a document no version refers to go", async () => {
    const owner = await currentUserFor(DEMO_MEMBERS.owner);
    const plan = await startUpload(owner, sealed.id, { requiredDocumentId: sealed.optionalId, fileName: "draft.pdf", size: 10 });
    expect(await db().$executeRaw`DELETE FROM "ProposalDocument" WHERE id = ${plan.documentId}::uuid`).toBe(1);
  });
});
