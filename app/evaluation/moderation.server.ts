import { recordAuditEvent, type AuditEntry } from "~/platform/audit.server.ts";
import type { CurrentUser } from "~/accounts/sessions.server.ts";
import { db } from "~/platform/database/db.server.ts";
import { DomainError } from "~/platform/domain-error.ts";
import { chairSight, type ChairSight } from "./conflict-gate.server.ts";
import { requireChair } from "./panel.server.ts";
import { rankingOf, rankingRowsOf } from "./ranking-data.server.ts";
import { round } from "./ranking.ts";
import { requirePlotUnsettled } from "./reopening.server.ts";
import { counted, sealedOf } from "./sealed-bids.ts";

/** Where evaluators disagree widely: a spread of at least this share of the criterion's range. */
export const WIDE_SPREAD = 0.3;

/**
 * The chair's view of a release: per proposal, the matrix of evaluators × criteria with the spread
 * per criterion (flagged where evaluators disagree widely), moderated scores, declarations, and a
 * warning where fewer than the minimum of evaluators remain. Only what the chair may see: nothing
 * until their declarations are made, nothing of a plot where they declared a conflict (`sight`).
 * Null for an unknown release and for anyone but its chair.
 */
export async function moderationView(chair: CurrentUser, releaseCode: string) {
  const release = await db().release.findUnique({
    where: { code: releaseCode },
    include: { evaluation: true, panel: { include: { user: { select: { id: true, name: true } } } }, criteria: { orderBy: { position: "asc" } } },
  });
  if (!release?.panel.some((m) => m.userId === chair.id && m.role === "chair")) return null;
  if (!release.evaluation?.technicalOpenedAt) return { release, sight: null, proposals: [], rows: [], financialOpen: false };
  // Read side by side: what the chair may see, every proposal that counts (the ranking's rows come
  // from the same read) and the ranking's figures.
  const [sight, counting, ranking] = await Promise.all([
    chairSight(db(), chair.id, release.id),
    db().proposal.findMany({
      where: counted(release.id),
      include: { plot: true, currentVersion: true, assignments: true, declarations: true, scores: true, scoreSubmissions: true, moderatedScores: true, decision: true },
      orderBy: { plot: { code: "asc" } },
    }),
    rankingOf(release),
  ]);
  const proposals = counting.filter((p) => sight.maySeePlot(p.plot.code));
  const rows = ranking ? rankingRowsOf(ranking, counting).filter((r) => sight.maySeePlot(r.plot)) : [];
  const technical = release.criteria.filter((c) => c.envelope === "technical");
  const names = new Map(release.panel.map((m) => [m.userId, m.user.name]));
  return {
    release,
    sight,
    /** The ranking of the plots the chair may see. */
    rows,
    financialOpen: ranking?.financialOpen ?? false,
    proposals: proposals.map((p) => {
      const eligible = p.assignments.filter((a) => !p.declarations.some((d) => d.evaluatorId === a.evaluatorId && d.conflicted)).map((a) => a.evaluatorId);
      const submittedBy = new Set(p.scoreSubmissions.map((s) => s.evaluatorId));
      const criteria = technical.map((c) => {
        const scores = p.scores.filter((s) => s.criterionId === c.id && submittedBy.has(s.evaluatorId));
        const values = scores.map((s) => s.score);
        const spread = values.length ? Math.max(...values) - Math.min(...values) : 0;
        const moderated = p.moderatedScores.find((m) => m.criterionId === c.id);
        return {
          criterionId: c.id,
          nameEn: c.nameEn,
          nameZhHant: c.nameZhHant,
          maxScore: c.maxScore,
          scores: scores.map((s) => ({ evaluatorId: s.evaluatorId, evaluator: names.get(s.evaluatorId) ?? "", score: s.score, comment: s.comment })),
          mean: values.length ? round(values.reduce((a, b) => a + b, 0) / values.length) : null,
          spread,
          wide: spread >= WIDE_SPREAD * c.maxScore,
          moderated: moderated ? { score: moderated.scoreHundredths / 100, reason: moderated.reason } : null,
        };
      });
      return {
        proposalId: p.id,
        plot: p.plot.code,
        organisation: sealedOf(p.currentVersion!).organisation.name,
        receiptNumber: p.currentVersion!.receiptNumber,
        declarations: p.declarations.map((d) => ({ evaluator: names.get(d.evaluatorId) ?? "", conflicted: d.conflicted, statement: d.statement })),
        eligibleEvaluators: eligible.length,
        belowMinimum: eligible.length < release.evaluation!.minEvaluatorsPerProposal,
        submittedCount: eligible.filter((e) => submittedBy.has(e)).length,
        criteria,
      };
    }),
  };
}

/** Refuses the chair a proposal of a plot they may not see: undeclared, or conflicted on that plot. */
export function requireChairSees(sight: ChairSight, plotCode: string) {
  if (!sight.declared) throw new DomainError("chair.errors.declareFirst");
  if (!sight.maySeePlot(plotCode)) throw new DomainError("chair.errors.conflicted", "forbidden");
}

/** The audit entry of a moderated score, in hundredths as stored (also written by the demo seed's replay). */
export const scoreModeratedEntry = (chairId: string, proposalId: string, criterionId: string, hundredths: number, reason: string): AuditEntry => ({
  actorId: chairId,
  action: "evaluation.score_moderated",
  subjectType: "proposal",
  subjectId: proposalId,
  data: { criterionId, score: hundredths / 100, reason },
});

/** The chair sets a moderated score for a criterion, with a required reason; the originals stay. */
export async function moderateScore(chair: CurrentUser, proposalId: string, criterionId: string, score: number, reason: string) {
  await db().$transaction(async (tx) => {
    const proposal = await tx.proposal.findUnique({ where: { id: proposalId }, include: { plot: true, release: { include: { panel: true, evaluation: true, criteria: true } } } });
    if (!proposal) throw new DomainError("evaluation.errors.notAssigned");
    const { release } = proposal;
    requireChair(chair, release);
    requireChairSees(await chairSight(tx, chair.id, release.id), proposal.plot.code);
    if (!release.evaluation?.technicalOpenedAt || release.evaluation.financialOpenedAt) throw new DomainError("evaluation.errors.notModerating");
    await requirePlotUnsettled(tx, proposalId);
    const criterion = release.criteria.find((c) => c.id === criterionId && c.envelope === "technical");
    if (!criterion) throw new DomainError("evaluation.errors.unknownCriterion");
    const hundredths = Math.round(score * 100);
    if (!Number.isFinite(score) || hundredths < 0 || hundredths > criterion.maxScore * 100) throw new DomainError("evaluation.errors.scoreRange");
    if (reason.trim().length < 3) throw new DomainError("evaluation.errors.reasonRequired");
    const key = { proposalId_criterionId: { proposalId, criterionId } };
    await tx.moderatedScore.upsert({ where: key, create: { proposalId, criterionId, scoreHundredths: hundredths, reason: reason.trim(), moderatedById: chair.id }, update: { scoreHundredths: hundredths, reason: reason.trim(), moderatedById: chair.id, moderatedAt: new Date() } });
    await recordAuditEvent(tx, scoreModeratedEntry(chair.id, proposalId, criterionId, hundredths, reason.trim()));
  });
}
