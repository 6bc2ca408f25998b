import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";

export interface Column {
  label: ReactNode;
  /** Numbers line up on the right. */
  numeric?: boolean;
}

/**
 * The portal's table: a header row of column labels (scoped for screen readers) and the rows given.
 * A table wider than the screen scrolls inside its own box, never the page; below 640 px its first
 * column (what a row is about) stays in view while the rest scrolls, and no cell is narrower than a
 * few characters, so that a Chinese label is not cut into one character a line. Codes (plots,
 * releases, receipts) sit in monospaced cells, which never break: "1W-07", not "1W-/07". The box takes the
 * keyboard focus, so that it scrolls without a mouse too. It is positioned, so that what a cell
 * positions absolutely (a label only for screen readers) stays inside it rather than widening the page.
 */
export function DataTable({ columns, children, caption }: { columns: Column[]; children: ReactNode; caption?: ReactNode }) {
  const { t } = useTranslation();
  return (
    <div role="region" aria-label={t("site.tableBox")} tabIndex={0} className="relative max-w-full overflow-x-auto">
      <table
        className={[
          "w-full border-collapse text-left text-sm [&_td.font-mono]:whitespace-nowrap",
          "max-sm:[&_:is(td,th)]:min-w-[5.5rem]",
          "max-sm:[&_tr>:first-child]:sticky max-sm:[&_tr>:first-child]:left-0 max-sm:[&_tr>:first-child]:z-10",
          "max-sm:[&_tr>:first-child]:bg-white max-sm:[&_tr>:first-child]:shadow-[1px_0_0_#94a3b8]",
        ].join(" ")}
      >
        {caption ? <caption className="text-left font-medium">{caption}</caption> : null}
        <thead>
          <tr className="border-b-2 border-slate-400">
            {columns.map((column, i) => (
              <th key={i} scope="col" className={`p-2 ${column.numeric ? "text-right" : ""}`}>
                {column.label}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>{children}</tbody>
      </table>
    </div>
  );
}
