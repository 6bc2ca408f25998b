import { Fragment, useId } from "react";
import { useTranslation } from "react-i18next";
import { defaultLanguage, intlLocale, isLanguage } from "~/platform/i18n/i18n.ts";
import { formatDate, PARK_TIME_ZONE } from "~/platform/time.ts";
import { ParkTime } from "~/platform/ui/deadline.tsx";
import { spread } from "../timeline-layout.ts";

export interface TimelineDates {
  publicationAt: Date;
  clarificationEndsAt: Date;
  submissionDeadline: Date;
  openingAt: Date;
}

const WIDTH = 1000;
const HEIGHT = 150;
const PAD = 70;
const AXIS_Y = 75;
/** Room for a milestone's name and date (viewBox units), and between two markers. */
const LABEL_WIDTH = 220;
const MARKER_GAP = 26;

/**
 * A release's timeline as a picture (milestones to scale, with today marked) and as a list. Below
 * 640 px the picture's words would be a few pixels high, so the list alone shows it, drawn as a
 * vertical timeline: milestones passed filled, the deadline in red, and "now" between them.
 */
export function ReleaseTimeline({ code, dates, serverNow }: { code: string; dates: TimelineDates; serverNow: Date }) {
  const { t, i18n } = useTranslation();
  const locale = intlLocale(isLanguage(i18n.language) ? i18n.language : defaultLanguage);
  const titleId = useId();
  const milestones = [
    { key: "publication", date: dates.publicationAt },
    { key: "clarificationsEnd", date: dates.clarificationEndsAt },
    { key: "submissionDeadline", date: dates.submissionDeadline },
    { key: "opening", date: dates.openingAt },
  ] as const;
  const start = dates.publicationAt.getTime();
  const span = Math.max(dates.openingAt.getTime() - start, 1);
  const x = (date: Date) => PAD + ((date.getTime() - start) / span) * (WIDTH - 2 * PAD);
  const nowInside = serverNow >= dates.publicationAt && serverNow <= dates.openingAt;
  // Close milestones are drawn apart: markers by their own width, the words of each row (above and
  // below the axis, taken in turns) by a label's width.
  const markers = spread(milestones.map((m) => x(m.date)), MARKER_GAP, PAD, WIDTH - PAD);
  const labels: number[] = [];
  for (const row of [[0, 2], [1, 3]]) {
    const placed = spread(row.map((i) => markers[i]!), LABEL_WIDTH, LABEL_WIDTH / 2, WIDTH - LABEL_WIDTH / 2);
    row.forEach((i, k) => (labels[i] = placed[k]!));
  }

  return (
    <div>
      <svg viewBox={`0 0 ${WIDTH} ${HEIGHT}`} className="hidden h-auto w-full sm:block" role="img" aria-labelledby={titleId}>
        <title id={titleId}>{t("timeline.title", { code })}</title>
        <line x1={PAD} x2={WIDTH - PAD} y1={AXIS_Y} y2={AXIS_Y} stroke="#334155" strokeWidth={3} />
        {nowInside ? (
          <rect x={PAD} y={AXIS_Y - 4} width={x(serverNow) - PAD} height={8} fill="#0b5d4b" />
        ) : null}
        {milestones.map((m, i) => {
          const above = i % 2 === 0;
          const cx = markers[i]!;
          const lx = labels[i]!;
          return (
            <g key={m.key} data-milestone={m.key}>
              {Math.abs(lx - cx) > 2 ? <line x1={cx} y1={above ? AXIS_Y - 10 : AXIS_Y + 10} x2={lx} y2={above ? AXIS_Y - 16 : AXIS_Y + 16} stroke="#64748b" strokeWidth={1.5} /> : null}
              <circle cx={cx} cy={AXIS_Y} r={9} fill={m.key === "submissionDeadline" ? "#b91c1c" : "#ffffff"} stroke="#0f172a" strokeWidth={2} />
              <text x={lx} y={above ? AXIS_Y - 40 : AXIS_Y + 34} textAnchor="middle" fontSize={17} fontWeight={600} fill="#0f172a">
                {t(`timeline.${m.key}`)}
              </text>
              <text x={lx} y={above ? AXIS_Y - 20 : AXIS_Y + 54} textAnchor="middle" fontSize={16} fill="#334155">
                {formatDate(m.date, PARK_TIME_ZONE, locale)}
              </text>
            </g>
          );
        })}
        {nowInside ? (
          <g>
            <line x1={x(serverNow)} x2={x(serverNow)} y1={20} y2={AXIS_Y + 14} stroke="#0b5d4b" strokeWidth={3} strokeDasharray="4 3" />
            <text x={x(serverNow)} y={15} textAnchor="middle" fontSize={15} fill="#0b5d4b" fontWeight={700}>
              {t("timeline.now")}
            </text>
          </g>
        ) : null}
      </svg>
      <ol className="ml-2 space-y-4 border-l-2 border-slate-400 pl-5 sm:mt-2 sm:ml-0 sm:grid sm:grid-cols-2 sm:gap-1 sm:space-y-0 sm:border-0 sm:pl-0 sm:text-sm">
        {milestones.map((m, i) => {
          const passed = m.date <= serverNow;
          const nowFollows = nowInside && passed && (milestones[i + 1]?.date ?? dates.openingAt) > serverNow;
          return (
            <Fragment key={m.key}>
              <li className="relative">
                <span
                  aria-hidden="true"
                  className={`absolute top-1 -left-[1.9rem] h-4 w-4 rounded-full border-2 sm:hidden ${
                    m.key === "submissionDeadline" ? "border-red-700 bg-red-700" : passed ? "border-park-700 bg-park-700" : "border-slate-700 bg-white"
                  }`}
                />
                <span className="block font-medium sm:inline">{t(`timeline.${m.key}`)}<span className="hidden sm:inline">: </span></span>
                <ParkTime date={m.date} />
              </li>
              {nowFollows ? (
                <li className="relative font-semibold text-park-700 sm:hidden">
                  <span aria-hidden="true" className="absolute top-2 -left-[1.55rem] h-1 w-3 bg-park-700" />
                  {t("timeline.now")}
                </li>
              ) : null}
            </Fragment>
          );
        })}
      </ol>
    </div>
  );
}
