import { useId } from "react";
import { useTranslation } from "react-i18next";
import { Unbroken } from "~/platform/ui/code.tsx";
import { spread } from "~/releases/timeline-layout.ts";
import type { MilestoneStatus } from "../promises.ts";
import { useCalendarDayText } from "./promise-text.tsx";

export interface TimelineMilestone {
  kind: string;
  promisedBy: Date;
  dueBy: Date;
  varied: boolean;
  reachedOn: Date | null;
  status: MilestoneStatus;
}

const WIDTH = 1000;
const HEIGHT = 170;
const PAD = 80;
const AXIS_Y = 85;
const LABEL_WIDTH = 200;
const MARKER_GAP = 28;

/** A marker's look by status: reached ones filled, overdue ones red with a cross, ones ahead hollow (words say it too). */
const MARKER: Record<MilestoneStatus, { fill: string; stroke: string }> = {
  reached_on_time: { fill: "#0b5d4b", stroke: "#0b5d4b" },
  reached_late: { fill: "#b45309", stroke: "#78350f" },
  overdue: { fill: "#ffffff", stroke: "#b91c1c" },
  due: { fill: "#ffffff", stroke: "#0f172a" },
};

/**
 * A development's programme as a picture (the milestones to scale between the first and the last,
 * today marked, each marker by its status; a varied date beside a faint marker at the date first
 * promised) and as a list, which is the text equivalent and what phones show.
 */
export function MilestoneTimeline({ plot, milestones: listed, today }: { plot: string; milestones: TimelineMilestone[]; today: Date }) {
  const { t } = useTranslation();
  const day = useCalendarDayText();
  const titleId = useId();
  if (listed.length === 0) return <p>{t("developments.noMilestones")}</p>;
  // Drawn in date order: a variation may move one milestone past the next (the list keeps the programme's order).
  const milestones = [...listed].sort((a, b) => a.dueBy.getTime() - b.dueBy.getTime());
  const times = milestones.flatMap((m) => [m.dueBy.getTime(), m.promisedBy.getTime()]);
  const start = Math.min(...times);
  const span = Math.max(Math.max(...times) - start, 1);
  const x = (date: Date) => PAD + ((date.getTime() - start) / span) * (WIDTH - 2 * PAD);
  const markers = spread(milestones.map((m) => x(m.dueBy)), MARKER_GAP, PAD, WIDTH - PAD);
  const labels: number[] = [];
  for (const row of [milestones.map((_, i) => i).filter((i) => i % 2 === 0), milestones.map((_, i) => i).filter((i) => i % 2 === 1)]) {
    const placed = spread(row.map((i) => markers[i]!), LABEL_WIDTH, LABEL_WIDTH / 2, WIDTH - LABEL_WIDTH / 2);
    row.forEach((i, k) => (labels[i] = placed[k]!));
  }
  const todayInside = today.getTime() >= start && today.getTime() <= start + span;
  return (
    <div className="space-y-3">
      <svg viewBox={`0 0 ${WIDTH} ${HEIGHT}`} className="hidden h-auto w-full sm:block" role="img" aria-labelledby={titleId}>
        <title id={titleId}>{t("developments.timeline.title", { plot })}</title>
        <line x1={PAD} x2={WIDTH - PAD} y1={AXIS_Y} y2={AXIS_Y} stroke="#334155" strokeWidth={3} />
        {milestones.map((m, i) => {
          const above = i % 2 === 0;
          const cx = markers[i]!;
          const lx = labels[i]!;
          const look = MARKER[m.status];
          return (
            <g key={m.kind} data-milestone={m.kind} data-status={m.status}>
              {m.varied ? (
                <g aria-hidden="true">
                  <circle cx={x(m.promisedBy)} cy={AXIS_Y} r={6} fill="#ffffff" stroke="#94a3b8" strokeWidth={2} strokeDasharray="3 2" />
                  <line x1={x(m.promisedBy)} x2={cx} y1={AXIS_Y + 12} y2={AXIS_Y + 12} stroke="#94a3b8" strokeWidth={2} strokeDasharray="4 3" />
                </g>
              ) : null}
              {Math.abs(lx - cx) > 2 ? <line x1={cx} y1={above ? AXIS_Y - 10 : AXIS_Y + 10} x2={lx} y2={above ? AXIS_Y - 18 : AXIS_Y + 18} stroke="#64748b" strokeWidth={1.5} /> : null}
              <circle cx={cx} cy={AXIS_Y} r={10} fill={look.fill} stroke={look.stroke} strokeWidth={3} />
              {m.status === "overdue" ? <path d={`M${cx - 5} ${AXIS_Y - 5}L${cx + 5} ${AXIS_Y + 5}M${cx + 5} ${AXIS_Y - 5}L${cx - 5} ${AXIS_Y + 5}`} stroke="#b91c1c" strokeWidth={2.5} /> : null}
              <text x={lx} y={above ? AXIS_Y - 44 : AXIS_Y + 38} textAnchor="middle" fontSize={17} fontWeight={600} fill="#0f172a">
                {t(`developments.milestone.${m.kind}`)}
              </text>
              <text x={lx} y={above ? AXIS_Y - 24 : AXIS_Y + 58} textAnchor="middle" fontSize={15} fill={m.status === "overdue" ? "#991b1b" : "#334155"}>
                {`${day(m.dueBy)} · ${t(`developments.status.${m.status}`)}`}
              </text>
            </g>
          );
        })}
        {todayInside ? (
          <g>
            <line x1={x(today)} x2={x(today)} y1={22} y2={AXIS_Y + 16} stroke="#0b5d4b" strokeWidth={3} strokeDasharray="4 3" />
            <text x={x(today)} y={16} textAnchor="middle" fontSize={15} fill="#0b5d4b" fontWeight={700}>{t("developments.timeline.today")}</text>
          </g>
        ) : null}
      </svg>
      <ol className="ml-2 space-y-4 border-l-2 border-slate-400 pl-5 sm:ml-0 sm:grid sm:grid-cols-2 sm:gap-2 sm:space-y-0 sm:border-0 sm:pl-0 sm:text-sm">
        {listed.map((m) => (
          <li key={m.kind} className="relative" data-milestone={m.kind}>
            <span
              aria-hidden="true"
              className={`absolute top-1 -left-[1.9rem] h-4 w-4 rounded-full border-2 sm:hidden ${
                m.status === "overdue" ? "border-red-700 bg-white" : m.status === "due" ? "border-slate-700 bg-white" : m.status === "reached_late" ? "border-amber-800 bg-amber-700" : "border-park-700 bg-park-700"
              }`}
            />
            <span className="block font-medium">{t(`developments.milestone.${m.kind}`)}</span>
            <span className="block">
              <Unbroken text={t("developments.timeline.dueBy", { date: day(m.dueBy) })} />
              {m.varied ? <Unbroken text={t("format.aside", { note: t("developments.timeline.variedFrom", { date: day(m.promisedBy) }) })} /> : null}
            </span>
            <span className={`block ${m.status === "overdue" ? "font-semibold text-red-800" : ""}`}>
              {m.reachedOn ? <Unbroken text={t("developments.timeline.reachedOn", { status: t(`developments.status.${m.status}`), date: day(m.reachedOn) })} /> : t(`developments.status.${m.status}`)}
            </span>
          </li>
        ))}
      </ol>
    </div>
  );
}
