import type { AuditEntry } from "../app/platform/audit.server.ts";
import type { Prisma } from "../app/platform/database/generated/prisma/client.ts";
import type { Outcome } from "../app/platform/database/generated/prisma/enums.ts";
import { sealVersion } from "../app/proposals/sealing.server.ts";
import { rankRelease, type ProposalForRanking } from "../app/evaluation/ranking.ts";
import { suggestedReason, type DecisionReasonTemplate } from "../app/evaluation/reasons.ts";
import { portalPublicKey } from "../app/platform/portal-key.server.ts";
import { commitReceiptSet } from "../app/receipts/commitments.server.ts";
import { registrationKey } from "../app/organisations/registration-number.ts";
import { standstillEnd } from "../app/results/standstill.ts";
import { startedEntry } from "../app/proposals/drafts.server.ts";
import { submittedEntry } from "../app/proposals/submission.server.ts";
import { closedEntry } from "../app/releases/clock.server.ts";
import { panelFormedEntry } from "../app/evaluation/panel.server.ts";
import { financialOpenedEntry, openingLines, technicalOpenedEntry } from "../app/evaluation/opening.server.ts";
import { conflictDeclaredEntry } from "../app/evaluation/conflicts.server.ts";
import { scoresSubmittedEntry } from "../app/evaluation/scoring.server.ts";
import { scoreModeratedEntry } from "../app/evaluation/moderation.server.ts";
import { decisionProposedEntry } from "../app/evaluation/decisions.server.ts";
import { resultsPublishedEntry } from "../app/results/results.server.ts";
import { awardFinalEntry, standstillStartedEntry } from "../app/results/awards.server.ts";
import { challengeLodgedEntry } from "../app/results/challenges.server.ts";
import { challengeDecidedEntry } from "../app/results/challenge-decisions.server.ts";
import { parkCalendarDay } from "../app/platform/time.ts";
import { demoComments, type DemoBidder, type DemoProposal } from "./demo-park.ts";

/**
 * The demo park's bids and evaluations, written directly with the seed's transaction (the domain
 * functions use the global client and the database's clock): sealed versions with genuine signed
 * receipts, a concluded evaluation whose figures come from app/evaluation/ranking.ts, and a panel waiting to open.
 * Each step also tells `history` the audit entry the portal would have written, built by the
 * portal's own builder, at the time it happened.
 */

type Tx = Prisma.TransactionClient;

/** Takes an audit entry of the demo's past with its time; the seed appends them all, in time order, once the rows are written. */
export type History = (at: Date, entry: AuditEntry) => void;

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

export interface SeededBidder extends DemoBidder {
  organisationId: string;
  ownerId: string;
}

/** The bidders' organisations and owners (keyed by registration number and email: created once). */
export async function seedBidders(tx: Tx, bidders: DemoBidder[], passwordHash: string, now: Date): Promise<Map<string, SeededBidder>> {
  // One insert per table (a first start waits for the seed); existing rows are kept as they are.
  await tx.organisation.createMany({
    data: bidders.map((b) => ({ name: b.name, registrationNumber: b.registrationNumber, origin: b.origin, focusSectors: b.focusSectors })),
    skipDuplicates: true,
  });
  await tx.user.createMany({ data: bidders.map((b) => ({ email: b.owner.email, name: b.owner.name, passwordHash, emailVerifiedAt: now })), skipDuplicates: true });
  // One after the other: a transaction's statements share one connection.
  const organisations = await tx.organisation.findMany({ where: { registrationKey: { in: bidders.map((b) => registrationKey(b.registrationNumber)) } }, select: { id: true, registrationKey: true } });
  const owners = await tx.user.findMany({ where: { email: { in: bidders.map((b) => b.owner.email) } }, select: { id: true, email: true } });
  const seeded = new Map(
    bidders.map((b) => [
      b.key,
      { ...b, organisationId: organisations.find((o) => o.registrationKey === registrationKey(b.registrationNumber))!.id, ownerId: owners.find((u) => u.email === b.owner.email)!.id },
    ]),
  );
  await tx.membership.createMany({ data: [...seeded.values()].map((b) => ({ userId: b.ownerId, organisationId: b.organisationId, role: "owner" as const })), skipDuplicates: true });
  return seeded;
}

/** The programme's milestone dates (Hong Kong calendar days), so many days after the deadline. */
function programmeDates(deadline: Date, [design, start, topping, completion, opening]: DemoProposal["programmeDays"]) {
  const day = (days: number) => parkCalendarDay(new Date(deadline.getTime() + days * DAY));
  return { designApprovalBy: day(design), constructionStartBy: day(start), toppingOutBy: day(topping), completionBy: day(completion), openingBy: day(opening) };
}

export interface SeededProposal extends DemoProposal {
  proposalId: string;
  receivedAt: Date;
  receiptNumber: string;
}

/**
 * Submitted proposals for a release, each with one sealed version and its signed receipt, received
 * in the days before the deadline. Only when the release has none yet; returns null otherwise.
 */
export async function seedSealedProposals(tx: Tx, releaseCode: string, proposals: DemoProposal[], bidders: Map<string, SeededBidder>, history: History): Promise<SeededProposal[] | null> {
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
    const createdAt = new Date(receivedAt.getTime() - 9 * DAY);
    const gfa = Math.round((plot.maxGfaM2 * (0.82 + (index % 3) * 0.06)) / 10) * 10;
    const proposal = await tx.proposal.create({
      data: {
        releaseId: release.id,
        plotId: plot.id,
        organisationId: b.organisationId,
        createdById: b.ownerId,
        updatedById: b.ownerId,
        createdAt,
        developmentScheme: b.scheme,
        intendedSectors: b.focusSectors,
        grossFloorAreaM2: gfa,
        programme: b.programme,
        trackRecord: b.trackRecord,
        jobsTalentPlan: b.jobsTalentPlan,
        researchPosts: demo.researchPosts,
        graduatePlaces: demo.graduatePlaces,
        ...programmeDates(release.submissionDeadline, demo.programmeDays),
        landPremiumHkd: demo.landPremiumHkd,
        investmentCommitmentHkd: demo.investmentCommitmentHkd,
      },
    });
    const owner = { release: { code: releaseCode, structuredCommitments: release.structuredCommitments }, plot: { code: plot.code }, organisation: { id: b.organisationId, name: b.name, registrationNumber: b.registrationNumber } };
    const { data, receipt, digest } = sealVersion({ ...proposal, ...owner }, 1, [], receivedAt, b.ownerId);
    const version = await tx.proposalVersion.create({ data: { proposalId: proposal.id, ...data } });
    await tx.proposal.update({ where: { id: proposal.id }, data: { currentVersionId: version.id } });
    history(createdAt, startedEntry(b.ownerId, proposal.id, releaseCode, plot.code));
    history(receivedAt, submittedEntry(b.ownerId, proposal.id, { release: releaseCode, plot: plot.code, version: 1, supersedes: null, receipt, packageDigest: digest }));
    seeded.push({ ...demo, proposalId: proposal.id, receivedAt, receiptNumber: receipt.receiptNumber });
  }
  // The release closed at its deadline, and the portal committed to the bids it had received.
  const receiptSet = await commitReceiptSet(tx, release, release.submissionDeadline);
  history(release.submissionDeadline, closedEntry(releaseCode, release.submissionDeadline, receiptSet));
  return seeded;
}

export interface DemoPanel {
  adminId: string;
  chairId: string;
  evaluatorIds: string[];
}

async function formPanel(tx: Tx, release: { id: string; code: string; publicationAt: Date }, panel: DemoPanel, history: History) {
  const addedAt = new Date(release.publicationAt.getTime() + 7 * DAY);
  history(addedAt, panelFormedEntry(panel.adminId, release.code, panel.chairId, panel.evaluatorIds));
  await tx.panelMember.createMany({
    data: [
      { releaseId: release.id, userId: panel.chairId, role: "chair", addedById: panel.adminId, addedAt },
      ...panel.evaluatorIds.map((userId) => ({ releaseId: release.id, userId, role: "evaluator" as const, addedById: panel.adminId, addedAt })),
    ],
  });
}

/** A release whose bids wait for the chair to open them: the plots are on offer, the panel is formed. */
export async function seedFormedPanel(tx: Tx, releaseCode: string, panel: DemoPanel, history: History) {
  const release = await tx.release.findUniqueOrThrow({ where: { code: releaseCode }, include: { plots: true } });
  // Not awarded in the first batch, these plots were offered again.
  await tx.plot.updateMany({ where: { id: { in: release.plots.map((p) => p.plotId) }, state: "inventory" }, data: { state: "in_release" } });
  if ((await tx.panelMember.count({ where: { releaseId: release.id } })) > 0) return;
  await formPanel(tx, release, panel, history);
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
  history: History,
) {
  const release = await tx.release.findUniqueOrThrow({ where: { code: releaseCode }, include: { plots: true, criteria: { orderBy: { position: "asc" } } } });
  const technical = release.criteria.filter((c) => c.envelope === "technical");
  const opened = release.openingAt;
  const at = (days: number, hours = 0) => new Date(opened.getTime() + days * DAY + hours * HOUR);
  await formPanel(tx, release, panel, history);
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
  history(opened, technicalOpenedEntry(panel.chairId, releaseCode, opened, await openingLines(tx, release.id)));

  const conflicted = (p: SeededProposal, e: number) => e === choices.conflict.evaluator && p.bidder === choices.conflict.bidder;
  const declarations = [
    // The chair declares on every proposal too (rule 5), before the evaluators.
    ...proposals.map((p) => ({ proposalId: p.proposalId, evaluatorId: panel.chairId, conflicted: false, statement: null, declaredAt: at(0, 2) })),
    ...proposals.flatMap((p) =>
      panel.evaluatorIds.map((evaluatorId, e) => ({
        proposalId: p.proposalId,
        evaluatorId,
        conflicted: conflicted(p, e),
        statement: conflicted(p, e) ? "I advised this firm on its Hong Kong laboratory lease in 2025." : null,
        declaredAt: at(1, e),
      })),
    ),
  ];
  await tx.conflictDeclaration.createMany({ data: declarations });
  for (const d of declarations) history(d.declaredAt, conflictDeclaredEntry(d.evaluatorId, d.proposalId, d.conflicted, d.statement));

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
      history(at(3 + i, e), scoresSubmittedEntry(evaluatorId, p.proposalId, rows));
    }
    ranking.push({ proposalId: p.proposalId, plot: p.plot, receivedAt: p.receivedAt, receiptNumber: p.receiptNumber, scores, moderated: {}, landPremiumHkd: null });
  }
  await tx.score.createMany({ data: scoreRows });
  await tx.scoreSubmission.createMany({ data: submissions });

  const moderatedProposal = proposals.find((p) => p.bidder === choices.moderation.bidder)!;
  const moderatedCriterion = technical[choices.moderation.criterion]!;
  const moderatedScore = moderatedProposal.quality - 0.5;
  const moderation = {
    proposalId: moderatedProposal.proposalId,
    criterionId: moderatedCriterion.id,
    scoreHundredths: Math.round(moderatedScore * 100),
    reason: "The evaluators differed widely; the projects cited are smaller than the one proposed, so the panel settled on a lower mark.",
    moderatedById: panel.chairId,
    moderatedAt: at(13),
  };
  await tx.moderatedScore.create({ data: moderation });
  history(moderation.moderatedAt, scoreModeratedEntry(panel.chairId, moderation.proposalId, moderation.criterionId, moderation.scoreHundredths, moderation.reason));
  ranking.find((r) => r.proposalId === moderatedProposal.proposalId)!.moderated[moderatedCriterion.id] = moderatedScore;

  // As the portal ranks it: the premiums of the passers only (the others' envelopes stay sealed).
  const technicalOnly = rankRelease({ criteria: release.criteria, passMarkPercent: release.passMarkPercent, proposals: ranking, financialOpen: false });
  history(at(15), financialOpenedEntry(panel.chairId, releaseCode, release.passMarkPercent, [...technicalOnly.values()].flat()));
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
  for (const d of decisions) history(at(17), decisionProposedEntry(panel.chairId, d.proposalId, d.outcome, { reason: d.reason, noteEn: d.noteEn ?? null, noteZhHant: d.noteZhHant ?? null }));

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
  history(publishedAt, standstillStartedEntry(panel.adminId, releaseCode, standstillEndsAt, winners));
  const results = decisions.map((d) => ({ proposalId: d.proposalId, plot: ranked.find((r) => r.proposalId === d.proposalId)!.plot, outcome: d.outcome }));
  history(publishedAt, resultsPublishedEntry(panel.adminId, releaseCode, false, results));
  for (const w of winners) {
    const award = await tx.award.create({
      data: { releaseId: release.id, plotId: plots.find((p) => p.code === w.plot)!.id, proposalId: w.proposalId, status: "active", publishedAt, standstillEndsAt, finalAt: standstillEndsAt },
      include: { release: true, plot: true },
    });
    history(standstillEndsAt, awardFinalEntry(releaseCode, { awardId: award.id, plot: w.plot, proposalId: w.proposalId }, standstillEndsAt));
    const challenger = w.plot === choices.challenge.plot ? proposals.find((p) => p.bidder === choices.challenge.bidder && p.plot === w.plot) : undefined;
    if (!challenger) continue;
    const lodger = await tx.proposal.findUniqueOrThrow({ where: { id: challenger.proposalId }, select: { organisationId: true, createdById: true } });
    const challenge = await tx.challenge.create({
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
    history(challenge.lodgedAt, challengeLodgedEntry(lodger.createdById, releaseCode, challenge, w.plot, []));
    history(challenge.decidedAt!, challengeDecidedEntry(panel.adminId, releaseCode, { ...challenge, state: "dismissed", response: choices.challenge.response }, { id: award.id, plot: w.plot }));
  }
}
