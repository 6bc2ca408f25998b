/**
 * When an awardee reports (browser-safe): the first reporting date, then every
 * `intervalMonths` months after it. Dates are calendar days as date columns hold them (midnight
 * UTC of the Hong Kong day). Each date is counted from the first, not from the one before, so a
 * first date on the 31st gives the 30th of a short month and the 31st again after it, never drifting.
 */
export function reportingDate(firstReportDue: Date, intervalMonths: number, index: number): Date {
  const year = firstReportDue.getUTCFullYear();
  const month = firstReportDue.getUTCMonth() + index * intervalMonths;
  const lastDay = new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
  return new Date(Date.UTC(year, month, Math.min(firstReportDue.getUTCDate(), lastDay)));
}

/** Every reporting date on or before `until`, in order. */
export function reportingDatesUntil(firstReportDue: Date, intervalMonths: number, until: Date): Date[] {
  const dates: Date[] = [];
  for (let i = 0; ; i++) {
    const date = reportingDate(firstReportDue, intervalMonths, i);
    if (date.getTime() > until.getTime()) return dates;
    dates.push(date);
  }
}

/** The first reporting date on or after `day`. */
export function nextReportingDate(firstReportDue: Date, intervalMonths: number, day: Date): Date {
  for (let i = 0; ; i++) {
    const date = reportingDate(firstReportDue, intervalMonths, i);
    if (date.getTime() >= day.getTime()) return date;
  }
}

/** Whether `date` is one of the reporting dates. */
export function isReportingDate(firstReportDue: Date, intervalMonths: number, date: Date): boolean {
  return nextReportingDate(firstReportDue, intervalMonths, date).getTime() === date.getTime();
}

/** A date column's value as "YYYY-MM-DD" (how a reporting date is named in addresses and forms). */
export const isoDay = (date: Date) => date.toISOString().slice(0, 10);
