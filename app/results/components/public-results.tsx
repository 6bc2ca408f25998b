import { Link } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { Unbroken } from "~/platform/ui/code.tsx";
import { DataTable } from "~/platform/ui/data-table.tsx";
import { ParkTime, useLanguage } from "~/platform/ui/deadline.tsx";
import { intlLocale, pick } from "~/platform/i18n/i18n.ts";
import { formatDateTime, PARK_TIME_ZONE } from "~/platform/time.ts";
import { formatScore } from "~/evaluation/ranking.ts";
import type { PublicResults } from "../public-results.server.ts";
import { lastMomentOf } from "../standstill.ts";
import { OwnChallenges, type OwnChallenge } from "./own-challenges.tsx";

/** A moment as words in Hong Kong time, for a sentence. */
export function useParkTimeText() {
  const locale = intlLocale(useLanguage());
  return (date: Date | string) => formatDateTime(new Date(date), PARK_TIME_ZONE, locale);
}

/** The award's state in words: pending until the standstill ends, final, suspended. */
export function AwardState({ award }: { award: { status: string; standstillEndsAt: Date | string; finalAt: Date | string | null } }) {
  const { t } = useTranslation();
  const when = useParkTimeText();
  return <>{t(`standstill.award.${award.status}`, { end: when(lastMomentOf(new Date(award.standstillEndsAt))), date: award.finalAt ? when(award.finalAt) : "" })}</>;
}

/**
 * The published results of a release for everyone: the standstill, then per plot the proposals
 * received, the award (with its state and whether challenges are pending), the reserve and the
 * passers' totals and ranks, or why it was not awarded; then how the proposals were evaluated.
 */
export function PublicResultsView({
  code,
  results,
  serverNow,
  canChallenge,
  ownChallenges,
}: {
  code: string;
  results: PublicResults;
  serverNow: Date | string;
  canChallenge: boolean;
  /** The challenges the viewer's organisation lodged in this release (its members only). */
  ownChallenges: OwnChallenge[];
}) {
  const { t } = useTranslation();
  const language = useLanguage();
  const when = useParkTimeText();
  const running = new Date(results.standstillEndsAt) > new Date(serverNow);
  const end = when(lastMomentOf(new Date(results.standstillEndsAt)));
  return (
    <section id="results" aria-labelledby="results-heading" className="space-y-4">
      <h2 id="results-heading" className="text-2xl font-semibold">{t("results.heading")}</h2>
      <p>{t("results.published")} <ParkTime date={new Date(results.publishedAt)} /></p>
      <p className="rounded border border-slate-400 bg-slate-50 p-3">{running ? t("results.standstillRunning", { end }) : t("results.standstillOver", { end })}</p>
      {running && canChallenge ? (
        <p><Link to={`/releases/${code}/challenge`} className="text-park-700 underline">{t("results.challengeLink")}</Link></p>
      ) : null}
      <OwnChallenges challenges={ownChallenges} />
      {results.plots.map((plot) => (
        <article key={plot.plot} aria-labelledby={`result-${plot.plot}`} className="space-y-2 border-t border-slate-300 pt-3">
          <h3 id={`result-${plot.plot}`} className="text-xl font-semibold"><Unbroken text={t("results.plotHeading", { plot: plot.plot })} /></h3>
          <dl className="grid gap-x-6 gap-y-1 sm:grid-cols-[minmax(0,14rem)_minmax(0,1fr)]">
            <dt className="font-semibold">{t("results.received")}</dt>
            <dd>{plot.proposalsReceived}</dd>
            {plot.award ? (
              <>
                <dt className="font-semibold">{t("results.awardedTo")}</dt>
                <dd>{plot.award.organisation}{t("format.aside", { note: t(`origin.${plot.award.origin}`) })}</dd>
                <dt className="font-semibold">{t("results.awardStatus")}</dt>
                <dd><AwardState award={plot.award} /></dd>
              </>
            ) : null}
            {plot.reserve.length ? (
              <>
                <dt className="font-semibold">{t("results.reserve")}</dt>
                <dd>{plot.reserve.map((r) => `${r.organisation}${t("format.aside", { note: t(`origin.${r.origin}`) })}`).join(t("format.listSeparator"))}</dd>
              </>
            ) : null}
          </dl>
          {plot.reopened ? <p role="note" className="rounded border border-amber-700 bg-amber-50 p-2">{t("results.reopened")}</p> : null}
          {plot.notAwarded ? (
            <div>
              <p className="font-semibold">{t("results.notAwarded.heading")}</p>
              <p>{t(`results.notAwarded.${plot.notAwarded.reason}`, { reason: pick(language, { en: plot.notAwarded.withdrawalReasonEn ?? "", zhHant: plot.notAwarded.withdrawalReasonZhHant ?? "" }) })}</p>
            </div>
          ) : null}
          {plot.challenges.open + plot.challenges.dismissed + plot.challenges.upheld > 0 ? (
            <ul className="list-disc pl-6" aria-label={t("results.challengesHeading")}>
              {plot.challenges.open ? <li>{t("results.challengePending", { count: plot.challenges.open })}</li> : null}
              {plot.challenges.dismissed ? <li>{t("results.challengeDismissed", { count: plot.challenges.dismissed })}</li> : null}
              {plot.challenges.upheld ? <li>{t("results.challengeUpheld", { count: plot.challenges.upheld })}</li> : null}
            </ul>
          ) : null}
          {plot.ranked.length ? (
            <DataTable label={t("results.ranking")} caption={t("results.ranking")} columns={[{ label: t("results.rank"), numeric: true }, { label: t("results.organisation") }, { label: t("results.origin") }, { label: t("results.technical"), numeric: true }, { label: t("results.total"), numeric: true }, { label: t("results.outcome") }]}>
              {plot.ranked.map((r) => (
                <tr key={r.rank} className="border-b border-slate-200">
                  <td className="p-2 text-right">{r.rank}</td>
                  <td className="p-2">{r.organisation}</td>
                  <td className="p-2">{t(`origin.${r.origin}`)}</td>
                  <td className="p-2 text-right">{formatScore(r.technicalScore)}</td>
                  <td className="p-2 text-right">{formatScore(r.total)}</td>
                  <td className="p-2">{t(`outcome.${r.outcome}`)}</td>
                </tr>
              ))}
            </DataTable>
          ) : !plot.reopened && !plot.notAwarded && plot.proposalsReceived > 0 ? (
            <p>{t("results.noPassers")}</p>
          ) : null}
        </article>
      ))}
      <section aria-labelledby="results-summary" className="space-y-1 border-t border-slate-300 pt-3">
        <h3 id="results-summary" className="text-xl font-semibold">{t("results.summaryHeading")}</h3>
        <p>{t("results.summaryReceived", { count: results.summary.proposalsReceived })}</p>
        <p>{t("results.summaryPassMark", { percent: results.summary.passMarkPercent })}</p>
        <p>{t("results.summaryEvaluators", { count: results.summary.evaluators })}</p>
        <p>{t("results.summaryModerated", { count: results.summary.moderatedScores })}</p>
        <p className="font-medium">{t("results.summaryCriteria")}</p>
        <ul className="list-disc pl-6">
          {results.summary.criteria.map((c) => (
            <li key={c.nameEn}>{pick(language, { en: c.nameEn, zhHant: c.nameZhHant })} · {t(`builder.${c.envelope}`)} · {c.weight}%</li>
          ))}
        </ul>
        <p className="text-sm text-slate-700">{t("results.unlisted")}</p>
      </section>
    </section>
  );
}
