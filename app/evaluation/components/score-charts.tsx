import { useTranslation } from "react-i18next";

export interface CriterionDistribution {
  name: string;
  maxScore: number;
  /** Every submitted score of the criterion, across proposals. */
  scores: number[];
}

/**
 * One row of dots per criterion: every submitted score on the criterion's scale, stacked where they
 * coincide, with the mean marked. Drawn on the server; the table beside it carries the same data.
 */
export function ScoreDistribution({ criteria, title }: { criteria: CriterionDistribution[]; title: string }) {
  const { t } = useTranslation();
  const rowHeight = 56;
  const left = 220;
  const width = 760;
  const plotWidth = width - left - 20;
  const height = criteria.length * rowHeight + 40;
  return (
    <figure className="space-y-2">
      <svg viewBox={`0 0 ${width} ${height}`} role="img" aria-label={title} className="w-full max-w-3xl">
        {criteria.map((criterion, row) => {
          const y = 20 + row * rowHeight + rowHeight / 2;
          const x = (score: number) => left + (score / criterion.maxScore) * plotWidth;
          const counts = new Map<number, number>();
          const mean = criterion.scores.length ? criterion.scores.reduce((a, b) => a + b, 0) / criterion.scores.length : null;
          return (
            <g key={criterion.name}>
              <text x={left - 10} y={y + 4} textAnchor="end" fontSize="13" fill="#0f172a">{criterion.name}</text>
              <line x1={left} x2={left + plotWidth} y1={y} y2={y} stroke="#64748b" />
              {Array.from({ length: criterion.maxScore + 1 }, (_, s) => (
                <text key={s} x={x(s)} y={y + 22} textAnchor="middle" fontSize="10" fill="#334155">{s}</text>
              ))}
              {criterion.scores.map((score, i) => {
                const stack = counts.get(score) ?? 0;
                counts.set(score, stack + 1);
                return <circle key={i} cx={x(score)} cy={y - 6 - stack * 7} r={3.5} fill="#0b5d4b" />;
              })}
              {mean !== null ? <line x1={x(mean)} x2={x(mean)} y1={y - 22} y2={y + 8} stroke="#b91c1c" strokeWidth={2} /> : null}
            </g>
          );
        })}
      </svg>
      <figcaption className="text-sm text-slate-700">{t("charts.distributionCaption")}</figcaption>
    </figure>
  );
}

export interface EvaluatorSpread {
  evaluator: string;
  /** Their scores as a share of each criterion's maximum (0 to 1). */
  shares: number[];
}

/** Each evaluator's range of marks (as a share of the maximum) with their mean: who marks high, low or wide. */
export function EvaluatorSpreadChart({ evaluators, title }: { evaluators: EvaluatorSpread[]; title: string }) {
  const { t } = useTranslation();
  const left = 200;
  const width = 760;
  const plotWidth = width - left - 20;
  const rowHeight = 32;
  const height = evaluators.length * rowHeight + 40;
  const x = (share: number) => left + share * plotWidth;
  return (
    <figure className="space-y-2">
      <svg viewBox={`0 0 ${width} ${height}`} role="img" aria-label={title} className="w-full max-w-3xl">
        {[0, 0.25, 0.5, 0.75, 1].map((share) => (
          <g key={share}>
            <line x1={x(share)} x2={x(share)} y1={10} y2={height - 20} stroke="#cbd5e1" />
            <text x={x(share)} y={height - 6} textAnchor="middle" fontSize="10" fill="#334155">{Math.round(share * 100)}%</text>
          </g>
        ))}
        {evaluators.map((e, row) => {
          const y = 24 + row * rowHeight;
          if (!e.shares.length) return null;
          const min = Math.min(...e.shares);
          const max = Math.max(...e.shares);
          const mean = e.shares.reduce((a, b) => a + b, 0) / e.shares.length;
          return (
            <g key={e.evaluator}>
              <text x={left - 10} y={y + 4} textAnchor="end" fontSize="13" fill="#0f172a">{e.evaluator}</text>
              <line x1={x(min)} x2={x(max)} y1={y} y2={y} stroke="#0b5d4b" strokeWidth={6} strokeLinecap="round" />
              <circle cx={x(mean)} cy={y} r={6} fill="#b91c1c" />
            </g>
          );
        })}
      </svg>
      <figcaption className="text-sm text-slate-700">{t("charts.spreadCaption")}</figcaption>
    </figure>
  );
}
