import { useTranslation } from "react-i18next";

/** The downloads of an opened release's evaluation: opening record, score matrix, PDF report. */
export function EvaluationRecordLinks({ code }: { code: string }) {
  const { t } = useTranslation();
  return (
    <p className="flex flex-wrap gap-4">
      <a href={`/evaluation/${code}/opening-record.csv`} className="text-park-700 underline">{t("panel.openingRecord")}</a>
      <a href={`/evaluation/${code}/report.csv`} className="text-park-700 underline">{t("panel.reportCsv")}</a>
      <a href={`/evaluation/${code}/report.pdf`} className="text-park-700 underline">{t("panel.reportPdf")}</a>
    </p>
  );
}
