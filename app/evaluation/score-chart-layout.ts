/**
 * The geometry of the moderation page's score charts, apart from their drawing so that it can be
 * checked. Rows are drawn at the page's own pixel size (no viewBox scaling): heights and text sizes
 * are pixels, the same at every width, and positions along a row are shares of its width (0 to 1),
 * so that a phone narrows the row without shrinking its text.
 */

/** The size of every word and figure in the charts, in pixels: readable on a phone. */
export const CHART_FONT = 12;

/** At most this many columns per criterion, so that each holds its count on a 320 px phone row. */
const MAX_COLUMNS = 11;
const COUNT_BAND = 16;
const BAR_HEIGHT = 40;
const LABEL_BAND = 20;

export interface ScoreColumn {
  /** The lowest and highest mark the column counts (equal when it counts one mark). */
  from: number;
  to: number;
  count: number;
  /** Centre of the column, as a share of the row's width. */
  centre: number;
  /** Width of the column's bar, as a share of the row's width. */
  width: number;
  /** Top of the bar and the baseline of its count, in pixels from the row's top. */
  barTop: number;
  countBaseline: number;
}

export interface DistributionRow {
  columns: ScoreColumn[];
  /** Where the criterion's mean falls (share of the width), if any score was given. */
  mean: number | null;
  /** The axis line, the baseline of the marks written under it and the row's height, in pixels. */
  axis: number;
  labelBaseline: number;
  height: number;
}

/** Marks per column: one mark each up to a scale of 10; wider scales are grouped by 2, 5 or 10. */
function marksPerColumn(maxScore: number): number {
  return [1, 2, 5, 10].find((step) => Math.ceil((maxScore + 1) / step) <= MAX_COLUMNS) ?? Math.ceil((maxScore + 1) / MAX_COLUMNS);
}

/**
 * One criterion's scores as a histogram: a column per mark (or group of marks) whose bar's height is
 * its count against the row's largest, with the count written above the bar and the marks written
 * under the axis. However many evaluators give the same mark, the row keeps its height: counts are
 * written, not stacked, so nothing reaches the marks under the axis or the next criterion.
 */
export function distributionRow(scores: number[], maxScore: number): DistributionRow {
  const step = marksPerColumn(maxScore);
  const columnCount = Math.ceil((maxScore + 1) / step);
  const axis = COUNT_BAND + BAR_HEIGHT;
  const counts = Array.from({ length: columnCount }, () => 0);
  for (const score of scores) counts[Math.min(columnCount - 1, Math.floor(score / step))]! += 1;
  const most = Math.max(1, ...counts);
  const columns = counts.map((count, i) => {
    const barTop = axis - (count / most) * BAR_HEIGHT;
    return {
      from: i * step,
      to: Math.min(maxScore, i * step + step - 1),
      count,
      centre: (i + 0.5) / columnCount,
      width: 0.7 / columnCount,
      barTop,
      countBaseline: barTop - 4,
    };
  });
  // A mark's place inside its column: the marks of a column share its width equally (the last column
  // may hold fewer marks: on a scale of 100 by tens, only 100 itself).
  const average = scores.length ? scores.reduce((a, b) => a + b, 0) / scores.length : null;
  const home = average === null ? undefined : columns[Math.min(columnCount - 1, Math.floor(average / step))]!;
  const mean = average === null || !home ? null : (columns.indexOf(home) + (average - home.from + 0.5) / (home.to - home.from + 1)) / columnCount;
  return { columns, mean, axis, labelBaseline: axis + CHART_FONT + 4, height: axis + LABEL_BAND };
}

export interface SpreadRow {
  /** Lowest, highest and mean share of the maximum (0 to 1). */
  min: number;
  max: number;
  mean: number;
}

/** The height of one evaluator's row in pixels, and the shares the axis under the rows marks. */
export const SPREAD_ROW_HEIGHT = 20;
export const SPREAD_TICKS = [0, 0.25, 0.5, 0.75, 1] as const;

/** An evaluator's range of marks (shares of each criterion's maximum) and their mean; null without marks. */
export function spreadRow(shares: number[]): SpreadRow | null {
  if (!shares.length) return null;
  return { min: Math.min(...shares), max: Math.max(...shares), mean: shares.reduce((a, b) => a + b, 0) / shares.length };
}
