import { beforeAll, describe, expect, it } from "vitest";
import { declareConflict } from "~/evaluation/conflicts.server.ts";
import { proposeDecision } from "~/evaluation/decisions.server.ts";
import { moderateScore } from "~/evaluation/moderation.server.ts";
import { openFinancialEnvelopes, openTechnicalEnvelopes } from "~/evaluation/opening.server.ts";
import { formPanel } from "~/evaluation/panel.server.ts";
import { saveScores } from "~/evaluation/scoring.server.ts";
import { runReleaseClock } from "~/releases/clock.server.ts";
import { decideChallenge } from "~/results/challenge-decisions.server.ts";
import { lodgeChallenge, organisationChallenges } from "~/results/challenges.server.ts";
import { publicResults } from "~/results/public-results.server.ts";
import { publishResults } from "~/results/results.server.ts";
import { standstillEnd } from "~/results/standstill.ts";
import { ocdsReleasePackage } from "~/open-data/ocds.server.ts";
import type { CurrentUser } from "~/accounts/sessions.server.ts";
import { seedDemoPark } from "../../prisma/seed.ts";
import { withTestDatabase } from "../support/database.ts";
import { createEvaluator, sealedProposal } from "../support/evaluation.ts";
import { ocdsPackageValidator } from "../support/ocds.ts";
import { DEMO_MEMBERS } from "../support/proposals.ts";
import { currentUserFor } from "../support/users.ts";

const db = withTestDatabase();
const RELEASE = "HSITP-2026-02";
let admin: CurrentUser;
let chair: CurrentUser;
let evaluator: CurrentUser;
const bids: Record<string, Awaited<ReturnType<typeof sealedProposal>>> = {};
const bidder: Record<string, CurrentUser> = {};

const award = (plot: string) => db().award.findFirstOrThrow({ where: { release: { code: RELEASE }, plot: { code: plot }, status: { not: "cancelled" } } });
const plotState = async (plot: string) => (await db().plot.findUniqueOrThrow({ where: { code: plot } })).state;
/** Moves an award's standstill end by the database's clock: `ms` from now (negative: already over). */
const standstillEndsIn = (awardId: string, ms: number) => db().$executeRaw`UPDATE "Award" SET "standstillEndsAt" = clock_timestamp() + ${ms} * interval '1 millisecond' WHERE id = ${awardId}::uuid`;

/** Every technical criterion scored `score` by the one evaluator, submitted. */
async function scoreAll(proposalId: string, score: number) {
  const criteria = await db().criterion.findMany({ where: { release: { code: RELEASE }, envelope: "technical" } });
  await saveScores(evaluator, proposalId, criteria.map((c) => ({ criterionId: c.id, score, comment: "Explained." })), true);
}

beforeAll(async () => {
  await seedDemoPark(db());
  admin = await currentUserFor("admin@demo.hsitp.example");
  chair = await currentUserFor("chair@demo.hsitp.example");
  evaluator = await currentUserFor((await createEvaluator("Standstill Evaluator")).email);
  const at = (s: number) => new Date(Date.UTC(2026, 10, 20, 3, 0, s));
  // 1W-07: three bidders; 1W-08: two; 1W-09: one below the pass mark; 1W-10: nobody.
  bids.alpha = await sealedProposal(RELEASE, "1W-07", "Alpha Labs", 900_000_000n, at(1));
  bids.beta = await sealedProposal(RELEASE, "1W-07", "Beta Robotics", 1_000_000_000n, at(2));
  bids.delta = await sealedProposal(RELEASE, "1W-07", "Delta Genomics", 800_000_000n, at(3));
  bids.gamma = await sealedProposal(RELEASE, "1W-08", "Gamma Energy", 500_000_000n, at(4));
  bids.epsilon = await sealedProposal(RELEASE, "1W-08", "Epsilon Materials", 450_000_000n, at(5));
  bids.zeta = await sealedProposal(RELEASE, "1W-09", "Zeta Foods", 300_000_000n, at(6));
  for (const [key, bid] of Object.entries(bids)) bidder[key] = await currentUserFor(bid.ownerEmail);
  await formPanel(admin, RELEASE, { chairId: chair.id, evaluatorIds: [evaluator.id] });
  await db().release.update({ where: { code: RELEASE }, data: { submissionDeadline: new Date(Date.now() - 1_000), standstillDays: 10 } });
  await openTechnicalEnvelopes(chair, RELEASE);
  for (const member of [evaluator, chair]) for (const bid of Object.values(bids)) await declareConflict(member, bid.proposalId, { conflicted: false });
  const marks: Record<string, number> = { alpha: 7, beta: 8, delta: 7, gamma: 8, epsilon: 7, zeta: 3 };
  for (const [key, mark] of Object.entries(marks)) await scoreAll(bids[key]!.proposalId, mark);
  await openFinancialEnvelopes(chair, RELEASE);
  const outcomes: Record<string, "shortlisted" | "reserve" | "not_shortlisted"> = { alpha: "reserve", beta: "shortlisted", delta: "not_shortlisted", gamma: "shortlisted", epsilon: "reserve", zeta: "not_shortlisted" };
  for (const [key, outcome] of Object.entries(outcomes)) await proposeDecision(chair, bids[key]!.proposalId, { outcome: outcome, reason: "panel_note", noteEn: "As ranked.", noteZhHant: "按排名。" });
});

describe("publishing results starts the standstill", () => {
  it("makes awards pending until the end of the release's standstill, and sets each plot's state", async () => {
    const before = new Date();
    await publishResults(admin, RELEASE);
    const release = await db().release.findUniqueOrThrow({ where: { code: RELEASE } });
    expect(release.resultsPublishedAt!.getTime()).toBeGreaterThanOrEqual(before.getTime() - 5_000);
    expect(release.standstillEndsAt).toEqual(standstillEnd(release.resultsPublishedAt!, 10));
    const awards = await db().award.findMany({ where: { releaseId: release.id }, include: { plot: true } });
    expect(awards.map((a) => [a.plot.code, a.status]).sort()).toEqual([["1W-07", "pending"], ["1W-08", "pending"]]);
    expect(awards.every((a) => a.standstillEndsAt.getTime() === release.standstillEndsAt!.getTime())).toBe(true);
    expect(await db().auditEvent.count({ where: { action: "standstill.started", subjectId: RELEASE } })).toBe(1);
    // Plot states after results: awarded, or back in the inventory (1W-09 below the pass mark, 1W-10 without bids).
    expect([await plotState("1W-07"), await plotState("1W-08"), await plotState("1W-09"), await plotState("1W-10")]).toEqual(["awarded", "awarded", "inventory", "inventory"]);
  });

  it("leaves pending awards alone while their standstill runs, however often the clock ticks", async () => {
    expect((await runReleaseClock()).finalised).toEqual([]);
    expect([(await award("1W-07")).status, (await award("1W-08")).status]).toEqual(["pending", "pending"]);
    expect(await db().auditEvent.count({ where: { action: "award.final", subjectId: RELEASE } })).toBe(0);
  });

  it("ends the standstill at the close of its tenth calendar day in Hong Kong", () => {
    // Published Mon 4 Jan 2027, 15:00 in Hong Kong: challenges until Thu 14 Jan 23:59:59.
    expect(standstillEnd(new Date("2027-01-04T07:00:00Z"), 10).toISOString()).toBe("2027-01-14T16:00:00.000Z");
    // 00:30 in Hong Kong is still 4 January there (16:30 UTC on the 3rd).
    expect(standstillEnd(new Date("2027-01-03T16:30:00Z"), 10).toISOString()).toBe("2027-01-14T16:00:00.000Z");
  });

  it("shows the public each plot's proposals received, award, reserve, ranks, or why it was not awarded", async () => {
    const release = await db().release.findUniqueOrThrow({ where: { code: RELEASE } });
    const results = (await publicResults(release.id))!;
    const plot = (code: string) => results.plots.find((p) => p.plot === code)!;
    expect(plot("1W-07")).toMatchObject({ proposalsReceived: 3, award: { organisation: "Beta Robotics", origin: "hong_kong", status: "pending" }, reserve: [{ organisation: "Alpha Labs" }] });
    expect(plot("1W-07").ranked.map((r) => [r.rank, r.organisation])).toEqual([[1, "Beta Robotics"], [2, "Alpha Labs"], [3, "Delta Genomics"]]);
    expect(plot("1W-09")).toMatchObject({ proposalsReceived: 1, award: null, ranked: [], notAwarded: { reason: "nonePassed" } });
    expect(plot("1W-10")).toMatchObject({ proposalsReceived: 0, notAwarded: { reason: "noProposals" } });
    expect(results.summary).toMatchObject({ passMarkPercent: 60, evaluators: 1, proposalsReceived: 6 });
    expect(results.summary.criteria).toHaveLength(5);
  });
});

describe("challenges during the standstill", () => {
  it("refuses anyone but an owner or submitter of another organisation that bid for the plot", async () => {
    const pending = await award("1W-07");
    await expect(lodgeChallenge(bidder.gamma!, pending.id, "We bid for another plot and want to complain.")).rejects.toThrow("challenges.errors.notBidder");
    await expect(lodgeChallenge(await currentUserFor(DEMO_MEMBERS.owner), pending.id, "We did not bid for this plot at all, but object.")).rejects.toThrow("challenges.errors.notBidder");
    await expect(lodgeChallenge(admin, pending.id, "Staff never bid: refused as everyone else is.")).rejects.toThrow("challenges.errors.notBidder");
    await expect(lodgeChallenge(bidder.beta!, pending.id, "Our own award: nothing to challenge here.")).rejects.toThrow("challenges.errors.ownAward");
    // A contributor of a bidding organisation prepares, but does not challenge.
    await db().membership.updateMany({ where: { organisationId: bids.alpha!.organisationId }, data: { role: "contributor" } });
    await expect(lodgeChallenge(await currentUserFor(bids.alpha!.ownerEmail), pending.id, "A contributor may not lodge a challenge.")).rejects.toThrow("challenges.errors.notBidder");
    await db().membership.updateMany({ where: { organisationId: bids.alpha!.organisationId }, data: { role: "owner" } });
    expect(await db().challenge.count()).toBe(1); // the demo's dismissed challenge only
  });

  it("takes a bidder's challenge with a receipt, once, and holds that plot's award while the clock makes the others final exactly once", async () => {
    const held = await award("1W-07");
    const other = await award("1W-08");
    const challenge = await lodgeChallenge(bidder.alpha!, held.id, "The moderation of our programme score was not explained to the panel.");
    expect(challenge.receiptNumber).toMatch(/^C-[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}$/);
    await expect(lodgeChallenge(bidder.alpha!, held.id, "A second challenge of the same award.")).rejects.toThrow("challenges.errors.alreadyLodged");
    expect(await db().outboxEmail.count({ where: { template: "challengeLodged", toAddress: bids.alpha!.ownerEmail } })).toBe(1);
    // Its organisation finds it again in the release; the other bidders do not see it.
    expect(await organisationChallenges(bidder.alpha!, RELEASE)).toEqual([{ id: challenge.id, receiptNumber: challenge.receiptNumber, state: "open", plot: "1W-07" }]);
    expect(await organisationChallenges(bidder.delta!, RELEASE)).toEqual([]);
    expect(await organisationChallenges(bidder.alpha!, "HSITP-2026-01")).toEqual([]);
    // The standstill ends (by the database's clock); three instances' clocks tick at once.
    await standstillEndsIn(held.id, -1_000);
    await standstillEndsIn(other.id, -1_000);
    const runs = await Promise.all([runReleaseClock(), runReleaseClock(), runReleaseClock()]);
    expect(runs.flatMap((r) => r.finalised)).toEqual([`${RELEASE} 1W-08`]);
    expect(await db().auditEvent.count({ where: { action: "award.final", subjectId: RELEASE } })).toBe(1);
    expect((await award("1W-08")).status).toBe("active");
    expect((await award("1W-07")).status).toBe("pending");
    // The public sees that a challenge is pending, not what it says or who lodged it.
    const release = await db().release.findUniqueOrThrow({ where: { code: RELEASE } });
    const shown = JSON.stringify(await publicResults(release.id));
    expect(shown).toContain('"open":1');
    expect(shown).not.toContain("moderation of our programme");
    // After the standstill by the database's clock, nothing can be challenged.
    await expect(lodgeChallenge(bidder.delta!, held.id, "Lodged one second after the standstill ended.")).rejects.toThrow("challenges.errors.standstillOver");
    await expect(lodgeChallenge(bidder.epsilon!, other.id, "The award is final: too late for this one.")).rejects.toThrow("challenges.errors.standstillOver");
  });

  it("a dismissed challenge releases the award: the next tick makes it final; the challenger is emailed in their language", async () => {
    const held = await award("1W-07");
    const [challenge] = await db().challenge.findMany({ where: { awardId: held.id } });
    await db().user.update({ where: { email: bids.alpha!.ownerEmail }, data: { locale: "zh-Hant" } });
    await decideChallenge(admin, challenge!.id, { decision: "dismissed", response: "The moderation reason is recorded and was shown to the panel." });
    await expect(decideChallenge(admin, challenge!.id, { decision: "upheld", response: "Changed our mind.", stage: "decisions" })).rejects.toThrow("challenges.errors.alreadyDecided");
    const email = await db().outboxEmail.findFirstOrThrow({ where: { template: "challengeDecided", toAddress: bids.alpha!.ownerEmail } });
    expect(email.subject).toContain("質疑");
    expect(email.text).toContain("已駁回");
    expect((await runReleaseClock()).finalised).toEqual([`${RELEASE} 1W-07`]);
    expect((await runReleaseClock()).finalised).toEqual([]);
    expect(await db().auditEvent.count({ where: { action: { in: ["challenge.lodged", "challenge.dismissed", "award.final"] }, subjectId: RELEASE } })).toBe(4);
  });
});

describe("an upheld challenge", () => {
  it("suspends the award and reopens the evaluation at the chosen stage; publishing again concerns that plot only", async () => {
    // A fresh standstill for 1W-08's award (as if just published), and a challenge of it.
    const contested = await award("1W-08");
    await db().award.update({ where: { id: contested.id }, data: { status: "pending", finalAt: null } });
    await standstillEndsIn(contested.id, 3_600_000);
    const challenge = await lodgeChallenge(bidder.epsilon!, contested.id, "Our track record was scored against the wrong criterion.");
    await expect(decideChallenge(admin, challenge.id, { decision: "upheld", response: "The panel will moderate the scores again." })).rejects.toThrow("challenges.errors.stage");
    await decideChallenge(admin, challenge.id, { decision: "upheld", response: "The panel will moderate the scores again.", stage: "moderation" });
    expect((await db().award.findUniqueOrThrow({ where: { id: contested.id } })).status).toBe("suspended");
    expect(await plotState("1W-08")).toBe("in_release");
    const evaluation = await db().evaluation.findFirstOrThrow({ where: { release: { code: RELEASE } } });
    expect([evaluation.financialOpenedAt, evaluation.resultsPublishedAt]).toEqual([null, null]);
    expect(await db().auditEvent.count({ where: { action: "evaluation.reopened", subjectId: RELEASE } })).toBe(1);
    // The clock never makes a suspended award final.
    await standstillEndsIn(contested.id, -1_000);
    expect((await runReleaseClock()).finalised).toEqual([]);

    // Only the reopened plot's evaluation may change: 1W-07's outcome stands.
    const criterion = await db().criterion.findFirstOrThrow({ where: { release: { code: RELEASE }, envelope: "technical" }, orderBy: { position: "asc" } });
    await expect(moderateScore(chair, bids.alpha!.proposalId, criterion.id, 9, "Trying to change a settled plot.")).rejects.toThrow("challenges.errors.plotSettled");
    await moderateScore(chair, bids.gamma!.proposalId, criterion.id, 2, "Scored against the wrong criterion; corrected.");
    await moderateScore(chair, bids.epsilon!.proposalId, criterion.id, 10, "Scored against the wrong criterion; corrected.");
    await openFinancialEnvelopes(chair, RELEASE);
    await expect(proposeDecision(chair, bids.beta!.proposalId, { outcome: "not_shortlisted", reason: "panel_note", noteEn: "A settled plot.", noteZhHant: "按排名。" })).rejects.toThrow("challenges.errors.plotSettled");
    await proposeDecision(chair, bids.epsilon!.proposalId, { outcome: "shortlisted", reason: "panel_note", noteEn: "Highest total after moderation.", noteZhHant: "按排名。" });
    await proposeDecision(chair, bids.gamma!.proposalId, { outcome: "reserve", reason: "panel_note", noteEn: "Second after moderation.", noteZhHant: "按排名。" });
    const outcomeEmails = await db().outboxEmail.count({ where: { template: "evaluationOutcome" } });
    await publishResults(admin, RELEASE);

    expect((await db().award.findUniqueOrThrow({ where: { id: contested.id } })).status).toBe("cancelled");
    const replacement = await award("1W-08");
    expect(replacement).toMatchObject({ status: "pending", proposalId: bids.epsilon!.proposalId });
    expect((await award("1W-07")).status).toBe("active");
    expect(await plotState("1W-08")).toBe("awarded");
    // Only the reopened plot's bidders are told again.
    expect(await db().outboxEmail.count({ where: { template: "evaluationOutcome" } })).toBe(outcomeEmails + 2);

    const validate = ocdsPackageValidator({ bids: true });
    const ocds = (await ocdsReleasePackage(RELEASE))!;
    expect(validate(ocds), JSON.stringify(validate.errors)).toBe(true);
    const [release] = ocds.releases as unknown as { awards: { status: string; relatedLots: string[]; suppliers: { name: string }[] }[]; bids: { statistics: { measure: string; value: number; relatedLot: string }[] } }[];
    expect(release!.awards.map((a) => [a.relatedLots[0], a.status, a.suppliers[0]!.name])).toEqual([
      ["1W-07", "active", "Beta Robotics"],
      ["1W-08", "cancelled", "Gamma Energy"],
      ["1W-08", "pending", "Epsilon Materials"],
    ]);
    expect(release!.bids.statistics.filter((s) => s.value > 0).map((s) => [s.relatedLot, s.measure, s.value])).toEqual([["1W-07", "bids", 3], ["1W-08", "bids", 2], ["1W-09", "bids", 1]]);
    // The Bids extension's schema bites: a statistic without its measure is invalid.
    const broken = structuredClone(ocds) as unknown as { releases: { bids: { statistics: Record<string, unknown>[] } }[] };
    delete broken.releases[0]!.bids.statistics[0]!.measure;
    expect(validate(broken)).toBe(false);
  });
});
