import type { ReactNode } from "react";
import { SummaryList, type SummaryRow } from "./summary-list.tsx";

/**
 * One of several things of a kind (GOV.UK summary card): a title bar with the thing's action beside
 * its name, then its facts as a summary list. It is what a table's row becomes on a phone: every
 * fact under its own label and the action in sight, where a row would hide them past the screen's
 * edge. `headingLevel` fits the card into the page's outline.
 */
export function SummaryCard({ title, action, rows, headingLevel = 3 }: { title: ReactNode; action?: ReactNode; rows: SummaryRow[]; headingLevel?: 2 | 3 | 4 }) {
  const Heading = `h${headingLevel}` as const;
  return (
    <div className="rounded border border-slate-300">
      <div className="flex flex-wrap items-baseline justify-between gap-x-4 gap-y-1 border-b border-slate-300 bg-slate-100 px-3 py-2">
        <Heading className="font-semibold">{title}</Heading>
        {action ? <div className="print:hidden">{action}</div> : null}
      </div>
      <SummaryList rows={rows} className="border-y-0 px-3" />
    </div>
  );
}
