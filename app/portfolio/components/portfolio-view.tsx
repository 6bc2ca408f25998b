import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { Unbroken } from "~/platform/ui/code.tsx";
import { DataTable } from "~/platform/ui/data-table.tsx";
import { SitePlan } from "~/plots/components/site-plan.tsx";
import { useReleaseTitle } from "~/releases/components/release-summary.tsx";
import { PORTFOLIO_STATES, type Portfolio } from "../portfolio.ts";
import { BarChart, type BarRow } from "./bar-chart.tsx";

/** Numbers as the portal writes them: "1,200,000" in every language. */
export const whole = (value: number) => Math.round(value).toLocaleString("en");

/** The formatters of the portfolio's units, in the reader's language. */
export function usePortfolioUnits() {
  const { t } = useTranslation();
  return {
    area: (value: number) => t("plot.squareMetres", { value: whole(value) }),
    hkd: (value: number) => t("portfolio.hkd", { value: whole(value) }),
    percent: (value: number) => t("portfolio.percent", { value: String(Math.round(value * 10) / 10) }),
    count: (value: number) => whole(value),
  };
}

// A figure keeps its unit on its line ("323,120 平方米"); the table scrolls in its own box instead.
const Cell = ({ children, numeric }: { children: ReactNode; numeric?: boolean }) => <td className={`p-2 ${numeric ? "whitespace-nowrap text-right tabular-nums" : ""}`}>{children}</td>;

/** A figure and the table that says the same: side by side on wide screens, the picture first. */
function Figure({ id, heading, intro, chart, table }: { id: string; heading: string; intro?: string; chart: ReactNode; table: ReactNode }) {
  return (
    <section aria-labelledby={id} className="space-y-3">
      <h2 id={id} className="text-2xl font-semibold">{heading}</h2>
      {intro ? <p className="max-w-3xl"><Unbroken text={intro} /></p> : null}
      <div className="grid gap-6 lg:grid-cols-2 lg:items-start">
        <div className="min-w-0">{chart}</div>
        <div className="min-w-0">{table}</div>
      </div>
    </section>
  );
}

/**
 * The park's portfolio as pictures with their tables: the site plan by state, floor area against
 * its targets per phase, the sector and origin mix, investment and jobs promised against delivered,
 * milestones, and the pipeline. `linkTo` says where a plot of the plan leads.
 */
export function PortfolioView({ portfolio, linkTo }: { portfolio: Portfolio; linkTo?: (code: string) => string }) {
  const { t } = useTranslation();
  const { phaseName } = useReleaseTitle();
  const unit = usePortfolioUnits();
  const targetText = (text: string | null) => text ?? t("portfolio.noTarget");
  const areaRows: BarRow[] = [
    { label: t("portfolio.wholePark"), awarded: portfolio.park.awardedGfaM2, completed: portfolio.park.completedGfaM2, target: portfolio.park.targetGfaM2 },
    ...portfolio.phases.map((p) => ({ label: phaseName(p), awarded: p.awardedGfaM2, completed: p.completedGfaM2, target: p.targetGfaM2 })),
  ].map((r, i) => ({
    label: r.label,
    // Phases on their own scale: the park's target would make them too short to read.
    max: i === 0 ? undefined : Math.max(...portfolio.phases.map((p) => Math.max(p.awardedGfaM2, p.targetGfaM2 ?? 0))),
    bars: [
      { value: r.awarded, text: unit.area(r.awarded), kind: "primary" as const },
      { value: r.completed, text: unit.area(r.completed), kind: "secondary" as const },
    ],
    target: r.target === null ? null : { value: r.target, text: unit.area(r.target) },
  }));
  const delivery = portfolio.delivery;
  const deliveryRows = [
    { key: "investment", label: t("portfolio.measure.investment"), ...delivery.investmentHkd, format: unit.hkd },
    { key: "researchPosts", label: t("portfolio.measure.researchPosts"), ...delivery.researchPosts, format: unit.count },
    { key: "graduatePlaces", label: t("portfolio.measure.graduatePlaces"), ...delivery.graduatePlaces, target: null, format: unit.count },
  ];
  const milestoneStatuses = ["reached_on_time", "reached_late", "overdue", "due"] as const;
  const pipelineTotal = portfolio.park.pipelineGfaM2;
  return (
    <div className="space-y-12">
      <section aria-labelledby="plan-heading" className="space-y-3">
        <h2 id="plan-heading" className="text-2xl font-semibold">{t("portfolio.plots.heading")}</h2>
        <div className="grid gap-6 lg:grid-cols-2 lg:items-start">
          <div className="min-w-0">
            <SitePlan plan={portfolio.sitePlan} title={t("portfolio.plots.planTitle")} {...(linkTo ? { linkTo } : {})} />
          </div>
          <div className="min-w-0">
            <DataTable
              label={t("portfolio.plots.heading")}
              columns={[{ label: t("portfolio.state") }, ...portfolio.phases.map((p) => ({ label: phaseName(p), numeric: true })), { label: t("portfolio.wholePark"), numeric: true }]}
            >
              {PORTFOLIO_STATES.map((state) => (
                <tr key={state} className="border-b border-slate-200">
                  <Cell>{t(`plotState.${state}`)}</Cell>
                  {portfolio.phases.map((p) => <Cell key={p.code} numeric>{p.plots[state]}</Cell>)}
                  <Cell numeric>{portfolio.park.plots[state]}</Cell>
                </tr>
              ))}
            </DataTable>
          </div>
        </div>
      </section>

      <Figure
        id="area-heading"
        heading={t("portfolio.area.heading")}
        intro={t("portfolio.area.intro")}
        chart={<BarChart title={t("portfolio.area.heading")} rows={areaRows} legend={{ primary: t("portfolio.area.awarded"), secondary: t("portfolio.area.completed"), target: t("portfolio.target") }} />}
        table={
          <DataTable label={t("portfolio.area.heading")} columns={[{ label: t("portfolio.phase") }, { label: t("portfolio.area.awarded"), numeric: true }, { label: t("portfolio.area.completed"), numeric: true }, { label: t("portfolio.target"), numeric: true }]}>
            {areaRows.map((row) => (
              <tr key={row.label} className="border-b border-slate-200">
                <Cell>{row.label}</Cell>
                <Cell numeric>{row.bars[0]!.text}</Cell>
                <Cell numeric>{row.bars[1]!.text}</Cell>
                <Cell numeric>{targetText(row.target?.text ?? null)}</Cell>
              </tr>
            ))}
          </DataTable>
        }
      />

      <Figure
        id="sector-heading"
        heading={t("portfolio.sectors.heading")}
        intro={t("portfolio.sectors.intro")}
        chart={
          <BarChart
            title={t("portfolio.sectors.heading")}
            rows={portfolio.sectors.map((s) => ({ label: t(`sector.${s.sector}`), max: 100, bars: [{ value: s.percent, text: unit.percent(s.percent), kind: "primary" }], target: s.targetPercent === null ? null : { value: s.targetPercent, text: unit.percent(s.targetPercent) } }))}
            legend={{ primary: t("portfolio.sectors.share"), target: t("portfolio.target") }}
          />
        }
        table={
          <DataTable label={t("portfolio.sectors.heading")} columns={[{ label: t("portfolio.sector") }, { label: t("portfolio.area.awarded"), numeric: true }, { label: t("portfolio.sectors.share"), numeric: true }, { label: t("portfolio.target"), numeric: true }]}>
            {portfolio.sectors.map((s) => (
              <tr key={s.sector} className="border-b border-slate-200">
                <Cell>{t(`sector.${s.sector}`)}</Cell>
                <Cell numeric>{unit.area(s.gfaM2)}</Cell>
                <Cell numeric>{unit.percent(s.percent)}</Cell>
                <Cell numeric>{targetText(s.targetPercent === null ? null : unit.percent(s.targetPercent))}</Cell>
              </tr>
            ))}
          </DataTable>
        }
      />

      <Figure
        id="origin-heading"
        heading={t("portfolio.origins.heading")}
        intro={t("portfolio.origins.intro")}
        chart={
          <BarChart
            title={t("portfolio.origins.heading")}
            rows={portfolio.origins.map((o) => ({ label: t(`origin.${o.origin}`), max: 100, bars: [{ value: o.percent, text: unit.percent(o.percent), kind: "primary" }], target: o.targetPercent === null ? null : { value: o.targetPercent, text: unit.percent(o.targetPercent) } }))}
            legend={{ primary: t("portfolio.origins.share"), target: t("portfolio.target") }}
          />
        }
        table={
          <DataTable label={t("portfolio.origins.heading")} columns={[{ label: t("portfolio.origin") }, { label: t("portfolio.origins.awardees"), numeric: true }, { label: t("portfolio.origins.share"), numeric: true }, { label: t("portfolio.target"), numeric: true }]}>
            {portfolio.origins.map((o) => (
              <tr key={o.origin} className="border-b border-slate-200">
                <Cell>{t(`origin.${o.origin}`)}</Cell>
                <Cell numeric>{o.awardees}</Cell>
                <Cell numeric>{unit.percent(o.percent)}</Cell>
                <Cell numeric>{targetText(o.targetPercent === null ? null : unit.percent(o.targetPercent))}</Cell>
              </tr>
            ))}
          </DataTable>
        }
      />

      <Figure
        id="delivery-heading"
        heading={t("portfolio.delivery.heading")}
        intro={t("portfolio.delivery.intro")}
        chart={
          <BarChart
            title={t("portfolio.delivery.heading")}
            rows={deliveryRows.map((r) => ({
              label: r.label,
              max: Math.max(r.promised, r.target ?? 0),
              bars: [
                { value: r.promised, text: r.format(r.promised), kind: "primary" },
                { value: r.delivered, text: r.format(r.delivered), kind: "secondary" },
              ],
              target: r.target === null ? null : { value: r.target, text: r.format(r.target) },
            }))}
            legend={{ primary: t("portfolio.delivery.promised"), secondary: t("portfolio.delivery.delivered"), target: t("portfolio.target") }}
          />
        }
        table={
          <DataTable label={t("portfolio.delivery.heading")} columns={[{ label: t("portfolio.measure.heading") }, { label: t("portfolio.delivery.promised"), numeric: true }, { label: t("portfolio.delivery.delivered"), numeric: true }, { label: t("portfolio.target"), numeric: true }]}>
            {deliveryRows.map((r) => (
              <tr key={r.key} className="border-b border-slate-200">
                <Cell>{r.label}</Cell>
                <Cell numeric>{r.format(r.promised)}</Cell>
                <Cell numeric>{r.format(r.delivered)}</Cell>
                <Cell numeric>{targetText(r.target === null ? null : r.format(r.target))}</Cell>
              </tr>
            ))}
          </DataTable>
        }
      />

      <Figure
        id="occupancy-heading"
        heading={t("portfolio.occupancy.heading")}
        intro={t("portfolio.occupancy.intro", { completed: unit.area(portfolio.occupancy.completedM2), let: unit.area(portfolio.occupancy.letM2) })}
        chart={
          <BarChart
            title={t("portfolio.occupancy.heading")}
            rows={[{ label: t("portfolio.occupancy.let"), max: 100, bars: [{ value: portfolio.occupancy.percent ?? 0, text: portfolio.occupancy.percent === null ? t("portfolio.occupancy.none") : unit.percent(portfolio.occupancy.percent), kind: "primary" }], target: portfolio.occupancy.targetPercent === null ? null : { value: portfolio.occupancy.targetPercent, text: unit.percent(portfolio.occupancy.targetPercent) } }]}
            legend={{ primary: t("portfolio.occupancy.let"), target: t("portfolio.target") }}
          />
        }
        table={
          <DataTable label={t("portfolio.occupancy.heading")} columns={[{ label: t("portfolio.area.completed"), numeric: true }, { label: t("portfolio.occupancy.letArea"), numeric: true }, { label: t("portfolio.occupancy.let"), numeric: true }, { label: t("portfolio.target"), numeric: true }]}>
            <tr className="border-b border-slate-200">
              <Cell numeric>{unit.area(portfolio.occupancy.completedM2)}</Cell>
              <Cell numeric>{unit.area(portfolio.occupancy.letM2)}</Cell>
              <Cell numeric>{portfolio.occupancy.percent === null ? t("portfolio.occupancy.none") : unit.percent(portfolio.occupancy.percent)}</Cell>
              <Cell numeric>{targetText(portfolio.occupancy.targetPercent === null ? null : unit.percent(portfolio.occupancy.targetPercent))}</Cell>
            </tr>
          </DataTable>
        }
      />

      <Figure
        id="milestones-heading"
        heading={t("portfolio.milestones.heading")}
        intro={t("portfolio.milestones.intro")}
        chart={
          <BarChart
            title={t("portfolio.milestones.heading")}
            rows={milestoneStatuses.map((status) => ({ label: t(`portfolio.milestones.${status}`), bars: [{ value: portfolio.milestones[status], text: unit.count(portfolio.milestones[status]), kind: "primary" }] }))}
            legend={{ primary: t("portfolio.milestones.count") }}
          />
        }
        table={
          <DataTable label={t("portfolio.milestones.heading")} columns={[{ label: t("portfolio.milestones.status") }, { label: t("portfolio.milestones.count"), numeric: true }]}>
            {milestoneStatuses.map((status) => (
              <tr key={status} className="border-b border-slate-200">
                <Cell>{t(`portfolio.milestones.${status}`)}</Cell>
                <Cell numeric>{portfolio.milestones[status]}</Cell>
              </tr>
            ))}
          </DataTable>
        }
      />

      <Figure
        id="pipeline-heading"
        heading={t("portfolio.pipeline.heading")}
        intro={t("portfolio.pipeline.intro", { count: portfolio.park.plots.inventory, area: unit.area(pipelineTotal) })}
        chart={
          <BarChart
            title={t("portfolio.pipeline.heading")}
            rows={portfolio.phases.map((p) => {
              const area = p.pipeline.reduce((sum, plot) => sum + plot.maxGfaM2, 0);
              return { label: phaseName(p), max: pipelineTotal, bars: [{ value: area, text: unit.area(area), kind: "primary" as const }] };
            })}
            legend={{ primary: t("portfolio.pipeline.maxArea") }}
          />
        }
        table={
          <DataTable label={t("portfolio.pipeline.heading")} columns={[{ label: t("portfolio.phase") }, { label: t("portfolio.pipeline.plots") }, { label: t("portfolio.pipeline.maxArea"), numeric: true }]}>
            {portfolio.phases.map((p) => (
              <tr key={p.code} className="border-b border-slate-200">
                <Cell>{phaseName(p)}</Cell>
                <Cell>
                  {p.pipeline.length === 0 ? t("portfolio.pipeline.none") : (
                    <span className="flex flex-wrap gap-x-2">
                      {p.pipeline.map((plot) => <span key={plot.code} className="whitespace-nowrap font-mono">{plot.code}</span>)}
                    </span>
                  )}
                </Cell>
                <Cell numeric>{unit.area(p.pipeline.reduce((sum, plot) => sum + plot.maxGfaM2, 0))}</Cell>
              </tr>
            ))}
          </DataTable>
        }
      />
    </div>
  );
}
