import { Link } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { intlLocale } from "~/platform/i18n/i18n.ts";
import { Code, Unbroken } from "~/platform/ui/code.tsx";
import { MAIN_ACTION } from "~/platform/ui/confirm-step.tsx";
import { useLanguage } from "~/platform/ui/deadline.tsx";
import { formatDate, PARK_TIME_ZONE } from "~/platform/time.ts";
import type { MilestoneStatus } from "../promises.ts";

/** A date column's "YYYY-MM-DD" as the reader's language writes a day. */
export function useDayText() {
  const locale = intlLocale(useLanguage());
  return (day: string) => formatDate(new Date(`${day}T00:00:00.000Z`), PARK_TIME_ZONE, locale);
}

const STATUS_LOOK: Record<MilestoneStatus, string> = {
  reached_on_time: "bg-park-50 text-park-800",
  reached_late: "bg-amber-100 text-amber-950",
  overdue: "bg-red-100 text-red-900 font-semibold",
  due: "bg-slate-100 text-slate-900",
};

export function MilestoneStatusTag({ status }: { status: MilestoneStatus }) {
  const { t } = useTranslation();
  return <strong className={`inline-block rounded px-2 py-0.5 text-sm ${STATUS_LOOK[status]}`}>{t(`progressReports.milestoneStatus.${status}`)}</strong>;
}

/** What the progress section needs (progressOf's answer, as a loader sends it). */
export interface ProgressView {
  reportingIntervalMonths: number;
  nextReportDue: string;
  missedDates: string[];
  milestones: { kind: string; dueBy: string; varied: boolean; reachedOn: string | null; status: MilestoneStatus }[];
  reports: { id: string; dueOn: string; submittedAt: string | Date; state: string; milestones: string[]; documents: number }[];
}

/**
 * What a development's record shows about progress: when the awardee reports next (and which
 * dates passed without a report), each milestone with its date and status (overdue in red), and the
 * reports, newest first, each linking to `reportHref`. `reportAction` is where the awardee reports,
 * for those who may.
 */
export function ProgressSection({ progress, reportHref, reportAction }: { progress: ProgressView; reportHref: (reportId: string) => string; reportAction?: string }) {
  const { t } = useTranslation();
  const day = useDayText();
  return (
    <section aria-labelledby="progress-title" className="space-y-6">
      <h2 id="progress-title" className="text-2xl font-semibold">{t("progressReports.title")}</h2>
      <dl className="grid max-w-3xl gap-x-6 gap-y-1 sm:grid-cols-[minmax(0,14rem)_minmax(0,1fr)]">
        <dt className="font-medium">{t("progressReports.nextDue")}</dt>
        <dd><Code>{day(progress.nextReportDue)}</Code></dd>
        <dt className="font-medium">{t("progressReports.intervalLabel")}</dt>
        <dd>{t("progressReports.interval", { count: progress.reportingIntervalMonths })}</dd>
      </dl>
      {progress.missedDates.length ? (
        <p className="border-l-4 border-red-800 bg-red-50 p-3 font-medium"><Unbroken text={t("progressReports.missed", { dates: progress.missedDates.map(day).join(t("format.listSeparator")) })} /></p>
      ) : null}
      {reportAction ? <Link to={reportAction} className={MAIN_ACTION}>{t("progressReports.report")}</Link> : null}

      <h3 className="text-xl font-semibold">{t("progressReports.milestonesTitle")}</h3>
      <ul className="max-w-3xl divide-y divide-slate-300 border-y border-slate-300">
        {progress.milestones.map((m) => (
          <li key={m.kind} className="flex flex-wrap items-baseline justify-between gap-x-4 gap-y-1 py-2">
            <span className="min-w-0">
              <span className="font-medium">{t(`progressReports.milestone.${m.kind}`)}</span>
              <span className="block text-sm text-slate-700">
                {t("progressReports.dueBy")}{t("format.colon")}<Code>{day(m.dueBy)}</Code>{m.varied ? t("format.aside", { note: t("progressReports.varied") }) : null}
                {m.reachedOn ? <span className="block">{t("progressReports.reachedOn")}{t("format.colon")}<Code>{day(m.reachedOn)}</Code></span> : null}
              </span>
            </span>
            <MilestoneStatusTag status={m.status} />
          </li>
        ))}
      </ul>

      <h3 className="text-xl font-semibold">{t("progressReports.reportsTitle")}</h3>
      {progress.reports.length === 0 ? (
        <p>{t("progressReports.noReports")}</p>
      ) : (
        <ul className="max-w-3xl divide-y divide-slate-300 border-y border-slate-300">
          {progress.reports.map((r) => (
            <li key={r.id} className="flex flex-wrap items-baseline justify-between gap-x-4 gap-y-1 py-2">
              <span className="min-w-0">
                <Link to={reportHref(r.id)} className="font-medium text-park-700 underline"><Unbroken text={t("progressReports.view", { dueOn: day(r.dueOn) })} /></Link>
                <span className="block text-sm text-slate-700">
                  {[...r.milestones.map((kind) => t(`progressReports.milestone.${kind}`)), t("progressReports.documentsCount", { count: r.documents })].join(t("format.listSeparator"))}
                </span>
              </span>
              <strong className={`rounded px-2 py-0.5 text-sm ${r.state === "verified" ? "bg-park-50 text-park-800" : r.state === "queried" ? "bg-amber-100 text-amber-950" : "bg-slate-100 text-slate-900"}`}>{t(`progressReports.state.${r.state}`)}</strong>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
