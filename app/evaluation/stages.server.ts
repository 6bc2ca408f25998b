import { db } from "~/platform/database/db.server.ts";
import { WIDE_SPREAD } from "./moderation.server.ts";
import type { EvaluatorProgress, StageFacts } from "./stages.ts";

interface FactsRow {
  deadlinePassed: boolean;
  proposals: number;
  decisions: number;
  moderationPending: number;
  panel: { name: string; role: "chair" | "evaluator"; assigned: number; toDeclare: number; declared: number; conflicted: number; chairConflicts: number; submitted: number }[];
}

/**
 * The counts behind a release's evaluation stages, in one query, by the database's clock. Before
 * the technical envelopes are opened nothing about proposals is counted (they are sealed: not even
 * how many there are); assignments, declarations and scores exist only after the opening anyway.
 * Null for an unknown code or a draft.
 */
export async function stageFacts(releaseCode: string): Promise<StageFacts | null> {
  const release = await db().release.findUnique({ where: { code: releaseCode }, include: { evaluation: true } });
  if (!release || release.state === "draft") return null;
  const opened = Boolean(release.evaluation?.technicalOpenedAt);
  const [row] = await db().$queryRaw<FactsRow[]>`
    WITH counted AS (
      SELECT p.id FROM "Proposal" p WHERE p."releaseId" = ${release.id}::uuid AND p."currentVersionId" IS NOT NULL AND ${opened}
    ), spreads AS (
      SELECT s."proposalId", s."criterionId", max(s.score) - min(s.score) AS spread, c."maxScore"
      FROM "Score" s
      JOIN counted ON counted.id = s."proposalId"
      JOIN "ScoreSubmission" sub ON sub."proposalId" = s."proposalId" AND sub."evaluatorId" = s."evaluatorId"
      JOIN "Criterion" c ON c.id = s."criterionId"
      GROUP BY s."proposalId", s."criterionId", c."maxScore"
    )
    SELECT
      now() >= ${release.submissionDeadline} AS "deadlinePassed",
      (SELECT count(*)::int FROM counted) AS proposals,
      (SELECT count(*)::int FROM "Decision" d JOIN counted ON counted.id = d."proposalId") AS decisions,
      (SELECT count(*)::int FROM spreads w
        WHERE w.spread >= ${WIDE_SPREAD}::float8 * w."maxScore"
          AND NOT EXISTS (SELECT 1 FROM "ModeratedScore" m WHERE m."proposalId" = w."proposalId" AND m."criterionId" = w."criterionId")) AS "moderationPending",
      COALESCE((
        SELECT json_agg(json_build_object(
          'name', u.name,
          'role', pm.role,
          'assigned', (SELECT count(*) FROM "Assignment" a JOIN counted ON counted.id = a."proposalId" WHERE a."evaluatorId" = pm."userId"),
          -- The chair declares on every proposal received, an evaluator on those assigned.
          'toDeclare', CASE WHEN pm.role = 'chair' THEN (SELECT count(*) FROM counted)
            ELSE (SELECT count(*) FROM "Assignment" a JOIN counted ON counted.id = a."proposalId" WHERE a."evaluatorId" = pm."userId") END,
          'declared', (SELECT count(*) FROM "ConflictDeclaration" x JOIN counted ON counted.id = x."proposalId" WHERE x."evaluatorId" = pm."userId"
            AND (pm.role = 'chair' OR EXISTS (SELECT 1 FROM "Assignment" a WHERE a."proposalId" = x."proposalId" AND a."evaluatorId" = x."evaluatorId"))),
          'conflicted', (SELECT count(*) FROM "ConflictDeclaration" x JOIN counted ON counted.id = x."proposalId" JOIN "Assignment" a ON a."proposalId" = x."proposalId" AND a."evaluatorId" = x."evaluatorId" WHERE x."evaluatorId" = pm."userId" AND x.conflicted),
          'chairConflicts', (SELECT count(*) FROM "ConflictDeclaration" x JOIN counted ON counted.id = x."proposalId" WHERE x."evaluatorId" = pm."userId" AND x.conflicted AND pm.role = 'chair'),
          'submitted', (SELECT count(*) FROM "ScoreSubmission" s JOIN counted ON counted.id = s."proposalId" WHERE s."evaluatorId" = pm."userId")
        ) ORDER BY pm.role, u.name)
        FROM "PanelMember" pm JOIN "User" u ON u.id = pm."userId" WHERE pm."releaseId" = ${release.id}::uuid
      ), '[]'::json) AS panel`;
  const { evaluation } = release;
  const iso = (date: Date | null | undefined) => date?.toISOString() ?? null;
  return {
    panel: { chair: row!.panel.find((m) => m.role === "chair")?.name ?? null, evaluators: row!.panel.filter((m) => m.role === "evaluator").length },
    deadline: release.submissionDeadline.toISOString(),
    deadlinePassed: row!.deadlinePassed,
    technicalOpenedAt: iso(evaluation?.technicalOpenedAt),
    financialOpenedAt: iso(evaluation?.financialOpenedAt),
    resultsPublishedAt: iso(evaluation?.resultsPublishedAt),
    proposals: opened ? row!.proposals : null,
    // Only those with something to do: the chair declares on every proposal, evaluators on theirs.
    evaluators: row!.panel
      .filter((m) => m.toDeclare > 0)
      .map((m): EvaluatorProgress => ({ name: m.name, chair: m.role === "chair", assigned: m.assigned, toDeclare: m.toDeclare, declared: m.declared, conflicted: m.conflicted, submitted: m.submitted })),
    chairConflicts: row!.panel.find((m) => m.role === "chair")?.chairConflicts ?? 0,
    moderationPending: row!.moderationPending,
    decisions: row!.decisions,
  };
}
