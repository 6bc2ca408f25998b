import { useTranslation } from "react-i18next";
import type { VariationSubject } from "~/platform/database/generated/prisma/enums.ts";
import { pick, isLanguage, defaultLanguage } from "~/platform/i18n/i18n.ts";
import { Code } from "~/platform/ui/code.tsx";
import { DataTable } from "~/platform/ui/data-table.tsx";
import { ParkTime } from "~/platform/ui/deadline.tsx";
import type { DevelopmentRecord } from "../developments.server.ts";
import { usePromiseText } from "./promise-text.tsx";

/**
 * Every variation of a record, oldest first: what it changes, from and to, why (in the reader's
 * language), who asked and when, and its decision. With `decideHref`, requested ones link to their
 * decision page. Dates and figures are never cut over two lines.
 */
export function VariationsTable({ variations, decideHref }: { variations: DevelopmentRecord["variations"]; decideHref?: (variationId: string) => string }) {
  const { t, i18n } = useTranslation();
  const language = isLanguage(i18n.language) ? i18n.language : defaultLanguage;
  const text = usePromiseText();
  // A date, an amount or a count stays on one line in its cell (the table scrolls in its own box
  // instead, so the page still fits a phone); a list of sectors wraps.
  const value = (subject: VariationSubject, v: unknown) => (subject === "sectors" ? text.value(subject, v) : <Code>{text.value(subject, v)}</Code>);
  if (variations.length === 0) return <p>{t("variations.none")}</p>;
  return (
    <DataTable
      label={t("variations.heading")}
      columns={[
        { label: t("variations.columns.promise") },
        { label: t("variations.columns.from") },
        { label: t("variations.columns.to") },
        { label: t("variations.columns.reason") },
        { label: t("variations.columns.requested") },
        { label: t("variations.columns.decision") },
      ]}
    >
      {variations.map((v) => (
        <tr key={v.id} className="border-b border-slate-300 align-top" data-variation={v.id}>
          <th scope="row" className="p-2 text-left font-medium">{text.subject(v.subject, v.milestoneKind)}</th>
          <td className="p-2">{value(v.subject, v.fromValue)}</td>
          <td className="p-2">{value(v.subject, v.toValue)}</td>
          <td className="p-2 whitespace-pre-wrap">{pick(language, { en: v.reasonEn, zhHant: v.reasonZhHant })}</td>
          <td className="p-2">
            <span className="block">{v.requestedBy}</span>
            <span className="block text-xs"><Code><ParkTime date={new Date(v.requestedAt)} /></Code></span>
          </td>
          <td className="p-2">
            <span className={`block font-semibold ${v.state === "refused" ? "text-red-800" : v.state === "approved" ? "text-park-800" : ""}`}>{t(`variations.state.${v.state}`)}</span>
            {v.decidedAt ? (
              <span className="block text-xs">
                {v.decidedBy} · <Code><ParkTime date={new Date(v.decidedAt)} /></Code>
              </span>
            ) : null}
            {v.decisionNote ? <span className="block whitespace-pre-wrap text-sm">{v.decisionNote}</span> : null}
            {v.state === "requested" && decideHref ? (
              <a href={decideHref(v.id)} className="text-park-700 underline">
                {t("variations.decideLink")}<span className="sr-only">{` ${text.subject(v.subject, v.milestoneKind)}`}</span>
              </a>
            ) : null}
          </td>
        </tr>
      ))}
    </DataTable>
  );
}
