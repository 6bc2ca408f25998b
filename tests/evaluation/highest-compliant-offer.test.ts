import { beforeAll, describe, expect, it, vi } from "vitest";
import { releaseRanking } from "~/evaluation/ranking-data.server.ts";
import type * as ranking from "~/evaluation/ranking.ts";
import { rankRelease } from "~/evaluation/ranking.ts";
import { seedDemoPark } from "../../prisma/seed.ts";
import { withTestDatabase } from "../support/database.ts";
import { sealedProposal } from "../support/evaluation.ts";

// Rule 8 of DOMAIN.md: the financial share is the offered premium relative to the highest
// compliant offer for that plot. A proposal below the pass mark is not compliant: whatever it
// offered, the best passing offer still earns the whole financial weight. Through the ranking as
// the chair, the decisions and the published results get it (loaded from the sealed versions).
// Two lines hold it: the loader hands the arithmetic no premium of a proposal below the pass mark
// (its envelope is never opened, rule 7), and the arithmetic compares passers' premiums only
// (tests/evaluation/ranking.test.ts). Each alone keeps the outcome right, so the loader's line is
// checked by what it hands over: the arithmetic is the real one, watched.

vi.mock("~/evaluation/ranking.ts", async (importOriginal) => {
  const original = await importOriginal<typeof ranking>();
  return { ...original, rankRelease: vi.fn(original.rankRelease) };
});

const db = withTestDatabase();
const CODE = "HSITP-2026-01";

const premiumOf = async (proposalId: string) => {
  const version = await db().proposalVersion.findFirstOrThrow({ where: { currentOf: { id: proposalId } } });
  return BigInt((version.sealedPackage as { financial: { landPremiumHkd: string } }).financial.landPremiumHkd);
};

let financialWeight: number;
let plot: string;
let lavishReceipt: string;

beforeAll(async () => {
  await seedDemoPark(db());
  financialWeight = (await db().criterion.findMany({ where: { release: { code: CODE }, envelope: "financial" } })).reduce((sum, c) => sum + c.weight, 0);
  const ranked = (await releaseRanking(CODE))!.ranked;
  // A plot of the demo's concluded release with passers and a proposal below the pass mark.
  [plot] = [...ranked].find(([, list]) => list.some((p) => p.passed) && list.some((p) => !p.passed))!;
  const passers = ranked.get(plot)!.filter((p) => p.passed);
  const highestPassing = (await Promise.all(passers.map((p) => premiumOf(p.proposalId)))).reduce((max, p) => (p > max ? p : max), 0n);
  // Sealed versions cannot change: another bidder, received in time and never scored (so below the
  // pass mark), offers ten times the best passing premium.
  const { submissionDeadline } = await db().release.findUniqueOrThrow({ where: { code: CODE } });
  const lavish = await sealedProposal(CODE, plot, "Lavish Offer Limited", highestPassing * 10n, new Date(submissionDeadline.getTime() - 3_600_000));
  lavishReceipt = (await db().proposalVersion.findFirstOrThrow({ where: { proposalId: lavish.proposalId } })).receiptNumber;
});

describe("the financial share is relative to the highest compliant offer (rule 8)", () => {
  it("gives the best passing offer the whole financial weight, however much a proposal below the pass mark offered", async () => {
    const ranked = (await releaseRanking(CODE))!.ranked.get(plot)!;
    const passers = ranked.filter((p) => p.passed);
    const premiums = new Map(await Promise.all(passers.map(async (p) => [p.proposalId, await premiumOf(p.proposalId)] as const)));
    const highest = [...premiums.values()].reduce((max, p) => (p > max ? p : max), 0n);
    for (const p of passers) expect(p.financialScore).toBeCloseTo((Number(premiums.get(p.proposalId)!) / Number(highest)) * financialWeight, 5);
    expect(Math.max(...passers.map((p) => p.financialScore!))).toBe(financialWeight);
    const lavish = ranked.find((p) => p.receiptNumber === lavishReceipt)!;
    expect([lavish.passed, lavish.financialScore]).toEqual([false, null]);
  });

  it("hands the arithmetic no premium of a proposal below the pass mark: not even to compare", async () => {
    vi.mocked(rankRelease).mockClear();
    const ranked = (await releaseRanking(CODE))!.ranked;
    const failers = new Set([...ranked.values()].flat().filter((p) => !p.passed).map((p) => p.proposalId));
    const [input] = vi.mocked(rankRelease).mock.calls.at(-1)!;
    expect(failers.size).toBeGreaterThan(1);
    expect(input.proposals.filter((p) => failers.has(p.proposalId)).map((p) => p.landPremiumHkd)).toEqual([...failers].map(() => null));
    expect(input.proposals.filter((p) => !failers.has(p.proposalId)).every((p) => p.landPremiumHkd !== null)).toBe(true);
  });
});
