import { recordAuditEvent, type AuditEntry } from "~/platform/audit.server.ts";
import type { CurrentUser } from "~/accounts/sessions.server.ts";
import { db } from "~/platform/database/db.server.ts";
import { serverNow } from "~/platform/database/transactions.server.ts";
import type { Outcome } from "~/platform/database/generated/prisma/enums.ts";
import { DomainError } from "~/platform/domain-error.ts";
import { chairSight } from "./conflict-gate.server.ts";
import { requireChairSees } from "./moderation.server.ts";
import { lockRelease, requireChair } from "./panel.server.ts";
import { loadRankingData, rankLoaded } from "./ranking-data.server.ts";
import { reasonProblem, type DecisionReasonRecord } from "./reasons.ts";
import { requirePlotUnsettled } from "./reopening.server.ts";

export interface ProposedDecision extends DecisionReasonRecord {
  outcome: Outcome;
}

/** The audit entry of a decision proposed (also written by the demo seed's replay). */
export const decisionProposedEntry = (chairId: string, proposalId: string, outcome: Outcome, record: DecisionReasonRecord): AuditEntry => ({
  actorId: chairId,
  action: "evaluation.decision_proposed",
  subjectType: "proposal",
  subjectId: proposalId,
  data: { outcome, reason: record.reason, noteEn: record.noteEn, noteZhHant: record.noteZhHant },
});

/**
 * The chair proposes an outcome for a proposal (after the financial opening, before publication),
 * with a reason template that must state what the ranking says of this proposal, and an optional
 * note in both languages.
 */
export async function proposeDecision(chair: CurrentUser, proposalId: string, decision: ProposedDecision) {
  await db().$transaction(async (tx) => {
    const proposal = await tx.proposal.findUnique({ where: { id: proposalId }, include: { plot: true, release: true } });
    if (!proposal?.currentVersionId) throw new DomainError("evaluation.errors.notAssigned");
    const release = await lockRelease(tx, proposal.release.code);
    requireChair(chair, release);
    requireChairSees(await chairSight(tx, chair.id, proposal.releaseId), proposal.plot.code);
    const evaluation = release.evaluation;
    if (!evaluation?.financialOpenedAt || evaluation.resultsPublishedAt) throw new DomainError("evaluation.errors.notDeciding");
    await requirePlotUnsettled(tx, proposalId);
    const figures = [...rankLoaded(release, await loadRankingData(tx, release.id), true).values()].flat().find((r) => r.proposalId === proposalId)!;
    const noteEn = decision.noteEn?.trim() || null;
    const noteZhHant = decision.noteZhHant?.trim() || null;
    const record = { reason: decision.reason, noteEn, noteZhHant };
    const problem = reasonProblem(decision.outcome, record, figures);
    if (problem) throw new DomainError(problem, "invalid");
    const now = await serverNow(tx);
    const data = { outcome: decision.outcome, ...record, proposedById: chair.id, proposedAt: now };
    await tx.decision.upsert({ where: { proposalId }, create: { proposalId, ...data }, update: data });
    await recordAuditEvent(tx, decisionProposedEntry(chair.id, proposalId, decision.outcome, record));
  });
}
