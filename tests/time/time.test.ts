import { describe, expect, it } from "vitest";
import { countdown, differsFromParkTime, formatDateTime, PARK_TIME_ZONE, utcOffsetLabel } from "~/platform/time.ts";

// 26 Dec 2026, 12:00 in Hong Kong.
const deadline = new Date("2026-12-26T04:00:00Z");

describe("deadlines in Hong Kong time", () => {
  it("states Hong Kong time with its offset in English and Chinese", () => {
    expect(formatDateTime(deadline, PARK_TIME_ZONE, "en-HK")).toBe("Sat, 26 Dec 2026, 12:00 (UTC+8)");
    expect(formatDateTime(deadline, PARK_TIME_ZONE, "zh-Hant-HK")).toBe("2026年12月26日週六 12:00（UTC+8）");
    expect(formatDateTime(deadline, PARK_TIME_ZONE, "zh-Hans-HK")).toBe("2026年12月26日周六 12:00（UTC+8）");
  });

  it("states another zone's time with that zone's offset, daylight saving included", () => {
    expect(formatDateTime(deadline, "America/New_York", "en-HK")).toBe("Fri, 25 Dec 2026, 23:00 (UTC−5)");
    expect(formatDateTime(new Date("2026-07-01T04:00:00Z"), "America/New_York", "en-HK")).toBe("Wed, 1 Jul 2026, 00:00 (UTC−4)");
    expect(utcOffsetLabel(deadline, "Asia/Kolkata")).toBe("UTC+5:30");
    expect(utcOffsetLabel(deadline, "UTC")).toBe("UTC");
  });

  it("knows when a reader's zone shows a different time from Hong Kong", () => {
    expect(differsFromParkTime(deadline, "Asia/Shanghai")).toBe(false);
    expect(differsFromParkTime(deadline, "Asia/Singapore")).toBe(false);
    expect(differsFromParkTime(deadline, "Europe/London")).toBe(true);
  });

  it("counts down to the second and stops at the deadline", () => {
    const now = new Date(deadline.getTime() - ((2 * 24 + 3) * 3600 + 4 * 60 + 5) * 1000 - 300);
    expect(countdown(deadline, now)).toEqual({ passed: false, days: 2, hours: 3, minutes: 4, seconds: 5 });
    expect(countdown(deadline, deadline)).toEqual({ passed: true, days: 0, hours: 0, minutes: 0, seconds: 0 });
    expect(countdown(deadline, new Date(deadline.getTime() + 1)).passed).toBe(true);
  });
});

describe("times typed in Hong Kong time", () => {
  it("are read as UTC+8 whatever the server's zone, and written back the same", async () => {
    const { parseHongKongLocal, toHongKongLocal } = await import("~/platform/time.ts");
    expect(parseHongKongLocal("2026-12-26T12:00")?.toISOString()).toBe("2026-12-26T04:00:00.000Z");
    expect(toHongKongLocal(new Date("2026-12-26T04:00:00Z"))).toBe("2026-12-26T12:00");
    for (const bad of ["2026-12-26", "2026-13-40T25:00", "tomorrow", "2026-12-26T12:00Z"]) expect(parseHongKongLocal(bad), bad).toBeNull();
  });
});
