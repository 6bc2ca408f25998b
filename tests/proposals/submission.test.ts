import { beforeAll, expect, it } from "vitest";
import { checkReceipt, receiptText } from "~/receipts/signing.server.ts";
import { DeadlinePassedError } from "~/proposals/gate.server.ts";
import { DraftConflictError, saveDraft, startProposal } from "~/proposals/drafts.server.ts";
import { packageDigest } from "~/proposals/sealing.server.ts";
import { submitProposal, withdrawProposal } from "~/proposals/submission.server.ts";
import { receiveUpload, startUpload } from "~/proposals/uploads.server.ts";
import { seedDemoPark } from "../../prisma/seed.ts";
import { withTestDatabase } from "../support/database.ts";
import { completeCommitments } from "../support/proposals.ts";
import { currentUserFor } from "../support/users.ts";

const db = withTestDatabase();
const OWNER = "proposer@demo.hsitp.example";

beforeAll(async () => {
  await seedDemoPark(db());
});

const complete = {
  developmentScheme: "Wet-lab R&D centre of 4 storeys.",
  intendedSectors: ["life_health_technology" as const],
  grossFloorAreaM2: 20_000,
  programme: "Construction 2027-2029.",
  trackRecord: "Twelve labs in Hong Kong.",
  jobsTalentPlan: "300 research jobs.",
  ...completeCommitments,
  landPremiumHkd: "1250000000",
  investmentCommitmentHkd: "4000000000",
};

async function uploadAll(user: Awaited<ReturnType<typeof currentUserFor>>, proposalId: string) {
  const required = await db().requiredDocument.findMany({ where: { release: { code: "HSITP-2026-02" }, mandatory: true } });
  for (const document of required) {
    const kind = document.acceptedTypes[0]!;
    const bytes = kind === "pdf" ? Buffer.from(`%PDF-1.7 ${document.nameEn}`) : Buffer.from(`PK\x03\x04 ${document.nameEn}`, "latin1");
    const plan = await startUpload(user, proposalId, { requiredDocumentId: document.id, fileName: `${document.nameEn}.${kind}`, size: bytes.length });
    await receiveUpload(user, proposalId, plan.documentId, [bytes]);
  }
}

it("prepares, uploads, submits with a signed receipt, and refuses after the deadline", async () => {
  const owner = await currentUserFor(OWNER);
  const id = await startProposal(owner, "HSITP-2026-02", "1W-07");
  expect(await startProposal(owner, "HSITP-2026-02", "1W-07")).toBe(id);
  const revision = await saveDraft(owner, id, { revision: 1, ...complete });
  expect(revision).toBe(2);
  // From a stale copy: one's own (an autosave, another tab) is no conflict; another member's is.
  expect(await saveDraft(owner, id, { revision: 1, ...complete, programme: "Other" })).toBe(3);
  const submitter = await currentUserFor("submitter@demo.hsitp.example");
  await expect(saveDraft(submitter, id, { revision: 1, ...complete, programme: "Mine" })).rejects.toBeInstanceOf(DraftConflictError);
  expect(await saveDraft(owner, id, { revision: 3, ...complete })).toBe(4);
  await uploadAll(owner, id);
  const { receipt } = await submitProposal(owner, id);
  const version = await db().proposalVersion.findUniqueOrThrow({ where: { receiptNumber: receipt.receiptNumber } });
  expect(packageDigest(version.sealedPackage)).toBe(receipt.packageDigest);
  expect(checkReceipt(receiptText(receipt))).toMatchObject({ genuine: true });
  expect(checkReceipt(receiptText({ ...receipt, plot: "1W-08" }))).toEqual({ genuine: false, reason: "badSignature" });
  expect(await db().outboxEmail.count({ where: { template: "proposalSubmitted" } })).toBeGreaterThan(0);

  await withdrawProposal(owner, id);
  expect((await db().proposal.findUniqueOrThrow({ where: { id } })).currentVersionId).toBeNull();

  await db().release.update({ where: { code: "HSITP-2026-02" }, data: { submissionDeadline: new Date(Date.now() - 1_000) } });
  await expect(submitProposal(owner, id)).rejects.toBeInstanceOf(DeadlinePassedError);
});
