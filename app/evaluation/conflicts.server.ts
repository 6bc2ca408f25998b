import { recordAuditEvent } from "~/platform/audit.server.ts";
import type { CurrentUser } from "~/accounts/sessions.server.ts";
import { db } from "~/platform/database/db.server.ts";
import { DomainError } from "~/platform/domain-error.ts";
import { sealedOf } from "./sealed-bids.ts";

/** An evaluator's assignments on a release, with their declarations. */
async function assignmentsOf(evaluatorId: string, releaseId: string) {
  return db().assignment.findMany({
    where: { evaluatorId, proposal: { releaseId } },
    include: { proposal: { include: { plot: true, currentVersion: true, declarations: { where: { evaluatorId } }, scoreSubmissions: { where: { evaluatorId } } } } },
  });
}

/**
 * Declares, once, for one assigned proposal: no conflict, or a conflict with a statement. A
 * conflicted evaluator never sees or scores that proposal.
 */
export async function declareConflict(evaluator: CurrentUser, proposalId: string, input: { conflicted: boolean; statement?: string }) {
  await db().$transaction(async (tx) => {
    const assignment = await tx.assignment.findUnique({ where: { proposalId_evaluatorId: { proposalId, evaluatorId: evaluator.id } }, include: { proposal: { include: { release: { include: { evaluation: true } } } } } });
    if (!assignment?.proposal.release.evaluation?.technicalOpenedAt) throw new DomainError("evaluation.errors.notAssigned");
    if (input.conflicted && !input.statement?.trim()) throw new DomainError("evaluation.errors.statementRequired");
    const existing = await tx.conflictDeclaration.findUnique({ where: { proposalId_evaluatorId: { proposalId, evaluatorId: evaluator.id } } });
    if (existing) throw new DomainError("evaluation.errors.alreadyDeclared");
    await tx.conflictDeclaration.create({ data: { proposalId, evaluatorId: evaluator.id, conflicted: input.conflicted, statement: input.conflicted ? input.statement!.trim() : null } });
    await recordAuditEvent(tx, { actorId: evaluator.id, action: "evaluation.conflict_declared", subjectType: "proposal", subjectId: proposalId, data: { conflicted: input.conflicted, statement: input.conflicted ? input.statement!.trim() : null } });
  });
}

/**
 * What an evaluator sees of a release: the bidders of their assigned proposals to declare on, and,
 * once every declaration is made, the proposals they may evaluate (never a conflicted one).
 */
export async function evaluatorOverview(evaluator: CurrentUser, releaseCode: string) {
  const release = await db().release.findUnique({ where: { code: releaseCode }, include: { evaluation: true, panel: { where: { userId: evaluator.id } } } });
  if (!release || release.panel.length === 0 || !release.evaluation?.technicalOpenedAt) return null;
  const assignments = await assignmentsOf(evaluator.id, release.id);
  const rows = assignments.map(({ proposal }) => ({
    proposalId: proposal.id,
    plot: proposal.plot.code,
    organisation: sealedOf(proposal.currentVersion!).organisation.name,
    declaration: proposal.declarations[0] ? { conflicted: proposal.declarations[0].conflicted } : null,
    submitted: proposal.scoreSubmissions.length > 0,
  }));
  const allDeclared = rows.every((r) => r.declaration !== null);
  return { release, rows: rows.sort((a, b) => a.plot.localeCompare(b.plot) || a.organisation.localeCompare(b.organisation)), allDeclared };
}
