import { recordAuditEvent } from "~/platform/audit.server.ts";
import type { Tx } from "~/platform/database/transactions.server.ts";
import type { ReopenStage } from "~/platform/database/generated/prisma/enums.ts";
import { DomainError } from "~/platform/domain-error.ts";

/**
 * Reopens a release's evaluation after an upheld challenge, at the stage the administrator picked.
 * Submitted scores stay locked (what evaluators submitted is never changed):
 * - `moderation`: the chair moderates again, then applies the pass mark again and decides;
 * - `decisions`: the chair decides again.
 * Either way the results are published again, for the reopened plots only.
 */
export async function reopenEvaluation(tx: Tx, release: { id: string; code: string }, stage: ReopenStage, plot: string, actorId: string) {
  await tx.evaluation.update({
    where: { releaseId: release.id },
    data: stage === "moderation" ? { financialOpenedAt: null, financialOpenedById: null, resultsPublishedAt: null, resultsPublishedById: null } : { resultsPublishedAt: null, resultsPublishedById: null },
  });
  await tx.release.update({ where: { id: release.id }, data: { state: "closed" } });
  await recordAuditEvent(tx, { actorId, action: "evaluation.reopened", subjectType: "release", subjectId: release.code, data: { stage, plot } });
}

/**
 * Once results are published, a plot's evaluation changes only while it is reopened (its award
 * suspended by an upheld challenge): the outcome of every other plot stands.
 */
export async function requirePlotUnsettled(tx: Tx, proposalId: string) {
  const proposal = await tx.proposal.findUniqueOrThrow({ where: { id: proposalId }, include: { release: { select: { resultsPublishedAt: true } } } });
  if (!proposal.release.resultsPublishedAt) return;
  const reopened = await tx.award.count({ where: { releaseId: proposal.releaseId, plotId: proposal.plotId, status: "suspended" } });
  if (reopened === 0) throw new DomainError("challenges.errors.plotSettled");
}
