import { beforeAll, describe, expect, it } from "vitest";
import type { CurrentUser } from "~/accounts/sessions.server.ts";
import { isoDay } from "~/developments/reporting-dates.ts";
import { runProgressReminders } from "~/developments/reminders.server.ts";
import { reviewProgressReport, submitProgressReport } from "~/developments/reports.server.ts";
import { decideVariation, requestVariation } from "~/developments/variations.server.ts";
import { declareConflict } from "~/evaluation/conflicts.server.ts";
import { proposeDecision } from "~/evaluation/decisions.server.ts";
import { moderateScore } from "~/evaluation/moderation.server.ts";
import { openFinancialEnvelopes, openTechnicalEnvelopes } from "~/evaluation/opening.server.ts";
import { formPanel } from "~/evaluation/panel.server.ts";
import { saveScores } from "~/evaluation/scoring.server.ts";
import { verifyChainAndHeads } from "~/platform/audit-heads.server.ts";
import { saveDraft, startProposal } from "~/proposals/drafts.server.ts";
import { submitProposal } from "~/proposals/submission.server.ts";
import { createDraftRelease, publishRelease } from "~/releases/builder.server.ts";
import { runReleaseClock } from "~/releases/clock.server.ts";
import { decideChallenge } from "~/results/challenge-decisions.server.ts";
import { lodgeChallenge } from "~/results/challenges.server.ts";
import { publishResults } from "~/results/results.server.ts";
import { demoCriteria, demoRequiredDocuments } from "../../prisma/demo-park.ts";
import { seedDemoPark } from "../../prisma/seed.ts";
import { withTestDatabase } from "../support/database.ts";
import { databaseDay } from "../support/developments.ts";
import { completeFields, createOrganisation, uploadMandatoryDocuments } from "../support/proposals.ts";
import { currentUserFor } from "../support/users.ts";

const db = withTestDatabase();
const DEMO = "HSITP-2026-01";
const TENDER = "HSITP-2027-09";
const DAY = 86_400_000;

/** A release's audit entries, oldest first: its own, those of its proposals and those of its awards' development records. */
async function entriesOf(releaseCode: string) {
  const [proposals, developments] = await Promise.all([
    db().proposal.findMany({ where: { release: { code: releaseCode } }, select: { id: true } }),
    db().development.findMany({ where: { award: { release: { code: releaseCode } } }, select: { id: true } }),
  ]);
  const subjects = [releaseCode, ...proposals.map((p) => p.id), ...developments.map((d) => d.id)];
  return db().auditEvent.findMany({ where: { subjectId: { in: subjects } }, orderBy: { sequence: "asc" } });
}

/** What a process step writes, whatever its values: its action and the names of its data's fields. */
const shapesOf = (entries: { action: string; data: unknown }[]) => new Set(entries.map((e) => `${e.action} {${Object.keys(e.data as object).sort().join(",")}}`));

/**
 * A whole tender through the portal's own functions, today: drafted, published, three bids,
 * closed by the clock, panel, opening, declarations (one conflict), scores, a moderated score,
 * financial opening, decisions, results, a challenge dismissed, awards made final by the clock;
 * then one award's development record: a milestone varied (asked, approved), a report verified and
 * a milestone flagged overdue.
 */
async function runTender(admin: CurrentUser, chair: CurrentUser, evaluators: CurrentUser[]) {
  const now = new Date();
  const drafted = await createDraftRelease(admin, {
    code: TENDER,
    titleEn: "Phase 2 East: a tender run by the test",
    titleZhHant: "第二期（東）：測試招標",
    phase: "P2E",
    publicationAt: new Date(now.getTime() + 2 * DAY),
    clarificationEndsAt: new Date(now.getTime() + 16 * DAY),
    submissionDeadline: new Date(now.getTime() + 30 * DAY),
    openingAt: new Date(now.getTime() + 31 * DAY),
    eligibilityEn: "",
    eligibilityZhHant: "",
    passMarkPercent: 60,
    plotCodes: ["2E-09", "2E-10"],
    criteria: demoCriteria.map((c) => ({ ...c, descriptionEn: "", descriptionZhHant: "" })),
    requiredDocuments: demoRequiredDocuments.map((d) => ({ ...d, acceptedTypes: [...d.acceptedTypes] })),
  });
  expect(drafted.status).toBe("saved");
  expect(await publishRelease(admin, TENDER, "now")).toEqual({ status: "published" });

  const bid = async (name: string, plot: string) => {
    const owner = await currentUserFor((await createOrganisation(name)).emails[0]!);
    const proposalId = await startProposal(owner, TENDER, plot);
    const { revision } = await db().proposal.findUniqueOrThrow({ where: { id: proposalId } });
    await saveDraft(owner, proposalId, { revision, ...completeFields, grossFloorAreaM2: 10_000 });
    await uploadMandatoryDocuments(owner, proposalId, TENDER);
    await submitProposal(owner, proposalId);
    return { owner, proposalId };
  };
  const alpha = await bid("Alpha Audit Labs", "2E-09");
  const beta = await bid("Beta Audit Robotics", "2E-09");
  const gamma = await bid("Gamma Audit Energy", "2E-10");

  await formPanel(admin, TENDER, { chairId: chair.id, evaluatorIds: evaluators.map((e) => e.id) });
  await db().release.update({ where: { code: TENDER }, data: { submissionDeadline: new Date(Date.now() - 1_000) } });
  expect((await runReleaseClock()).closed).toEqual([TENDER]);
  await openTechnicalEnvelopes(chair, TENDER);
  const [first, second] = evaluators as [CurrentUser, CurrentUser];
  for (const p of [alpha, beta, gamma]) {
    await declareConflict(chair, p.proposalId, { conflicted: false });
    await declareConflict(second, p.proposalId, { conflicted: false });
    await declareConflict(first, p.proposalId, p === gamma ? { conflicted: true, statement: "I advised this firm last year." } : { conflicted: false });
  }
  const technical = await db().criterion.findMany({ where: { release: { code: TENDER }, envelope: "technical" }, orderBy: { position: "asc" } });
  const marks = new Map([[alpha, 8], [beta, 7], [gamma, 7]]);
  for (const [p, mark] of marks) {
    for (const evaluator of p === gamma ? [second] : [first, second]) {
      await saveScores(evaluator, p.proposalId, technical.map((c) => ({ criterionId: c.id, score: mark, comment: "As the envelope shows." })), true);
    }
  }
  await moderateScore(chair, beta.proposalId, technical[0]!.id, 6.5, "The evaluators agreed, but the scheme's phasing is thinner than scored.");
  await openFinancialEnvelopes(chair, TENDER);
  const outcomes = new Map([[alpha, "shortlisted" as const], [beta, "reserve" as const], [gamma, "shortlisted" as const]]);
  for (const [p, outcome] of outcomes) await proposeDecision(chair, p.proposalId, { outcome, reason: "panel_note", noteEn: "As ranked.", noteZhHant: "按排名。" });
  await publishResults(admin, TENDER);

  const awards = await db().award.findMany({ where: { release: { code: TENDER } }, include: { plot: true } });
  const challenged = awards.find((a) => a.plot.code === "2E-09")!;
  const challenge = await lodgeChallenge(beta.owner, challenged.id, "Our programme was scored below its evidence; we ask for the scores to be checked.");
  await decideChallenge(admin, challenge.id, { decision: "dismissed", response: "The scores follow the evidence; the award stands." });
  await db().award.updateMany({ where: { releaseId: challenged.releaseId }, data: { standstillEndsAt: new Date(Date.now() - 1_000) } });
  expect((await runReleaseClock()).finalised.sort()).toEqual([`${TENDER} 2E-09`, `${TENDER} 2E-10`]);

  const record = await db().development.findFirstOrThrow({ where: { award: { release: { code: TENDER } }, plot: { code: "2E-10" } }, include: { milestones: true } });
  const opening = record.milestones.find((m) => m.kind === "opening")!;
  const variationId = await requestVariation(gamma.owner, record.id, {
    subject: "milestone",
    milestoneKind: "opening",
    toValue: isoDay(new Date(opening.promisedBy.getTime() + 60 * DAY)),
    reasonEn: "The pilot line's equipment arrives two months later than planned.",
    reasonZhHant: "試產線設備較原定計劃遲兩個月運抵。",
  });
  await decideVariation(admin, record.id, variationId, { decision: "approved", noteEn: "Approved: the other milestones stand.", noteZhHant: "批准：其他里程碑維持不變。" });
  const report = await submitProgressReport(gamma.owner, record.id, {
    dueOn: isoDay(record.firstReportDue),
    investmentSpentHkd: "120000000",
    researchPostsFilled: 10,
    graduatePlacesFilled: 2,
    gfaCompletedM2: 0,
    gfaLetM2: 0,
    narrative: "Design approved; the main contract is being tendered.",
    reached: { design_approval: isoDay(await databaseDay()) },
    kept: [],
  });
  await reviewProgressReport(admin, record.id, report.id, { decision: "verify" });
  // Construction start passes its date without a verified reach: the reminders flag it overdue.
  await db().developmentMilestone.updateMany({ where: { developmentId: record.id, kind: "construction_start" }, data: { promisedBy: await databaseDay(-1) } });
  await runProgressReminders();
}

/** When the seed had told the demo's past: what the run writes later (its reminders reach the demo's records too) is not the demo's. */
let seededUntil: Date;
const demoEntries = async () => (await entriesOf(DEMO)).filter((e) => e.occurredAt < seededUntil);

beforeAll(async () => {
  await seedDemoPark(db());
  seededUntil = new Date();
  const admin = await currentUserFor("admin@demo.hsitp.example");
  const chair = await currentUserFor("chair@demo.hsitp.example");
  const evaluators = [await currentUserFor("evaluator@demo.hsitp.example"), await currentUserFor("evaluator2@demo.hsitp.example")];
  await runTender(admin, chair, evaluators);
}, 120_000);

describe("the demo tender's audit log tells its whole life", () => {
  it("holds every kind of entry a tender run through the portal writes, with the same fields", async () => {
    const written = shapesOf(await entriesOf(TENDER));
    // The tender above is a whole one: otherwise the comparison below would prove little.
    expect(new Set([...written].map((s) => s.split(" ")[0]))).toEqual(
      new Set([
        "release.drafted",
        "release.published",
        "proposal.started",
        "proposal.submitted",
        "release.closed",
        "panel.formed",
        "evaluation.technical_opened",
        "evaluation.conflict_declared",
        "evaluation.scores_submitted",
        "evaluation.score_moderated",
        "evaluation.financial_opened",
        "evaluation.decision_proposed",
        "standstill.started",
        "evaluation.results_published",
        "challenge.lodged",
        "challenge.dismissed",
        "award.final",
        "development.created",
        "variation.requested",
        "variation.decided",
        "progress_report.submitted",
        "progress_report.verified",
        "milestone.overdue",
      ]),
    );
    const demo = shapesOf(await demoEntries());
    expect([...written].filter((shape) => !demo.has(shape))).toEqual([]);
  });

  it("has one entry for each step the demo's rows record, by whom and when they record it", async () => {
    const entries = await demoEntries();
    const of = (action: string) => entries.filter((e) => e.action === action);
    const where = { proposal: { release: { code: DEMO } } };
    const [versions, declarations, submissions, moderated, decisions, awards, challenges] = await Promise.all([
      db().proposalVersion.findMany({ where }),
      db().conflictDeclaration.findMany({ where }),
      db().scoreSubmission.findMany({ where }),
      db().moderatedScore.findMany({ where }),
      db().decision.findMany({ where }),
      db().award.findMany({ where: { release: { code: DEMO } } }),
      db().challenge.findMany({ where: { award: { release: { code: DEMO } } } }),
    ]);
    const keyed = (rows: { subjectId: string; actorId: string | null; occurredAt: Date }[]) => rows.map((r) => `${r.subjectId} ${r.actorId} ${r.occurredAt.toISOString()}`).sort();
    expect(keyed(of("proposal.started"))).toHaveLength(versions.length);
    expect(keyed(of("proposal.submitted"))).toEqual(keyed(versions.map((v) => ({ subjectId: v.proposalId, actorId: v.submittedById, occurredAt: v.receivedAt }))));
    expect(keyed(of("evaluation.conflict_declared"))).toEqual(keyed(declarations.map((d) => ({ subjectId: d.proposalId, actorId: d.evaluatorId, occurredAt: d.declaredAt }))));
    expect(keyed(of("evaluation.scores_submitted"))).toEqual(keyed(submissions.map((s) => ({ subjectId: s.proposalId, actorId: s.evaluatorId, occurredAt: s.submittedAt }))));
    expect(keyed(of("evaluation.score_moderated"))).toEqual(keyed(moderated.map((m) => ({ subjectId: m.proposalId, actorId: m.moderatedById, occurredAt: m.moderatedAt }))));
    expect(keyed(of("evaluation.decision_proposed"))).toEqual(keyed(decisions.map((d) => ({ subjectId: d.proposalId, actorId: d.proposedById, occurredAt: d.proposedAt }))));
    expect(of("award.final").map((e) => [(e.data as { awardId: string }).awardId, e.occurredAt.toISOString()]).sort()).toEqual(awards.map((a) => [a.id, a.finalAt!.toISOString()]).sort());
    expect(of("challenge.lodged").map((e) => (e.data as { receiptNumber: string }).receiptNumber)).toEqual(challenges.map((c) => c.receiptNumber));
    expect(of("challenge.dismissed").map((e) => e.occurredAt)).toEqual(challenges.map((c) => c.decidedAt));
    const release = await db().release.findUniqueOrThrow({ where: { code: DEMO }, include: { evaluation: true } });
    const once = (action: string) => of(action).map((e) => e.occurredAt.toISOString());
    expect(once("release.published")).toEqual([release.publishedAt!.toISOString()]);
    expect(once("release.closed")).toEqual([release.submissionDeadline.toISOString()]);
    expect(once("evaluation.technical_opened")).toEqual([release.evaluation!.technicalOpenedAt!.toISOString()]);
    expect(once("evaluation.financial_opened")).toEqual([release.evaluation!.financialOpenedAt!.toISOString()]);
    expect(once("evaluation.results_published")).toEqual([release.resultsPublishedAt!.toISOString()]);
    expect(once("standstill.started")).toEqual([release.resultsPublishedAt!.toISOString()]);

    const developmentWhere = { development: { award: { release: { code: DEMO } } } };
    const [developments, variations, reports] = await Promise.all([
      db().development.findMany({ where: { award: { release: { code: DEMO } } }, include: { award: true, plot: true, milestones: true } }),
      db().variation.findMany({ where: developmentWhere }),
      db().progressReport.findMany({ where: developmentWhere }),
    ]);
    expect(developments.length).toBeGreaterThan(0);
    expect(variations.length).toBeGreaterThan(0);
    expect(keyed(of("development.created"))).toEqual(keyed(developments.map((d) => ({ subjectId: d.id, actorId: null, occurredAt: d.award.finalAt! }))));
    expect(keyed(of("variation.requested"))).toEqual(keyed(variations.map((v) => ({ subjectId: v.developmentId, actorId: v.requestedById, occurredAt: v.requestedAt }))));
    expect(keyed(of("variation.decided"))).toEqual(keyed(variations.map((v) => ({ subjectId: v.developmentId, actorId: v.decidedById, occurredAt: v.decidedAt! }))));
    expect(keyed(of("progress_report.submitted"))).toEqual(keyed(reports.map((r) => ({ subjectId: r.developmentId, actorId: r.submittedById, occurredAt: r.submittedAt }))));
    const reviewed = reports.filter((r) => r.state === "verified");
    expect(keyed(of("progress_report.verified"))).toEqual(keyed(reviewed.map((r) => ({ subjectId: r.developmentId, actorId: r.reviewedById, occurredAt: r.reviewedAt! }))));
    expect(of("progress_report.queried")).toEqual([]);
    const flagged = developments.flatMap((d) => d.milestones.filter((m) => m.overdueNotifiedFor).map((m) => [d.id, m.kind, m.overdueNotifiedFor!.toISOString().slice(0, 10)]));
    expect(flagged.length).toBeGreaterThan(0);
    expect(of("milestone.overdue").map((e) => [e.subjectId, (e.data as { milestone: string }).milestone, (e.data as { dueBy: string }).dueBy]).sort()).toEqual(flagged.sort());
    // Each record's last verification left the plot in the state it shows.
    for (const development of developments) {
      const last = of("progress_report.verified").filter((e) => e.subjectId === development.id).at(-1);
      expect((last?.data as { plotStateAfter: string } | undefined)?.plotStateAfter ?? "awarded").toBe(development.plot.state);
    }
  });

  it("leaves one plot's award final after its standstill, another's challenge dismissed, and the closed release waiting for its panel", async () => {
    const awards = await db().award.findMany({ where: { release: { code: DEMO } }, include: { plot: true, challenges: true } });
    expect(awards.every((a) => a.status === "active" && a.finalAt! >= a.standstillEndsAt && a.standstillEndsAt < new Date())).toBe(true);
    expect(awards.filter((a) => a.challenges.length === 0).length).toBeGreaterThan(0);
    const challenged = awards.filter((a) => a.challenges.length > 0);
    expect(challenged.map((a) => [a.plot.code, a.challenges.map((c) => c.state)])).toEqual([["1W-02", ["dismissed"]]]);
    expect(challenged[0]!.challenges[0]!.receiptNumber).toMatch(/^C-[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}$/);
    const awaiting = await db().release.findUniqueOrThrow({ where: { code: "HSITP-2026-03" }, include: { evaluation: true, panel: true } });
    expect(awaiting.state).toBe("closed");
    expect(awaiting.panel.length).toBeGreaterThan(1);
    expect(awaiting.evaluation!.technicalOpenedAt).toBeNull();
    expect((await entriesOf("HSITP-2026-03")).map((e) => e.action)).not.toContain("evaluation.technical_opened");
  });

  it("keeps a chain that verifies, against every published head, in the order things happened", async () => {
    expect(await verifyChainAndHeads(db())).toMatchObject({ chain: { valid: true }, heads: { valid: true } });
    const heads = await db().publishedChainHead.findMany({ where: { reason: { in: ["release.published", "release.closed", "evaluation.technical_opened", "evaluation.financial_opened", "evaluation.results_published"] } } });
    // The demo's milestones were published as heads when they happened, as the portal's are.
    expect(heads.filter((h) => h.publishedAt < new Date(Date.now() - DAY)).map((h) => h.reason).sort()).toEqual(
      ["evaluation.financial_opened", "evaluation.results_published", "evaluation.technical_opened", "release.closed", "release.closed", "release.published", "release.published", "release.published"],
    );
    const times = (await db().auditEvent.findMany({ orderBy: { sequence: "asc" }, select: { occurredAt: true } })).map((e) => e.occurredAt.getTime());
    expect(times.every((t, i) => i === 0 || t >= times[i - 1]!)).toBe(true);
  });
});
