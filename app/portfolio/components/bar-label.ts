/**
 * Where a bar's value is written so that nothing is drawn across it: the target's dashed line
 * never crosses the text, the text never runs off the chart, and it sits on the bar only where it
 * fits there whole. Pure geometry in the chart's own units (the SVG's viewBox), so the answer holds
 * at every width the chart is shown at: it scales as one picture, text included.
 */

/** How far a text stays from its bar's end, and from the target's line (which is 3 units wide). */
export const LABEL_GAP = 6;
export const TARGET_CLEARANCE = 8;
const EPSILON = 1e-6;

/**
 * A generous estimate of a text's width, as the browser cannot be asked on the server: Chinese
 * (and other full-width) characters are one em, capitals and wide signs 0.75 em, the rest 0.62 em
 * (digits, separators, "%", "m²" are narrower in every sans-serif font the portal uses).
 */
export function textWidth(text: string, fontSize: number): number {
  let ems = 0;
  for (const char of text) {
    const code = char.codePointAt(0)!;
    if (code >= 0x2e80 || (code >= 0x1100 && code <= 0x11ff)) ems += 1;
    else if (/[A-Z$@%&WMmw]/.test(char)) ems += 0.75;
    else ems += 0.62;
  }
  return ems * fontSize;
}

export interface LabelPlacement {
  /** The anchor's x: the text's left edge ("start") or right edge ("end"). */
  x: number;
  anchor: "start" | "end";
  /** The text lies wholly on the bar (drawn light on a dark bar). */
  onBar: boolean;
  /** The text lies partly on the bar and partly beside it (drawn dark with a light halo). */
  straddles: boolean;
}

/**
 * The first of these places that fits inside the chart and keeps clear of the target: after the
 * bar; after whichever is further, the bar's end or the target; on the bar, against its end; on the
 * bar, before the target; before a target beyond the bar. A long bar (past 55% of the width) tries the places on the bar first, as
 * a value written after it would run out of room. Should none fit (a text nearly as wide as the
 * chart), the text goes after both, pulled back to the chart's edge.
 */
export function placeValueLabel({ end, target, labelWidth, width }: { end: number; target: number | null; labelWidth: number; width: number }): LabelPlacement {
  // Comparisons allow for rounding: a place exactly at the clearance is clear.
  const clearOfTarget = (left: number, right: number) => target === null || target <= left - TARGET_CLEARANCE + EPSILON || target >= right + TARGET_CLEARANCE - EPSILON;
  const fits = (left: number, right: number) => left >= -EPSILON && right <= width + EPSILON;
  const beyond = Math.max(end + LABEL_GAP, target === null ? 0 : target + TARGET_CLEARANCE);
  const after = [end + LABEL_GAP, beyond].map((left) => ({ left, x: left, anchor: "start" as const }));
  const onBar = [end - LABEL_GAP, ...(target === null ? [] : [target - TARGET_CLEARANCE])]
    .filter((right) => right <= end - LABEL_GAP + EPSILON)
    .map((right) => ({ left: right - labelWidth, x: right, anchor: "end" as const }));
  // Last: before a target beyond the bar, the text then lying partly on the bar.
  const beforeTarget = target !== null && target - TARGET_CLEARANCE > end - LABEL_GAP ? [{ left: target - TARGET_CLEARANCE - labelWidth, x: target - TARGET_CLEARANCE, anchor: "end" as const }] : [];
  const candidates = [...(end > width * 0.55 ? [...onBar, ...after] : [...after, ...onBar]), ...beforeTarget];
  const chosen = candidates.find(({ left }) => fits(left, left + labelWidth) && clearOfTarget(left, left + labelWidth));
  const place = chosen ?? { left: Math.min(beyond, width - labelWidth), x: Math.min(beyond, width - labelWidth), anchor: "start" as const };
  const right = place.left + labelWidth;
  return { x: place.x, anchor: place.anchor, onBar: right <= end, straddles: place.left < end && right > end };
}
