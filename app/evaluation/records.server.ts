import type { CurrentUser } from "~/accounts/sessions.server.ts";
import { db } from "~/platform/database/db.server.ts";
import { toCsv } from "~/platform/csv.ts";
import { chairSight } from "./conflict-gate.server.ts";
import { openingRecord } from "./opening.server.ts";
import { panelRelease } from "./panel.server.ts";
import { rankingRows, releaseRanking } from "./ranking-data.server.ts";
import { formatScore } from "./ranking.ts";
import { decisionReasonText } from "./reasons.ts";
import { translator } from "~/platform/i18n/i18n.ts";
import { counted } from "./sealed-bids.ts";

/** Which plots' proposals a reader of the records sees. */
export type PlotFilter = (plotCode: string) => boolean;

/**
 * May this person read a release's evaluation records (opening record, report), and of which
 * plots? Administrators all; the chair only the plots they may see (declared, not conflicted: rule
 * 5); null for anyone else.
 */
export async function recordsSight(user: CurrentUser, releaseCode: string): Promise<PlotFilter | null> {
  if (user.staffRole === "administrator") return () => true;
  const found = await panelRelease(user.id, releaseCode);
  if (found?.role !== "chair") return null;
  return (await chairSight(db(), user.id, found.release.id)).maySeePlot;
}

/** The full score matrix of a release: one line per proposal, evaluator and criterion, with the moderated score and the ranking figures (of the plots the reader sees). */
export async function reportCsv(releaseCode: string, maySeePlot: PlotFilter): Promise<string | null> {
  const release = await db().release.findUnique({ where: { code: releaseCode }, include: { evaluation: true, criteria: { orderBy: { position: "asc" } }, panel: { include: { user: { select: { id: true, name: true } } } } } });
  if (!release?.evaluation?.technicalOpenedAt) return null;
  const ranking = (await releaseRanking(releaseCode))!;
  const rows = (await rankingRows(releaseCode, ranking)).filter((r) => maySeePlot(r.plot));
  const names = new Map(release.panel.map((m) => [m.userId, m.user.name]));
  // The CSV's headings and criterion names are English; its reasons are too.
  const english = translator("en");
  const lines: unknown[][] = [["plot", "organisation", "receipt", "criterion", "weight", "max", "evaluator", "score", "comment", "moderated", "moderation reason", "technical score", "passed", "offered premium (HKD)", "financial score", "total", "rank", "decision", "decision reason"]];
  const scores = await db().score.findMany({ where: { proposal: { releaseId: release.id }, evaluator: { scoreSubmissions: { some: {} } } }, orderBy: [{ evaluatorId: "asc" }] });
  const submitted = new Set((await db().scoreSubmission.findMany({ where: { proposal: { releaseId: release.id } } })).map((s) => `${s.proposalId}:${s.evaluatorId}`));
  const moderated = await db().moderatedScore.findMany({ where: { proposal: { releaseId: release.id } } });
  for (const row of rows) {
    for (const criterion of release.criteria.filter((c) => c.envelope === "technical")) {
      const m = moderated.find((x) => x.proposalId === row.proposalId && x.criterionId === criterion.id);
      const given = scores.filter((x) => x.proposalId === row.proposalId && x.criterionId === criterion.id && submitted.has(`${x.proposalId}:${x.evaluatorId}`));
      for (const s of given.length ? given : [null]) {
        lines.push([row.plot, row.organisation, row.receiptNumber, criterion.nameEn, criterion.weight, criterion.maxScore, s ? names.get(s.evaluatorId) : "", s?.score ?? "", s?.comment ?? "", m ? formatScore(m.scoreHundredths / 100) : "", m?.reason ?? "", formatScore(row.technicalScore), row.passed ? "yes" : "no", row.offeredPremiumHkd ?? "", row.financialScore === null ? "" : formatScore(row.financialScore), row.total === null ? "" : formatScore(row.total), row.rank ?? "", row.decision?.outcome ?? "", row.decision ? decisionReasonText(english, "en", row.decision, row) : ""]);
      }
    }
  }
  return toCsv(lines);
}

/**
 * Everything the evaluation report states, for one opened release: the stages, the panel, the
 * ranking with decisions, every conflict declaration, every moderated score with its reason (of the
 * plots the reader sees), and the opening record (whole: it names the bidders everyone declares on).
 */
export async function reportContents(releaseCode: string, maySeePlot: PlotFilter) {
  const release = await db().release.findUnique({
    where: { code: releaseCode },
    include: { evaluation: true, criteria: { orderBy: { position: "asc" } }, panel: { include: { user: { select: { id: true, name: true } } }, orderBy: [{ role: "asc" }, { addedAt: "asc" }] } },
  });
  const record = await openingRecord(releaseCode);
  const ranking = await releaseRanking(releaseCode);
  if (!release?.evaluation || !record || !ranking) return null;
  const rows = (await rankingRows(releaseCode, ranking)).filter((r) => maySeePlot(r.plot));
  const names = new Map(release.panel.map((m) => [m.userId, m.user.name]));
  const proposals = new Map(rows.map((r) => [r.proposalId, r]));
  const where = { proposal: counted(release.id) };
  const [declarations, moderated] = await Promise.all([
    db().conflictDeclaration.findMany({ where, orderBy: { declaredAt: "asc" } }),
    db().moderatedScore.findMany({ where, orderBy: { moderatedAt: "asc" } }),
  ]);
  const criterion = new Map(release.criteria.map((c) => [c.id, c]));
  return {
    release: { code: release.code, titleEn: release.titleEn, titleZhHant: release.titleZhHant, submissionDeadline: release.submissionDeadline, passMarkPercent: release.passMarkPercent },
    evaluation: release.evaluation,
    panel: release.panel.map((m) => ({ name: m.user.name, role: m.role })),
    rows,
    declarations: declarations.filter((d) => proposals.has(d.proposalId)).map((d) => ({ evaluator: names.get(d.evaluatorId) ?? "", plot: proposals.get(d.proposalId)?.plot ?? "", organisation: proposals.get(d.proposalId)?.organisation ?? "", conflicted: d.conflicted, statement: d.statement, declaredAt: d.declaredAt })),
    moderated: moderated.filter((m) => proposals.has(m.proposalId)).map((m) => ({
      plot: proposals.get(m.proposalId)?.plot ?? "",
      organisation: proposals.get(m.proposalId)?.organisation ?? "",
      criterion: criterion.get(m.criterionId)!,
      score: m.scoreHundredths / 100,
      reason: m.reason,
      by: names.get(m.moderatedById) ?? "",
      at: m.moderatedAt,
    })),
    openingRecord: record,
  };
}
export type ReportContents = NonNullable<Awaited<ReturnType<typeof reportContents>>>;
