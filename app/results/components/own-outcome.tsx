import { useTranslation } from "react-i18next";
import { formatScore } from "~/evaluation/ranking.ts";
import { decisionReasonText } from "~/evaluation/reasons.ts";
import { pick } from "~/platform/i18n/i18n.ts";
import { ParkTime, useLanguage } from "~/platform/ui/deadline.tsx";
import { SummaryList } from "~/platform/ui/summary-list.tsx";
import type { OwnOutcome as Outcome } from "../own-outcome.server.ts";

/** The organisation's own outcome with its assessment summary, as its outcome email states it. */
export function OwnOutcome({ outcome }: { outcome: Outcome }) {
  const { t } = useTranslation();
  const language = useLanguage();
  const { figures } = outcome;
  const score = (value: number | null) => (value === null ? "—" : formatScore(value));
  return (
    <section aria-labelledby="outcome-heading" className="space-y-3">
      <h2 id="outcome-heading" className="text-2xl font-semibold">{t("outcomes.own.heading")}</h2>
      <p>{t("results.published")} <ParkTime date={new Date(outcome.publishedAt)} /></p>
      <SummaryList
        rows={[
          { key: t("ranking.decision"), value: t(`outcome.${outcome.outcome}`) },
          { key: t("moderation.reason"), value: decisionReasonText(t, language, outcome.reason, figures) },
          { key: t("ranking.technical"), value: `${score(figures.technicalScore)} / ${score(figures.technicalMax)}` },
          { key: t("ranking.passMark"), value: t(figures.passed ? "ranking.passed" : "ranking.failed", { mark: score(figures.passMark) }) },
          ...(figures.passed
            ? [
                { key: t("ranking.financial"), value: score(figures.financialScore) },
                { key: t("ranking.total"), value: score(figures.total) },
                { key: t("ranking.rank"), value: figures.rank === null ? "—" : String(figures.rank) },
              ]
            : [{ key: t("ranking.financial"), value: t("outcomes.own.envelopeNeverOpened") }]),
          ...outcome.criteria.map((c) => ({ key: pick(language, { en: c.nameEn, zhHant: c.nameZhHant }), value: `${score(c.score)} / ${c.maxScore}` })),
        ]}
      />
    </section>
  );
}
