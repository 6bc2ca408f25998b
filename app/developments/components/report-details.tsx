import { formatNumber } from "~/platform/i18n/i18n.ts";
import { useTranslation } from "react-i18next";
import { SummaryList } from "~/platform/ui/summary-list.tsx";
import { useParkTimeText } from "~/results/components/public-results.tsx";
import { useDayText } from "./progress-section.tsx";

/** A progress report as reportForReader gives it (dates as strings, as a loader sends them). */
export interface ReportView {
  id: string;
  dueOn: string;
  submittedAt: string | Date;
  submittedBy: string | null;
  investmentSpentHkd: string;
  researchPostsFilled: number;
  graduatePlacesFilled: number;
  gfaCompletedM2: number;
  gfaLetM2: number;
  narrative: string;
  state: string;
  reviewedAt: string | Date | null;
  reviewNote: string | null;
  milestones: { kind: string; reachedOn: string }[];
  documents: { id: string; fileName: string }[];
}

/** What a report says, its review, and its documents (each a link made by `documentHref`). */
export function ReportDetails({ report, documentHref }: { report: ReportView; documentHref: (documentId: string) => string }) {
  const { t, i18n } = useTranslation();
  const day = useDayText();
  const when = useParkTimeText();
  const number = (value: number | string) => formatNumber(BigInt(value), i18n.language);
  return (
    <SummaryList
      rows={[
        { key: t("progressReports.stateLabel"), value: t(`progressReports.state.${report.state}`) },
        ...(report.reviewNote ? [{ key: t("progressReports.reviewNote"), value: report.reviewNote }] : []),
        ...(report.reviewedAt ? [{ key: t("progressReports.reviewedAt"), value: when(report.reviewedAt) }] : []),
        { key: t("progressReports.submittedAt"), value: when(report.submittedAt) },
        { key: t("progressReports.submittedBy"), value: report.submittedBy ?? "" },
        {
          key: t("progressReports.milestonesClaimed"),
          value: report.milestones.length ? report.milestones.map((m) => `${t(`progressReports.milestone.${m.kind}`)}${t("format.colon")}${day(m.reachedOn)}`).join("\n") : t("progressReports.form.none"),
        },
        { key: t("progressReports.investment"), value: t("progressReports.hkd", { value: number(report.investmentSpentHkd) }) },
        { key: t("progressReports.researchPosts"), value: number(report.researchPostsFilled) },
        { key: t("progressReports.graduatePlaces"), value: number(report.graduatePlacesFilled) },
        { key: t("progressReports.gfaCompleted"), value: t("progressReports.squareMetres", { value: number(report.gfaCompletedM2) }) },
        { key: t("progressReports.gfaLet"), value: t("progressReports.squareMetres", { value: number(report.gfaLetM2) }) },
        { key: t("progressReports.narrative"), value: report.narrative || t("progressReports.form.none") },
        {
          key: t("progressReports.documents"),
          value: report.documents.length ? (
            <ul className="space-y-1">
              {report.documents.map((d) => (
                <li key={d.id}><a href={documentHref(d.id)} className="break-all text-park-700 underline">{d.fileName}</a></li>
              ))}
            </ul>
          ) : (
            t("progressReports.form.none")
          ),
        },
      ]}
    />
  );
}
