import { db } from "~/platform/database/db.server.ts";
import type { Decision } from "~/platform/database/generated/prisma/client.ts";
import type { Tx } from "~/platform/database/transactions.server.ts";
import { rankRelease, technicalResult, type ProposalForRanking, type RankedProposal, type RankingCriterion } from "./ranking.ts";
import { sealedOf } from "./sealed-bids.ts";

/**
 * The ranking inputs of a release, in three plain queries (a release may hold thousands of
 * proposals and tens of thousands of scores): only submitted scores count. Premiums are read here
 * but handed to the arithmetic only for proposals whose financial envelope may be opened.
 */
export async function loadRankingData(tx: Tx, releaseId: string) {
  const [proposals, scores, moderated] = await Promise.all([
    tx.$queryRaw<{ id: string; plot: string; receivedAt: Date; receiptNumber: string; premium: string | null }[]>`
      SELECT p.id, pl.code AS plot, v."receivedAt", v."receiptNumber", v."sealedPackage"->'financial'->>'landPremiumHkd' AS premium
      FROM "Proposal" p JOIN "ProposalVersion" v ON v.id = p."currentVersionId" JOIN "Plot" pl ON pl.id = p."plotId"
      WHERE p."releaseId" = ${releaseId}::uuid`,
    // The submitted scores summed as they were submitted (prisma/repeatable/score-tallies.sql): the
    // ranking needs each criterion's mean, not 80,000 rows (each evaluator's score is in the
    // moderation view and the report).
    tx.$queryRaw<{ proposalId: string; criterionId: string; sum: number; count: number }[]>`
      SELECT t."proposalId", t."criterionId", t.sum, t.count
      FROM "CriterionTally" t JOIN "Proposal" p ON p.id = t."proposalId"
      WHERE p."releaseId" = ${releaseId}::uuid AND p."currentVersionId" IS NOT NULL`,
    tx.$queryRaw<{ proposalId: string; criterionId: string; scoreHundredths: number }[]>`
      SELECT m."proposalId", m."criterionId", m."scoreHundredths"
      FROM "ModeratedScore" m JOIN "Proposal" p ON p.id = m."proposalId"
      WHERE p."releaseId" = ${releaseId}::uuid AND p."currentVersionId" IS NOT NULL`,
  ]);
  const byProposal = new Map<string, ProposalForRanking>();
  const premiums = new Map<string, bigint | null>();
  for (const p of proposals) {
    byProposal.set(p.id, { proposalId: p.id, plot: p.plot, receivedAt: new Date(p.receivedAt), receiptNumber: p.receiptNumber, scores: {}, tallies: {}, moderated: {}, landPremiumHkd: null });
    premiums.set(p.id, p.premium ? BigInt(p.premium) : null);
  }
  for (const s of scores) {
    const proposal = byProposal.get(s.proposalId);
    if (proposal) proposal.tallies![s.criterionId] = { sum: Number(s.sum), count: Number(s.count) };
  }
  for (const m of moderated) {
    const proposal = byProposal.get(m.proposalId);
    if (proposal) proposal.moderated[m.criterionId] = Number(m.scoreHundredths) / 100;
  }
  return { proposals: [...byProposal.values()], premiums };
}

/**
 * The ranking of loaded data: technical only (financial sealed), or, once the financial envelopes
 * are open, with the premiums of the proposals that reached the pass mark, and only theirs.
 */
export function rankLoaded(release: { criteria: RankingCriterion[]; passMarkPercent: number }, data: Awaited<ReturnType<typeof loadRankingData>>, financialOpen: boolean) {
  if (!financialOpen) return rankRelease({ criteria: release.criteria, passMarkPercent: release.passMarkPercent, proposals: data.proposals, financialOpen: false });
  const passers = new Set(data.proposals.filter((p) => technicalResult(release.criteria, p, release.passMarkPercent).passed).map((p) => p.proposalId));
  const proposals = data.proposals.map((p) => ({ ...p, landPremiumHkd: passers.has(p.proposalId) ? (data.premiums.get(p.proposalId) ?? null) : null }));
  return rankRelease({ criteria: release.criteria, passMarkPercent: release.passMarkPercent, proposals });
}

type Ranking = { ranked: Map<string, RankedProposal[]>; financialOpen: boolean };

/** The ranking of a release: technical figures after opening; financial ones only for passers, after the financial opening. */
export async function releaseRanking(releaseCode: string): Promise<Ranking | null> {
  const release = await db().release.findUnique({ where: { code: releaseCode }, include: { evaluation: true, criteria: true } });
  return release ? rankingOf(release) : null;
}

/** The same, for a release already read with its evaluation and criteria. */
export async function rankingOf(
  release: Parameters<typeof rankLoaded>[0] & { id: string; evaluation: { technicalOpenedAt: Date | null; financialOpenedAt: Date | null } | null },
): Promise<Ranking | null> {
  if (!release.evaluation?.technicalOpenedAt) return null;
  const financialOpen = Boolean(release.evaluation.financialOpenedAt);
  return { ranked: rankLoaded(release, await loadRankingData(db(), release.id), financialOpen), financialOpen };
}

/**
 * What a ranking row shows of its proposal beyond the figures, from its sealed package: the
 * organisation, and the offered premium, shown only where the ranking has a financial score.
 */
type RowProposal = { id: string; organisation: string; landPremiumHkd: string | null; decision: Pick<Decision, "outcome" | "reason" | "noteEn" | "noteZhHant"> | null };

/** The ranking as table rows, with each proposal's organisation and the chair's decision. */
export async function rankingRows(releaseCode: string, ranking: { ranked: Map<string, RankedProposal[]> }) {
  const ids = [...ranking.ranked.values()].flat().map((p) => p.proposalId);
  const proposals = await db().proposal.findMany({ where: { id: { in: ids } }, include: { currentVersion: true, decision: true } });
  return rankingRowsOf(
    ranking,
    proposals.map((p) => ({ id: p.id, organisation: sealedOf(p.currentVersion!).organisation.name, landPremiumHkd: sealedOf(p.currentVersion!).financial.landPremiumHkd, decision: p.decision })),
  );
}

/** The same, from the ranked proposals already read (every one of the ranking's). */
export function rankingRowsOf(ranking: { ranked: Map<string, RankedProposal[]> }, proposals: RowProposal[]) {
  const byId = new Map(proposals.map((p) => [p.id, p]));
  return [...ranking.ranked.values()].flat().map((r) => {
    const p = byId.get(r.proposalId)!;
    return {
      proposalId: r.proposalId,
      plot: r.plot,
      organisation: p.organisation,
      receiptNumber: r.receiptNumber,
      technicalScore: r.technicalScore,
      technicalMax: r.technicalMax,
      passMark: r.passMark,
      passed: r.passed,
      financialScore: r.financialScore,
      // The figure behind the financial score: only an opened envelope (a passer's, after the financial opening) has one.
      offeredPremiumHkd: r.financialScore === null ? null : p.landPremiumHkd,
      total: r.total,
      rank: r.rank,
      decision: p.decision ? { outcome: p.decision.outcome, reason: p.decision.reason, noteEn: p.decision.noteEn, noteZhHant: p.decision.noteZhHant } : null,
    };
  });
}
export type RankingRow = ReturnType<typeof rankingRowsOf>[number];
