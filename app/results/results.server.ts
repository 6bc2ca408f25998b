import { recordAuditEvent } from "~/platform/audit.server.ts";
import type { CurrentUser } from "~/accounts/sessions.server.ts";
import { getConfig } from "~/platform/config.server.ts";
import { db } from "~/platform/database/db.server.ts";
import { serverNow, type Tx } from "~/platform/database/transactions.server.ts";
import { nudgeOutbox, queueEmail } from "~/platform/email.server.ts";
import type { Outcome } from "~/platform/database/generated/prisma/enums.ts";
import { isLanguage, pick, translator } from "~/platform/i18n/i18n.ts";
import { optionalJobQueue } from "~/platform/jobs.server.ts";
import { DomainError } from "~/platform/domain-error.ts";
import { lockRelease } from "~/evaluation/panel.server.ts";
import { loadRankingData, rankLoaded } from "~/evaluation/ranking-data.server.ts";
import { formatScore } from "~/evaluation/ranking.ts";
import { counted, sealedOf } from "~/evaluation/sealed-bids.ts";

const languageOf = (locale: string) => (isLanguage(locale) ? locale : "en");

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

/**
 * An administrator publishes the results: every proposal that counts must have a decision. Plots
 * with a shortlisted proposal are awarded; the others return to the inventory. Every proposing
 * organisation's members are emailed their own outcome.
 */
export async function publishResults(admin: CurrentUser, releaseCode: string) {
  const outboxIds = await db().$transaction(async (tx) => {
    const release = await lockRelease(tx, releaseCode);
    const { proposals, offered, awarded } = await publishable(tx, release);
    const now = await serverNow(tx);
    const ranking = rankLoaded(release, await loadRankingData(tx, release.id), true);
    await tx.plot.updateMany({ where: { id: { in: [...awarded] } }, data: { state: "awarded" } });
    await tx.plot.updateMany({ where: { id: { in: offered.map((o) => o.plotId).filter((id) => !awarded.has(id)) }, state: "in_release" }, data: { state: "inventory" } });
    await tx.evaluation.update({ where: { releaseId: release.id }, data: { resultsPublishedAt: now, resultsPublishedById: admin.id } });
    await tx.release.update({ where: { id: release.id }, data: { state: "concluded" } });
    await recordAuditEvent(tx, {
      actorId: admin.id,
      action: "evaluation.results_published",
      subjectType: "release",
      subjectId: releaseCode,
      data: { results: proposals.map((p) => ({ proposalId: p.id, plot: p.plot.code, outcome: p.decision!.outcome })) },
    });
    const ids: string[] = [];
    for (const p of proposals) {
      const mine = [...ranking.values()].flat().find((r) => r.proposalId === p.id)!;
      for (const { user } of p.organisation.members) {
        ids.push(
          await queueEmail(tx, {
            to: user.email,
            template: "evaluationOutcome",
            language: user.locale,
            params: {
              code: release.code,
              plot: p.plot.code,
              organisation: p.organisation.name,
              outcomeText: translator(languageOf(user.locale))(`outcome.${p.decision!.outcome}`),
              reason: p.decision!.reason,
              technical: `${formatScore(mine.technicalScore)} / ${formatScore(mine.technicalMax)}`,
              passedText: translator(languageOf(user.locale))(mine.passed ? "evaluation.yes" : "evaluation.no"),
              rank: mine.rank === null ? "—" : String(mine.rank),
              criteria: mine.criteria.map((c) => {
                const name = release.criteria.find((x) => x.id === c.criterionId)!;
                return `${pick(languageOf(user.locale), { en: name.nameEn, zhHant: name.nameZhHant })}: ${c.used === null ? "—" : formatScore(c.used)} / ${name.maxScore}`;
              }).join("; "),
              link: `${getConfig().PUBLIC_URL}/releases/${release.code}#results`,
            },
            idempotencyKey: `outcome:${p.id}:${user.id}`,
          }),
        );
      }
    }
    return ids;
  });
  await nudgeOutbox(optionalJobQueue(), outboxIds);
}

const OUTCOME_ORDER: Outcome[] = ["shortlisted", "reserve", "not_shortlisted"];

/** Published results for the public page and the open data: plot, organisation, outcome. */
export async function publishedResults(releaseId: string) {
  const evaluation = await db().evaluation.findUnique({ where: { releaseId } });
  if (!evaluation?.resultsPublishedAt) return null;
  const proposals = await db().proposal.findMany({ where: counted(releaseId), include: { plot: true, decision: true, currentVersion: true } });
  return {
    publishedAt: evaluation.resultsPublishedAt,
    results: proposals
      .filter((p) => p.decision && p.decision.outcome !== "not_shortlisted")
      .map((p) => ({ plot: p.plot.code, organisation: sealedOf(p.currentVersion!).organisation.name, registrationNumber: sealedOf(p.currentVersion!).organisation.registrationNumber, outcome: p.decision!.outcome }))
      .sort((a, b) => a.plot.localeCompare(b.plot) || OUTCOME_ORDER.indexOf(a.outcome) - OUTCOME_ORDER.indexOf(b.outcome) || a.organisation.localeCompare(b.organisation)),
  };
}
