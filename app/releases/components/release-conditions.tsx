import { useTranslation } from "react-i18next";
import { Code } from "~/platform/ui/code.tsx";
import { DataTable } from "~/platform/ui/data-table.tsx";
import { defaultLanguage, isLanguage, pick } from "~/platform/i18n/i18n.ts";
import { ParkTime } from "~/platform/ui/deadline.tsx";

interface Conditions {
  eligibilityEn: string;
  eligibilityZhHant: string;
  passMarkPercent: number;
  standstillDays?: number;
  publicationAt: Date;
  clarificationEndsAt: Date;
  submissionDeadline: Date;
  openingAt: Date;
  criteria: { nameEn: string; nameZhHant: string; envelope: string; weight: number; maxScore: number }[];
  requiredDocuments: { nameEn: string; nameZhHant: string; envelope: string; acceptedTypes: string[]; maxSizeMb: number; mandatory: boolean }[];
}

/** The conditions of a release as proposers read them: eligibility, criteria and weights, documents. */
export function ReleaseConditionsView({ release, plots }: { release: Conditions; plots?: string[] }) {
  const { t, i18n } = useTranslation();
  const language = isLanguage(i18n.language) ? i18n.language : defaultLanguage;
  const name = (x: { nameEn: string; nameZhHant: string }) => pick(language, { en: x.nameEn, zhHant: x.nameZhHant });
  const eligibility = pick(language, { en: release.eligibilityEn, zhHant: release.eligibilityZhHant });
  return (
    <div className="space-y-6">
      {plots ? (
        <section aria-labelledby="conditions-plots">
          <h2 id="conditions-plots" className="text-2xl font-semibold">{t("release.plots")}</h2>
          {/* Each code whole on its line: a line may break between codes, never inside one ("1W-/07"). */}
          <ul className="mt-1 flex flex-wrap gap-x-3">
            {plots.map((plot) => <li key={plot}><Code mono>{plot}</Code></li>)}
          </ul>
          <ul className="mt-2 text-sm">
            <li>{t("timeline.publication")}{t("format.colon")}<ParkTime date={release.publicationAt} /></li>
            <li>{t("timeline.clarificationsEnd")}{t("format.colon")}<ParkTime date={release.clarificationEndsAt} /></li>
            <li>{t("timeline.submissionDeadline")}{t("format.colon")}<ParkTime date={release.submissionDeadline} /></li>
            <li>{t("timeline.opening")}{t("format.colon")}<ParkTime date={release.openingAt} /></li>
          </ul>
        </section>
      ) : null}
      {eligibility ? (
        <section aria-labelledby="conditions-eligibility">
          <h2 id="conditions-eligibility" className="text-2xl font-semibold">{t("builder.eligibility")}</h2>
          <p className="mt-1 max-w-3xl">{eligibility}</p>
        </section>
      ) : null}
      <section aria-labelledby="conditions-criteria">
        <h2 id="conditions-criteria" className="text-2xl font-semibold">{t("builder.criteria")}</h2>
        <p className="mt-1">{t("builder.passMarkIs", { percent: release.passMarkPercent })}</p>
        {release.standstillDays ? <p className="mt-1">{t("standstill.days")}{t("format.colon")}{t("standstill.daysValue", { count: release.standstillDays })}</p> : null}
        <DataTable label={t("builder.criteria")} columns={[{ label: t("builder.criterion") }, { label: t("builder.envelopeColumn") }, { label: t("builder.weightColumn"), numeric: true }, { label: t("builder.maxScoreColumn"), numeric: true }]}>
            {release.criteria.map((c) => (
              <tr key={c.nameEn} className="border-b border-slate-200">
                <td className="p-2">{name(c)}</td>
                <td className="p-2">{t(`builder.${c.envelope}`)}</td>
                <td className="p-2 text-right">{c.weight}%</td>
                <td className="p-2 text-right">{c.maxScore}</td>
              </tr>
            ))}
          </DataTable>
      </section>
      <section aria-labelledby="conditions-documents">
        <h2 id="conditions-documents" className="text-2xl font-semibold">{t("builder.documents")}</h2>
        <ul className="mt-2 space-y-1 text-sm">
          {release.requiredDocuments.map((d) => (
            <li key={d.nameEn}>
              <span className="font-medium">{name(d)}</span> · {t(`builder.${d.envelope}`)} · {d.acceptedTypes.join(t("format.listSeparator"))} · {t("builder.upTo", { mb: d.maxSizeMb })} · {d.mandatory ? t("builder.mandatory") : t("builder.optional")}
            </li>
          ))}
        </ul>
      </section>
    </div>
  );
}
