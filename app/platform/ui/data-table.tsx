import type { ReactNode } from "react";

export interface Column {
  label: ReactNode;
  /** Numbers line up on the right. */
  numeric?: boolean;
}

/** The portal's table: a header row of column labels (scoped for screen readers) and the rows given. */
export function DataTable({ columns, children, caption }: { columns: Column[]; children: ReactNode; caption?: ReactNode }) {
  return (
    <div className="overflow-x-auto">
      <table className="w-full border-collapse text-left text-sm">
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
