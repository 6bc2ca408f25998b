import { db } from "~/platform/database/db.server.ts";

/**
 * The one gate for an evaluator and a proposal (rule 5 of DOMAIN.md): assigned, opened, every
 * declaration of theirs on the release made, and no conflict on this one. Every loader, link and
 * report goes through it.
 */
export async function evaluatorMaySee(evaluatorId: string, proposalId: string): Promise<boolean> {
  const assignment = await db().assignment.findUnique({
    where: { proposalId_evaluatorId: { proposalId, evaluatorId } },
    include: { proposal: { include: { release: { include: { evaluation: true } } } } },
  });
  if (!assignment?.proposal.release.evaluation?.technicalOpenedAt) return false;
  const releaseId = assignment.proposal.releaseId;
  const [undeclared, conflict] = await Promise.all([
    db().assignment.count({ where: { evaluatorId, proposal: { releaseId }, NOT: { proposal: { declarations: { some: { evaluatorId } } } } } }),
    db().conflictDeclaration.findUnique({ where: { proposalId_evaluatorId: { proposalId, evaluatorId } } }),
  ]);
  return undeclared === 0 && conflict !== null && !conflict.conflicted;
}
