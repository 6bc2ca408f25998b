import { recordAuditEvent } from "~/platform/audit.server.ts";
import type { CurrentUser } from "~/accounts/sessions.server.ts";
import { db } from "~/platform/database/db.server.ts";
import type { Outcome } from "~/platform/database/generated/prisma/enums.ts";
import { DomainError } from "~/platform/domain-error.ts";
import { requireChair } from "./panel.server.ts";
import { requirePlotUnsettled } from "./reopening.server.ts";

/** The chair proposes an outcome for a proposal, with a reason (after the financial opening, before publication). */
export async function proposeDecision(chair: CurrentUser, proposalId: string, outcome: Outcome, reason: string) {
  await db().$transaction(async (tx) => {
    const proposal = await tx.proposal.findUnique({ where: { id: proposalId }, include: { release: { include: { panel: true, evaluation: true } } } });
    if (!proposal?.currentVersionId) throw new DomainError("evaluation.errors.notAssigned");
    requireChair(chair, proposal.release);
    const evaluation = proposal.release.evaluation;
    if (!evaluation?.financialOpenedAt || evaluation.resultsPublishedAt) throw new DomainError("evaluation.errors.notDeciding");
    await requirePlotUnsettled(tx, proposalId);
    if (reason.trim().length < 3) throw new DomainError("evaluation.errors.reasonRequired");
    await tx.decision.upsert({ where: { proposalId }, create: { proposalId, outcome, reason: reason.trim(), proposedById: chair.id }, update: { outcome, reason: reason.trim(), proposedById: chair.id, proposedAt: new Date() } });
    await recordAuditEvent(tx, { actorId: chair.id, action: "evaluation.decision_proposed", subjectType: "proposal", subjectId: proposalId, data: { outcome, reason: reason.trim() } });
  });
}
