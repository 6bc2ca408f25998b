import { describe, expect, it } from "vitest";
import { CHART_FONT, distributionRow } from "~/evaluation/score-chart-layout.ts";

/** Where a count's text reaches, above and below its baseline (descenders included). */
const countBox = (baseline: number) => ({ top: baseline - CHART_FONT, bottom: baseline + CHART_FONT * 0.25 });

describe("the distribution chart's rows", () => {
  it("keeps every bar and count above the marks under the axis and inside its own row, however many evaluators agree", () => {
    for (const agreeing of [1, 3, 12, 200]) {
      const row = distributionRow([...Array<number>(agreeing).fill(7), 2, 9], 10);
      const labelsTop = row.labelBaseline - CHART_FONT;
      for (const column of row.columns) {
        expect(column.barTop).toBeGreaterThanOrEqual(0);
        expect(column.barTop).toBeLessThanOrEqual(row.axis);
        const count = countBox(column.countBaseline);
        expect(count.top).toBeGreaterThanOrEqual(0);
        expect(count.bottom).toBeLessThanOrEqual(column.barTop);
      }
      expect(labelsTop).toBeGreaterThan(row.axis);
      expect(row.labelBaseline + CHART_FONT * 0.25).toBeLessThanOrEqual(row.height);
    }
  });

  it("keeps the same height and text size whatever the counts, so that nothing is drawn smaller", () => {
    const few = distributionRow([5], 10);
    const many = distributionRow(Array<number>(500).fill(5), 10);
    expect(many.height).toBe(few.height);
  });

  it("puts the mean inside its own mark's column on a scale of 100 too, where the last column holds 100 alone", () => {
    const row = distributionRow([100, 100], 100);
    const last = row.columns.at(-1)!;
    expect([last.from, last.to]).toEqual([100, 100]);
    expect(Math.abs(row.mean! - last.centre)).toBeLessThan(1e-9);
    // 95 in the middle of its column "90–99", 90 at its left: each mark its tenth of the column.
    const tens = distributionRow([95, 95], 100);
    const ninety = tens.columns.at(-2)!;
    expect(Math.abs(tens.mean! - ninety.centre)).toBeLessThan(1 / tens.columns.length / 10);
  });

  it("counts each score in its mark's column, the tallest bar for the most given", () => {
    const row = distributionRow([7, 7, 7, 2, 10], 10);
    expect(row.columns).toHaveLength(11);
    expect(row.columns.map((c) => c.count)).toEqual([0, 0, 1, 0, 0, 0, 0, 3, 0, 0, 1]);
    expect(row.columns[7]!.barTop).toBeLessThan(row.columns[2]!.barTop);
    expect(row.columns[2]!.barTop).toBe(row.columns[10]!.barTop);
  });

  it("puts columns side by side within the row's width and the mean over its mark", () => {
    const row = distributionRow([0, 10], 10);
    for (const [i, column] of row.columns.entries()) {
      expect(column.centre - column.width / 2).toBeGreaterThanOrEqual(0);
      expect(column.centre + column.width / 2).toBeLessThanOrEqual(1);
      const next = row.columns[i + 1];
      if (next) expect(column.centre + column.width / 2).toBeLessThan(next.centre - next.width / 2);
    }
    expect(row.mean).toBeCloseTo(row.columns[5]!.centre);
  });

  it("groups a scale of 100 into at most 11 columns that together hold every mark", () => {
    const row = distributionRow([0, 9, 10, 55, 99, 100], 100);
    expect(row.columns.length).toBeLessThanOrEqual(11);
    expect(row.columns[0]).toMatchObject({ from: 0, to: 9, count: 2 });
    expect(row.columns.at(-1)).toMatchObject({ from: 100, to: 100, count: 1 });
    expect(row.columns.reduce((sum, c) => sum + c.count, 0)).toBe(6);
  });
});
