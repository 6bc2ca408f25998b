/** The park's time zone: every deadline is stated in it. */
export const PARK_TIME_ZONE = "Asia/Hong_Kong";

/**
 * Making an Intl.DateTimeFormat costs far more than using one (a page of releases formats hundreds
 * of times): one per kind, locale and zone, kept.
 */
const formatters = new Map<string, Intl.DateTimeFormat>();
function formatter(kind: string, locale: string, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = `${kind}|${locale}|${options.timeZone}`;
  let found = formatters.get(key);
  if (!found) {
    found = new Intl.DateTimeFormat(locale, options);
    formatters.set(key, found);
  }
  return found;
}

/** "UTC+8", "UTC−5", "UTC+5:30", "UTC" for a zone at a given instant. */
export function utcOffsetLabel(date: Date, timeZone: string): string {
  const part = formatter("offset", "en-US", { timeZone, timeZoneName: "longOffset" })
    .formatToParts(date)
    .find((p) => p.type === "timeZoneName")?.value;
  const match = part?.match(/GMT([+-])(\d{2}):(\d{2})/);
  if (!match) return "UTC";
  const [, sign, hours, minutes] = match;
  if (Number(hours) === 0 && minutes === "00") return "UTC";
  return `UTC${sign === "-" ? "−" : "+"}${Number(hours)}${minutes === "00" ? "" : `:${minutes}`}`;
}

/**
 * A date and time in a zone, always with the zone's offset, e.g. "Fri, 25 Dec 2026, 12:00 (UTC+8)";
 * in Chinese the brackets are full-width, as Chinese text has them: "2026年12月25日週五 12:00（UTC+8）".
 */
export function formatDateTime(date: Date, timeZone: string, locale: string): string {
  const text = formatter("dateTime", locale, {
    timeZone,
    weekday: "short",
    day: "numeric",
    month: "short",
    year: "numeric",
    hour: "2-digit",
    minute: "2-digit",
    hourCycle: "h23",
  }).format(date);
  const offset = utcOffsetLabel(date, timeZone);
  return locale.startsWith("zh") ? `${text}（${offset}）` : `${text} (${offset})`;
}

export function formatDate(date: Date, timeZone: string, locale: string): string {
  return formatter("date", locale, { timeZone, day: "numeric", month: "short", year: "numeric" }).format(date);
}

/** Whether a viewer in `timeZone` reads a different wall-clock time than Hong Kong at `date`. */
export function differsFromParkTime(date: Date, timeZone: string): boolean {
  return utcOffsetLabel(date, timeZone) !== utcOffsetLabel(date, PARK_TIME_ZONE);
}

export interface Countdown {
  passed: boolean;
  days: number;
  hours: number;
  minutes: number;
  seconds: number;
}

/** Whole days, hours, minutes and seconds from `now` until `deadline` (all zero once passed). */
export function countdown(deadline: Date, now: Date): Countdown {
  const remaining = deadline.getTime() - now.getTime();
  if (remaining <= 0) return { passed: true, days: 0, hours: 0, minutes: 0, seconds: 0 };
  const totalSeconds = Math.floor(remaining / 1000);
  return {
    passed: false,
    days: Math.floor(totalSeconds / 86_400),
    hours: Math.floor((totalSeconds % 86_400) / 3_600),
    minutes: Math.floor((totalSeconds % 3_600) / 60),
    seconds: totalSeconds % 60,
  };
}

/** A `datetime-local` value typed as Hong Kong time ("2026-12-01T12:00") as an instant, or null. */
export function parseHongKongLocal(value: string): Date | null {
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/.test(value)) return null;
  const date = new Date(`${value}:00+08:00`);
  return Number.isNaN(date.getTime()) ? null : date;
}

/** An instant as a `datetime-local` value in Hong Kong time (Hong Kong has no daylight saving). */
export function toHongKongLocal(date: Date): string {
  return new Date(date.getTime() + 8 * 3_600_000).toISOString().slice(0, 16);
}

/**
 * The Hong Kong calendar day an instant falls on, as a date column holds it (midnight UTC of that
 * day): what "on time" means for dates promised in a programme.
 */
export function parkCalendarDay(instant: Date): Date {
  const day = 86_400_000;
  const hongKongOffset = 8 * 3_600_000;
  return new Date(Math.floor((instant.getTime() + hongKongOffset) / day) * day);
}
