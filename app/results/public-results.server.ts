import { db } from "~/platform/database/db.server.ts";
import type { AwardStatus, ChallengeState, Origin, Outcome } from "~/platform/database/generated/prisma/enums.ts";
import { loadRankingData, rankLoaded } from "~/evaluation/ranking-data.server.ts";
import { counted, sealedOf } from "~/evaluation/sealed-bids.ts";

/** Why a plot of published results has no award (a catalog key under results.notAwarded). */
export type NotAwardedReason = "withdrawn" | "noProposals" | "nonePassed" | "noneShortlisted";

export interface PublicRanked {
  organisation: string;
  origin: Origin;
  total: number;
  technicalScore: number;
  rank: number;
  outcome: Outcome;
}

export interface PublicPlotResult {
  plot: string;
  proposalsReceived: number;
  award: {
    id: string;
    status: AwardStatus;
    organisation: string;
    registrationNumber: string;
    origin: Origin;
    publishedAt: Date;
    standstillEndsAt: Date;
    finalAt: Date | null;
  } | null;
  /** The award an upheld challenge suspended, while the plot is evaluated again. */
  suspendedAward: { id: string; organisation: string; registrationNumber: string; publishedAt: Date; suspendedAt: Date | null } | null;
  /** Awards this plot had before (suspended by an upheld challenge, then replaced): OCDS lists them as cancelled. */
  cancelledAwards: { id: string; organisation: string; registrationNumber: string; publishedAt: Date; cancelledAt: Date | null }[];
  /** Whether challenges are open, and how the decided ones ended: never who lodged them or why. */
  challenges: Record<ChallengeState, number>;
  /** The evaluation of this plot is reopened after an upheld challenge: its results will be published again. */
  reopened: boolean;
  reserve: { organisation: string; origin: Origin }[];
  /** The proposals that reached the pass mark, by rank (the release's rules publish their totals). */
  ranked: PublicRanked[];
  notAwarded: { reason: NotAwardedReason; withdrawalReasonEn?: string | null; withdrawalReasonZhHant?: string | null } | null;
}

/**
 * The published results of a release, for the public page and the open data: per plot the number
 * of proposals received, the award with its status (standstill, final) and the challenges' states,
 * the reserve, the passers' totals and ranks, or why the plot was not awarded (it went back to the
 * inventory); and a summary of the evaluation. Null until the results are first published.
 */
export async function publicResults(releaseId: string) {
  const release = await db().release.findUnique({
    where: { id: releaseId },
    include: {
      criteria: { orderBy: { position: "asc" } },
      plots: { orderBy: { position: "asc" }, include: { plot: true } },
      evaluation: true,
      panel: true,
      awards: { include: { plot: true, proposal: { include: { currentVersion: true, organisation: true } }, challenges: { select: { state: true } } }, orderBy: { publishedAt: "asc" } },
    },
  });
  if (!release?.resultsPublishedAt) return null;
  const [proposals, moderated, data] = await Promise.all([
    db().proposal.findMany({ where: counted(release.id), include: { plot: true, decision: true, currentVersion: true, organisation: true } }),
    db().moderatedScore.count({ where: { proposal: { releaseId: release.id } } }),
    loadRankingData(db(), release.id),
  ]);
  const ranking = rankLoaded(release, data, true);
  const byId = new Map(proposals.map((p) => [p.id, p]));
  const nameOf = (p: (typeof proposals)[number]) => sealedOf(p.currentVersion!).organisation.name;

  const plots: PublicPlotResult[] = release.plots.map(({ plot, withdrawnAt, withdrawalReasonEn, withdrawalReasonZhHant }) => {
    const received = proposals.filter((p) => p.plotId === plot.id);
    const awards = release.awards.filter((a) => a.plotId === plot.id);
    const live = awards.find((a) => a.status !== "cancelled") ?? null;
    const reopened = live?.status === "suspended";
    const challenges = { open: 0, dismissed: 0, upheld: 0 } as Record<ChallengeState, number>;
    for (const c of awards.flatMap((a) => a.challenges)) challenges[c.state] += 1;
    const ranked = reopened
      ? []
      : (ranking.get(plot.code) ?? [])
          .filter((r) => r.rank !== null && byId.get(r.proposalId)?.decision)
          .map((r) => {
            const p = byId.get(r.proposalId)!;
            return { organisation: nameOf(p), origin: p.organisation.origin, total: r.total!, technicalScore: r.technicalScore, rank: r.rank!, outcome: p.decision!.outcome };
          });
    const notAwarded: PublicPlotResult["notAwarded"] =
      live || reopened
        ? null
        : withdrawnAt
          ? { reason: "withdrawn", withdrawalReasonEn, withdrawalReasonZhHant }
          : received.length === 0
            ? { reason: "noProposals" }
            : ranked.length === 0
              ? { reason: "nonePassed" }
              : { reason: "noneShortlisted" };
    const awardee = live && !reopened ? live : null;
    return {
      plot: plot.code,
      proposalsReceived: received.length,
      award: awardee
        ? {
            id: awardee.id,
            status: awardee.status,
            organisation: sealedOf(awardee.proposal.currentVersion!).organisation.name,
            registrationNumber: awardee.proposal.organisation.registrationNumber,
            origin: awardee.proposal.organisation.origin,
            publishedAt: awardee.publishedAt,
            standstillEndsAt: awardee.standstillEndsAt,
            finalAt: awardee.finalAt,
          }
        : null,
      suspendedAward: reopened && live ? { id: live.id, organisation: sealedOf(live.proposal.currentVersion!).organisation.name, registrationNumber: live.proposal.organisation.registrationNumber, publishedAt: live.publishedAt, suspendedAt: live.suspendedAt } : null,
      cancelledAwards: awards
        .filter((a) => a.status === "cancelled")
        .map((a) => ({ id: a.id, organisation: sealedOf(a.proposal.currentVersion!).organisation.name, registrationNumber: a.proposal.organisation.registrationNumber, publishedAt: a.publishedAt, cancelledAt: a.cancelledAt })),
      challenges,
      reopened,
      reserve: reopened ? [] : received.filter((p) => p.decision?.outcome === "reserve").map((p) => ({ organisation: nameOf(p), origin: p.organisation.origin })),
      ranked,
      notAwarded,
    };
  });

  return {
    publishedAt: release.resultsPublishedAt,
    standstillDays: release.standstillDays,
    standstillEndsAt: release.standstillEndsAt!,
    summary: {
      criteria: release.criteria.map((c) => ({ nameEn: c.nameEn, nameZhHant: c.nameZhHant, envelope: c.envelope, weight: c.weight, maxScore: c.maxScore })),
      passMarkPercent: release.passMarkPercent,
      evaluators: release.panel.filter((m) => m.role === "evaluator").length,
      moderatedScores: moderated,
      proposalsReceived: proposals.length,
    },
    plots,
  };
}
export type PublicResults = NonNullable<Awaited<ReturnType<typeof publicResults>>>;

/** The plot's live award (pending or final) and the release that made it, for the plot's page; null when there is none. */
export async function plotAward(plotCode: string) {
  const award = await db().award.findFirst({
    where: { plot: { code: plotCode }, status: { in: ["pending", "active"] } },
    include: { release: { select: { code: true, titleEn: true, titleZhHant: true } }, proposal: { include: { currentVersion: true, organisation: true } } },
    orderBy: { publishedAt: "desc" },
  });
  if (!award) return null;
  return {
    release: award.release,
    organisation: sealedOf(award.proposal.currentVersion!).organisation.name,
    origin: award.proposal.organisation.origin,
    status: award.status,
    standstillEndsAt: award.standstillEndsAt,
    finalAt: award.finalAt,
  };
}
