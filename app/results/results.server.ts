import { recordAuditEvent, type AuditEntry } from "~/platform/audit.server.ts";
import type { CurrentUser } from "~/accounts/sessions.server.ts";
import { getConfig } from "~/platform/config.server.ts";
import { db } from "~/platform/database/db.server.ts";
import { serverNow, type Tx } from "~/platform/database/transactions.server.ts";
import { nudgeOutbox, queueEmail } from "~/platform/email.server.ts";
import { optionalJobQueue } from "~/platform/jobs.server.ts";
import { DomainError } from "~/platform/domain-error.ts";
import type { Outcome } from "~/platform/database/generated/prisma/enums.ts";
import { lockRelease } from "~/evaluation/panel.server.ts";
import { loadRankingData, rankLoaded } from "~/evaluation/ranking-data.server.ts";
import { outcomeEmailParams, recipientLanguage } from "./outcome-email.server.ts";
import { counted } from "~/evaluation/sealed-bids.ts";
import { awardPlots, cancelSuspendedAwards } from "./awards.server.ts";
import { standstillEnd } from "./standstill.ts";

/** What publishing would publish: refused unless the financial envelopes are open, every proposal has a decision and nothing is published yet. */
async function publishable(tx: Tx, release: Awaited<ReturnType<typeof lockRelease>>) {
  const evaluation = release.evaluation;
  if (!evaluation?.financialOpenedAt) throw new DomainError("evaluation.errors.notDeciding");
  if (evaluation.resultsPublishedAt) throw new DomainError("evaluation.errors.alreadyPublished");
  const proposals = await tx.proposal.findMany({ where: counted(release.id), include: { decision: true, plot: true, organisation: { include: { members: { include: { user: true } } } } } });
  if (proposals.some((p) => !p.decision)) throw new DomainError("evaluation.errors.decisionsMissing");
  const offered = await tx.releasePlot.findMany({ where: { releaseId: release.id, withdrawnAt: null } });
  const awarded = new Set(proposals.filter((p) => p.decision!.outcome === "shortlisted").map((p) => p.plotId));
  return { proposals, offered, awarded };
}

/**
 * What publishing the results will do, for the administrator's confirmation: proposals shortlisted,
 * plots awarded and returned to the inventory, organisations and people told their outcome.
 */
export async function publicationPreview(releaseCode: string) {
  return db().$transaction(async (tx) => {
    const { proposals, offered, awarded } = await publishable(tx, await lockRelease(tx, releaseCode));
    const organisations = new Map(proposals.map((p) => [p.organisationId, p.organisation.members.length]));
    return {
      proposals: proposals.length,
      shortlisted: proposals.filter((p) => p.decision!.outcome === "shortlisted").length,
      awarded: awarded.size,
      returned: offered.filter((o) => !awarded.has(o.plotId)).length,
      organisations: organisations.size,
      people: [...organisations.values()].reduce((sum, n) => sum + n, 0),
    };
  });
}

/** The audit entry of results published (also written by the demo seed's replay). */
export const resultsPublishedEntry = (adminId: string, releaseCode: string, republished: boolean, results: readonly { proposalId: string; plot: string; outcome: Outcome }[]): AuditEntry => ({
  actorId: adminId,
  action: "evaluation.results_published",
  subjectType: "release",
  subjectId: releaseCode,
  data: { republished, results: results.map((r) => ({ proposalId: r.proposalId, plot: r.plot, outcome: r.outcome })) },
});

/**
 * An administrator publishes the results: every proposal that counts must have a decision. Plots
 * with a shortlisted proposal are awarded; the others return to the inventory. Every proposing
 * organisation's members are emailed their own outcome. Publishing starts the standstill: each
 * award is pending until the release clock makes it final. After an upheld challenge reopened the
 * evaluation, publishing again concerns only the reopened plots (their suspended awards are
 * cancelled and replaced, with a standstill of their own); every other plot's outcome stands.
 */
export async function publishResults(admin: CurrentUser, releaseCode: string) {
  const outboxIds = await db().$transaction(async (tx) => {
    const release = await lockRelease(tx, releaseCode);
    const { proposals, offered, awarded } = await publishable(tx, release);
    const now = await serverNow(tx);
    const ranking = rankLoaded(release, await loadRankingData(tx, release.id), true);
    const reopened = release.resultsPublishedAt ? new Set((await cancelSuspendedAwards(tx, release.id, now)).map((a) => a.plotId)) : null;
    const concerned = (plotId: string) => !reopened || reopened.has(plotId);
    const standstillEndsAt = standstillEnd(now, release.standstillDays);
    await tx.plot.updateMany({ where: { id: { in: [...awarded].filter(concerned) } }, data: { state: "awarded" } });
    await tx.plot.updateMany({ where: { id: { in: offered.map((o) => o.plotId).filter((id) => !awarded.has(id) && concerned(id)) }, state: "in_release" }, data: { state: "inventory" } });
    await tx.evaluation.update({ where: { releaseId: release.id }, data: { resultsPublishedAt: now, resultsPublishedById: admin.id } });
    await tx.release.update({ where: { id: release.id }, data: { state: "concluded", ...(reopened ? {} : { resultsPublishedAt: now, standstillEndsAt }) } });
    // Per awarded plot, its best-ranked shortlisted proposal.
    const winners = [...ranking.values()].flatMap((ranked) => {
      const best = ranked.map((r) => proposals.find((p) => p.id === r.proposalId)!).find((p) => p.decision!.outcome === "shortlisted" && concerned(p.plotId));
      return best ? [{ plotId: best.plotId, plot: best.plot.code, proposalId: best.id }] : [];
    });
    await awardPlots(tx, release, winners, now, standstillEndsAt, admin.id);
    const results = proposals.filter((p) => concerned(p.plotId)).map((p) => ({ proposalId: p.id, plot: p.plot.code, outcome: p.decision!.outcome }));
    await recordAuditEvent(tx, resultsPublishedEntry(admin.id, releaseCode, Boolean(reopened), results));
    const ids: string[] = [];
    for (const p of proposals.filter((p) => concerned(p.plotId))) {
      const mine = [...ranking.values()].flat().find((r) => r.proposalId === p.id)!;
      const outcome = { releaseCode: release.code, plot: p.plot.code, organisation: p.organisation.name, decision: p.decision!, ranked: mine, criteria: release.criteria, link: `${getConfig().PUBLIC_URL}/releases/${release.code}#results` };
      for (const { user } of p.organisation.members) {
        ids.push(
          await queueEmail(tx, {
            to: user.email,
            template: "evaluationOutcome",
            language: user.locale,
            params: outcomeEmailParams(recipientLanguage(user.locale), outcome),
            idempotencyKey: `outcome:${p.id}:${user.id}${reopened ? `:${now.getTime()}` : ""}`,
          }),
        );
      }
    }
    return ids;
  });
  nudgeOutbox(optionalJobQueue(), outboxIds);
}
