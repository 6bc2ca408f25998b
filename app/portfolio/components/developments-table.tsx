import { Link } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { Code, Unbroken } from "~/platform/ui/code.tsx";
import { DataTable } from "~/platform/ui/data-table.tsx";
import { useDayText } from "~/developments/components/progress-section.tsx";
import type { DevelopmentRow } from "../portfolio.ts";
import { usePortfolioUnits } from "./portfolio-view.tsx";

/**
 * Every development record with how it stands: floor area, investment and jobs promised against the
 * latest verified report, its milestones, and a flag where a milestone is overdue or the last
 * reporting date passed without a report. Each row leads to the record's own page.
 */
export function DevelopmentsTable({ developments }: { developments: DevelopmentRow[] }) {
  const { t } = useTranslation();
  const unit = usePortfolioUnits();
  const day = useDayText();
  const flagged = developments.filter((d) => d.overdueMilestones.length > 0 || d.lastReportMissing).length;
  return (
    <section aria-labelledby="developments-heading" className="space-y-3">
      <h2 id="developments-heading" className="text-2xl font-semibold">{t("portfolio.developments.heading")}</h2>
      <p>{developments.length === 0 ? t("portfolio.developments.none") : t("portfolio.developments.flagged", { count: flagged })}</p>
      {developments.length > 0 ? (
        <DataTable
          label={t("portfolio.developments.heading")}
          columns={[
            { label: t("portfolio.developments.plot") },
            { label: t("portfolio.developments.awardee") },
            { label: t("portfolio.developments.standing") },
            { label: t("portfolio.area.awarded"), numeric: true },
            { label: t("portfolio.area.completed"), numeric: true },
            { label: t("portfolio.developments.investment"), numeric: true },
            { label: t("portfolio.measure.researchPosts"), numeric: true },
            { label: t("portfolio.developments.milestones") },
            { label: t("portfolio.developments.verifiedTo") },
          ]}
        >
          {developments.map((d) => {
            const flags = [
              ...(d.overdueMilestones.length ? [t("portfolio.developments.milestoneOverdue", { milestones: d.overdueMilestones.map((m) => t(`portfolio.milestone.${m}`)).join(t("format.listSeparator")) })] : []),
              ...(d.lastReportMissing && d.lastReportDue ? [t("portfolio.developments.reportMissing", { date: day(d.lastReportDue) })] : []),
            ];
            return (
              <tr key={d.id} className="border-b border-slate-200 align-top">
                <td className="p-2 font-mono whitespace-nowrap"><Link to={`/admin/developments/${d.id}`} className="text-park-700 underline">{d.plot}</Link></td>
                <td className="p-2">{d.organisation}<br /><span className="text-slate-700">{t(`origin.${d.origin}`)}</span></td>
                <td className="p-2">
                  {flags.length ? (
                    <ul className="space-y-1">
                      {flags.map((flag) => <li key={flag}><strong className="rounded bg-red-100 px-1 text-red-900">{t("portfolio.developments.overdue")}</strong> <Unbroken text={flag} /></li>)}
                    </ul>
                  ) : t("portfolio.developments.onTrack")}
                </td>
                <td className="whitespace-nowrap p-2 text-right tabular-nums">{unit.area(d.gfaM2)}</td>
                <td className="whitespace-nowrap p-2 text-right tabular-nums">{unit.area(d.completedGfaM2)}</td>
                <td className="whitespace-nowrap p-2 text-right tabular-nums">{unit.hkd(d.investmentSpentHkd)}<br /><span className="text-slate-700">{t("portfolio.developments.ofPromised", { value: unit.hkd(d.investmentPromisedHkd) })}</span></td>
                <td className="whitespace-nowrap p-2 text-right tabular-nums">{unit.count(d.researchPostsFilled)}<br /><span className="text-slate-700">{t("portfolio.developments.ofPromised", { value: unit.count(d.researchPostsPromised ?? 0) })}</span></td>
                <td className="p-2">{t("portfolio.developments.milestoneCounts", { onTime: d.milestones.reached_on_time, late: d.milestones.reached_late, overdue: d.milestones.overdue, due: d.milestones.due })}</td>
                <td className="p-2">{d.verifiedTo ? <Code>{day(d.verifiedTo)}</Code> : t("portfolio.developments.noVerified")}</td>
              </tr>
            );
          })}
        </DataTable>
      ) : null}
    </section>
  );
}
