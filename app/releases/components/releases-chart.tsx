import { useId } from "react";
import { useTranslation } from "react-i18next";
import { defaultLanguage, intlLocale, isLanguage } from "~/platform/i18n/i18n.ts";
import { PARK_TIME_ZONE } from "~/platform/time.ts";
import type { TimelineDates } from "./release-timeline.tsx";

interface ChartRelease extends TimelineDates {
  code: string;
  state: string;
}

const WIDTH = 1000;
const LABEL_WIDTH = 150;
const ROW = 34;
const TOP = 40;

/** First instants of the Hong Kong calendar months between two dates, for the axis. */
function monthStarts(from: Date, to: Date): Date[] {
  const hk = (d: Date) => new Date(d.getTime() + 8 * 3_600_000);
  const first = hk(from);
  const months: Date[] = [];
  let year = first.getUTCFullYear();
  let month = first.getUTCMonth() + 1;
  for (;;) {
    const start = new Date(Date.UTC(year, month, 1) - 8 * 3_600_000);
    if (start > to) return months;
    months.push(start);
    month += 1;
    if (month === 12) {
      month = 0;
      year += 1;
    }
  }
}

/** All releases on one time axis: the submission period as a bar, clarifications end and opening marked. */
export function ReleasesChart({ releases, serverNow }: { releases: ChartRelease[]; serverNow: Date }) {
  const { t, i18n } = useTranslation();
  const locale = intlLocale(isLanguage(i18n.language) ? i18n.language : defaultLanguage);
  const titleId = useId();
  if (releases.length === 0) return null;
  const ordered = [...releases].sort((a, b) => a.publicationAt.getTime() - b.publicationAt.getTime());
  const start = Math.min(...ordered.map((r) => r.publicationAt.getTime()), serverNow.getTime());
  const end = Math.max(...ordered.map((r) => r.openingAt.getTime()), serverNow.getTime());
  const span = Math.max(end - start, 1);
  const x = (date: Date) => LABEL_WIDTH + ((date.getTime() - start) / span) * (WIDTH - LABEL_WIDTH - 20);
  const height = TOP + ordered.length * ROW + 16;
  const monthLabel = new Intl.DateTimeFormat(locale, { timeZone: PARK_TIME_ZONE, month: "short", year: "numeric" });

  return (
    <figure>
      <svg viewBox={`0 0 ${WIDTH} ${height}`} className="h-auto w-full" role="img" aria-labelledby={titleId}>
        <title id={titleId}>{t("releases.chartTitle")}</title>
        {monthStarts(new Date(start), new Date(end)).map((month) => (
          <g key={month.toISOString()}>
            <line x1={x(month)} x2={x(month)} y1={TOP - 8} y2={height - 8} stroke="#cbd5e1" />
            <text x={x(month) + 4} y={TOP - 14} fontSize={14} fill="#334155">
              {monthLabel.format(month)}
            </text>
          </g>
        ))}
        {ordered.map((release, i) => {
          const y = TOP + i * ROW;
          return (
            <g key={release.code}>
              <text x={0} y={y + 18} fontSize={15} fontFamily="monospace" fill="#0f172a">
                {release.code}
              </text>
              <rect
                x={x(release.publicationAt)}
                y={y + 6}
                width={Math.max(x(release.submissionDeadline) - x(release.publicationAt), 2)}
                height={18}
                rx={3}
                fill={release.state === "open" ? "#0b5d4b" : "#64748b"}
              />
              <line x1={x(release.clarificationEndsAt)} x2={x(release.clarificationEndsAt)} y1={y + 2} y2={y + 28} stroke="#0f172a" strokeWidth={2} />
              <circle cx={x(release.openingAt)} cy={y + 15} r={6} fill="#ffffff" stroke="#0f172a" strokeWidth={2} />
            </g>
          );
        })}
        <line x1={x(serverNow)} x2={x(serverNow)} y1={TOP - 8} y2={height - 8} stroke="#b91c1c" strokeWidth={2} strokeDasharray="5 3" />
      </svg>
      <figcaption className="mt-2 flex flex-wrap gap-4 text-sm">
        <span className="flex items-center gap-1">
          <span aria-hidden="true" className="inline-block h-3 w-6 rounded bg-park-700" />
          {t("releases.chartSubmissionPeriod")}
        </span>
        <span className="flex items-center gap-1">
          <span aria-hidden="true" className="inline-block h-4 w-0.5 bg-slate-900" />
          {t("timeline.clarificationsEnd")}
        </span>
        <span className="flex items-center gap-1">
          <span aria-hidden="true" className="inline-block h-3 w-3 rounded-full border-2 border-slate-900 bg-white" />
          {t("timeline.opening")}
        </span>
        <span className="flex items-center gap-1">
          <span aria-hidden="true" className="inline-block h-4 w-0.5 bg-red-700" />
          {t("timeline.now")}
        </span>
      </figcaption>
    </figure>
  );
}
