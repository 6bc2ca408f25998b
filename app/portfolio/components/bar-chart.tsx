import { useId } from "react";
import { placeValueLabel, textWidth } from "./bar-label.ts";

export interface Bar {
  value: number;
  /** The value as read (formatted, with its unit), drawn beside the bar. */
  text: string;
  kind: "primary" | "secondary";
}

export interface BarRow {
  label: string;
  bars: Bar[];
  target?: { value: number; text: string } | null;
  /** The row's own scale (rows of different units); otherwise the chart's. */
  max?: number;
}

const FILL = { primary: "#0b5d4b", secondary: "#7fb8e6" } as const;
// About a phone's width, so that its text reads at its own size there; wider screens cap it.
const WIDTH = 340;
const BAR = 16;
const VALUE_FONT = 13;

/**
 * Horizontal bars drawn on the server: per row, a label above its bars (solid for the first measure,
 * light and outlined for the second) with each value written beside its bar (or on it, never
 * where the target's line would cross it: bar-label.ts), and the target as a dashed red line across
 * the row, so that no value is told by colour or length alone. The table
 * beside the chart carries the same figures. The legend names the target only where one is drawn.
 */
export function BarChart({ title, rows, legend }: { title: string; rows: BarRow[]; legend: { primary: string; secondary?: string; target?: string } }) {
  const titleId = useId();
  const rowHeight = (row: BarRow) => 26 + row.bars.length * (BAR + 6) + 6;
  const tops = rows.reduce<number[]>((acc, row, i) => [...acc, i === 0 ? 0 : acc[i - 1]! + rowHeight(rows[i - 1]!)], []);
  const height = rows.length ? tops.at(-1)! + rowHeight(rows.at(-1)!) : 0;
  const chartMax = Math.max(1, ...rows.flatMap((r) => [...r.bars.map((b) => b.value), r.target?.value ?? 0]));
  return (
    <figure className="space-y-2">
      <svg viewBox={`0 0 ${WIDTH} ${height}`} role="img" aria-labelledby={titleId} className="h-auto w-full max-w-md">
        <title id={titleId}>{title}</title>
        {rows.map((row, i) => {
          const max = Math.max(1, row.max ?? chartMax, ...row.bars.map((b) => b.value), row.target?.value ?? 0);
          const x = (value: number) => (value / max) * (WIDTH - 4);
          const top = tops[i]!;
          return (
            <g key={row.label}>
              <text x={0} y={top + 17} fontSize={15} fill="#0f172a">{row.label}</text>
              {row.bars.map((bar, b) => {
                const y = top + 26 + b * (BAR + 6);
                const end = x(bar.value);
                // A value's text goes where the target's line does not cross it (bar-label.ts).
                const label = placeValueLabel({ end, target: row.target ? x(row.target.value) : null, labelWidth: textWidth(bar.text, VALUE_FONT), width: WIDTH });
                const halo = label.straddles ? { stroke: "#ffffff", strokeWidth: 3, paintOrder: "stroke" } : {};
                return (
                  <g key={b}>
                    <rect x={0} y={y} width={WIDTH} height={BAR} fill="#f1f5f9" />
                    <rect x={0} y={y} width={Math.max(end, 1)} height={BAR} fill={FILL[bar.kind]} stroke={bar.kind === "secondary" ? "#1e3a5f" : undefined} />
                    <text x={label.x} y={y + 13} fontSize={VALUE_FONT} textAnchor={label.anchor} fill={label.onBar && bar.kind === "primary" ? "#ffffff" : "#0f172a"} {...halo}>
                      {bar.text}
                    </text>
                  </g>
                );
              })}
              {row.target ? (
                <line x1={x(row.target.value)} x2={x(row.target.value)} y1={top + 22} y2={top + rowHeight(row) - 2} stroke="#b91c1c" strokeWidth={3} strokeDasharray="5 3" />
              ) : null}
            </g>
          );
        })}
      </svg>
      <figcaption className="flex flex-wrap gap-4 text-sm">
        <span className="flex items-center gap-1">
          <svg aria-hidden="true" width="16" height="16"><rect width="16" height="16" fill={FILL.primary} /></svg>
          {legend.primary}
        </span>
        {legend.secondary ? (
          <span className="flex items-center gap-1">
            <svg aria-hidden="true" width="16" height="16"><rect x="0.5" y="0.5" width="15" height="15" fill={FILL.secondary} stroke="#1e3a5f" /></svg>
            {legend.secondary}
          </span>
        ) : null}
        {legend.target && rows.some((row) => row.target) ? (
          <span className="flex items-center gap-1">
            <svg aria-hidden="true" width="16" height="16"><line x1="8" x2="8" y1="0" y2="16" stroke="#b91c1c" strokeWidth="3" strokeDasharray="5 3" /></svg>
            {legend.target}
          </span>
        ) : null}
      </figcaption>
    </figure>
  );
}
