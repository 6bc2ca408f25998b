import { useTranslation } from "react-i18next";
import { Code } from "~/platform/ui/code.tsx";
import { formatScore, type RankedProposal } from "../ranking.ts";
import { DataTable } from "~/platform/ui/data-table.tsx";
import { useLanguage } from "~/platform/ui/deadline.tsx";
import { decisionReasonText, type DecisionReasonRecord } from "../reasons.ts";

export type RankingTableRow = Pick<RankedProposal, "proposalId" | "plot" | "technicalScore" | "technicalMax" | "passMark" | "passed" | "financialScore" | "total" | "rank"> & {
  organisation: string;
  offeredPremiumHkd: string | null;
  decision: ({ outcome: string } & DecisionReasonRecord) | null;
};

/**
 * The ranking per plot: technical score against the pass mark, the financial share (passers only,
 * after the financial opening), the total and the rank, with the chair's decision. `link` makes
 * each figure lead down to its scores.
 */
export function RankingTable({ rows, financialOpen, link }: { rows: RankingTableRow[]; financialOpen: boolean; link?: (row: RankingTableRow) => string }) {
  const { t } = useTranslation();
  const language = useLanguage();
  return (
    <DataTable
      label={t("ranking.heading")}
      columns={[
        { label: t("plot.code") },
        { label: t("ranking.rank"), numeric: true },
        { label: t("receipts.organisation") },
        { label: t("ranking.technical"), numeric: true },
        { label: t("ranking.passMark") },
        { label: t("ranking.premium"), numeric: true },
        { label: t("ranking.financial"), numeric: true },
        { label: t("ranking.total"), numeric: true },
        { label: t("ranking.decision") },
      ]}
    >
      {rows.map((row) => (
        <tr key={row.proposalId} className="border-b border-slate-200">
          <td className="p-2"><Code mono>{row.plot}</Code></td>
          <td className="p-2 text-right">{row.rank ?? "—"}</td>
          <td className="p-2">{link ? <a href={link(row)} className="text-park-700 underline">{row.organisation}</a> : row.organisation}</td>
          <td className="whitespace-nowrap p-2 text-right tabular-nums">{formatScore(row.technicalScore)} / {formatScore(row.technicalMax)}</td>
          <td className="whitespace-nowrap p-2">{t(row.passed ? "ranking.passed" : "ranking.failed", { mark: formatScore(row.passMark) })}</td>
          <td className="p-2 text-right tabular-nums">{row.offeredPremiumHkd === null ? "—" : BigInt(row.offeredPremiumHkd).toLocaleString("en-HK")}</td>
          <td className="p-2 text-right tabular-nums">{row.financialScore === null ? (financialOpen && !row.passed ? t("ranking.sealed") : "—") : formatScore(row.financialScore)}</td>
          <td className="p-2 text-right tabular-nums">{row.total === null ? "—" : formatScore(row.total)}</td>
          {/* The outcome is sentences: a phone's narrowest cell would make it a column of words, each row a screen tall. */}
          <td className="p-2 max-sm:min-w-64!">{row.decision ? `${t(`outcome.${row.decision.outcome}`)}${t("format.colon")}${decisionReasonText(t, language, row.decision, row)}` : "—"}</td>
        </tr>
      ))}
    </DataTable>
  );
}
