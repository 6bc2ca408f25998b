import { recordAuditEvent, type AuditEntry } from "~/platform/audit.server.ts";
import type { CurrentUser } from "~/accounts/sessions.server.ts";
import { db } from "~/platform/database/db.server.ts";
import { DomainError } from "~/platform/domain-error.ts";
import { counted, sealedOf } from "./sealed-bids.ts";

/**
 * The proposals a panel member declares on, with their declarations: the chair every proposal
 * received, an evaluator those assigned (see undeclaredCount in conflict-gate.server.ts).
 */
async function declarationRowsOf(memberId: string, releaseId: string, role: "chair" | "evaluator") {
  return db().proposal.findMany({
    where: role === "chair" ? counted(releaseId) : { releaseId, assignments: { some: { evaluatorId: memberId } } },
    include: { plot: true, currentVersion: true, assignments: { where: { evaluatorId: memberId } }, declarations: { where: { evaluatorId: memberId } }, scoreSubmissions: { where: { evaluatorId: memberId } } },
  });
}

/** The audit entry of a declaration (also written by the demo seed's replay). */
export const conflictDeclaredEntry = (memberId: string, proposalId: string, conflicted: boolean, statement: string | null): AuditEntry => ({
  actorId: memberId,
  action: "evaluation.conflict_declared",
  subjectType: "proposal",
  subjectId: proposalId,
  data: { conflicted, statement },
});

/**
 * Declares, once, for one proposal: no conflict, or a conflict with a statement. An evaluator
 * declares on the proposals assigned to them, the chair on every proposal received. A conflicted
 * evaluator never sees or scores that proposal; a conflicted chair never sees, moderates or decides
 * on that proposal's plot.
 */
export async function declareConflict(evaluator: CurrentUser, proposalId: string, input: { conflicted: boolean; statement?: string }) {
  await db().$transaction(async (tx) => {
    const proposal = await tx.proposal.findUnique({
      where: { id: proposalId },
      include: { release: { include: { evaluation: true, panel: { where: { userId: evaluator.id } } } }, assignments: { where: { evaluatorId: evaluator.id } } },
    });
    const chair = proposal?.release.panel[0]?.role === "chair" && proposal.currentVersionId !== null;
    if (!proposal?.release.evaluation?.technicalOpenedAt || (!chair && proposal.assignments.length === 0)) throw new DomainError("evaluation.errors.notAssigned");
    if (input.conflicted && !input.statement?.trim()) throw new DomainError("evaluation.errors.statementRequired");
    const existing = await tx.conflictDeclaration.findUnique({ where: { proposalId_evaluatorId: { proposalId, evaluatorId: evaluator.id } } });
    if (existing) throw new DomainError("evaluation.errors.alreadyDeclared");
    const statement = input.conflicted ? input.statement!.trim() : null;
    await tx.conflictDeclaration.create({ data: { proposalId, evaluatorId: evaluator.id, conflicted: input.conflicted, statement } });
    await recordAuditEvent(tx, conflictDeclaredEntry(evaluator.id, proposalId, input.conflicted, statement));
  });
}

/**
 * What a panel member sees of a release: the bidders they declare on (the chair: every bidder), and,
 * once every declaration is made, the proposals they may evaluate (never a conflicted one).
 */
export async function evaluatorOverview(evaluator: CurrentUser, releaseCode: string) {
  const release = await db().release.findUnique({ where: { code: releaseCode }, include: { evaluation: true, panel: { where: { userId: evaluator.id } } } });
  if (!release || release.panel.length === 0 || !release.evaluation?.technicalOpenedAt) return null;
  const proposals = await declarationRowsOf(evaluator.id, release.id, release.panel[0]!.role);
  const rows = proposals.map((proposal) => ({
    proposalId: proposal.id,
    plot: proposal.plot.code,
    organisation: sealedOf(proposal.currentVersion!).organisation.name,
    declaration: proposal.declarations[0] ? { conflicted: proposal.declarations[0].conflicted } : null,
    // A chair named from among the evaluators keeps the proposals assigned to them to score.
    assigned: proposal.assignments.length > 0,
    submitted: proposal.scoreSubmissions.length > 0,
  }));
  const allDeclared = rows.every((r) => r.declaration !== null);
  return { release, rows: rows.sort((a, b) => a.plot.localeCompare(b.plot) || a.organisation.localeCompare(b.organisation)), allDeclared };
}
