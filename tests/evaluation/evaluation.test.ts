import { beforeAll, describe, expect, it } from "vitest";
import { evaluatorMaySee } from "~/evaluation/conflict-gate.server.ts";
import { declareConflict, evaluatorOverview } from "~/evaluation/conflicts.server.ts";
import { proposeDecision } from "~/evaluation/decisions.server.ts";
import type { DecisionReasonTemplate } from "~/evaluation/reasons.ts";
import { moderateScore, moderationView } from "~/evaluation/moderation.server.ts";
import { openFinancialEnvelopes, openingRecord, openTechnicalEnvelopes } from "~/evaluation/opening.server.ts";
import { balancedAssignment, formPanel } from "~/evaluation/panel.server.ts";
import { releaseRanking } from "~/evaluation/ranking-data.server.ts";
import { proposalForEvaluator, saveScores } from "~/evaluation/scoring.server.ts";
import { publishResults } from "~/results/results.server.ts";
import { ownOutcome } from "~/results/own-outcome.server.ts";
import { publicResults } from "~/results/public-results.server.ts";
import type { CurrentUser } from "~/accounts/sessions.server.ts";
import { ocdsReleasePackage } from "~/open-data/ocds.server.ts";
import { seedDemoPark } from "../../prisma/seed.ts";
import { withTestDatabase } from "../support/database.ts";
import { createEvaluator, sealedProposal } from "../support/evaluation.ts";
import { ocdsPackageValidator } from "../support/ocds.ts";
import { currentUserFor } from "../support/users.ts";

const db = withTestDatabase();
const RELEASE = "HSITP-2026-02";

let admin: CurrentUser;
let chair: CurrentUser;
let evaluators: CurrentUser[];
const bids: Record<string, Awaited<ReturnType<typeof sealedProposal>>> = {};

beforeAll(async () => {
  await seedDemoPark(db());
  admin = await currentUserFor("admin@demo.hsitp.example");
  chair = await currentUserFor("chair@demo.hsitp.example");
  const third = await createEvaluator("Third Evaluator");
  evaluators = [await currentUserFor("evaluator@demo.hsitp.example"), await currentUserFor(third.email), await currentUserFor((await createEvaluator("Fourth Evaluator")).email)];
  const at = (s: number) => new Date(Date.UTC(2026, 10, 20, 3, 0, s));
  bids.alpha = await sealedProposal(RELEASE, "1W-07", "Alpha Labs", 900_000_000n, at(1));
  bids.beta = await sealedProposal(RELEASE, "1W-07", "Beta Robotics", 1_000_000_000n, at(2));
  bids.gamma = await sealedProposal(RELEASE, "1W-08", "Gamma Energy", 500_000_000n, at(3));
});

const technicalCriteria = () => db().criterion.findMany({ where: { release: { code: RELEASE }, envelope: "technical" }, orderBy: { position: "asc" } });
/** A proposal's outcome as its own page asks for it, with the proposal as the page read it. */
const outcomeOf = async (id: string) => ownOutcome(await db().proposal.findUniqueOrThrow({ where: { id }, include: { release: true } }));
const everyCriterion = async (score: number) => (await technicalCriteria()).map((c) => ({ criterionId: c.id, score, comment: score === 0 || score === c.maxScore ? "Extreme mark, explained." : "" }));

describe("a release's evaluation, from panel to published results", () => {
  it("forms the panel of staff evaluators only", async () => {
    const proposer = (await db().user.findUniqueOrThrow({ where: { email: "proposer@demo.hsitp.example" } })).id;
    await expect(formPanel(admin, RELEASE, { chairId: chair.id, evaluatorIds: [proposer] })).rejects.toThrow("evaluation.errors.notEvaluators");
    await formPanel(admin, RELEASE, { chairId: chair.id, evaluatorIds: evaluators.map((e) => e.id) });
    expect(await db().panelMember.count({ where: { release: { code: RELEASE } } })).toBe(4);
  });

  it("opens nothing before the deadline, by the database's clock", async () => {
    await expect(openTechnicalEnvelopes(evaluators[0]!, RELEASE)).rejects.toThrow("evaluation.errors.notChair");
    await expect(openTechnicalEnvelopes(chair, RELEASE)).rejects.toThrow("evaluation.errors.beforeDeadline");
    expect(await evaluatorMaySee(evaluators[0]!.id, bids.alpha!.proposalId)).toBe(false);
    expect(await openingRecord(RELEASE)).toBeNull();
  });

  it("opens after the deadline with a record of every proposal received, in the audit log", async () => {
    await db().release.update({ where: { code: RELEASE }, data: { submissionDeadline: new Date(Date.now() - 1_000) } });
    const record = await openTechnicalEnvelopes(chair, RELEASE);
    expect(record.map((l) => [l.organisation, l.plot])).toEqual([["Alpha Labs", "1W-07"], ["Beta Robotics", "1W-07"], ["Gamma Energy", "1W-08"]]);
    const audit = await db().auditEvent.findFirstOrThrow({ where: { action: "evaluation.technical_opened", subjectId: RELEASE } });
    expect((audit.data as { record: unknown[] }).record).toHaveLength(3);
    await expect(openTechnicalEnvelopes(chair, RELEASE)).rejects.toThrow("evaluation.errors.alreadyOpened");
    expect(await db().assignment.count({ where: { proposal: { release: { code: RELEASE } } } })).toBe(9);
  });

  it("shows an evaluator no proposal until they have declared on all of theirs; a conflicted one never", async () => {
    const [first] = evaluators;
    const overview = await evaluatorOverview(first!, RELEASE);
    expect(overview?.allDeclared).toBe(false);
    expect(overview?.rows.map((r) => r.organisation)).toEqual(["Alpha Labs", "Beta Robotics", "Gamma Energy"]);
    await declareConflict(first!, bids.alpha!.proposalId, { conflicted: false });
    expect(await proposalForEvaluator(first!, bids.alpha!.proposalId)).toBeNull();
    await expect(declareConflict(first!, bids.beta!.proposalId, { conflicted: true })).rejects.toThrow("evaluation.errors.statementRequired");
    await declareConflict(first!, bids.beta!.proposalId, { conflicted: true, statement: "I advised Beta Robotics in 2025." });
    await declareConflict(first!, bids.gamma!.proposalId, { conflicted: false });
    await expect(declareConflict(first!, bids.gamma!.proposalId, { conflicted: true, statement: "changed my mind" })).rejects.toThrow("evaluation.errors.alreadyDeclared");
    expect(await proposalForEvaluator(first!, bids.alpha!.proposalId)).toMatchObject({ organisation: "Alpha Labs", technical: { developmentScheme: "Scheme of Alpha Labs" } });
    expect(await proposalForEvaluator(first!, bids.beta!.proposalId)).toBeNull();
    await expect(saveScores(first!, bids.beta!.proposalId, await everyCriterion(5), false)).rejects.toThrow("evaluation.errors.notAssigned");
    for (const evaluator of evaluators.slice(1)) for (const bid of Object.values(bids)) await declareConflict(evaluator, bid.proposalId, { conflicted: false });
  });

  it("never shows the financial envelope to an evaluator", async () => {
    const seen = await proposalForEvaluator(evaluators[1]!, bids.alpha!.proposalId);
    expect(JSON.stringify(seen)).not.toContain("900000000");
    expect(JSON.stringify(seen)).not.toContain("landPremium");
  });

  it("checks ranges and comments, locks on submission, and shows others' scores only after one's own", async () => {
    const [first, second, third] = evaluators as [CurrentUser, CurrentUser, CurrentUser];
    const criteria = await technicalCriteria();
    await expect(saveScores(first, bids.alpha!.proposalId, [{ criterionId: criteria[0]!.id, score: 11, comment: "" }], false)).rejects.toThrow("evaluation.errors.scoreRange");
    await expect(saveScores(first, bids.alpha!.proposalId, [{ criterionId: criteria[0]!.id, score: 10, comment: " " }], false)).rejects.toThrow("evaluation.errors.commentRequired");
    await saveScores(first, bids.alpha!.proposalId, [{ criterionId: criteria[0]!.id, score: 7, comment: "" }], false);
    await expect(saveScores(first, bids.alpha!.proposalId, [], true)).rejects.toThrow("evaluation.errors.scoresIncomplete");
    await saveScores(first, bids.alpha!.proposalId, await everyCriterion(8), true);
    await expect(saveScores(first, bids.alpha!.proposalId, await everyCriterion(9), false)).rejects.toThrow("evaluation.errors.scoresLocked");

    await saveScores(second, bids.alpha!.proposalId, await everyCriterion(2), false);
    expect((await proposalForEvaluator(second, bids.alpha!.proposalId))!.othersScores).toEqual([]);
    await saveScores(second, bids.alpha!.proposalId, await everyCriterion(2), true);
    expect((await proposalForEvaluator(second, bids.alpha!.proposalId))!.othersScores.map((s) => s.score)).toEqual(criteria.map(() => 8));

    await saveScores(third, bids.alpha!.proposalId, await everyCriterion(8), true);
    for (const evaluator of [first, second, third]) await saveScores(evaluator, bids.gamma!.proposalId, await everyCriterion(3), true);
    for (const evaluator of [second, third]) await saveScores(evaluator, bids.beta!.proposalId, await everyCriterion(7), true);
  });

  it("shows the chair nothing until the chair has declared on every proposal, like every evaluator", async () => {
    expect((await evaluatorOverview(chair, RELEASE))!.rows.map((r) => r.organisation)).toEqual(["Alpha Labs", "Beta Robotics", "Gamma Energy"]);
    expect((await moderationView(chair, RELEASE))!.proposals).toEqual([]);
    for (const bid of Object.values(bids)) await declareConflict(chair, bid.proposalId, { conflicted: false });
    expect((await evaluatorOverview(chair, RELEASE))!.allDeclared).toBe(true);
  });

  it("lets the chair see the spread, flag wide disagreement and moderate with a reason, keeping the originals", async () => {
    const view = (await moderationView(chair, RELEASE))!;
    const alpha = view.proposals.find((p) => p.proposalId === bids.alpha!.proposalId)!;
    expect(alpha.criteria[0]).toMatchObject({ spread: 6, wide: true, mean: 6 });
    const beta = view.proposals.find((p) => p.proposalId === bids.beta!.proposalId)!;
    expect(beta).toMatchObject({ eligibleEvaluators: 2, belowMinimum: false, declarations: expect.arrayContaining([expect.objectContaining({ conflicted: true })]) });
    const criterion = (await technicalCriteria())[0]!;
    await expect(moderateScore(chair, bids.alpha!.proposalId, criterion.id, 8, "")).rejects.toThrow("evaluation.errors.reasonRequired");
    await expect(moderateScore(evaluators[0]!, bids.alpha!.proposalId, criterion.id, 8, "Outlier")).rejects.toThrow("evaluation.errors.notChair");
    await moderateScore(chair, bids.alpha!.proposalId, criterion.id, 8, "The low mark misread the scheme's lab area.");
    const after = (await moderationView(chair, RELEASE))!.proposals.find((p) => p.proposalId === bids.alpha!.proposalId)!;
    expect(after.criteria[0]).toMatchObject({ moderated: { score: 8 }, scores: expect.arrayContaining([expect.objectContaining({ score: 2 })]) });
  });

  it("opens only the passers' financial envelopes and ranks per plot", async () => {
    const before = (await releaseRanking(RELEASE))!;
    expect(before.financialOpen).toBe(false);
    expect([...before.ranked.values()].flat().every((p) => p.financialScore === null)).toBe(true);
    const results = await openFinancialEnvelopes(chair, RELEASE);
    expect(results.filter((r) => r.passed).map((r) => r.proposalId).sort()).toEqual([bids.alpha!.proposalId, bids.beta!.proposalId].sort());
    const ranking = (await releaseRanking(RELEASE))!;
    const plot7 = ranking.ranked.get("1W-07")!;
    // Alpha: 25×0.8 (moderated) + 25×0.6 + 15×0.6 + 10×0.6 = 50, + 25×0.9 = 72.5; Beta: 52.5 + 25 = 77.5
    expect(plot7.map((p) => [p.proposalId, p.technicalScore, p.financialScore, p.total, p.rank])).toEqual([
      [bids.beta!.proposalId, 52.5, 25, 77.5, 1],
      [bids.alpha!.proposalId, 50, 22.5, 72.5, 2],
    ]);
    // Gamma failed the pass mark (22.5 of 45): its financial envelope stays sealed.
    expect(ranking.ranked.get("1W-08")![0]).toMatchObject({ passed: false, financialScore: null, total: null, rank: null });
    await expect(saveScores(evaluators[0]!, bids.gamma!.proposalId, await everyCriterion(9), false)).rejects.toThrow();
  });

  it("takes a reason only where the ranking says it, with a note in both languages or neither", async () => {
    const decide = (id: string, outcome: "shortlisted" | "reserve" | "not_shortlisted", reason: DecisionReasonTemplate, note: { noteEn?: string; noteZhHant?: string } = {}) =>
      proposeDecision(chair, id, { outcome, reason, noteEn: note.noteEn ?? null, noteZhHant: note.noteZhHant ?? null });
    await expect(proposeDecision(evaluators[0]!, bids.beta!.proposalId, { outcome: "shortlisted", reason: "highest_total", noteEn: null, noteZhHant: null })).rejects.toThrow("evaluation.errors.notChair");
    // Alpha is second on 1W-07, Gamma below the pass mark: neither has the highest total.
    await expect(decide(bids.alpha!.proposalId, "shortlisted", "highest_total")).rejects.toThrow("outcomes.errors.reasonNotTrue");
    await expect(decide(bids.gamma!.proposalId, "not_shortlisted", "below_other_total")).rejects.toThrow("outcomes.errors.reasonNotTrue");
    await expect(decide(bids.beta!.proposalId, "not_shortlisted", "below_pass_mark")).rejects.toThrow("outcomes.errors.reasonNotTrue");
    await expect(decide(bids.beta!.proposalId, "reserve", "highest_total")).rejects.toThrow("outcomes.errors.reasonNotForOutcome");
    await expect(decide(bids.beta!.proposalId, "shortlisted", "highest_total", { noteEn: "Strong scheme." })).rejects.toThrow("outcomes.errors.noteBothLanguages");
    await expect(decide(bids.alpha!.proposalId, "reserve", "panel_note")).rejects.toThrow("outcomes.errors.noteRequired");
    expect(await db().decision.count({ where: { proposal: { release: { code: RELEASE } } } })).toBe(0);
    await decide(bids.beta!.proposalId, "shortlisted", "highest_total");
    // Decided, not published: the proposer's page shows no outcome yet.
    expect(await outcomeOf(bids.beta!.proposalId)).toBeNull();
  });

  it("publishes the chair's shortlist: plots awarded or back to the inventory, every bidder told their own outcome", async () => {
    await proposeDecision(chair, bids.beta!.proposalId, { outcome: "shortlisted", reason: "highest_total", noteEn: "Its labs open first.", noteZhHant: "其實驗室最先啟用。" });
    await proposeDecision(chair, bids.alpha!.proposalId, { outcome: "reserve", reason: "reserve", noteEn: null, noteZhHant: null });
    await expect(publishResults(admin, RELEASE)).rejects.toThrow("evaluation.errors.decisionsMissing");
    await proposeDecision(chair, bids.gamma!.proposalId, { outcome: "not_shortlisted", reason: "below_pass_mark", noteEn: null, noteZhHant: null });
    // The failing proposer reads their outcome in Chinese; their colleague in English.
    await db().user.update({ where: { email: bids.gamma!.ownerEmail }, data: { locale: "zh-Hant" } });
    const colleague = await db().user.create({ data: { email: "colleague@gamma.example", name: "Colleague", passwordHash: "x", locale: "en" } });
    await db().membership.create({ data: { userId: colleague.id, organisationId: bids.gamma!.organisationId, role: "contributor" } });
    await publishResults(admin, RELEASE);
    expect((await db().plot.findUniqueOrThrow({ where: { code: "1W-07" } })).state).toBe("awarded");
    expect((await db().plot.findUniqueOrThrow({ where: { code: "1W-08" } })).state).toBe("inventory");
    expect((await db().release.findUniqueOrThrow({ where: { code: RELEASE } })).state).toBe("concluded");
    const release = await db().release.findUniqueOrThrow({ where: { code: RELEASE } });
    const published = (await publicResults(release.id))!.plots.find((p) => p.plot === "1W-07")!;
    expect({ awardee: published.award?.organisation, reserve: published.reserve.map((r) => r.organisation) }).toEqual({ awardee: "Beta Robotics", reserve: ["Alpha Labs"] });
    const ocds = (await ocdsReleasePackage(RELEASE))!;
    const validate = ocdsPackageValidator();
    expect(validate(ocds), JSON.stringify(validate.errors)).toBe(true);
    const [ocdsRelease] = ocds.releases as { awards?: { suppliers: { name: string }[]; relatedLots: string[] }[]; tag: string[] }[];
    expect(ocdsRelease!.tag).toContain("award");
    expect(ocdsRelease!.awards).toEqual([expect.objectContaining({ suppliers: [expect.objectContaining({ name: "Beta Robotics" })], relatedLots: ["1W-07"] })]);
    expect(JSON.stringify(ocds)).not.toContain("Alpha Labs");
  });

  it("tells the proposer below the pass mark, in their own language, that their financial envelope was never opened, with only their own figures", async () => {
    const email = async (to: string) => db().outboxEmail.findFirstOrThrow({ where: { toAddress: to, template: "evaluationOutcome" } });
    const gammaZh = await email(bids.gamma!.ownerEmail);
    const gammaEn = await email("colleague@gamma.example");
    // Gamma: 3 of 10 on every criterion: 7.5 + 7.5 + 4.5 + 3 = 22.5 of 75, below the pass mark of 45.
    expect(gammaEn.subject).toBe("Outcome of your proposal for plot 1W-08 (HSITP-2026-02)");
    expect(gammaEn.text).toContain("Reason: Technical score 22.5 below the pass mark of 45: the financial envelope was not opened.");
    expect(gammaEn.text).toContain("technical score 22.5 of 75, below the pass mark of 45");
    expect(gammaEn.text).toContain("your financial envelope was never opened");
    expect(gammaEn.text).toMatch(/Your scores per criterion \(after moderation\): [^\n]+: 3 \/ 10; /);
    expect(gammaZh.subject).toBe("您就地段 1W-08 的建議書結果（HSITP-2026-02）");
    expect(gammaZh.text).toContain("理由：技術分數 22.5 未達合格分數 45：財務標書沒有開啟。");
    expect(gammaZh.text).toContain("您的財務標書從未開啟");
    expect(gammaZh.html).toContain('lang="zh-Hant"');
    for (const text of [gammaEn.text, gammaZh.text]) {
      // Nothing of the other proposals: their names, premiums, technical scores and totals.
      for (const other of ["Alpha", "Beta", "900,000,000", "900000000", "1,000,000,000", "52.5", "77.5", "72.5", "1W-07"]) expect(text).not.toContain(other);
    }
    // Only the proposal that failed is told its envelope stayed sealed.
    const alpha = await email(bids.alpha!.ownerEmail);
    expect(alpha.text).not.toContain("never opened");
    expect(alpha.text).toContain("Reason: Reserve for plot 1W-07: ranked 2 with a total of 72.5");
    expect(alpha.text).toContain("reaching the pass mark of 45; financial score 22.5; total 72.5; rank on the plot: 2.");
    expect(alpha.text).not.toContain("77.5");
    const beta = await email(bids.beta!.ownerEmail);
    expect(beta.text).toContain("Reason: Highest total for plot 1W-07: 77.5 (technical 52.5, financial 25). Its labs open first.");
    // The proposer's own page says the same, with nothing of the other proposals.
    const own = (await outcomeOf(bids.gamma!.proposalId))!;
    expect(own).toMatchObject({ outcome: "not_shortlisted", reason: { reason: "below_pass_mark" }, figures: { plot: "1W-08", technicalScore: 22.5, passMark: 45, passed: false, total: null, rank: null } });
    expect(own.criteria.map((c) => c.score)).toEqual([3, 3, 3, 3]);
    expect((await outcomeOf(bids.alpha!.proposalId))!.figures).toMatchObject({ total: 72.5, rank: 2 });
    expect(JSON.stringify(await outcomeOf(bids.alpha!.proposalId))).not.toMatch(/77\.5|52\.5|Beta/);
  });
});

describe("balanced assignment", () => {
  it("gives every proposal the minimum of evaluators, loads within one of each other", () => {
    const pairs = balancedAssignment(["p1", "p2", "p3", "p4", "p5"], ["a", "b", "c"], 2);
    const perProposal = new Map<string, number>();
    const perEvaluator = new Map<string, number>();
    for (const [p, e] of pairs) {
      perProposal.set(p, (perProposal.get(p) ?? 0) + 1);
      perEvaluator.set(e, (perEvaluator.get(e) ?? 0) + 1);
    }
    expect([...perProposal.values()]).toEqual([2, 2, 2, 2, 2]);
    expect(new Set(pairs.map(([p, e]) => `${p}${e}`)).size).toBe(10);
    const loads = [...perEvaluator.values()];
    expect(Math.max(...loads) - Math.min(...loads)).toBeLessThanOrEqual(1);
  });
});
