import { recordAuditEvent, type AuditEntry } from "~/platform/audit.server.ts";
import type { CurrentUser } from "~/accounts/sessions.server.ts";
import { db } from "~/platform/database/db.server.ts";
import type { Decision } from "~/platform/database/generated/prisma/client.ts";
import { DomainError } from "~/platform/domain-error.ts";
import { chairSight, type ChairSight } from "./conflict-gate.server.ts";
import { requireChair } from "./panel.server.ts";
import { rankingOf, rankingRowsOf } from "./ranking-data.server.ts";
import { round } from "./ranking.ts";
import { requirePlotUnsettled } from "./reopening.server.ts";

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
  const financialOpen = Boolean(release.evaluation.financialOpenedAt);
  // Read side by side: what the chair may see, every proposal that counts (the ranking's rows come
  // from the same read) and the ranking's figures.
  const [sight, counting, ranking] = await Promise.all([chairSight(db(), chair.id, release.id), countedForModeration(release.id, financialOpen), rankingOf(release)]);
  const proposals = counting.filter((p) => sight.maySeePlot(p.plot));
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
      const eligible = p.assigned.filter((evaluatorId) => !p.declarations.some((d) => d.evaluatorId === evaluatorId && d.conflicted));
      const submittedBy = new Set(p.submitted);
      const criteria = technical.map((c) => {
        const scores = p.scores.filter((s) => s.criterionId === c.id);
        const values = scores.map((s) => s.score);
        const spread = values.length ? Math.max(...values) - Math.min(...values) : 0;
        const moderated = p.moderated.find((m) => m.criterionId === c.id);
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
        plot: p.plot,
        organisation: p.organisation,
        receiptNumber: p.receiptNumber,
        declarations: p.declarations.map((d) => ({ evaluator: names.get(d.evaluatorId) ?? "", conflicted: d.conflicted, statement: d.statement })),
        eligibleEvaluators: eligible.length,
        belowMinimum: eligible.length < release.evaluation!.minEvaluatorsPerProposal,
        submittedCount: eligible.filter((e) => submittedBy.has(e)).length,
        criteria,
      };
    }),
  };
}

/**
 * Every proposal that counts, by plot and time of receipt, with what the moderation view shows of
 * it, in one statement (nine with Prisma's includes): of its sealed package only the organisation's
 * name, and the offered premium only once the financial envelopes are open (the ranking shows it
 * for passers); only the scores of evaluators who submitted theirs.
 */
function countedForModeration(releaseId: string, financialOpen: boolean) {
  return db().$queryRaw<{
    id: string;
    plot: string;
    receiptNumber: string;
    organisation: string;
    landPremiumHkd: string | null;
    assigned: string[];
    declarations: { evaluatorId: string; conflicted: boolean; statement: string | null }[];
    submitted: string[];
    scores: { evaluatorId: string; criterionId: string; score: number; comment: string }[];
    moderated: { criterionId: string; scoreHundredths: number; reason: string }[];
    decision: Pick<Decision, "outcome" | "reason" | "noteEn" | "noteZhHant"> | null;
  }[]>`
    SELECT p.id, pl.code AS plot, v."receiptNumber", v."sealedPackage"->'organisation'->>'name' AS organisation,
      CASE WHEN ${financialOpen} THEN v."sealedPackage"->'financial'->>'landPremiumHkd' END AS "landPremiumHkd",
      (SELECT coalesce(json_agg(a."evaluatorId"), '[]') FROM "Assignment" a WHERE a."proposalId" = p.id) AS assigned,
      (SELECT coalesce(json_agg(json_build_object('evaluatorId', d."evaluatorId", 'conflicted', d.conflicted, 'statement', d.statement) ORDER BY d."declaredAt"), '[]')
        FROM "ConflictDeclaration" d WHERE d."proposalId" = p.id) AS declarations,
      (SELECT coalesce(json_agg(s."evaluatorId"), '[]') FROM "ScoreSubmission" s WHERE s."proposalId" = p.id) AS submitted,
      (SELECT coalesce(json_agg(json_build_object('evaluatorId', s."evaluatorId", 'criterionId', s."criterionId", 'score', s.score, 'comment', s.comment)), '[]')
        FROM "Score" s JOIN "ScoreSubmission" sub ON sub."proposalId" = s."proposalId" AND sub."evaluatorId" = s."evaluatorId" WHERE s."proposalId" = p.id) AS scores,
      (SELECT coalesce(json_agg(json_build_object('criterionId', m."criterionId", 'scoreHundredths', m."scoreHundredths", 'reason', m.reason)), '[]')
        FROM "ModeratedScore" m WHERE m."proposalId" = p.id) AS moderated,
      (SELECT json_build_object('outcome', d.outcome, 'reason', d.reason, 'noteEn', d."noteEn", 'noteZhHant', d."noteZhHant") FROM "Decision" d WHERE d."proposalId" = p.id) AS decision
    FROM "Proposal" p JOIN "ProposalVersion" v ON v.id = p."currentVersionId" JOIN "Plot" pl ON pl.id = p."plotId"
    WHERE p."releaseId" = ${releaseId}::uuid
    ORDER BY pl.code, v."receivedAt", v."receiptNumber"`;
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
