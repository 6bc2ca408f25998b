import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";
import type { VariationSubject } from "~/platform/database/generated/prisma/enums.ts";
import { Code, Unbroken } from "~/platform/ui/code.tsx";
import { ParkTime } from "~/platform/ui/deadline.tsx";
import { SummaryList } from "~/platform/ui/summary-list.tsx";
import { useReleaseTitle } from "~/releases/components/release-summary.tsx";
import type { DevelopmentRecord } from "../developments.server.ts";
import { MilestoneTimeline } from "./milestone-timeline.tsx";
import { useCalendarDayText } from "./promise-text.tsx";
import { PromisesSummary } from "./promises-summary.tsx";
import { VariationsTable } from "./variations-table.tsx";

/**
 * A development record as its page shows it, to the awardee and to administrators alike: the award,
 * the promises (original and now), the programme as a timeline, and every variation. `requestHref`
 * links each promise to asking for a change; `decideHref` links requested variations to their
 * decision; `children` go between the programme and the variations (the progress reports, at merge).
 */
export function DevelopmentRecordView({
  record,
  today,
  requestHref,
  decideHref,
  children,
}: {
  record: DevelopmentRecord;
  today: Date;
  requestHref?: (subject: VariationSubject, milestoneKind?: string) => string;
  decideHref?: (variationId: string) => string;
  children?: ReactNode;
}) {
  const { t } = useTranslation();
  const { title } = useReleaseTitle();
  const day = useCalendarDayText();
  return (
    <div className="space-y-8">
      <section className="space-y-2">
        <p className="text-sm text-slate-700"><Code mono>{record.release.code}</Code> · <Code mono>{record.plot}</Code></p>
        <h1 className="text-3xl font-semibold">{t("developments.recordHeading", { plot: record.plot })}</h1>
        <p data-organisation={record.organisation.name}>{title(record.release)} · {record.organisation.name}</p>
        <SummaryList
          rows={[
            { key: t("developments.finalAt"), value: record.finalAt ? <ParkTime date={new Date(record.finalAt)} /> : "" },
            { key: t("developments.firstReportDue"), value: <Unbroken text={t("developments.reportingPlan", { date: day(record.firstReportDue), months: record.reportingIntervalMonths })} /> },
          ]}
        />
      </section>
      <section aria-labelledby="promises-heading" className="space-y-3">
        <h2 id="promises-heading" className="text-2xl font-semibold">{t("developments.promises.heading")}</h2>
        <p className="max-w-3xl">{t("developments.promises.intro")}</p>
        <PromisesSummary record={record} requestHref={requestHref} />
      </section>
      <section aria-labelledby="programme-heading" className="space-y-3">
        <h2 id="programme-heading" className="text-2xl font-semibold">{t("developments.programmeHeading")}</h2>
        <MilestoneTimeline plot={record.plot} today={today} milestones={record.milestones.map((m) => ({ ...m, promisedBy: new Date(m.promisedBy), dueBy: new Date(m.dueBy), reachedOn: m.reachedOn ? new Date(m.reachedOn) : null }))} />
        {requestHref && record.milestones.length ? (
          <ul className="flex flex-wrap gap-x-6 gap-y-2">
            {record.milestones.map((m) => (
              <li key={m.kind}>
                <a href={requestHref("milestone", m.kind)} className="text-park-700 underline">
                  {t("developments.promises.requestChange")}
                  {t("format.aside", { note: t(`developments.milestone.${m.kind}`) })}
                </a>
              </li>
            ))}
          </ul>
        ) : null}
      </section>
      {children}
      <section aria-labelledby="variations-heading" className="space-y-3">
        <h2 id="variations-heading" className="text-2xl font-semibold">{t("variations.heading")}</h2>
        <VariationsTable variations={record.variations} decideHref={decideHref} />
      </section>
    </div>
  );
}
