import { beforeAll, describe, expect, it } from "vitest";
import type { CurrentUser } from "~/accounts/sessions.server.ts";
import { declareConflict } from "~/evaluation/conflicts.server.ts";
import { openFinancialEnvelopes, technicalOpeningPreview } from "~/evaluation/opening.server.ts";
import { saveScores } from "~/evaluation/scoring.server.ts";
import { stageFacts } from "~/evaluation/stages.server.ts";
import { evaluationStages, nextAction } from "~/evaluation/stages.ts";
import { action as openEnvelopes, loader as openEnvelopesPage } from "~/routes/evaluation.$code_.open.$envelope.tsx";
import { action as cancelAction } from "~/routes/admin.releases.$code_.cancel.tsx";
import { action as deleteAction } from "~/routes/admin.releases.$code_.delete.tsx";
import { action as publishAction } from "~/routes/admin.releases.$code_.publish-results.tsx";
import { action as withdrawAction } from "~/routes/admin.releases.$code_.withdraw.tsx";
import { seedDemoPark } from "../../prisma/seed.ts";
import { withTestDatabase } from "../support/database.ts";
import { actionArgs, loaderArgs } from "../support/routes.ts";
import { currentUserFor, sessionCookieFor } from "../support/users.ts";

const db = withTestDatabase();
// Closed, six sealed bids over 1W-04 and 1W-06, a panel of the chair and three evaluators, not opened.
const RELEASE = "HSITP-2026-03";

let chair: CurrentUser;
let evaluators: CurrentUser[];
let chairCookie: string;
let adminCookie: string;

beforeAll(async () => {
  await seedDemoPark(db());
  chair = await currentUserFor("chair@demo.hsitp.example");
  evaluators = await Promise.all(["evaluator", "evaluator2", "evaluator3"].map((e) => currentUserFor(`${e}@demo.hsitp.example`)));
  chairCookie = await sessionCookieFor("chair@demo.hsitp.example");
  adminCookie = await sessionCookieFor("admin@demo.hsitp.example");
});

const stagesOf = async () => evaluationStages((await stageFacts(RELEASE))!);
const stage = async (key: string) => (await stagesOf()).find((s) => s.key === key)!;
const evaluation = () => db().evaluation.findFirstOrThrow({ where: { release: { code: RELEASE } } });

describe("the evaluation stages, counted", () => {
  it("counts nothing of the sealed proposals before the deadline, and refuses to preview the opening", async () => {
    const deadline = (await db().release.findUniqueOrThrow({ where: { code: RELEASE } })).submissionDeadline;
    await db().release.update({ where: { code: RELEASE }, data: { submissionDeadline: new Date(Date.now() + 86_400_000) } });
    try {
      const facts = (await stageFacts(RELEASE))!;
      expect(facts).toMatchObject({ deadlinePassed: false, proposals: null, evaluators: [], decisions: 0, moderationPending: 0 });
      expect(JSON.stringify(facts)).not.toMatch(/Tai Po|Greenvolt|Meridian/);
      expect(evaluationStages(facts).find((s) => s.key === "technical")).toMatchObject({ state: "waiting", reason: { key: "deadline" } });
      await expect(technicalOpeningPreview(chair, RELEASE)).rejects.toThrow("evaluation.errors.beforeDeadline");
      // The confirmation page says why, without a count.
      const page = (await openEnvelopesPage(loaderArgs(`/evaluation/${RELEASE}/open/technical`, { code: RELEASE, envelope: "technical" }, { Cookie: chairCookie }))) as { technical: unknown };
      expect(page.technical).toEqual({ preview: null, refusal: "evaluation.errors.beforeDeadline" });
    } finally {
      await db().release.update({ where: { code: RELEASE }, data: { submissionDeadline: deadline } });
    }
  });

  it("after the deadline, the technical opening is the next step; still nothing counted until it is taken", async () => {
    const facts = (await stageFacts(RELEASE))!;
    expect(facts).toMatchObject({ deadlinePassed: true, proposals: null, evaluators: [], panel: { chair: "Chan Tai-man", evaluators: 3 } });
    const stages = evaluationStages(facts);
    expect(stages.map((s) => [s.key, s.state])).toEqual([
      ["panel", "done"],
      ["technical", "current"],
      ["declarations", "waiting"],
      ["scores", "waiting"],
      ["moderation", "waiting"],
      ["financial", "waiting"],
      ["decisions", "waiting"],
      ["results", "waiting"],
    ]);
    expect(nextAction(stages)).toBe("technical");
    expect(await technicalOpeningPreview(chair, RELEASE)).toMatchObject({ proposals: 6, organisations: 6, plots: 2 });
  });

  it("refuses to open without the confirmation page's field: nothing is opened", async () => {
    const args = (fields: Record<string, string>) => actionArgs(`/evaluation/${RELEASE}/open/technical`, fields, { params: { code: RELEASE, envelope: "technical" }, headers: { Cookie: chairCookie } });
    const refused = (await openEnvelopes(args({}))) as { data: { problem: string }; init: { status: number } };
    expect(refused.init.status).toBe(400);
    expect(refused.data.problem).toBe("stages.confirm.required");
    expect((await evaluation()).technicalOpenedAt).toBeNull();
    expect(await db().assignment.count({ where: { proposal: { release: { code: RELEASE } } } })).toBe(0);

    const done = (await openEnvelopes(args({ confirm: "yes" }))) as Response;
    expect(done.status).toBe(302);
    expect(done.headers.get("Location")).toBe(`/evaluation/${RELEASE}?opened=1`);
    expect((await evaluation()).technicalOpenedAt).not.toBeNull();
  });

  it("counts declarations, scores per evaluator and the reason the financial opening waits", async () => {
    const facts = (await stageFacts(RELEASE))!;
    expect(facts.proposals).toBe(6);
    // The chair declares on all six (rule 5, the chair included) and scores none.
    expect(facts.evaluators.map((e) => [e.chair, e.toDeclare, e.assigned, e.declared, e.submitted])).toEqual([[true, 6, 0, 0, 0], [false, 6, 6, 0, 0], [false, 6, 6, 0, 0], [false, 6, 6, 0, 0]]);
    expect(await stage("technical")).toMatchObject({ state: "done", detail: { values: { count: 6 } } });
    expect(await stage("declarations")).toMatchObject({ state: "current", progress: { done: 0, of: 24 } });
    expect(await stage("scores")).toMatchObject({ state: "current", progress: { done: 0, of: 18 } });
    expect(await stage("financial")).toMatchObject({ state: "waiting", reason: { key: "declarations", values: { count: 4 } } });
    expect(nextAction(await stagesOf())).toBeNull();

    // The first evaluator declares on all six, one of them a conflict, and scores one proposal widely apart from the second.
    const proposals = await db().proposal.findMany({ where: { release: { code: RELEASE }, currentVersionId: { not: null } }, orderBy: { id: "asc" } });
    for (const [i, p] of proposals.entries()) await declareConflict(evaluators[0]!, p.id, { conflicted: i === 0, statement: i === 0 ? "I advised them last year." : undefined });
    for (const p of proposals) await declareConflict(evaluators[1]!, p.id, { conflicted: false });
    const criteria = await db().criterion.findMany({ where: { release: { code: RELEASE }, envelope: "technical" } });
    const scores = (score: number) => criteria.map((c) => ({ criterionId: c.id, score, comment: "Explained." }));
    await saveScores(evaluators[0]!, proposals[1]!.id, scores(9), true);
    await saveScores(evaluators[1]!, proposals[1]!.id, scores(2), true);
    // Saved, not submitted: not counted.
    await saveScores(evaluators[1]!, proposals[2]!.id, scores(5), false);

    expect(await stage("declarations")).toMatchObject({ state: "current", progress: { done: 12, of: 24 } });
    expect(await stage("scores")).toMatchObject({ state: "current", progress: { done: 2, of: 17 } });
    expect((await stageFacts(RELEASE))!.evaluators.map((e) => [e.name, e.submitted, e.assigned - e.conflicted])).toEqual([
      ["Chan Tai-man", 0, 0],
      ["Eva Lui", 1, 5],
      ["Priya Raman", 0, 6],
      ["Wong Ka-yan", 1, 6],
    ]);
    expect(await stage("moderation")).toMatchObject({ state: "current", detail: { values: { count: criteria.length } } });
    // The third evaluator and the chair have not declared.
    expect(await stage("financial")).toMatchObject({ state: "waiting", reason: { key: "declarations", values: { count: 2 } } });
    for (const p of proposals) await declareConflict(chair, p.id, { conflicted: false });
    expect(await stage("declarations")).toMatchObject({ state: "current", progress: { done: 18, of: 24 } });
    expect(await stage("financial")).toMatchObject({ state: "waiting", reason: { key: "declarations", values: { count: 1 } } });
    // Every declaration made, scores still missing: the financial envelopes stay sealed (rule 7).
    for (const p of proposals) await declareConflict(evaluators[2]!, p.id, { conflicted: false });
    expect(await stage("financial")).toMatchObject({ state: "waiting", reason: { key: "scores", values: { count: 3 } } });
    await expect(openFinancialEnvelopes(chair, RELEASE)).rejects.toThrow("evaluation.errors.technicalIncomplete");
    expect((await evaluation()).financialOpenedAt).toBeNull();
    expect(await stage("results")).toMatchObject({ state: "waiting", reason: { key: "financial" } });
  });
});

describe("the other steps that cannot be undone refuse a POST without the confirmation", () => {
  const post = (path: string, params: Record<string, string>, fields: Record<string, string> = {}) => actionArgs(path, fields, { params, headers: { Cookie: adminCookie } });
  const refusedWith = (result: unknown) => (result as { init: { status: number } }).init.status;

  it("publishing the results", async () => {
    expect(refusedWith(await publishAction(post(`/admin/releases/${RELEASE}/publish-results`, { code: RELEASE })))).toBe(400);
    expect((await evaluation()).resultsPublishedAt).toBeNull();
  });

  it("cancelling a release, even with its reasons", async () => {
    const reasons = { reasonEn: "The site survey found contamination.", reasonZhHant: "地盤勘察發現污染。" };
    expect(refusedWith(await cancelAction(post("/admin/releases/HSITP-2026-02/cancel", { code: "HSITP-2026-02" }, reasons)))).toBe(400);
    expect((await db().release.findUniqueOrThrow({ where: { code: "HSITP-2026-02" } })).state).toBe("open");
  });

  it("withdrawing a plot", async () => {
    const reasons = { reasonEn: "The plot is needed for a road.", reasonZhHant: "地段須用作道路。" };
    expect(refusedWith(await withdrawAction(post("/admin/releases/HSITP-2026-02/withdraw?plot=1W-07", { code: "HSITP-2026-02" }, reasons)))).toBe(400);
    expect(await db().releasePlot.count({ where: { release: { code: "HSITP-2026-02" }, withdrawnAt: { not: null } } })).toBe(0);
  });

  it("deleting a draft", async () => {
    expect(refusedWith(await deleteAction(post("/admin/releases/HSITP-2027-01/delete", { code: "HSITP-2027-01" })))).toBe(400);
    expect(await db().release.count({ where: { code: "HSITP-2027-01" } })).toBe(1);
    const done = (await deleteAction(post("/admin/releases/HSITP-2027-01/delete", { code: "HSITP-2027-01" }, { confirm: "yes" }))) as Response;
    expect(done.headers.get("Location")).toBe("/admin/releases?deleted=1");
    expect(await db().release.count({ where: { code: "HSITP-2027-01" } })).toBe(0);
  });
});
