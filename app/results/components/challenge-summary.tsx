import { useTranslation } from "react-i18next";
import { Code } from "~/platform/ui/code.tsx";
import { ParkTime } from "~/platform/ui/deadline.tsx";
import { SummaryList, type SummaryRow } from "~/platform/ui/summary-list.tsx";

export interface ChallengeView {
  id: string;
  receiptNumber: string;
  lodgedAt: Date | string;
  grounds: string;
  state: "open" | "dismissed" | "upheld";
  response: string | null;
  decidedAt: Date | string | null;
  reopenedStage: "moderation" | "decisions" | null;
  award: { plot: { code: string }; release: { code: string } };
  organisation: { name: string };
  lodgedBy: { name: string };
  documents: { id: string; fileName: string; size: number; sha256: string }[];
}

/**
 * A challenge as its receipt and record (the challenger's organisation and staff only): receipt
 * number, time of receipt, what was lodged with every document's SHA-256, then the decision.
 */
export function ChallengeSummary({ challenge, documentHref }: { challenge: ChallengeView; documentHref: (documentId: string) => string }) {
  const { t, i18n } = useTranslation();
  const rows: SummaryRow[] = [
    { key: t("challenges.receipt"), value: <Code mono>{challenge.receiptNumber}</Code> },
    { key: t("challenges.lodgedAt"), value: <ParkTime date={new Date(challenge.lodgedAt)} /> },
    { key: t("challenges.release"), value: <Code mono>{challenge.award.release.code}</Code> },
    { key: t("challenges.plot"), value: <Code mono>{challenge.award.plot.code}</Code> },
    { key: t("challenges.organisation"), value: challenge.organisation.name },
    { key: t("challenges.lodgedBy"), value: challenge.lodgedBy.name },
    { key: t("challenges.grounds"), value: <span className="whitespace-pre-line">{challenge.grounds}</span> },
    {
      key: t("challenges.documentsHeading"),
      value: challenge.documents.length ? (
        <ul className="space-y-2">
          {challenge.documents.map((d) => (
            <li key={d.id}>
              <a href={documentHref(d.id)} className="text-park-700 underline">{d.fileName}</a>{t("format.aside", { note: t("documents.size", { kb: Math.ceil(d.size / 1024).toLocaleString(i18n.language) }) })}
              <span className="block break-all font-mono text-xs">{t("challenges.digest")}{t("format.colon")}{d.sha256}</span>
            </li>
          ))}
        </ul>
      ) : (
        t("challenges.noDocuments")
      ),
    },
    { key: t("challenges.stateLabel"), value: t(`challenges.state.${challenge.state}`) },
  ];
  if (challenge.decidedAt) {
    rows.push({ key: t("challenges.decidedAt"), value: <ParkTime date={new Date(challenge.decidedAt)} /> });
    rows.push({ key: t("challenges.response"), value: <span className="whitespace-pre-line">{challenge.response}</span> });
    if (challenge.reopenedStage) rows.push({ key: t("challenges.reopenedAt"), value: t(`challenges.stage.${challenge.reopenedStage}`) });
  }
  return <SummaryList rows={rows} />;
}
