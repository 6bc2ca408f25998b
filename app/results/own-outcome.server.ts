import { db } from "~/platform/database/db.server.ts";
import { loadRankingData, rankLoaded } from "~/evaluation/ranking-data.server.ts";

/**
 * A proposal's own published outcome, for its organisation's page (the caller has read the proposal
 * as theirs): the outcome and its reason, and this proposal's figures only, as its outcome email
 * states them. Null until the results are published, or for a proposal that did not count.
 */
export async function ownOutcome(own: { id: string; currentVersionId: string | null; release: { resultsPublishedAt: Date | null } }) {
  // Never submitted, or results never published: nothing to read. The release keeps the date of its
  // first publication; the evaluation's (below) is cleared while an upheld challenge reopens it.
  if (!own.currentVersionId || !own.release.resultsPublishedAt) return null;
  const proposalId = own.id;
  const proposal = await db().proposal.findUnique({
    where: { id: proposalId },
    include: { decision: true, plot: true, release: { include: { evaluation: true, criteria: { orderBy: { position: "asc" } } } } },
  });
  if (!proposal?.decision || !proposal.currentVersionId || !proposal.release.evaluation?.resultsPublishedAt) return null;
  const { release, decision } = proposal;
  const mine = [...rankLoaded(release, await loadRankingData(db(), release.id), true).values()].flat().find((r) => r.proposalId === proposalId);
  if (!mine) return null;
  return {
    publishedAt: release.evaluation!.resultsPublishedAt!,
    outcome: decision.outcome,
    reason: { reason: decision.reason, noteEn: decision.noteEn, noteZhHant: decision.noteZhHant },
    figures: { plot: proposal.plot.code, technicalScore: mine.technicalScore, technicalMax: mine.technicalMax, passMark: mine.passMark, passed: mine.passed, financialScore: mine.financialScore, total: mine.total, rank: mine.rank },
    criteria: mine.criteria.map((c) => {
      const criterion = release.criteria.find((x) => x.id === c.criterionId)!;
      return { id: c.criterionId, nameEn: criterion.nameEn, nameZhHant: criterion.nameZhHant, maxScore: criterion.maxScore, score: c.used };
    }),
  };
}
export type OwnOutcome = NonNullable<Awaited<ReturnType<typeof ownOutcome>>>;
