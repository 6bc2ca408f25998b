import { db } from "~/platform/database/db.server.ts";
import type { Tx } from "~/platform/database/transactions.server.ts";
import { counted } from "./sealed-bids.ts";

type Client = Tx | ReturnType<typeof db>;

/**
 * How many of the proposals a panel member must declare on are still undeclared. The chair
 * declares on every proposal received (the chair moderates, ranks and decides them all); an
 * evaluator on the proposals assigned to them.
 */
export async function undeclaredCount(client: Client, memberId: string, releaseId: string): Promise<number> {
  const member = await client.panelMember.findUnique({ where: { releaseId_userId: { releaseId, userId: memberId } } });
  if (member?.role === "chair") return undeclaredByChair(client, memberId, releaseId);
  return client.assignment.count({ where: { evaluatorId: memberId, proposal: { releaseId }, NOT: { proposal: { declarations: { some: { evaluatorId: memberId } } } } } });
}

const undeclaredByChair = (client: Client, chairId: string, releaseId: string) =>
  client.proposal.count({ where: { ...counted(releaseId), NOT: { declarations: { some: { evaluatorId: chairId } } } } });

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
  const [undeclared, conflict] = await Promise.all([
    undeclaredCount(db(), evaluatorId, assignment.proposal.releaseId),
    db().conflictDeclaration.findUnique({ where: { proposalId_evaluatorId: { proposalId, evaluatorId } } }),
  ]);
  return undeclared === 0 && conflict !== null && !conflict.conflicted;
}

/**
 * What the chair may see of a release's proposals (rule 5, the chair included): nothing until every
 * declaration of theirs is made, and nothing of a plot where they declared a conflict with one of
 * its bidders. The plot, not only the proposal: what the chair does there (moderating, ranking,
 * shortlisting) weighs that bidder against its competitors, and the competitors' financial shares
 * and ranks would reveal the hidden proposal's figures. `chairId` is the release's chair (every
 * caller has checked it), so their declarations are counted over every proposal received.
 */
export async function chairSight(client: Client, chairId: string, releaseId: string) {
  const [undeclared, conflicts] = await Promise.all([
    undeclaredByChair(client, chairId, releaseId),
    // The plots themselves (one statement), not the declarations with their proposals' plots (three).
    client.plot.findMany({ where: { proposals: { some: { ...counted(releaseId), declarations: { some: { evaluatorId: chairId, conflicted: true } } } } }, select: { code: true } }),
  ]);
  const conflictedPlots = new Set(conflicts.map((plot) => plot.code));
  return {
    declared: undeclared === 0,
    undeclared,
    conflictedPlots,
    maySeePlot: (plotCode: string) => undeclared === 0 && !conflictedPlots.has(plotCode),
  };
}
export type ChairSight = Awaited<ReturnType<typeof chairSight>>;
