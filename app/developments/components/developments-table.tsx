import { useTranslation } from "react-i18next";
import { Code } from "~/platform/ui/code.tsx";
import { DataTable } from "~/platform/ui/data-table.tsx";
import { useReleaseTitle } from "~/releases/components/release-summary.tsx";
import type { allDevelopments } from "../developments.server.ts";
import { useCalendarDayText } from "./promise-text.tsx";

type Row = Awaited<ReturnType<typeof allDevelopments>>[number];

/** Development records, one a row: plot, release, floor area promised now, the next milestone, overdue ones and variations. `withOrganisation` for staff. */
export function DevelopmentsTable({ developments, href, withOrganisation = false }: { developments: Row[]; href: (id: string) => string; withOrganisation?: boolean }) {
  const { t } = useTranslation();
  const { title } = useReleaseTitle();
  const day = useCalendarDayText();
  return (
    <DataTable
      label={t("developments.title")}
      columns={[
        { label: t("plot.code") },
        ...(withOrganisation ? [{ label: t("developments.columns.organisation") }] : []),
        { label: t("developments.columns.release") },
        { label: t("developments.columns.gfa"), numeric: true },
        { label: t("developments.columns.nextMilestone") },
        { label: t("developments.columns.overdue"), numeric: true },
        { label: t("developments.columns.variations") },
      ]}
    >
      {developments.map((d) => (
        <tr key={d.id} className="border-b border-slate-300 align-top" data-development={d.plot}>
          <th scope="row" className="p-2 text-left">
            <a href={href(d.id)} className="text-park-700 underline"><Code mono>{d.plot}</Code></a>
          </th>
          {withOrganisation ? <td className="p-2">{d.organisation}</td> : null}
          <td className="p-2"><Code mono>{d.release.code}</Code> <span className="block text-xs">{title(d.release)}</span></td>
          <td className="p-2 text-right"><Code>{t("plot.squareMetres", { value: d.gfaM2 })}</Code></td>
          <td className="p-2">{d.nextMilestone ? <>{t(`developments.milestone.${d.nextMilestone.kind}`)} · <Code>{day(d.nextMilestone.dueBy)}</Code></> : t("developments.allReached")}</td>
          <td className={`p-2 text-right ${d.overdue ? "font-semibold text-red-800" : ""}`}>{d.overdue}</td>
          <td className="p-2">{t("developments.variationCounts", { requested: d.variationsRequested, approved: d.variationsApproved })}</td>
        </tr>
      ))}
    </DataTable>
  );
}
