import { createDevelopment } from "../app/developments/developments.server.ts";
import type { Prisma } from "../app/platform/database/generated/prisma/client.ts";
import type { Outcome } from "../app/platform/database/generated/prisma/enums.ts";
import { sealVersion } from "../app/proposals/sealing.server.ts";
import { rankRelease, type ProposalForRanking } from "../app/evaluation/ranking.ts";
import { suggestedReason, type DecisionReasonTemplate } from "../app/evaluation/reasons.ts";
import { portalPublicKey } from "../app/platform/portal-key.server.ts";
import { commitReceiptSet } from "../app/receipts/commitments.server.ts";
import { registrationKey } from "../app/organisations/registration-number.ts";
import { standstillEnd } from "../app/results/standstill.ts";
import { demoComments, type DemoBidder, type DemoProposal } from "./demo-park.ts";

/**
 * The demo park's bids and evaluations, written directly with the seed's transaction (the domain
 * functions use the global client and the database's clock): sealed versions with genuine signed
 * receipts, a concluded evaluation whose figures come from app/evaluation/ranking.ts, and a panel waiting to open.
 */

type Tx = Prisma.TransactionClient;
const HOUR = 3_600_000;
const DAY = 24 * HOUR;

export interface SeededBidder extends DemoBidder {
  organisationId: string;
  ownerId: string;
}

/** The bidders' organisations and owners (keyed by registration number and email: created once). */
export async function seedBidders(tx: Tx, bidders: DemoBidder[], passwordHash: string, now: Date): Promise<Map<string, SeededBidder>> {
  const seeded = new Map<string, SeededBidder>();
  for (const b of bidders) {
    const organisation = await tx.organisation.upsert({
      where: { registrationKey: registrationKey(b.registrationNumber) },
      create: { name: b.name, registrationNumber: b.registrationNumber, origin: b.origin, focusSectors: b.focusSectors },
      update: {},
    });
    const owner = await tx.user.upsert({
      where: { email: b.owner.email },
      create: { email: b.owner.email, name: b.owner.name, passwordHash, emailVerifiedAt: now },
      update: {},
    });
    await tx.membership.upsert({
      where: { userId_organisationId: { userId: owner.id, organisationId: organisation.id } },
      create: { userId: owner.id, organisationId: organisation.id, role: "owner" },
      update: {},
    });
    seeded.set(b.key, { ...b, organisationId: organisation.id, ownerId: owner.id });
  }
  return seeded;
}

export interface SeededProposal extends DemoProposal {
  proposalId: string;
  receivedAt: Date;
  receiptNumber: string;
}

/**
 * A demo bid's countable promises: about one research post per 100 m² and one graduate place per
 * 1,000 m², and a programme that starts a few months after the deadline (bids differ by a month or two).
 */
function demoCommitments(deadline: Date, gfa: number, index: number) {
  const monthsAfter = (months: number) => new Date(Date.UTC(deadline.getUTCFullYear(), deadline.getUTCMonth() + months + (index % 3), 28));
  return {
    researchPosts: Math.round(gfa / 100),
    graduatePlaces: Math.round(gfa / 1_000),
    designApprovalBy: monthsAfter(4),
    constructionStartBy: monthsAfter(8),
    toppingOutBy: monthsAfter(20),
    completionBy: monthsAfter(28),
    openingBy: monthsAfter(32),
  };
}

/**
 * Submitted proposals for a release, each with one sealed version and its signed receipt, received
 * in the days before the deadline. Only when the release has none yet; returns null otherwise.
 */
export async function seedSealedProposals(tx: Tx, releaseCode: string, proposals: DemoProposal[], bidders: Map<string, SeededBidder>): Promise<SeededProposal[] | null> {
  const release = await tx.release.findUniqueOrThrow({ where: { code: releaseCode } });
  if ((await tx.proposal.count({ where: { releaseId: release.id } })) > 0) return null;
  // Receipts of demo bids verify like any other: the signing key is known to every instance.
  const { keyId, pem } = portalPublicKey();
  await tx.receiptSigningKey.createMany({ data: [{ keyId, publicKeyPem: pem }], skipDuplicates: true });
  const seeded: SeededProposal[] = [];
  for (const [index, demo] of proposals.entries()) {
    const b = bidders.get(demo.bidder)!;
    const plot = await tx.plot.findUniqueOrThrow({ where: { code: demo.plot } });
    // Spread over the last days before the deadline, at odd minutes, in the order listed.
    const receivedAt = new Date(release.submissionDeadline.getTime() - (proposals.length - index) * (2 * DAY + 3 * HOUR) - 17 * 60_000 * (index + 1));
    const gfa = Math.round((plot.maxGfaM2 * (0.82 + (index % 3) * 0.06)) / 10) * 10;
    const proposal = await tx.proposal.create({
      data: {
        releaseId: release.id,
        plotId: plot.id,
        organisationId: b.organisationId,
        createdById: b.ownerId,
        updatedById: b.ownerId,
        createdAt: new Date(receivedAt.getTime() - 9 * DAY),
        developmentScheme: b.scheme,
        intendedSectors: b.focusSectors,
        grossFloorAreaM2: gfa,
        ...(release.structuredCommitments ? demoCommitments(release.submissionDeadline, gfa, index) : {}),
        programme: b.programme,
        trackRecord: b.trackRecord,
        jobsTalentPlan: b.jobsTalentPlan,
        landPremiumHkd: demo.landPremiumHkd,
        investmentCommitmentHkd: demo.investmentCommitmentHkd,
      },
    });
    const owner = { release: { code: releaseCode, structuredCommitments: release.structuredCommitments }, plot: { code: plot.code }, organisation: { id: b.organisationId, name: b.name, registrationNumber: b.registrationNumber } };
    const { data, receipt } = sealVersion({ ...proposal, ...owner }, 1, [], receivedAt, b.ownerId);
    const version = await tx.proposalVersion.create({ data: { proposalId: proposal.id, ...data } });
    await tx.proposal.update({ where: { id: proposal.id }, data: { currentVersionId: version.id } });
    seeded.push({ ...demo, proposalId: proposal.id, receivedAt, receiptNumber: receipt.receiptNumber });
  }
  // The release closed at its deadline, and the portal committed to the bids it had received.
  await commitReceiptSet(tx, release, release.submissionDeadline);
  return seeded;
}

export interface DemoPanel {
  adminId: string;
  chairId: string;
  evaluatorIds: string[];
}

async function formPanel(tx: Tx, release: { id: string; publicationAt: Date }, panel: DemoPanel) {
  const addedAt = new Date(release.publicationAt.getTime() + 7 * DAY);
  await tx.panelMember.createMany({
    data: [
      { releaseId: release.id, userId: panel.chairId, role: "chair", addedById: panel.adminId, addedAt },
      ...panel.evaluatorIds.map((userId) => ({ releaseId: release.id, userId, role: "evaluator" as const, addedById: panel.adminId, addedAt })),
    ],
  });
}

/** A release whose bids wait for the chair to open them: the plots are on offer, the panel is formed. */
export async function seedFormedPanel(tx: Tx, releaseCode: string, panel: DemoPanel) {
  const release = await tx.release.findUniqueOrThrow({ where: { code: releaseCode }, include: { plots: true } });
  // Not awarded in the first batch, these plots were offered again.
  await tx.plot.updateMany({ where: { id: { in: release.plots.map((p) => p.plotId) }, state: "inventory" }, data: { state: "in_release" } });
  if ((await tx.panelMember.count({ where: { releaseId: release.id } })) > 0) return;
  await formPanel(tx, release, panel);
  await tx.evaluation.create({ data: { releaseId: release.id, assignmentMode: "all", minEvaluatorsPerProposal: 2 } });
}

/** Evaluator `e`'s leaning on criterion `c`: the same scores every run, with some disagreement. */
const LEANINGS = [
  [0, 1, -1, 0],
  [1, 0, 0, -1],
  [-1, 0, 1, 0],
];

/**
 * Every stage of a release's evaluation, done: opened after the deadline, everyone assigned and
 * declared (one conflict), scores submitted with comments, one score moderated, the financial
 * envelopes of the passers opened, decisions by the ranking (first shortlisted, second reserve),
 * results published, plots awarded or back in the inventory, the release concluded.
 */
export async function seedConcludedEvaluation(
  tx: Tx,
  releaseCode: string,
  proposals: SeededProposal[],
  panel: DemoPanel,
  choices: { conflict: { evaluator: number; bidder: string }; moderation: { bidder: string; criterion: number }; challenge: { plot: string; bidder: string; grounds: string; response: string } },
) {
  const release = await tx.release.findUniqueOrThrow({ where: { code: releaseCode }, include: { plots: true, criteria: { orderBy: { position: "asc" } } } });
  const technical = release.criteria.filter((c) => c.envelope === "technical");
  const opened = release.openingAt;
  const at = (days: number, hours = 0) => new Date(opened.getTime() + days * DAY + hours * HOUR);
  await formPanel(tx, release, panel);
  await tx.evaluation.create({
    data: {
      releaseId: release.id,
      assignmentMode: "all",
      minEvaluatorsPerProposal: 2,
      technicalOpenedAt: opened,
      technicalOpenedById: panel.chairId,
      financialOpenedAt: at(15),
      financialOpenedById: panel.chairId,
      resultsPublishedAt: at(25),
      resultsPublishedById: panel.adminId,
    },
  });
  await tx.assignment.createMany({ data: proposals.flatMap((p) => panel.evaluatorIds.map((evaluatorId) => ({ proposalId: p.proposalId, evaluatorId }))) });

  const conflicted = (p: SeededProposal, e: number) => e === choices.conflict.evaluator && p.bidder === choices.conflict.bidder;
  await tx.conflictDeclaration.createMany({
    data: proposals.flatMap((p) =>
      panel.evaluatorIds.map((evaluatorId, e) => ({
        proposalId: p.proposalId,
        evaluatorId,
        conflicted: conflicted(p, e),
        statement: conflicted(p, e) ? "I advised this firm on its Hong Kong laboratory lease in 2025." : null,
        declaredAt: at(1, e),
      })),
    ),
  });
  // The chair declares on every proposal too (rule 5), before the evaluators.
  await tx.conflictDeclaration.createMany({ data: proposals.map((p) => ({ proposalId: p.proposalId, evaluatorId: panel.chairId, conflicted: false, statement: null, declaredAt: at(0, 2) })) });

  const ranking: ProposalForRanking[] = [];
  const scoreRows: Prisma.ScoreCreateManyInput[] = [];
  const submissions: Prisma.ScoreSubmissionCreateManyInput[] = [];
  for (const [i, p] of proposals.entries()) {
    const scores: ProposalForRanking["scores"] = {};
    for (const [e, evaluatorId] of panel.evaluatorIds.entries()) {
      if (conflicted(p, e)) continue;
      const rows = technical.map((criterion, c) => {
        const score = Math.max(0, Math.min(criterion.maxScore, p.quality + LEANINGS[e % LEANINGS.length]![c % 4]!));
        const [high, middle, low] = demoComments[c % demoComments.length]!;
        (scores[criterion.id] ??= []).push({ evaluatorId, score });
        return { proposalId: p.proposalId, evaluatorId, criterionId: criterion.id, score, comment: score >= 8 ? high : score >= 6 ? middle : low, updatedAt: at(3 + i, e) };
      });
      scoreRows.push(...rows);
      submissions.push({ proposalId: p.proposalId, evaluatorId, submittedAt: at(3 + i, e) });
    }
    ranking.push({ proposalId: p.proposalId, plot: p.plot, receivedAt: p.receivedAt, receiptNumber: p.receiptNumber, scores, moderated: {}, landPremiumHkd: null });
  }
  await tx.score.createMany({ data: scoreRows });
  await tx.scoreSubmission.createMany({ data: submissions });

  const moderatedProposal = proposals.find((p) => p.bidder === choices.moderation.bidder)!;
  const moderatedCriterion = technical[choices.moderation.criterion]!;
  const moderatedScore = moderatedProposal.quality - 0.5;
  await tx.moderatedScore.create({
    data: {
      proposalId: moderatedProposal.proposalId,
      criterionId: moderatedCriterion.id,
      scoreHundredths: Math.round(moderatedScore * 100),
      reason: "The evaluators differed widely; the projects cited are smaller than the one proposed, so the panel settled on a lower mark.",
      moderatedById: panel.chairId,
      moderatedAt: at(13),
    },
  });
  ranking.find((r) => r.proposalId === moderatedProposal.proposalId)!.moderated[moderatedCriterion.id] = moderatedScore;

  // As the portal ranks it: the premiums of the passers only (the others' envelopes stay sealed).
  const technicalOnly = rankRelease({ criteria: release.criteria, passMarkPercent: release.passMarkPercent, proposals: ranking, financialOpen: false });
  const passers = new Set([...technicalOnly.values()].flat().filter((r) => r.passed).map((r) => r.proposalId));
  for (const r of ranking) if (passers.has(r.proposalId)) r.landPremiumHkd = proposals.find((p) => p.proposalId === r.proposalId)!.landPremiumHkd;
  const ranked = [...rankRelease({ criteria: release.criteria, passMarkPercent: release.passMarkPercent, proposals: ranking }).values()].flat();

  // Decisions by the ranking, each with the reason template that states it (the figures are the ranking's own, shown when read).
  // The first award also carries a note, written in both languages as the chair's notes are.
  const firstAward = ranked.find((r) => r.rank === 1)?.proposalId;
  const decisions = ranked.map((r): { proposalId: string; outcome: Outcome; reason: DecisionReasonTemplate; noteEn?: string; noteZhHant?: string } => {
    const outcome: Outcome = !r.passed ? "not_shortlisted" : r.rank === 1 ? "shortlisted" : r.rank === 2 ? "reserve" : "not_shortlisted";
    const note = r.proposalId === firstAward ? { noteEn: "Its wet-lab floors can open in the first stage of the programme.", noteZhHant: "其濕實驗室樓層可於計劃首階段啟用。" } : {};
    return { proposalId: r.proposalId, outcome, reason: suggestedReason(outcome, r), ...note };
  });
  await tx.decision.createMany({ data: decisions.map((d) => ({ ...d, proposedById: panel.chairId, proposedAt: at(17) })) });

  const awarded = new Set(ranked.filter((r) => decisions.find((d) => d.proposalId === r.proposalId)!.outcome === "shortlisted").map((r) => r.plot));
  const plots = await tx.plot.findMany({ where: { id: { in: release.plots.map((p) => p.plotId) } } });
  await tx.plot.updateMany({ where: { id: { in: plots.filter((p) => awarded.has(p.code)).map((p) => p.id) } }, data: { state: "awarded" } });
  await tx.plot.updateMany({ where: { id: { in: plots.filter((p) => !awarded.has(p.code)).map((p) => p.id) }, state: "in_release" }, data: { state: "inventory" } });

  // The standstill that publishing started has ended: every award is final. One plot's award was
  // challenged by the runner-up during the standstill, and the challenge was dismissed.
  const publishedAt = at(25);
  const standstillEndsAt = standstillEnd(publishedAt, release.standstillDays);
  await tx.release.update({ where: { id: release.id }, data: { state: "concluded", resultsPublishedAt: publishedAt, standstillEndsAt } });
  const winners = ranked.filter((r) => decisions.find((d) => d.proposalId === r.proposalId)!.outcome === "shortlisted");
  for (const w of winners) {
    const award = await tx.award.create({
      data: { releaseId: release.id, plotId: plots.find((p) => p.code === w.plot)!.id, proposalId: w.proposalId, status: "active", publishedAt, standstillEndsAt, finalAt: standstillEndsAt },
      include: { release: true, plot: true },
    });
    // As the release clock does when an award becomes final: its development record, from the sealed version.
    await createDevelopment(tx, award, standstillEndsAt);
    const challenger = w.plot === choices.challenge.plot ? proposals.find((p) => p.bidder === choices.challenge.bidder && p.plot === w.plot) : undefined;
    if (!challenger) continue;
    const lodger = await tx.proposal.findUniqueOrThrow({ where: { id: challenger.proposalId }, select: { organisationId: true, createdById: true } });
    await tx.challenge.create({
      data: {
        awardId: award.id,
        organisationId: lodger.organisationId,
        lodgedById: lodger.createdById,
        grounds: choices.challenge.grounds,
        receiptNumber: "C-DEMO-0000-0001",
        lodgedAt: new Date(publishedAt.getTime() + 3 * DAY),
        state: "dismissed",
        response: choices.challenge.response,
        decidedById: panel.adminId,
        decidedAt: new Date(publishedAt.getTime() + 7 * DAY),
      },
    });
  }
}
