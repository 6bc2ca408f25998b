import { describe, expect, it } from "vitest";
import { isoDay, isReportingDate, nextReportingDate, reportingDate, reportingDatesUntil } from "~/developments/reporting-dates.ts";

const day = (iso: string) => new Date(`${iso}T00:00:00.000Z`);

describe("reporting dates", () => {
  it("follow the first one every interval, quarterly by default", () => {
    expect(reportingDatesUntil(day("2027-03-31"), 3, day("2028-03-31")).map(isoDay)).toEqual(["2027-03-31", "2027-06-30", "2027-09-30", "2027-12-31", "2028-03-31"]);
    expect(reportingDatesUntil(day("2027-01-15"), 6, day("2028-07-14")).map(isoDay)).toEqual(["2027-01-15", "2027-07-15", "2028-01-15"]);
  });

  it("count each date from the first, so the end of a short month does not drift", () => {
    expect(isoDay(reportingDate(day("2027-01-31"), 1, 1))).toBe("2027-02-28");
    expect(isoDay(reportingDate(day("2027-01-31"), 1, 2))).toBe("2027-03-31");
    expect(isoDay(reportingDate(day("2027-11-30"), 3, 1))).toBe("2028-02-29");
  });

  it("name the next date on or after a day, and tell a reporting date from any other", () => {
    expect(isoDay(nextReportingDate(day("2027-03-31"), 3, day("2027-03-31")))).toBe("2027-03-31");
    expect(isoDay(nextReportingDate(day("2027-03-31"), 3, day("2027-04-01")))).toBe("2027-06-30");
    expect(isoDay(nextReportingDate(day("2027-03-31"), 3, day("2026-12-01")))).toBe("2027-03-31");
    expect(isReportingDate(day("2027-03-31"), 3, day("2027-09-30"))).toBe(true);
    expect(isReportingDate(day("2027-03-31"), 3, day("2027-09-29"))).toBe(false);
    expect(reportingDatesUntil(day("2027-03-31"), 3, day("2027-03-30"))).toEqual([]);
  });
});
