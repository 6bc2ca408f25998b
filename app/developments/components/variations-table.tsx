import { useTranslation } from "react-i18next";
import type { VariationSubject } from "~/platform/database/generated/prisma/enums.ts";
import { pick, isLanguage, defaultLanguage } from "~/platform/i18n/i18n.ts";
import { Code } from "~/platform/ui/code.tsx";
import { DataTable } from "~/platform/ui/data-table.tsx";
import { ParkTime } from "~/platform/ui/deadline.tsx";
import { SummaryCard } from "~/platform/ui/summary-card.tsx";
import type { DevelopmentRecord } from "../developments.server.ts";
import { usePromiseText } from "./promise-text.tsx";

/**
 * Every variation of a record, oldest first: what it changes, from and to, why (in the reader's
 * language), who asked and when, and its decision. With `decideHref`, requested ones link to their
 * decision page. On a phone each variation is a summary card with that link beside its title (a table
 * row would leave the link and the decision past the screen's edge and the reason a few characters
 * wide); from `sm:` up, a table. Dates and figures are never cut over two lines.
 */
export function VariationsTable({ variations, decideHref }: { variations: DevelopmentRecord["variations"]; decideHref?: (variationId: string) => string }) {
  const { t, i18n } = useTranslation();
  const language = isLanguage(i18n.language) ? i18n.language : defaultLanguage;
  const text = usePromiseText();
  // A date, an amount or a count stays on one line; a list of sectors wraps.
  const value = (subject: VariationSubject, v: unknown) => (subject === "sectors" ? text.value(subject, v) : <Code>{text.value(subject, v)}</Code>);
  if (variations.length === 0) return <p>{t("variations.none")}</p>;
  const shown = variations.map((v) => {
    const subject = text.subject(v.subject, v.milestoneKind);
    return {
      id: v.id,
      subject,
      from: value(v.subject, v.fromValue),
      to: value(v.subject, v.toValue),
      reason: pick(language, { en: v.reasonEn, zhHant: v.reasonZhHant }),
      requested: (
        <>
          <span className="block">{v.requestedBy}</span>
          <span className="block text-xs"><Code><ParkTime date={new Date(v.requestedAt)} /></Code></span>
        </>
      ),
      decision: (
        <>
          <span className={`block font-semibold ${v.state === "refused" ? "text-red-800" : v.state === "approved" ? "text-park-800" : ""}`}>{t(`variations.state.${v.state}`)}</span>
          {v.decidedAt ? (
            <span className="block text-xs">
              {v.decidedBy} · <Code><ParkTime date={new Date(v.decidedAt)} /></Code>
            </span>
          ) : null}
          {v.decisionNoteEn ? (
            // A note written before notes were asked for in both languages has its English only.
            <span className="block whitespace-pre-wrap text-sm">{v.decisionNoteZhHant ? pick(language, { en: v.decisionNoteEn, zhHant: v.decisionNoteZhHant }) : v.decisionNoteEn}</span>
          ) : null}
        </>
      ),
      decide:
        v.state === "requested" && decideHref ? (
          <a href={decideHref(v.id)} className="text-park-700 underline">
            {t("variations.decideLink")}<span className="sr-only">{` ${subject}`}</span>
          </a>
        ) : null,
    };
  });
  return (
    <>
      <ul className="space-y-4 sm:hidden">
        {shown.map((v) => (
          <li key={v.id} data-variation={v.id}>
            <SummaryCard
              title={v.subject}
              action={v.decide}
              rows={[
                { key: t("variations.columns.from"), value: v.from },
                { key: t("variations.columns.to"), value: v.to },
                { key: t("variations.columns.reason"), value: v.reason },
                { key: t("variations.columns.requested"), value: v.requested },
                { key: t("variations.columns.decision"), value: v.decision },
              ]}
            />
          </li>
        ))}
      </ul>
      <div className="max-sm:hidden">
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
          {shown.map((v) => (
            <tr key={v.id} className="border-b border-slate-300 align-top" data-variation={v.id}>
              <th scope="row" className="p-2 text-left font-medium">{v.subject}</th>
              <td className="p-2">{v.from}</td>
              <td className="p-2">{v.to}</td>
              <td className="min-w-48 p-2 whitespace-pre-wrap">{v.reason}</td>
              <td className="p-2">{v.requested}</td>
              <td className="p-2">
                {v.decision}
                {v.decide}
              </td>
            </tr>
          ))}
        </DataTable>
      </div>
    </>
  );
}
