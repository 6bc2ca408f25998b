import type { ReactNode } from "react";

export interface SummaryRow {
  key: ReactNode;
  value: ReactNode;
  /** A way to change this value: where, and the link's words (naming the value for screen readers). */
  change?: { href: string; label: ReactNode };
}

/** Facts about one thing (GOV.UK summary list): key → value, with a "change" link where it can change. */
export function SummaryList({ rows, className = "" }: { rows: SummaryRow[]; className?: string }) {
  return (
    <dl className={`max-w-4xl divide-y divide-slate-300 border-y border-slate-300 ${className}`}>
      {rows.map((row, i) => (
        <div key={i} className="grid gap-x-6 gap-y-1 py-2 sm:grid-cols-[minmax(0,14rem)_minmax(0,1fr)_auto]">
          <dt className="font-medium">{row.key}</dt>
          <dd className="min-w-0 whitespace-pre-wrap break-words">{row.value}</dd>
          {row.change ? (
            <dd className="print:hidden">
              <a href={row.change.href} className="text-park-700 underline">{row.change.label}</a>
            </dd>
          ) : null}
        </div>
      ))}
    </dl>
  );
}
