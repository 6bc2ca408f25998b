import { useTranslation } from "react-i18next";
import { CHART_FONT, distributionRow, SPREAD_ROW_HEIGHT, SPREAD_TICKS, spreadRow } from "../score-chart-layout.ts";

export interface CriterionDistribution {
  name: string;
  maxScore: number;
  /** Every submitted score of the criterion, across proposals. */
  scores: number[];
}

const share = (fraction: number) => `${fraction * 100}%`;

/**
 * Per criterion, its name (HTML, so that it wraps in any language) above a histogram of every
 * submitted score on the criterion's scale, counts written, with the mean marked. Rows are drawn on
 * the server at the page's pixel size, positions as shares of the width (score-chart-layout.ts), so
 * the text keeps its size on a phone. The whole is one picture for screen readers: the matrices
 * below carry the same data.
 */
export function ScoreDistribution({ criteria, title }: { criteria: CriterionDistribution[]; title: string }) {
  const { t } = useTranslation();
  return (
    <figure className="max-w-3xl space-y-2">
      <div role="img" aria-label={title} className="space-y-3">
        {criteria.map((criterion) => {
          const row = distributionRow(criterion.scores, criterion.maxScore);
          return (
            <div key={criterion.name}>
              <p className="text-sm font-medium">{criterion.name}</p>
              <svg width="100%" height={row.height} className="block" fontSize={CHART_FONT}>
                <line x1="0" x2="100%" y1={row.axis} y2={row.axis} stroke="#64748b" />
                {row.columns.map((column) =>
                  column.count ? <rect key={column.from} x={share(column.centre - column.width / 2)} width={share(column.width)} y={column.barTop} height={row.axis - column.barTop} fill="#0b5d4b" /> : null,
                )}
                {/* The mean under the counts: a count beside it keeps its halo over the line. */}
                {row.mean !== null ? <line x1={share(row.mean)} x2={share(row.mean)} y1={0} y2={row.axis + 4} stroke="#b91c1c" strokeWidth={2} /> : null}
                {row.columns.map((column) => (
                  <g key={column.from}>
                    {column.count ? (
                      <text x={share(column.centre)} y={column.countBaseline} textAnchor="middle" fill="#0f172a" stroke="#ffffff" strokeWidth={4} paintOrder="stroke">{column.count}</text>
                    ) : null}
                    <text x={share(column.centre)} y={row.labelBaseline} textAnchor="middle" fill="#334155">{column.from}</text>
                  </g>
                ))}
              </svg>
            </div>
          );
        })}
      </div>
      <figcaption className="text-sm text-slate-700">{t("charts.distributionCaption")}</figcaption>
    </figure>
  );
}

export interface EvaluatorSpread {
  evaluator: string;
  /** Their scores as a share of each criterion's maximum (0 to 1). */
  shares: number[];
}

/**
 * Each evaluator's range of marks (as a share of the maximum) with their mean: who marks high, low or
 * wide. Names above their rows in HTML; rows and the shared axis at the page's pixel size, inset so
 * that the bars' round ends and the axis's end labels stay inside the box.
 */
export function EvaluatorSpreadChart({ evaluators, title }: { evaluators: EvaluatorSpread[]; title: string }) {
  const { t } = useTranslation();
  const grid = SPREAD_TICKS.map((tick) => <line key={tick} x1={share(tick)} x2={share(tick)} y1={0} y2="100%" stroke="#cbd5e1" />);
  return (
    <figure className="max-w-3xl space-y-2">
      <div role="img" aria-label={title} className="space-y-1 px-5">
        {evaluators.map((e) => {
          const row = spreadRow(e.shares);
          if (!row) return null;
          const y = SPREAD_ROW_HEIGHT / 2;
          return (
            <div key={e.evaluator}>
              <p className="text-sm">{e.evaluator}</p>
              <svg width="100%" height={SPREAD_ROW_HEIGHT} className="block overflow-visible">
                {grid}
                <line x1={share(row.min)} x2={share(row.max)} y1={y} y2={y} stroke="#0b5d4b" strokeWidth={6} strokeLinecap="round" />
                <circle cx={share(row.mean)} cy={y} r={6} fill="#b91c1c" />
              </svg>
            </div>
          );
        })}
        <svg width="100%" height={CHART_FONT + 8} className="block overflow-visible" fontSize={CHART_FONT}>
          {SPREAD_TICKS.map((tick) => (
            <text key={tick} x={share(tick)} y={CHART_FONT + 2} textAnchor="middle" fill="#334155">{Math.round(tick * 100)}%</text>
          ))}
        </svg>
      </div>
      <figcaption className="text-sm text-slate-700">{t("charts.spreadCaption")}</figcaption>
    </figure>
  );
}
