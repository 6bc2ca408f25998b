/**
 * The ranking arithmetic of DOMAIN.md rule 8, as pure functions (no database, no clock), so that the
 * same data always gives the same ranking and every figure can be traced down to the scores.
 *
 * - Criterion score: the chair's moderated score where there is one, otherwise the mean of the
 *   evaluators' submitted scores.
 * - Technical score: Σ weight × criterion score / max score over the technical criteria.
 * - Pass mark: the technical score reaches passMarkPercent % of the technical weights.
 * - Financial score (premium_relative_to_highest): Σ financial weights × offered premium / highest
 *   premium among the plot's proposals that passed.
 * - Total = technical + financial. Per plot, passers first by total, then technical score, then
 *   time of receipt, then receipt number; proposals below the pass mark follow, unranked.
 */

export interface RankingCriterion {
  id: string;
  envelope: "technical" | "financial";
  weight: number;
  maxScore: number;
}

export interface EvaluatorScore {
  evaluatorId: string;
  score: number;
}

export interface ProposalForRanking {
  proposalId: string;
  plot: string;
  receivedAt: Date;
  receiptNumber: string;
  /** Per technical criterion id, the submitted scores of the evaluators who scored it. */
  scores: Record<string, EvaluatorScore[]>;
  /**
   * Instead of `scores`, where only the figures are needed: per criterion, the sum and the number of
   * submitted scores (summed by the database; the mean is the same either way).
   */
  tallies?: Record<string, { sum: number; count: number }>;
  /** Per technical criterion id, the chair's moderated score, where set. */
  moderated: Record<string, number | undefined>;
  /** The offered land premium in HK$, known once the financial envelope is open. */
  landPremiumHkd: bigint | null;
}

export interface CriterionResult {
  criterionId: string;
  evaluatorScores: EvaluatorScore[];
  mean: number | null;
  moderated: number | null;
  /** The score used: the moderated one, or the mean. */
  used: number | null;
  /** weight × used / maxScore. */
  weighted: number;
}

export interface RankedProposal {
  proposalId: string;
  plot: string;
  receivedAt: Date;
  receiptNumber: string;
  criteria: CriterionResult[];
  technicalScore: number;
  technicalMax: number;
  passMark: number;
  passed: boolean;
  financialScore: number | null;
  total: number | null;
  /** 1 for the best passer of the plot; null below the pass mark. */
  rank: number | null;
}

/** Figures are kept to six decimals, so comparisons never depend on the order of additions. */
export const round = (value: number) => Math.round(value * 1e6) / 1e6;

/**
 * A score as people read it, on screen, in the CSV, the PDF and emails alike: at most two decimals
 * where fractional ("7.33", "6.5", "8"). Only for showing: the ranking computes with full precision.
 */
export const formatScore = (value: number) => String(Math.round(value * 100) / 100);

export function technicalResult(criteria: RankingCriterion[], proposal: ProposalForRanking, passMarkPercent: number) {
  const technical = criteria.filter((c) => c.envelope === "technical");
  const results: CriterionResult[] = technical.map((criterion) => {
    // Sorted by evaluator, so the same scores give the same record whatever order they came in.
    const evaluatorScores = [...(proposal.scores[criterion.id] ?? [])].sort((a, b) => (a.evaluatorId < b.evaluatorId ? -1 : a.evaluatorId > b.evaluatorId ? 1 : 0));
    const tally = proposal.tallies?.[criterion.id] ?? { sum: evaluatorScores.reduce((sum, s) => sum + s.score, 0), count: evaluatorScores.length };
    const mean = tally.count ? round(tally.sum / tally.count) : null;
    const moderated = proposal.moderated[criterion.id] ?? null;
    const used = moderated ?? mean;
    return { criterionId: criterion.id, evaluatorScores, mean, moderated, used, weighted: used === null ? 0 : round((criterion.weight * used) / criterion.maxScore) };
  });
  const technicalMax = technical.reduce((sum, c) => sum + c.weight, 0);
  const technicalScore = round(results.reduce((sum, r) => sum + r.weighted, 0));
  const passMark = round((technicalMax * passMarkPercent) / 100);
  return { criteria: results, technicalScore, technicalMax, passMark, passed: technicalScore >= passMark };
}

function compareRanked(a: RankedProposal, b: RankedProposal): number {
  return (
    (b.total ?? -1) - (a.total ?? -1) ||
    b.technicalScore - a.technicalScore ||
    a.receivedAt.getTime() - b.receivedAt.getTime() ||
    (a.receiptNumber < b.receiptNumber ? -1 : a.receiptNumber > b.receiptNumber ? 1 : 0)
  );
}

/**
 * Ranks every proposal of a release, plot by plot (plots in code order). Before the financial
 * envelopes are open (`financialOpen` false) there is no financial score, total or rank: proposals
 * are listed by technical score.
 */
export function rankRelease(input: { criteria: RankingCriterion[]; passMarkPercent: number; proposals: ProposalForRanking[]; financialOpen?: boolean }): Map<string, RankedProposal[]> {
  const financialWeight = input.criteria.filter((c) => c.envelope === "financial").reduce((sum, c) => sum + c.weight, 0);
  const byPlot = new Map<string, RankedProposal[]>();
  for (const proposal of input.proposals) {
    const technical = technicalResult(input.criteria, proposal, input.passMarkPercent);
    const ranked: RankedProposal = {
      proposalId: proposal.proposalId,
      plot: proposal.plot,
      receivedAt: proposal.receivedAt,
      receiptNumber: proposal.receiptNumber,
      ...technical,
      financialScore: null,
      total: null,
      rank: null,
    };
    byPlot.set(proposal.plot, [...(byPlot.get(proposal.plot) ?? []), ranked]);
  }
  const premiums = new Map(input.proposals.map((p) => [p.proposalId, p.landPremiumHkd]));
  for (const [plot, list] of byPlot) {
    if (input.financialOpen === false) {
      byPlot.set(plot, [...list].sort(compareRanked));
      continue;
    }
    const passers = list.filter((p) => p.passed);
    const highest = passers.reduce((max, p) => {
      const premium = premiums.get(p.proposalId) ?? null;
      return premium !== null && premium > max ? premium : max;
    }, 0n);
    for (const p of passers) {
      const premium = premiums.get(p.proposalId) ?? null;
      // Exact to six decimals: the ratio is computed in integers before it becomes a number.
      p.financialScore = premium === null || highest === 0n ? 0 : round(Number((premium * BigInt(financialWeight) * 1_000_000n) / highest) / 1e6);
      p.total = round(p.technicalScore + p.financialScore);
    }
    const sorted = [...passers].sort(compareRanked);
    sorted.forEach((p, i) => (p.rank = i + 1));
    const failed = list.filter((p) => !p.passed).sort(compareRanked);
    byPlot.set(plot, [...sorted, ...failed]);
  }
  return new Map([...byPlot.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}
