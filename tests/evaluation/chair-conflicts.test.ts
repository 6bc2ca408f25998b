import { beforeAll, describe, expect, it } from "vitest";
import type { CurrentUser } from "~/accounts/sessions.server.ts";
import { declareConflict, evaluatorOverview } from "~/evaluation/conflicts.server.ts";
import { proposeDecision } from "~/evaluation/decisions.server.ts";
import { moderateScore, moderationView } from "~/evaluation/moderation.server.ts";
import { openFinancialEnvelopes, openTechnicalEnvelopes } from "~/evaluation/opening.server.ts";
import { reportContents } from "~/evaluation/records.server.ts";
import { saveScores } from "~/evaluation/scoring.server.ts";
import { stageFacts } from "~/evaluation/stages.server.ts";
import { evaluationStages } from "~/evaluation/stages.ts";
import { action as changeChair, loader as changeChairPage } from "~/routes/admin.releases.$code_.chair.tsx";
import { loader as moderationPage } from "~/routes/evaluation.$code_.moderation.tsx";
import { loader as reportCsvRoute } from "~/routes/evaluation.$code.report[.csv].ts";
import { loader as reportPdfRoute } from "~/routes/evaluation.$code.report[.pdf].ts";
import { seedDemoPark } from "../../prisma/seed.ts";
import { chainedAuditLog } from "../support/audit.ts";
import { withTestDatabase } from "../support/database.ts";
import { createEvaluator } from "../support/evaluation.ts";
import { pdfText } from "../support/pdf.ts";
import { actionArgs, loaderArgs, routeOutcome } from "../support/routes.ts";
import { currentUserFor, sessionCookieFor } from "../support/users.ts";

const db = withTestDatabase();
// Closed, six sealed bids: Tai Po, Greenvolt and Kowloon Quantum for 1W-04; three others for 1W-06.
const RELEASE = "HSITP-2026-03";
const GREENVOLT = "Shenzhen Greenvolt Energy Technology Co., Ltd.";

let admin: CurrentUser;
let chair: CurrentUser;
let evaluators: CurrentUser[];
let proposals: { id: string; plot: string; organisation: string }[];
const onPlot = (plot: string) => proposals.filter((p) => p.plot === plot);

beforeAll(async () => {
  await seedDemoPark(db());
  admin = await currentUserFor("admin@demo.hsitp.example");
  chair = await currentUserFor("chair@demo.hsitp.example");
  evaluators = await Promise.all(["evaluator", "evaluator2", "evaluator3"].map((e) => currentUserFor(`${e}@demo.hsitp.example`)));
  await openTechnicalEnvelopes(chair, RELEASE);
  const rows = (await evaluatorOverview(chair, RELEASE))!.rows;
  proposals = rows.map((r) => ({ id: r.proposalId, plot: r.plot, organisation: r.organisation }));
  // The evaluators do their part: no conflicts, every proposal scored (6 of 10, no comment needed).
  const criteria = await db().criterion.findMany({ where: { release: { code: RELEASE }, envelope: "technical" } });
  for (const evaluator of evaluators) {
    for (const p of proposals) await declareConflict(evaluator, p.id, { conflicted: false });
    for (const p of proposals) await saveScores(evaluator, p.id, criteria.map((c) => ({ criterionId: c.id, score: Math.round(c.maxScore * 0.6), comment: "" })), true);
  }
});

const csvOf = async (email: string) => {
  const outcome = await routeOutcome(async () => reportCsvRoute(loaderArgs(`/evaluation/${RELEASE}/report.csv`, { code: RELEASE }, { Cookie: await sessionCookieFor(email) })));
  return String(outcome.data);
};
const pdfOf = async (email: string) => {
  const response = (await reportPdfRoute(loaderArgs(`/evaluation/${RELEASE}/report.pdf`, { code: RELEASE }, { Cookie: await sessionCookieFor(email) }))) as Response;
  return (await pdfText(new Uint8Array(await response.arrayBuffer()))).text;
};
const moderationPageOf = async (email: string) => JSON.stringify((await routeOutcome(async () => moderationPage(loaderArgs(`/evaluation/${RELEASE}/moderation`, { code: RELEASE }, { Cookie: await sessionCookieFor(email) })))).data);

describe("the chair declares like every evaluator (rule 5, the chair included)", () => {
  it("the chair is asked to declare on every proposal received, and the stages count it", async () => {
    const overview = (await evaluatorOverview(chair, RELEASE))!;
    expect(overview.rows).toHaveLength(6);
    expect(overview.allDeclared).toBe(false);
    const facts = (await stageFacts(RELEASE))!;
    expect(facts.evaluators.find((e) => e.chair)).toMatchObject({ toDeclare: 6, declared: 0, assigned: 0 });
    const stages = evaluationStages(facts);
    // Every evaluator has declared: only the chair's six are missing.
    expect(stages.find((s) => s.key === "declarations")).toMatchObject({ state: "current", progress: { done: 18, of: 24 } });
    expect(stages.find((s) => s.key === "financial")).toMatchObject({ state: "waiting", reason: { key: "declarations", values: { count: 1 } } });
  });

  it("an undeclared chair sees no proposal: no moderation matrix, ranking or report rows, and cannot moderate or open the financial envelopes", async () => {
    const view = (await moderationView(chair, RELEASE))!;
    expect(view.proposals).toEqual([]);
    expect(view.rows).toEqual([]);
    const criterion = await db().criterion.findFirstOrThrow({ where: { release: { code: RELEASE }, envelope: "technical" } });
    await expect(moderateScore(chair, proposals[0]!.id, criterion.id, 5, "A reason")).rejects.toThrow("chair.errors.declareFirst");
    await expect(openFinancialEnvelopes(chair, RELEASE)).rejects.toThrow("chair.errors.declareFirst");
    const csv = await csvOf("chair@demo.hsitp.example");
    for (const p of proposals) expect(csv).not.toContain(p.organisation);
  });

  it("a chair conflicted with one bidder sees nothing of that plot and cannot moderate or decide there", async () => {
    const greenvolt = proposals.find((p) => p.organisation === GREENVOLT)!;
    for (const p of proposals) await declareConflict(chair, p.id, p === greenvolt ? { conflicted: true, statement: "My brother works for Greenvolt." } : { conflicted: false });
    expect((await stageFacts(RELEASE))!.chairConflicts).toBe(1);

    const view = (await moderationView(chair, RELEASE))!;
    expect(view.proposals.map((p) => p.plot)).toEqual(["1W-06", "1W-06", "1W-06"]);
    expect(view.rows.map((r) => r.plot)).toEqual(["1W-06", "1W-06", "1W-06"]);
    const page = await moderationPageOf("chair@demo.hsitp.example");
    for (const p of onPlot("1W-04")) expect(page).not.toContain(p.id);
    expect(page).toContain(onPlot("1W-06")[0]!.id);

    const criterion = await db().criterion.findFirstOrThrow({ where: { release: { code: RELEASE }, envelope: "technical" } });
    // The conflicted bid and its competitors alike: moderating a competitor down would favour the bidder.
    for (const p of onPlot("1W-04")) await expect(moderateScore(chair, p.id, criterion.id, 5, "A reason")).rejects.toThrow("chair.errors.conflicted");
    await moderateScore(chair, onPlot("1W-06")[0]!.id, criterion.id, 5, "Settled with the panel.");

    await openFinancialEnvelopes(chair, RELEASE);
    for (const p of onPlot("1W-04")) await expect(proposeDecision(chair, p.id, { outcome: "not_shortlisted", reason: "panel_note", noteEn: "A reason", noteZhHant: "評審小組的說明。" })).rejects.toThrow("chair.errors.conflicted");
    for (const p of onPlot("1W-06")) await proposeDecision(chair, p.id, { outcome: "reserve", reason: "panel_note", noteEn: "Ranked within the plot.", noteZhHant: "評審小組的說明。" });
  });

  it("the chair's exports leave out the conflicted plot; the administrator's keep it", async () => {
    const chairCsv = await csvOf("chair@demo.hsitp.example");
    expect(chairCsv).toContain("1W-06");
    expect(chairCsv).not.toContain("1W-04");
    for (const p of onPlot("1W-04")) expect(chairCsv).not.toContain(p.organisation);
    expect(await csvOf("admin@demo.hsitp.example")).toContain(GREENVOLT);

    const chairPdf = await pdfOf("chair@demo.hsitp.example");
    expect(chairPdf).toContain("1W-06");
    // The opening record lists every bidder (everyone declares on them); nothing else names the plot.
    const beforeOpeningRecord = chairPdf.slice(0, chairPdf.search(/Opening record/i));
    expect(beforeOpeningRecord).not.toContain("1W-04");
    expect(beforeOpeningRecord).not.toContain("My brother works for Greenvolt.");
    const contents = (await reportContents(RELEASE, () => true))!;
    expect(contents.rows.filter((r) => r.plot === "1W-04")).toHaveLength(3);
  });
});

describe("the administrator names another chair", () => {
  let secondChair: CurrentUser;
  const path = `/admin/releases/${RELEASE}/chair`;
  const post = async (fields: Record<string, string>, email = "admin@demo.hsitp.example") =>
    routeOutcome(async () => changeChair(actionArgs(path, fields, { params: { code: RELEASE }, headers: { Cookie: await sessionCookieFor(email) } })));

  beforeAll(async () => {
    secondChair = await currentUserFor((await createEvaluator("Second Chair")).email);
  });

  it("on a confirmation page that says what will happen; nothing changes without confirmation, a chair and a reason", async () => {
    const page = await routeOutcome(async () => changeChairPage(loaderArgs(path, { code: RELEASE }, { Cookie: await sessionCookieFor("admin@demo.hsitp.example") })));
    expect(page.data).toMatchObject({ preview: { chair: "Chan Tai-man", opened: true, conflictedPlots: ["1W-04"] } });
    expect((await post({ chairId: secondChair.id, reason: "Conflict on 1W-04" })).status).toBe(400);
    const noReason = await post({ confirm: "yes", chairId: secondChair.id, reason: " " });
    expect(noReason).toMatchObject({ status: 400, data: { problems: [{ key: "chair.errors.reasonRequired", field: "reason" }], sent: { chairId: secondChair.id } } });
    expect((await post({ confirm: "yes", chairId: chair.id, reason: "Same person" })).data).toMatchObject({ problems: [{ key: "chair.errors.sameChair" }] });
    expect((await post({ confirm: "yes", chairId: secondChair.id, reason: "Conflict on 1W-04" }, "chair@demo.hsitp.example")).status).toBe(403);
    const panel = await db().panelMember.findMany({ where: { release: { code: RELEASE } } });
    expect(panel.find((m) => m.role === "chair")!.userId).toBe(chair.id);
  });

  it("names the new chair, audited; the former chair stays as an evaluator; the new chair declares before seeing anything, then decides the plot", async () => {
    const done = await post({ confirm: "yes", chairId: secondChair.id, reason: "The chair declared a conflict on 1W-04." });
    expect(done).toMatchObject({ status: 302, location: `/admin/releases/${RELEASE}/evaluation?chair=1` });
    const audit = await (await chainedAuditLog(db())).findFirstOrThrow({ where: { action: "panel.chair_changed" }, orderBy: { sequence: "desc" } });
    expect(audit).toMatchObject({ actorId: admin.id, subjectId: RELEASE, data: { from: chair.id, to: secondChair.id, reason: "The chair declared a conflict on 1W-04." } });
    const panel = await db().panelMember.findMany({ where: { release: { code: RELEASE } } });
    expect(panel.find((m) => m.userId === chair.id)!.role).toBe("evaluator");
    expect(panel.find((m) => m.userId === secondChair.id)!.role).toBe("chair");
    expect((await stageFacts(RELEASE))!.panel.chair).toBe("Second Chair");

    const greenvoltBid = proposals.find((p) => p.organisation === GREENVOLT)!;
    await expect(proposeDecision(chair, greenvoltBid.id, { outcome: "shortlisted", reason: "panel_note", noteEn: "A reason", noteZhHant: "評審小組的說明。" })).rejects.toThrow("evaluation.errors.notChair");
    await expect(proposeDecision(secondChair, greenvoltBid.id, { outcome: "shortlisted", reason: "panel_note", noteEn: "A reason", noteZhHant: "評審小組的說明。" })).rejects.toThrow("chair.errors.declareFirst");
    expect((await moderationView(secondChair, RELEASE))!.rows).toEqual([]);
    for (const p of proposals) await declareConflict(secondChair, p.id, { conflicted: false });
    expect((await moderationView(secondChair, RELEASE))!.rows.filter((r) => r.plot === "1W-04")).toHaveLength(3);
    for (const p of onPlot("1W-04")) await proposeDecision(secondChair, p.id, { outcome: p === greenvoltBid ? "shortlisted" : "reserve", reason: "panel_note", noteEn: "Highest total on the plot.", noteZhHant: "評審小組的說明。" });
    // The former chair's declarations stay on record, in the report.
    expect((await reportContents(RELEASE, () => true))!.declarations.filter((d) => d.evaluator === "Chan Tai-man")).toHaveLength(6);
  });
});
