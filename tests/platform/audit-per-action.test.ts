import { beforeAll, describe, expect, it } from "vitest";
import type { CurrentUser } from "~/accounts/sessions.server.ts";
import { answerClarification, askClarification } from "~/clarifications/clarifications.server.ts";
import { declareConflict } from "~/evaluation/conflicts.server.ts";
import { proposeDecision } from "~/evaluation/decisions.server.ts";
import { moderateScore } from "~/evaluation/moderation.server.ts";
import { openFinancialEnvelopes, openTechnicalEnvelopes } from "~/evaluation/opening.server.ts";
import { formPanel } from "~/evaluation/panel.server.ts";
import { saveScores } from "~/evaluation/scoring.server.ts";
import { registerPortalKey } from "~/platform/portal-key.server.ts";
import { saveDraft, startProposal } from "~/proposals/drafts.server.ts";
import { submitProposal, withdrawProposal } from "~/proposals/submission.server.ts";
import { issueAddendum } from "~/releases/addenda.server.ts";
import { publishRelease } from "~/releases/builder.server.ts";
import { cancelRelease, withdrawPlot } from "~/releases/cancellation.server.ts";
import { runReleaseClock } from "~/releases/clock.server.ts";
import { decideChallenge } from "~/results/challenge-decisions.server.ts";
import { lodgeChallenge } from "~/results/challenges.server.ts";
import { publishResults } from "~/results/results.server.ts";
import { seedDemoPark } from "../../prisma/seed.ts";
import { variationRequestSchema } from "~/developments/schemas.ts";
import { decideVariation, requestVariation } from "~/developments/variations.server.ts";
import { reviewProgressReport, submitProgressReport } from "~/developments/reports.server.ts";
import { chainedAuditLog } from "../support/audit.ts";
import { withTestDatabase } from "../support/database.ts";
import { createEvaluator, sealedProposal } from "../support/evaluation.ts";
import { completeFields, createOrganisation, OPEN_RELEASE, uploadMandatoryDocuments } from "../support/proposals.ts";
import { currentUserFor } from "../support/users.ts";

// Rule 10 of DOMAIN.md: every action that changes the process writes exactly one audit entry of
// its kind, in the same transaction as the change; a refused action writes none and changes nothing.
// One release's whole life, action by action, each checked three ways:
//   1. with the audit log refusing every entry (a trigger), the action fails and nothing changed:
//      the change and its entry commit together or not at all;
//   2. done, it changes the database and writes exactly the entries named, one of each;
//   3. refused (done again, or by someone who may not), it writes nothing and changes nothing.

const db = withTestDatabase();
/** The demo's draft release: published, changed, asked about and cancelled below. */
const LATER_RELEASE = "HSITP-2027-01";
const reason = { reasonEn: "The road alignment changed.", reasonZhHant: "道路走線已更改。" };
let admin: CurrentUser;
let chair: CurrentUser;
let evaluator: CurrentUser;
let newcomer: CurrentUser;
const bids: Record<string, Awaited<ReturnType<typeof sealedProposal>>> = {};
const bidder: Record<string, CurrentUser> = {};
let proposalId = "";
let clarificationId = "";
let challengeId = "";
let developmentId = "";
let variationId = "";
let reportId = "";
/** A progress report of nothing yet done, for a reporting date. */
const progressFigures = (dueOn: Date) => ({ dueOn: dueOn.toISOString().slice(0, 10), investmentSpentHkd: "1000000", researchPostsFilled: 0, graduatePlacesFilled: 0, gfaCompletedM2: 0, gfaLetM2: 0, narrative: "Site investigation.", reached: {}, kept: [] });

const award = (plot: string) => db().award.findFirstOrThrow({ where: { release: { code: OPEN_RELEASE }, plot: { code: plot }, status: { not: "cancelled" } } });
const technicalCriteria = () => db().criterion.findMany({ where: { release: { code: OPEN_RELEASE }, envelope: "technical" }, orderBy: { position: "asc" } });
const scoreAll = async (id: string, score: number) => saveScores(evaluator, id, (await technicalCriteria()).map((c) => ({ criterionId: c.id, score, comment: "Explained." })), true);
const decide = (id: string, outcome: "shortlisted" | "reserve" | "not_shortlisted", as = chair) =>
  proposeDecision(as, id, { outcome, reason: "panel_note", noteEn: "As ranked.", noteZhHant: "按排名。" });

/**
 * Every row of every table, as one string per table: what "changes nothing" compares. Not the
 * rate limits: they count attempts, refused ones included, by design.
 */
async function databaseContents(): Promise<Record<string, string>> {
  // Entries of earlier steps get their chain position when the chainer runs: chained first, so only
  // the step itself can change the log.
  await chainedAuditLog(db());
  const tables = await db().$queryRaw<{ name: string }[]>`
    SELECT table_name AS name FROM information_schema.tables
    WHERE table_schema = current_schema() AND table_type = 'BASE TABLE' AND table_name NOT IN ('_prisma_migrations', 'RateLimit')`;
  const contents: Record<string, string> = {};
  for (const { name } of tables) {
    const [row] = await db().$queryRawUnsafe<{ rows: string | null }[]>(`SELECT md5(string_agg(t::text, '|' ORDER BY t::text)) AS rows FROM "${name}" t`);
    contents[name] = row?.rows ?? "";
  }
  return contents;
}

const lastSequence = async () => (await (await chainedAuditLog(db())).findFirst({ orderBy: { sequence: "desc" }, select: { sequence: true } }))?.sequence ?? 0n;
const entriesAfter = async (sequence: bigint) => (await (await chainedAuditLog(db())).findMany({ where: { sequence: { gt: sequence } }, orderBy: { sequence: "asc" } })).map((e) => e.action);

/** While it runs, the audit log refuses every entry, as a full disk or a lost connection would. */
async function withAuditRefused(act: () => Promise<unknown>): Promise<void> {
  await db().$executeRawUnsafe(`CREATE FUNCTION refuse_audit_entry() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'audit log unavailable'; END $$`);
  await db().$executeRawUnsafe(`CREATE TRIGGER refuse_audit_entry BEFORE INSERT ON "AuditEvent" FOR EACH ROW EXECUTE FUNCTION refuse_audit_entry()`);
  try {
    await act();
  } finally {
    await db().$executeRawUnsafe(`DROP TRIGGER refuse_audit_entry ON "AuditEvent"`);
    await db().$executeRawUnsafe(`DROP FUNCTION refuse_audit_entry()`);
  }
}

interface ProcessAction {
  action: string;
  /** What the audit log gains, in order: one entry of each. */
  writes: string[];
  /** What the step before it leaves to be done (not measured). */
  arrange?: () => Promise<unknown>;
  act: () => Promise<unknown>;
  /** The same action refused (done again, or by someone who may not)… */
  refused: () => Promise<unknown>;
  /** …with this error; none: it finds nothing left to do. */
  refusal?: string;
}

const actions: ProcessAction[] = [
  {
    action: "publish a release",
    writes: ["release.published"],
    act: () => publishRelease(admin, LATER_RELEASE, "now"),
    refused: () => publishRelease(admin, LATER_RELEASE, "now"),
    refusal: "builder.errors.notDraft",
  },
  {
    action: "issue an addendum",
    writes: ["release.addendum_issued"],
    act: () => issueAddendum(admin, LATER_RELEASE, { notesEn: "Survey reports added.", notesZhHant: "新增勘察報告。" }),
    // After the deadline nothing changes the conditions.
    refused: async () => issueAddendum(admin, LATER_RELEASE, { notesEn: "Too late.", notesZhHant: "太遲。" }, new Date((await db().release.findUniqueOrThrow({ where: { code: LATER_RELEASE } })).submissionDeadline.getTime() + 1_000)),
    refusal: "builder.errors.deadlinePast",
  },
  {
    action: "withdraw a plot from a published release (an addendum)",
    writes: ["release.addendum_issued", "release.plot_withdrawn"],
    act: async () => withdrawPlot(admin, LATER_RELEASE, await plotOf(LATER_RELEASE, 0), reason),
    refused: async () => withdrawPlot(admin, LATER_RELEASE, await withdrawnPlotOf(LATER_RELEASE), reason),
    refusal: "cancellation.errors.notOffered",
  },
  {
    action: "ask a clarification question",
    writes: ["clarification.asked"],
    act: () => askClarification(newcomer, LATER_RELEASE, "May the building line follow the new road?"),
    refused: () => askClarification(admin, LATER_RELEASE, "Staff do not ask questions."),
    refusal: "clarifications.errors.staff",
  },
  {
    action: "answer a clarification question",
    writes: ["clarification.answered"],
    arrange: async () => {
      clarificationId = (await db().clarification.findFirstOrThrow({ where: { release: { code: LATER_RELEASE } }, orderBy: { askedAt: "desc" } })).id;
    },
    act: () => answerClarification(admin, clarificationId, "Yes, at the published setback."),
    refused: () => answerClarification(admin, clarificationId, "Answered twice."),
    refusal: "clarifications.errors.answered",
  },
  {
    action: "cancel a release",
    writes: ["release.cancelled"],
    act: () => cancelRelease(admin, LATER_RELEASE, reason),
    refused: () => cancelRelease(admin, LATER_RELEASE, reason),
    refusal: "cancellation.errors.notLive",
  },
  {
    action: "start a proposal",
    writes: ["proposal.started"],
    act: async () => {
      proposalId = await startProposal(newcomer, OPEN_RELEASE, "1W-10");
    },
    // Starting it again opens the same proposal.
    refused: () => startProposal(newcomer, OPEN_RELEASE, "1W-10"),
  },
  {
    action: "submit a proposal",
    writes: ["proposal.submitted"],
    arrange: async () => {
      const { revision } = await db().proposal.findUniqueOrThrow({ where: { id: proposalId } });
      await saveDraft(newcomer, proposalId, { revision, ...completeFields });
      await uploadMandatoryDocuments(newcomer, proposalId);
    },
    act: () => submitProposal(newcomer, proposalId),
    // Sealing what the proposer did not see (a revision since changed) is refused.
    refused: () => submitProposal(newcomer, proposalId, { revision: -1, documentIds: [] }),
    refusal: "proposals.errors.changedMeanwhile",
  },
  {
    action: "withdraw a proposal",
    writes: ["proposal.withdrawn"],
    act: () => withdrawProposal(newcomer, proposalId),
    refused: () => withdrawProposal(newcomer, proposalId),
    refusal: "proposals.errors.nothingToWithdraw",
  },
  {
    action: "form the panel",
    writes: ["panel.formed"],
    act: () => formPanel(admin, OPEN_RELEASE, { chairId: chair.id, evaluatorIds: [evaluator.id] }),
    refused: () => formPanel(admin, OPEN_RELEASE, { chairId: chair.id, evaluatorIds: [] }),
    refusal: "evaluation.errors.noEvaluators",
  },
  {
    action: "close the release at its deadline (the clock)",
    writes: ["release.closed"],
    arrange: () => db().release.update({ where: { code: OPEN_RELEASE }, data: { submissionDeadline: new Date(Date.now() - 1_000) } }),
    act: () => runReleaseClock(),
    // A second tick finds nothing to close.
    refused: () => runReleaseClock(),
  },
  {
    action: "open the technical envelopes",
    writes: ["evaluation.technical_opened"],
    act: () => openTechnicalEnvelopes(chair, OPEN_RELEASE),
    refused: () => openTechnicalEnvelopes(chair, OPEN_RELEASE),
    refusal: "evaluation.errors.alreadyOpened",
  },
  {
    action: "declare on a proposal",
    writes: ["evaluation.conflict_declared"],
    act: () => declareConflict(evaluator, bids.alpha!.proposalId, { conflicted: false }),
    refused: () => declareConflict(evaluator, bids.alpha!.proposalId, { conflicted: true, statement: "Changed my mind." }),
    refusal: "evaluation.errors.alreadyDeclared",
  },
  {
    action: "submit one's scores",
    writes: ["evaluation.scores_submitted"],
    arrange: async () => {
      for (const member of [evaluator, chair]) {
        for (const bid of Object.values(bids)) {
          if (!(await db().conflictDeclaration.findFirst({ where: { proposalId: bid.proposalId, evaluatorId: member.id } }))) await declareConflict(member, bid.proposalId, { conflicted: false });
        }
      }
    },
    act: () => scoreAll(bids.alpha!.proposalId, 7),
    refused: () => scoreAll(bids.alpha!.proposalId, 9),
    refusal: "evaluation.errors.scoresLocked",
  },
  {
    action: "moderate a score",
    writes: ["evaluation.score_moderated"],
    arrange: async () => {
      await scoreAll(bids.beta!.proposalId, 8);
      await scoreAll(bids.gamma!.proposalId, 8);
      await scoreAll(bids.epsilon!.proposalId, 7);
    },
    act: async () => moderateScore(chair, bids.alpha!.proposalId, (await technicalCriteria())[0]!.id, 6, "The programme lacks dates."),
    refused: async () => moderateScore(chair, bids.alpha!.proposalId, (await technicalCriteria())[0]!.id, 5, ""),
    refusal: "evaluation.errors.reasonRequired",
  },
  {
    action: "open the financial envelopes",
    writes: ["evaluation.financial_opened"],
    act: () => openFinancialEnvelopes(chair, OPEN_RELEASE),
    refused: () => openFinancialEnvelopes(chair, OPEN_RELEASE),
    refusal: "evaluation.errors.alreadyOpened",
  },
  {
    action: "propose a decision",
    writes: ["evaluation.decision_proposed"],
    act: () => decide(bids.beta!.proposalId, "shortlisted"),
    refused: () => decide(bids.beta!.proposalId, "not_shortlisted", evaluator),
    refusal: "evaluation.errors.notChair",
  },
  {
    action: "publish the results (the standstill starts)",
    writes: ["standstill.started", "evaluation.results_published"],
    arrange: async () => {
      await decide(bids.alpha!.proposalId, "reserve");
      await decide(bids.gamma!.proposalId, "shortlisted");
      await decide(bids.epsilon!.proposalId, "reserve");
    },
    act: () => publishResults(admin, OPEN_RELEASE),
    refused: () => publishResults(admin, OPEN_RELEASE),
    refusal: "evaluation.errors.alreadyPublished",
  },
  {
    action: "lodge a challenge",
    writes: ["challenge.lodged"],
    act: async () => {
      challengeId = (await lodgeChallenge(bidder.alpha!, (await award("1W-07")).id, "The moderation of our programme score was not explained.")).id;
    },
    refused: async () => lodgeChallenge(bidder.alpha!, (await award("1W-07")).id, "A second challenge of the same award."),
    refusal: "challenges.errors.alreadyLodged",
  },
  {
    action: "dismiss a challenge",
    writes: ["challenge.dismissed"],
    act: () => decideChallenge(admin, challengeId, { decision: "dismissed", response: "The reason is recorded and was shown to the panel." }),
    refused: () => decideChallenge(admin, challengeId, { decision: "dismissed", response: "Decided twice." }),
    refusal: "challenges.errors.alreadyDecided",
  },
  {
    action: "make an award final (the clock, after the standstill)",
    // With the plot's development record, made in the same step from the sealed version (rule 12).
    writes: ["development.created", "award.final"],
    arrange: async () => db().$executeRaw`UPDATE "Award" SET "standstillEndsAt" = clock_timestamp() - interval '1 second' WHERE id = ${(await award("1W-07")).id}::uuid`,
    act: () => runReleaseClock(),
    // A second tick finds it final already.
    refused: () => runReleaseClock(),
  },
  {
    action: "ask for a variation of a promise",
    writes: ["variation.requested"],
    arrange: async () => {
      developmentId = (await db().development.findFirstOrThrow({ where: { award: { release: { code: OPEN_RELEASE }, plot: { code: "1W-07" } } } })).id;
    },
    act: async () => {
      variationId = await requestVariation(bidder.beta!, developmentId, variationRequestSchema.parse({ subject: "investment", value: "1100000000", ...reason }));
    },
    refused: () => requestVariation(bidder.beta!, developmentId, variationRequestSchema.parse({ subject: "investment", value: "1200000000", ...reason })),
    refusal: "variations.errors.alreadyRequested",
  },
  {
    action: "decide a variation",
    writes: ["variation.decided"],
    act: () => decideVariation(admin, developmentId, variationId, { decision: "approved", noteEn: "", noteZhHant: "" }),
    refused: () => decideVariation(admin, developmentId, variationId, { decision: "refused", noteEn: "Decided twice.", noteZhHant: "重複決定。" }),
    refusal: "variations.errors.alreadyDecided",
  },
  {
    action: "report progress",
    writes: ["progress_report.submitted"],
    act: async () => {
      const { firstReportDue } = await db().development.findUniqueOrThrow({ where: { id: developmentId } });
      reportId = (await submitProgressReport(bidder.beta!, developmentId, progressFigures(firstReportDue))).id;
    },
    refused: async () => {
      const { firstReportDue } = await db().development.findUniqueOrThrow({ where: { id: developmentId } });
      await submitProgressReport(bidder.beta!, developmentId, progressFigures(firstReportDue));
    },
    refusal: "progressReports.errors.alreadyReported",
  },
  {
    action: "verify a progress report",
    writes: ["progress_report.verified"],
    act: () => reviewProgressReport(admin, developmentId, reportId, { decision: "verify" }),
    refused: () => reviewProgressReport(admin, developmentId, reportId, { decision: "verify" }),
    refusal: "progressReports.errors.alreadyReviewed",
  },
  {
    action: "uphold a challenge (the award suspended, the evaluation reopened)",
    writes: ["challenge.upheld", "award.suspended", "evaluation.reopened"],
    arrange: async () => {
      challengeId = (await lodgeChallenge(bidder.epsilon!, (await award("1W-08")).id, "Our track record was scored against the wrong criterion.")).id;
    },
    act: () => decideChallenge(admin, challengeId, { decision: "upheld", response: "The panel will moderate again.", stage: "moderation" }),
    refused: () => decideChallenge(admin, challengeId, { decision: "upheld", response: "Upheld twice.", stage: "moderation" }),
    refusal: "challenges.errors.alreadyDecided",
  },
];

async function plotOf(code: string, index: number) {
  const plots = await db().releasePlot.findMany({ where: { release: { code }, withdrawnAt: null }, include: { plot: true }, orderBy: { position: "asc" } });
  return plots[index]!.plot.code;
}

async function withdrawnPlotOf(code: string) {
  return (await db().releasePlot.findFirstOrThrow({ where: { release: { code }, withdrawnAt: { not: null } }, include: { plot: true } })).plot.code;
}

beforeAll(async () => {
  await seedDemoPark(db());
  admin = await currentUserFor("admin@demo.hsitp.example");
  chair = await currentUserFor("chair@demo.hsitp.example");
  evaluator = await currentUserFor((await createEvaluator("Audit Evaluator")).email);
  newcomer = await currentUserFor((await createOrganisation("Audit Newcomer Limited")).emails[0]!);
  const at = (s: number) => new Date(Date.UTC(2026, 10, 20, 3, 0, s));
  bids.alpha = await sealedProposal(OPEN_RELEASE, "1W-07", "Alpha Labs", 900_000_000n, at(1));
  bids.beta = await sealedProposal(OPEN_RELEASE, "1W-07", "Beta Robotics", 1_000_000_000n, at(2));
  bids.gamma = await sealedProposal(OPEN_RELEASE, "1W-08", "Gamma Energy", 500_000_000n, at(3));
  bids.epsilon = await sealedProposal(OPEN_RELEASE, "1W-08", "Epsilon Materials", 450_000_000n, at(4));
  for (const [key, bid] of Object.entries(bids)) bidder[key] = await currentUserFor(bid.ownerEmail);
  // Written once, outside any action's transaction, by whichever submission comes first.
  await registerPortalKey();
});

describe("every process action writes exactly one audit entry of its kind, with its change (rule 10)", () => {
  it.each(actions.map((a) => [a.action, a] as const))("%s", async (_name, step) => {
    await step.arrange?.();
    const before = await databaseContents();
    const start = await lastSequence();

    await withAuditRefused(async () => {
      await expect(step.act()).rejects.toThrow("audit log unavailable");
    });
    expect(await databaseContents(), "the change without its audit entry").toEqual(before);

    await step.act();
    // In the order recorded, also within one millisecond (docs/decisions/0015).
    expect(await entriesAfter(start), "the entries written").toEqual(step.writes);
    expect(await databaseContents(), "the change itself").not.toEqual(before);

    const done = await databaseContents();
    const end = await lastSequence();
    if (step.refusal) await expect(step.refused()).rejects.toThrow(step.refusal);
    else await step.refused();
    expect(await entriesAfter(end), "entries written by the refused action").toEqual([]);
    expect(await databaseContents(), "what the refused action changed").toEqual(done);
  });
});
