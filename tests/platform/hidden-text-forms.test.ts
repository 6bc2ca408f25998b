import { beforeAll, describe, expect, it } from "vitest";
import { declareConflict } from "~/evaluation/conflicts.server.ts";
import { openTechnicalEnvelopes } from "~/evaluation/opening.server.ts";
import { formPanel } from "~/evaluation/panel.server.ts";
import { saveScores } from "~/evaluation/scoring.server.ts";
import { startProposal } from "~/proposals/drafts.server.ts";
import { action as releaseEvaluation } from "~/routes/evaluation.$code.tsx";
import { action as organisations } from "~/routes/organisations._index.tsx";
import { action as proposalPage } from "~/routes/proposals.$id/route.tsx";
import { action as uploads } from "~/routes/proposals.$id.uploads.ts";
import { action as releasePage } from "~/routes/releases.$code.tsx";
import { action as signup } from "~/routes/signup.tsx";
import { seedDemoPark } from "../../prisma/seed.ts";
import { withTestDatabase } from "../support/database.ts";
import { sealedProposal } from "../support/evaluation.ts";
import { DEMO_MEMBERS, OPEN_RELEASE, requiredDocuments } from "../support/proposals.ts";
import { actionArgs, requestArgs, routeOutcome } from "../support/routes.ts";
import { currentUserFor, sessionCookieFor } from "../support/users.ts";

// Each form, sent with a right-to-left override (U+202E) or a bell (U+0007) in its free text,
// answers 400 with the field's own message, gives back what was typed and changes nothing stored.

const db = withTestDatabase();
const RLO = "\u202e";
const BEL = "\u0007";

beforeAll(async () => {
  await seedDemoPark(db());
});

/** Every row a refused form could have written (and the audit log and outbox that go with them). */
async function everything() {
  const d = db();
  const sorted = (rows: object[]) => rows.map((row) => JSON.stringify(row, (_, v: unknown) => (typeof v === "bigint" ? String(v) : v))).sort();
  return {
    users: sorted(await d.user.findMany()),
    organisations: sorted(await d.organisation.findMany()),
    proposals: sorted(await d.proposal.findMany()),
    clarifications: sorted(await d.clarification.findMany()),
    declarations: sorted(await d.conflictDeclaration.findMany()),
    scores: sorted(await d.score.findMany()),
    audit: await d.auditEvent.count(),
    outbox: await d.outboxEmail.count(),
  };
}

/** Runs a form post and checks that it was refused for `field` with `key`, changing nothing. */
async function refusedWithoutChange(post: () => unknown) {
  const before = await everything();
  const outcome = await routeOutcome(post);
  expect(outcome.status).toBe(400);
  expect(await everything()).toEqual(before);
  return outcome.data as Record<string, unknown>;
}

describe("hidden characters in a form change nothing", () => {
  it("sign-up: a full name with a direction override", async () => {
    const name = `Chan Tai ${RLO}naM`;
    const reply = await refusedWithoutChange(() => signup(actionArgs("/signup", { name, email: "rlo@example.com", password: "correct horse battery", language: "zh-Hant" }, { clientIp: "192.0.2.171" })));
    expect(reply).toMatchObject({ error: { name: ["text.hidden.fullName"] }, initialValue: { name } });
  });

  it("an organisation's name with a direction override or a bell", async () => {
    const cookie = await sessionCookieFor("newcomer@demo.hsitp.example");
    for (const name of [`Harbour ${RLO}sbaLoiB`, `Harbour${BEL} BioLabs`]) {
      const fields = new URLSearchParams({ name, registrationNumber: "HK-CR-5550001", origin: "hong_kong", focusSectors: "other" });
      const reply = await refusedWithoutChange(() => organisations(actionArgs("/organisations", fields, { headers: { Cookie: cookie } })));
      expect(reply).toMatchObject({ error: { name: ["text.hidden.organisationName"] }, initialValue: { name } });
    }
  });

  it("a proposal's development scheme", async () => {
    const id = await startProposal(await currentUserFor(DEMO_MEMBERS.owner), OPEN_RELEASE, "1W-09");
    const cookie = await sessionCookieFor(DEMO_MEMBERS.submitter);
    const developmentScheme = `Wet labs${RLO} and pilot lines`;
    const fields = new URLSearchParams({ intent: "save", revision: "1", developmentScheme, programme: "", trackRecord: "", jobsTalentPlan: "", grossFloorAreaM2: "", landPremiumHkd: "", investmentCommitmentHkd: "" });
    const reply = await refusedWithoutChange(() => proposalPage(actionArgs(`/proposals/${id}`, fields, { params: { id }, headers: { Cookie: cookie } })));
    expect(reply).toMatchObject({ result: { error: { developmentScheme: ["text.hidden.developmentScheme"] }, initialValue: { developmentScheme } } });
  });

  it("a document's file name with a direction override (\"scheme\" U+202E \"fdp.exe\" reads as scheme.pdf): the uploader is told to rename the file", async () => {
    const id = await startProposal(await currentUserFor(DEMO_MEMBERS.owner), OPEN_RELEASE, "1W-10");
    const cookie = await sessionCookieFor(DEMO_MEMBERS.submitter);
    const [scheme] = await requiredDocuments();
    const start = { intent: "start", requiredDocumentId: scheme!.id, fileName: `scheme${RLO}fdp.exe`, size: 1_000 };
    const before = await db().proposalDocument.count();
    const outcome = await routeOutcome(() => uploads(requestArgs(`/proposals/${id}/uploads`, { json: start, params: { id }, headers: { Cookie: cookie } })));
    expect(outcome).toMatchObject({ status: 400, data: { problem: "text.hidden.fileName" } });
    expect(await db().proposalDocument.count()).toBe(before);
  });

  it("a clarification question", async () => {
    const cookie = await sessionCookieFor(DEMO_MEMBERS.contributor);
    const question = `May the plot ratio be exceeded?${BEL}${BEL}`;
    const reply = await refusedWithoutChange(() => releasePage(actionArgs(`/releases/${OPEN_RELEASE}`, { intent: "ask", question }, { params: { code: OPEN_RELEASE }, headers: { Cookie: cookie } })));
    expect(reply).toEqual({ question, problem: "text.hidden.question" });
  });

  it("a conflict statement, and an evaluator's comment", async () => {
    const release = "HSITP-2026-03";
    const admin = await currentUserFor("admin@demo.hsitp.example");
    const chair = await currentUserFor("chair@demo.hsitp.example");
    const evaluator = await currentUserFor("evaluator@demo.hsitp.example");
    const panel = await db().panelMember.count({ where: { release: { code: release } } });
    if (panel === 0) await formPanel(admin, release, { chairId: chair.id, evaluatorIds: [evaluator.id] });
    const plot = (await db().releasePlot.findFirstOrThrow({ where: { release: { code: release } }, include: { plot: true }, orderBy: { position: "asc" } })).plot.code;
    const bid = await sealedProposal(release, plot, "Mirror Labs", 700_000_000n, new Date(Date.UTC(2026, 9, 1)));
    await db().release.update({ where: { code: release }, data: { submissionDeadline: new Date(Date.now() - 60_000) } });
    if (!(await db().evaluation.findFirst({ where: { release: { code: release }, technicalOpenedAt: { not: null } } }))) await openTechnicalEnvelopes(chair, release);

    const cookie = await sessionCookieFor("evaluator@demo.hsitp.example");
    const statement = `I advised Mirror Labs${RLO} in 2025.`;
    const declare = { intent: "declare", proposalId: bid.proposalId, conflicted: "yes", statement };
    const reply = await refusedWithoutChange(() => releaseEvaluation(actionArgs(`/evaluation/${release}`, declare, { params: { code: release }, headers: { Cookie: cookie } })));
    expect(reply).toEqual({ problem: "text.hidden.conflictStatement", proposalId: bid.proposalId, conflicted: "yes", statement });

    // Scoring has no form schema: the domain refuses the comment itself.
    for (const other of await db().assignment.findMany({ where: { evaluatorId: evaluator.id, proposal: { release: { code: release } } } })) {
      if (!(await db().conflictDeclaration.findFirst({ where: { evaluatorId: evaluator.id, proposalId: other.proposalId } }))) await declareConflict(evaluator, other.proposalId, { conflicted: false });
    }
    const criterion = await db().criterion.findFirstOrThrow({ where: { release: { code: release }, envelope: "technical" } });
    const before = await everything();
    await expect(saveScores(evaluator, bid.proposalId, [{ criterionId: criterion.id, score: 1, comment: `Strong${BEL} scheme` }], false)).rejects.toThrow("text.hidden.scoreComment");
    expect(await everything()).toEqual(before);
    await saveScores(evaluator, bid.proposalId, [{ criterionId: criterion.id, score: 1, comment: "Strong scheme.\nClear programme." }], false);
  });
});
