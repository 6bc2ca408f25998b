/**
 * The standstill (browser-safe): the period between publishing the results and an award becoming
 * final, during which a bidder may challenge it. It is counted in calendar days in Hong Kong, as
 * the release states it, and ends at the close of its last day: results published on Mon 4 Jan at
 * any hour, with 10 days, leave challenges open until Thu 14 Jan 23:59:59 (Hong Kong time).
 */

const DAY = 86_400_000;
/** Hong Kong keeps UTC+8 all year (no daylight saving). */
const HONG_KONG_OFFSET = 8 * 3_600_000;

export const DEFAULT_STANDSTILL_DAYS = 10;
export const MAX_STANDSTILL_DAYS = 60;

/** The first instant after the standstill: midnight in Hong Kong after its last calendar day. */
export function standstillEnd(publishedAt: Date, days: number): Date {
  const startOfDay = Math.floor((publishedAt.getTime() + HONG_KONG_OFFSET) / DAY) * DAY - HONG_KONG_OFFSET;
  return new Date(startOfDay + (days + 1) * DAY);
}

/** The last instant of the standstill, for people to read ("until … 23:59"). */
export const lastMomentOf = (end: Date) => new Date(end.getTime() - 60_000);
