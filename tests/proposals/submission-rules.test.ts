import { beforeAll, describe, expect, it } from "vitest";
import { verifyAuditChain } from "~/platform/audit.server.ts";
import { DeadlinePassedError } from "~/proposals/gate.server.ts";
import { saveDraft, startProposal } from "~/proposals/drafts.server.ts";
import { submitProposal, withdrawProposal } from "~/proposals/submission.server.ts";
import { receiveUpload, startUpload } from "~/proposals/uploads.server.ts";
import { removeDocument } from "~/proposals/documents.server.ts";
import { checkReceipt, receiptText } from "~/receipts/signing.server.ts";
import { action, loader } from "~/routes/proposals.$id/route.tsx";
import { action as checkAction, loader as checkLoader } from "~/routes/proposals.$id_.check.tsx";
import { seedDemoPark } from "../../prisma/seed.ts";
import { chainedAuditLog } from "../support/audit.ts";
import { withTestDatabase } from "../support/database.ts";
import { completeFields, completeProposal, DEMO_MEMBERS, fileOf, OPEN_RELEASE, requiredDocuments, uploadMandatoryDocuments } from "../support/proposals.ts";
import { actionArgs, loaderArgs, routeOutcome } from "../support/routes.ts";
import { currentUserFor, sessionCookieFor } from "../support/users.ts";

const db = withTestDatabase();
const MEMBER_EMAILS = Object.values(DEMO_MEMBERS);

beforeAll(async () => {
  await seedDemoPark(db());
});

/** The draft's stored files, as the page lists them (and the form sends back as seen). */
const draftDocumentIds = async (proposalId: string) =>
  (await db().proposalDocument.findMany({ where: { proposalId, inDraft: true, state: "stored" }, select: { id: true } })).map((d) => d.id);

/** The proposal form as the browser posts it: every field, the files seen, the chosen intent. */
async function formFor(proposalId: string, extra: Record<string, string>, fields: Partial<typeof completeFields> = {}) {
  const { revision } = await db().proposal.findUniqueOrThrow({ where: { id: proposalId } });
  const values = { ...completeFields, ...fields };
  const body = new URLSearchParams({ revision: String(revision), ...extra });
  for (const [name, value] of Object.entries(values)) {
    for (const v of Array.isArray(value) ? value : [value]) body.append(name, String(v ?? ""));
  }
  for (const id of await draftDocumentIds(proposalId)) body.append("seenDocument", id);
  return body;
}

const post = async (proposalId: string, email: string, body: URLSearchParams) => {
  const cookie = await sessionCookieFor(email);
  return routeOutcome(() => action(actionArgs(`/proposals/${proposalId}`, body, { params: { id: proposalId }, headers: { Cookie: cookie } })));
};

/** The check page's Submit: the revision and files the page showed (the stored ones unless given), and the declaration if ticked. */
const submitFromCheck = async (proposalId: string, email: string, extra: Record<string, string> = {}) => {
  const { revision } = await db().proposal.findUniqueOrThrow({ where: { id: proposalId } });
  const body = new URLSearchParams({ intent: "submit", revision: String(revision), ...extra });
  for (const id of await draftDocumentIds(proposalId)) body.append("seenDocument", id);
  const cookie = await sessionCookieFor(email);
  return routeOutcome(() => checkAction(actionArgs(`/proposals/${proposalId}/check`, body, { params: { id: proposalId }, headers: { Cookie: cookie } })));
};

const versionsOf = (proposalId: string) => db().proposalVersion.findMany({ where: { proposalId }, orderBy: { number: "asc" } });
const auditOf = async (proposalId: string, action: string) => (await chainedAuditLog(db())).findMany({ where: { subjectId: proposalId, action }, orderBy: { sequence: "asc" } });
const refusedWith = (code: string) => expect.objectContaining({ code });

describe("submission", () => {
  it("needs every field and every mandatory document; a refusal leaves no trace", async () => {
    const owner = await currentUserFor(DEMO_MEMBERS.owner);
    const id = await startProposal(owner, OPEN_RELEASE, "1W-14");
    await expect(submitProposal(owner, id)).rejects.toEqual(refusedWith("proposals.errors.incomplete"));
    await saveDraft(owner, id, { revision: 1, ...completeFields, trackRecord: "" });
    await uploadMandatoryDocuments(owner, id);
    await expect(submitProposal(owner, id)).rejects.toEqual(refusedWith("proposals.errors.incomplete"));
    // Complete but for the countable promises this release asks for: told exactly that.
    await saveDraft(owner, id, { revision: 2, ...completeFields, researchPosts: undefined, openingBy: undefined });
    await expect(submitProposal(owner, id)).rejects.toEqual(refusedWith("proposals.errors.commitmentsMissing"));
    // Milestones out of order (the form refuses them; a draft saved otherwise is refused at submission).
    await saveDraft(owner, id, { revision: 3, ...completeFields, toppingOutBy: "2027-01-01" });
    await expect(submitProposal(owner, id)).rejects.toEqual(refusedWith("proposals.errors.milestonesOutOfOrder"));
    await saveDraft(owner, id, { revision: 4, ...completeFields });
    // One mandatory document missing (and the optional one present instead): still incomplete.
    const [scheme] = await requiredDocuments();
    await removeDocument(owner, id, (await db().proposalDocument.findFirstOrThrow({ where: { proposalId: id, requiredDocumentId: scheme!.id, inDraft: true } })).id);
    const optional = (await requiredDocuments()).find((r) => !r.mandatory)!;
    const layout = fileOf("pdf");
    const plan = await startUpload(owner, id, { requiredDocumentId: optional.id, fileName: "layout.pdf", size: layout.length });
    await receiveUpload(owner, id, plan.documentId, [layout]);
    await expect(submitProposal(owner, id)).rejects.toEqual(refusedWith("proposals.errors.incomplete"));
    const viaRoute = await submitFromCheck(id, DEMO_MEMBERS.owner, { declaration: "on" });
    expect(viaRoute).toMatchObject({ status: 409, data: { refusal: { problem: "proposals.errors.incomplete" } } });

    expect(await versionsOf(id)).toEqual([]);
    expect(await auditOf(id, "proposal.submitted")).toEqual([]);
    expect(await db().outboxEmail.count({ where: { template: "proposalSubmitted" } })).toBe(0);

    // Complete: accepted.
    const schemeFile = fileOf("pdf", "scheme");
    const again = await startUpload(owner, id, { requiredDocumentId: scheme!.id, fileName: "scheme.pdf", size: schemeFile.length });
    await receiveUpload(owner, id, again.documentId, [schemeFile]);
    expect((await submitProposal(owner, id)).receipt.version).toBe(1);
  });

  it("through the check page needs the declaration ticked; forgotten, nothing stored changes and ticking it then submits (no false conflict)", async () => {
    const { id } = await completeProposal(DEMO_MEMBERS.owner, "1W-15");
    const stored = () => db().proposal.findUniqueOrThrow({ where: { id }, include: { documents: true } });
    const before = await stored();
    const audited = await db().auditEvent.count();
    const cookie = await sessionCookieFor(DEMO_MEMBERS.submitter);
    const page = async () => (await routeOutcome(() => checkLoader(loaderArgs(`/proposals/${id}/check`, { id }, { Cookie: cookie })))).data as { revision: number };
    expect((await page()).revision).toBe(before.revision);

    const unticked = await submitFromCheck(id, DEMO_MEMBERS.submitter);
    expect(unticked).toMatchObject({ status: 400, data: { refusal: { problem: "proposals.errors.declaration" }, revision: before.revision } });
    // The refusal saved nothing and raised no revision: the page's copy is still the newest.
    expect(await stored()).toEqual(before);
    expect(await db().auditEvent.count()).toBe(audited);
    expect(await versionsOf(id)).toEqual([]);
    expect((await page()).revision).toBe(before.revision);

    const ticked = await submitFromCheck(id, DEMO_MEMBERS.submitter, { declaration: "on" });
    const [version] = await versionsOf(id);
    expect(ticked).toMatchObject({ status: 302, location: `/proposals/${id}/submitted/${version!.receiptNumber}` });
  });

  it("through the check page seals only what the page showed: a change meanwhile is refused and the page then shows the newest", async () => {
    const { id } = await completeProposal(DEMO_MEMBERS.owner, "1W-13");
    const { revision } = await db().proposal.findUniqueOrThrow({ where: { id } });
    const shown = new URLSearchParams({ intent: "submit", revision: String(revision), declaration: "on" });
    for (const documentId of await draftDocumentIds(id)) shown.append("seenDocument", documentId);
    const contributor = await currentUserFor(DEMO_MEMBERS.contributor);
    const newest = await saveDraft(contributor, id, { revision, ...completeFields, programme: "Changed by Connie meanwhile." });
    const cookie = await sessionCookieFor(DEMO_MEMBERS.owner);
    const refused = await routeOutcome(() => checkAction(actionArgs(`/proposals/${id}/check`, shown, { params: { id }, headers: { Cookie: cookie } })));
    expect(refused).toMatchObject({ status: 409, data: { refusal: { problem: "proposals.errors.changedMeanwhile" }, revision: newest } });
    expect(await versionsOf(id)).toEqual([]);
    const page = (await routeOutcome(() => checkLoader(loaderArgs(`/proposals/${id}/check`, { id }, { Cookie: cookie })))).data as { revision: number; fields: { programme: string } };
    expect(page).toMatchObject({ revision: newest, fields: { programme: "Changed by Connie meanwhile." } });
  });

  it("is for the owner and submitters only, with a confirmed email address", async () => {
    const { id } = await completeProposal(DEMO_MEMBERS.owner, "1W-16");
    const contributor = await currentUserFor(DEMO_MEMBERS.contributor);
    await expect(submitProposal(contributor, id)).rejects.toEqual(refusedWith("proposals.errors.cannotSubmit"));
    await expect(withdrawProposal(contributor, id)).rejects.toEqual(refusedWith("proposals.errors.cannotSubmit"));
    expect(await submitFromCheck(id, DEMO_MEMBERS.contributor, { declaration: "on" })).toMatchObject({ status: 409, data: { refusal: { problem: "proposals.errors.cannotSubmit" } } });

    await db().user.update({ where: { email: DEMO_MEMBERS.submitter }, data: { emailVerifiedAt: null } });
    try {
      await expect(submitProposal(await currentUserFor(DEMO_MEMBERS.submitter), id)).rejects.toEqual(refusedWith("proposals.errors.verifyFirst"));
      expect(await submitFromCheck(id, DEMO_MEMBERS.submitter, { declaration: "on" })).toMatchObject({ status: 409, data: { refusal: { problem: "proposals.errors.verifyFirst" } } });
    } finally {
      await db().user.update({ where: { email: DEMO_MEMBERS.submitter }, data: { emailVerifiedAt: new Date() } });
    }
    expect(await versionsOf(id)).toEqual([]);
    expect((await submitProposal(await currentUserFor(DEMO_MEMBERS.submitter), id)).receipt.version).toBe(1);
  });

  it("of a new version supersedes the previous one, which is kept; withdrawn, it can be submitted again", async () => {
    const { user: owner, id } = await completeProposal(DEMO_MEMBERS.owner, "1W-10");
    const first = await submitProposal(owner, id);
    const { revision } = await db().proposal.findUniqueOrThrow({ where: { id } });
    await saveDraft(owner, id, { revision, ...completeFields, programme: "A faster programme: labs open in 2028." });
    const second = await submitProposal(owner, id);
    expect(second.receipt.version).toBe(2);
    expect((await db().proposal.findUniqueOrThrow({ where: { id } })).currentVersionId).toBe(second.versionId);
    const [v1, v2] = await versionsOf(id);
    expect(v1).toMatchObject({ id: first.versionId, withdrawnAt: null, sealedPackage: { version: 1, technical: { programme: completeFields.programme } } });
    expect(v2).toMatchObject({ id: second.versionId, withdrawnAt: null, sealedPackage: { version: 2, technical: { programme: "A faster programme: labs open in 2028." } } });
    expect((await auditOf(id, "proposal.submitted")).map((e) => e.data)).toMatchObject([
      { version: 1, supersedes: null, receiptNumber: first.receipt.receiptNumber, packageDigest: first.receipt.packageDigest },
      { version: 2, supersedes: 1, receiptNumber: second.receipt.receiptNumber, packageDigest: second.receipt.packageDigest },
    ]);
    const cookie = await sessionCookieFor(DEMO_MEMBERS.contributor);
    const page = async () => (await routeOutcome(() => loader(loaderArgs(`/proposals/${id}`, { id }, { Cookie: cookie })))).data as { versions: { number: number; counts: boolean; withdrawnAt: Date | null }[] };
    expect((await page()).versions.map((v) => [v.number, v.counts])).toEqual([[2, true], [1, false]]);

    // Withdrawn: nothing counts, the version is kept and marked, members are told.
    const withdrawn = await post(id, DEMO_MEMBERS.submitter, new URLSearchParams({ intent: "withdraw" }));
    expect(withdrawn).toMatchObject({ status: 302, location: `/proposals/${id}?withdrawn=1` });
    expect((await db().proposal.findUniqueOrThrow({ where: { id } })).currentVersionId).toBeNull();
    const submitter = await db().user.findUniqueOrThrow({ where: { email: DEMO_MEMBERS.submitter } });
    expect(await db().proposalVersion.findUniqueOrThrow({ where: { id: second.versionId } })).toMatchObject({ withdrawnAt: expect.any(Date), withdrawnById: submitter.id });
    expect((await auditOf(id, "proposal.withdrawn")).map((e) => [e.actorId, e.data])).toMatchObject([[submitter.id, { version: 2, receiptNumber: second.receipt.receiptNumber }]]);
    const told = await db().outboxEmail.findMany({ where: { template: "proposalWithdrawn", text: { contains: second.receipt.receiptNumber } } });
    expect(told.map((e) => e.toAddress).sort()).toEqual([...MEMBER_EMAILS].sort());
    await expect(withdrawProposal(owner, id)).rejects.toEqual(refusedWith("proposals.errors.nothingToWithdraw"));
    expect((await page()).versions.map((v) => [v.number, v.counts, v.withdrawnAt !== null])).toEqual([[2, false, true], [1, false, false]]);

    const third = await submitProposal(owner, id);
    expect(third.receipt.version).toBe(3);
    expect((await db().proposal.findUniqueOrThrow({ where: { id } })).currentVersionId).toBe(third.versionId);
    expect(await versionsOf(id)).toHaveLength(3);
    expect(await verifyAuditChain(db())).toMatchObject({ valid: true });
  });

  it("emails every member the signed receipt, and nobody else", async () => {
    const { user: owner, id } = await completeProposal(DEMO_MEMBERS.owner, "1W-09");
    const { receipt } = await submitProposal(owner, id);
    const emails = await db().outboxEmail.findMany({ where: { template: "proposalSubmitted", idempotencyKey: { startsWith: `receipt:${receipt.receiptNumber}:` } } });
    expect(emails.map((e) => e.toAddress).sort()).toEqual([...MEMBER_EMAILS].sort());
    for (const email of emails) {
      expect(email.subject).toContain(receipt.receiptNumber);
      expect(email.text).toContain(receiptText(receipt));
      const pasted = email.text.slice(email.text.indexOf("{"), email.text.lastIndexOf("}") + 1);
      expect(checkReceipt(pasted)).toEqual({ genuine: true, receipt });
    }
    const [event] = await auditOf(id, "proposal.submitted");
    expect(event).toMatchObject({ actorId: owner.id, subjectType: "proposal", data: { release: OPEN_RELEASE, plot: "1W-09", version: 1, receiptNumber: receipt.receiptNumber, receivedAt: receipt.receivedAt, packageDigest: receipt.packageDigest } });
  });
});

describe("after the deadline (while the release still says open: the clock lags)", () => {
  it("nothing can be submitted, withdrawn, saved, uploaded or deleted, and the page shows the server's time", async () => {
    const { user: owner, id, documents } = await completeProposal(DEMO_MEMBERS.owner, "1W-08");
    await submitProposal(owner, id);
    const optional = (await requiredDocuments()).find((r) => !r.mandatory)!;
    const pending = await startUpload(owner, id, { requiredDocumentId: optional.id, fileName: "layout.pdf", size: 100 });
    const snapshot = async () => ({
      proposal: await db().proposal.findUniqueOrThrow({ where: { id }, include: { versions: true, documents: true } }),
      audit: await db().auditEvent.count(),
      outbox: await db().outboxEmail.count(),
    });
    const release = await db().release.findUniqueOrThrow({ where: { code: OPEN_RELEASE } });
    const deadline = new Date(Date.now() - 1_000);
    await db().release.update({ where: { id: release.id }, data: { submissionDeadline: deadline } });
    try {
      expect((await db().release.findUniqueOrThrow({ where: { id: release.id } })).state).toBe("open");
      const before = await snapshot();
      const { revision } = before.proposal;
      const attempts: [string, () => Promise<unknown>][] = [
        ["submit", () => submitProposal(owner, id)],
        ["withdraw", () => withdrawProposal(owner, id)],
        ["save", () => saveDraft(owner, id, { revision, ...completeFields, programme: "Late change." })],
        ["start an upload", () => startUpload(owner, id, { requiredDocumentId: optional.id, fileName: "late.pdf", size: 100 })],
        ["send an upload", () => receiveUpload(owner, id, pending.documentId, [fileOf("pdf").subarray(0, 100)])],
        ["delete a document", () => removeDocument(owner, id, documents[0]!.documentId)],
        ["start a proposal", () => startProposal(owner, OPEN_RELEASE, "1W-11")],
      ];
      for (const [name, attempt] of attempts) {
        const error = await attempt().then(() => null, (e: unknown) => e);
        expect(error, name).toBeInstanceOf(DeadlinePassedError);
        expect((error as DeadlinePassedError).serverTime.getTime(), name).toBeGreaterThanOrEqual(deadline.getTime());
      }
      for (const intent of ["save", "submit", "withdraw"]) {
        const refused =
          intent === "submit"
            ? await submitFromCheck(id, DEMO_MEMBERS.owner, { declaration: "on" })
            : await post(id, DEMO_MEMBERS.owner, await formFor(id, { intent }, { programme: "Late change." }));
        expect(refused, intent).toMatchObject({ status: 409, data: { refusal: { problem: "proposals.errors.deadlinePassed", serverTime: expect.any(String) } } });
        const serverTime = new Date((refused.data as { refusal: { serverTime: string } }).refusal.serverTime);
        expect(serverTime.getTime(), intent).toBeGreaterThanOrEqual(deadline.getTime());
        expect(Math.abs(serverTime.getTime() - Date.now()), intent).toBeLessThan(60_000);
      }
      const cookie = await sessionCookieFor(DEMO_MEMBERS.owner);
      const page = (await routeOutcome(() => loader(loaderArgs(`/proposals/${id}`, { id }, { Cookie: cookie })))).data as { open: boolean; serverNow: Date };
      expect(page.open).toBe(false);
      expect(page.serverNow.getTime()).toBeGreaterThan(deadline.getTime());
      expect(await snapshot()).toEqual(before);
    } finally {
      await db().release.update({ where: { id: release.id }, data: { submissionDeadline: release.submissionDeadline } });
    }
  });
});
