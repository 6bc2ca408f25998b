import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { rankRelease, technicalResult, type ProposalForRanking, type RankingCriterion } from "~/evaluation/ranking.ts";

const criteria: RankingCriterion[] = [
  { id: "scheme", envelope: "technical", weight: 25, maxScore: 10 },
  { id: "innovation", envelope: "technical", weight: 25, maxScore: 10 },
  { id: "track", envelope: "technical", weight: 15, maxScore: 10 },
  { id: "jobs", envelope: "technical", weight: 10, maxScore: 10 },
  { id: "premium", envelope: "financial", weight: 25, maxScore: 10 },
];
const technicalIds = criteria.filter((c) => c.envelope === "technical").map((c) => c.id);

function proposal(id: string, plot: string, perCriterion: Record<string, number[]>, premium: bigint | null, receivedAt = "2026-12-27T03:00:00Z"): ProposalForRanking {
  return {
    proposalId: id,
    plot,
    receivedAt: new Date(receivedAt),
    receiptNumber: `R-${id}`,
    scores: Object.fromEntries(Object.entries(perCriterion).map(([c, s]) => [c, s.map((score, i) => ({ evaluatorId: `e${i}`, score }))])),
    moderated: {},
    landPremiumHkd: premium,
  };
}
const all = (score: number, evaluators = 3) => Object.fromEntries(technicalIds.map((c) => [c, Array(evaluators).fill(score) as number[]]));

describe("technical score and pass mark", () => {
  it("is the weighted sum of criterion means, or of the moderated score where the chair set one", () => {
    const p = proposal("a", "1W-01", { scheme: [8, 6, 7], innovation: [10, 10, 10], track: [5, 5, 5], jobs: [0, 0, 3] }, 1n);
    const result = technicalResult(criteria, p, 60);
    // 25×0.7 + 25×1 + 15×0.5 + 10×0.1 = 17.5 + 25 + 7.5 + 1
    expect(result.technicalScore).toBe(51);
    expect(result.technicalMax).toBe(75);
    expect(result.passMark).toBe(45);
    expect(result.passed).toBe(true);
    const moderated = technicalResult(criteria, { ...p, moderated: { scheme: 4 } }, 60);
    expect(moderated.criteria[0]).toMatchObject({ mean: 7, moderated: 4, used: 4, weighted: 10 });
    expect(moderated.technicalScore).toBe(43.5);
    expect(moderated.passed).toBe(false);
  });

  it("passes exactly at the pass mark, not below it", () => {
    expect(technicalResult(criteria, proposal("a", "P", all(6), 1n), 60).passed).toBe(true); // 45 of 75
    const below = proposal("b", "P", { ...all(6), jobs: [6, 6, 5] }, 1n);
    expect(technicalResult(criteria, below, 60).passed).toBe(false);
  });
});

describe("ranking per plot", () => {
  it("gives passers a financial share relative to the highest passing premium, and ranks by total", () => {
    const ranked = rankRelease({
      criteria,
      passMarkPercent: 60,
      proposals: [
        proposal("low-premium", "1W-01", all(9), 800n),
        proposal("high-premium", "1W-01", all(8), 1_000n),
        // Below the pass mark: its (higher) premium is never compared.
        proposal("failed", "1W-01", all(2), 5_000n),
        proposal("other-plot", "1W-02", all(7), 10n),
      ],
    });
    const plot1 = ranked.get("1W-01")!;
    expect(plot1.map((p) => [p.proposalId, p.rank, p.financialScore, p.total])).toEqual([
      ["low-premium", 1, 20, 87.5], // 67.5 + 25 × 800/1000
      ["high-premium", 2, 25, 85], // 60 + 25
      ["failed", null, null, null],
    ]);
    expect(ranked.get("1W-02")![0]).toMatchObject({ rank: 1, financialScore: 25, total: 77.5 });
  });

  it("breaks ties on the technical score, then the time of receipt", () => {
    const ranked = rankRelease({
      criteria,
      passMarkPercent: 60,
      proposals: [
        proposal("later", "P", all(8), 1_000n, "2026-12-27T03:00:02Z"),
        proposal("earlier", "P", all(8), 1_000n, "2026-12-27T03:00:01Z"),
        // The same total as the others (67.5 + 17.5 against 60 + 25) with the higher technical score.
        proposal("technical", "P", all(9), 700n, "2026-12-27T03:00:03Z"),
      ],
    });
    expect(ranked.get("P")!.map((p) => [p.proposalId, p.total])).toEqual([
      ["technical", 85],
      ["earlier", 85],
      ["later", 85],
    ]);
  });
});

const scoreSets = fc.array(
  fc.record({
    scores: fc.array(fc.integer({ min: 0, max: 10 }), { minLength: technicalIds.length * 3, maxLength: technicalIds.length * 3 }),
    premium: fc.bigInt({ min: 1n, max: 10n ** 12n }),
    second: fc.integer({ min: 0, max: 3_600 }),
  }),
  { minLength: 1, maxLength: 12 },
);
const toProposals = (sets: { scores: number[]; premium: bigint; second: number }[]) =>
  sets.map((set, i) =>
    proposal(
      `p${String(i).padStart(2, "0")}`,
      "P",
      Object.fromEntries(technicalIds.map((c, j) => [c, set.scores.slice(j * 3, j * 3 + 3)])),
      set.premium,
      new Date(Date.UTC(2026, 11, 27, 3, 0, set.second)).toISOString(),
    ),
  );
/** The ranking's own order of a plot before the financial envelopes open: by technical score, then time of receipt. */
const technicalOrder = (proposals: ProposalForRanking[]) =>
  rankRelease({ criteria, passMarkPercent: 60, proposals, financialOpen: false })
    .get("P")!
    .map((p) => p.proposalId);

describe("properties", () => {
  it("adding a proposal never changes the ranking's order of the others on the technical score", () => {
    fc.assert(
      fc.property(scoreSets, scoreSets, (base, extra) => {
        const before = technicalOrder(toProposals(base));
        const added = toProposals([...base, ...extra]);
        const after = technicalOrder(added).filter((id) => before.includes(id));
        expect(after).toEqual(before);
      }),
    );
  });

  it("permuting the evaluators changes nothing", () => {
    fc.assert(
      fc.property(scoreSets, fc.integer({ min: 0, max: 1_000 }), (sets, seed) => {
        const proposals = toProposals(sets);
        const shuffled = proposals.map((p) => ({
          ...p,
          scores: Object.fromEntries(
            Object.entries(p.scores).map(([c, s]) => [c, [...s].sort((a, b) => ((a.score * 31 + seed) % 7) - ((b.score * 31 + seed) % 7)).reverse()]),
          ),
        }));
        expect(rankRelease({ criteria, passMarkPercent: 60, proposals: shuffled })).toEqual(rankRelease({ criteria, passMarkPercent: 60, proposals }));
      }),
    );
  });

  it("the same data always gives the same ranking, in whatever order the proposals come", () => {
    fc.assert(
      fc.property(scoreSets, (sets) => {
        const proposals = toProposals(sets);
        expect(rankRelease({ criteria, passMarkPercent: 60, proposals: [...proposals].reverse() })).toEqual(rankRelease({ criteria, passMarkPercent: 60, proposals }));
      }),
    );
  });
});
