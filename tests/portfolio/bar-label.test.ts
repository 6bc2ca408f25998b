import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { LABEL_GAP, placeValueLabel, TARGET_CLEARANCE, textWidth } from "~/portfolio/components/bar-label.ts";

const WIDTH = 340;

/** The text's left and right edges for a placement. */
function span(end: number, target: number | null, labelWidth: number) {
  const place = placeValueLabel({ end, target, labelWidth, width: WIDTH });
  const left = place.anchor === "start" ? place.x : place.x - labelWidth;
  return { ...place, left, right: left + labelWidth };
}

describe("where a bar's value is written", () => {
  it("goes after the target when the target's line would cross it after the bar (the '2|5%' seen on the origin chart)", () => {
    // 25% on a 100% scale with a target of 30%: after the bar, "25%" would run across the line.
    const end = 0.25 * (WIDTH - 4);
    const target = 0.3 * (WIDTH - 4);
    const width = textWidth("25%", 13);
    expect(end + LABEL_GAP < target && end + LABEL_GAP + width > target).toBe(true);
    const place = span(end, target, width);
    expect(place.left).toBeGreaterThanOrEqual(target + TARGET_CLEARANCE);
    expect(place.onBar).toBe(false);
  });

  it("stays right after the bar when the target is elsewhere", () => {
    expect(span(80, 20, 30)).toMatchObject({ x: 80 + LABEL_GAP, anchor: "start", onBar: false });
    expect(span(80, null, 30)).toMatchObject({ x: 80 + LABEL_GAP, anchor: "start" });
  });

  it("sits on a long bar, against its end, or before a target that falls within that place", () => {
    expect(span(300, null, 40)).toMatchObject({ x: 300 - LABEL_GAP, anchor: "end", onBar: true });
    const beforeTarget = span(300, 280, 40);
    expect(beforeTarget).toMatchObject({ x: 280 - TARGET_CLEARANCE, anchor: "end", onBar: true });
  });

  it("never has the target's line across it and never leaves the chart, for every bar, target and text up to 140 units", () => {
    fc.assert(
      fc.property(fc.double({ min: 0, max: WIDTH - 4, noNaN: true }), fc.option(fc.double({ min: 0, max: WIDTH - 4, noNaN: true })), fc.double({ min: 10, max: 140, noNaN: true }), (end, target, labelWidth) => {
        const place = span(end, target, labelWidth);
        expect(place.left).toBeGreaterThanOrEqual(0);
        expect(place.right).toBeLessThanOrEqual(WIDTH + 1e-9);
        if (target !== null) expect(target <= place.left - TARGET_CLEARANCE + 1e-9 || target >= place.right + TARGET_CLEARANCE - 1e-9).toBe(true);
        expect(place.onBar).toBe(place.right <= end);
      }),
      { numRuns: 5_000 },
    );
  });

  it("keeps clear of a target a rounding error away from the clearance (a case the property found)", () => {
    const place = span(333.99999999846096, 335.99999999846096, 57.20023086295154);
    expect(place.right + TARGET_CLEARANCE).toBeLessThanOrEqual(335.99999999846096 + 1e-6);
  });

  it("counts Chinese characters as wider than digits, so a Chinese value keeps its room", () => {
    expect(textWidth("平方米", 13)).toBe(3 * 13);
    expect(textWidth("21,600 平方米", 13)).toBeGreaterThan(textWidth("21,600 m²", 13));
    // The longest figure the charts write, an investment, fits the chart with room for a bar.
    expect(textWidth("HK$1,250,000,000", 13)).toBeLessThan(140);
  });
});
