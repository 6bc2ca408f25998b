/**
 * What must never be cut over two lines, found in running text (browser-safe, so pages and tests
 * share it): codes of capitals and digits joined by hyphens (plots "1W-07", releases "HSITP-2026-03",
 * the example "HK-CR-1234567", receipt numbers), amounts of money ("HK$1,250,000") and figures with
 * their unit ("21,284 平方米", "21,284 m²", "60%"), and dates as the portal writes them out ("12 Nov 2026",
 * "2026年11月12日"). A browser may break after a hyphen, between a figure and its unit, at a date's
 * spaces or between any two Chinese characters; a reader then sees "1W-" and "07", or "12 Nov" and
 * "2026", and cannot tell what was meant.
 */
/** A date as the portal writes it out: "2026年11月12日" in Chinese, "12 Nov 2026" or "4 Sept 2026" in English. */
export const WRITTEN_DATE = String.raw`\d{4}年\d{1,2}月\d{1,2}日|\b\d{1,2} (?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sept?|Oct|Nov|Dec) \d{4}\b`;

const UNBROKEN = new RegExp(
  [
    WRITTEN_DATE,
    String.raw`HK\$\s?\d[\d,]*(?:\.\d+)?`,
    String.raw`\d[\d,]*(?:\.\d+)?\s?(?:m²|平方米|公頃|ha|%)`,
    String.raw`\b[A-Z0-9]+(?:-[A-Z0-9]+)+(?:-?…)?`,
  ].join("|"),
  "gu",
);

/** `text` in parts, each marked whether it is one of the things to keep on one line. */
export function unbrokenParts(text: string): { text: string; unbroken: boolean }[] {
  const parts: { text: string; unbroken: boolean }[] = [];
  let last = 0;
  for (const match of text.matchAll(UNBROKEN)) {
    if (match.index > last) parts.push({ text: text.slice(last, match.index), unbroken: false });
    parts.push({ text: match[0], unbroken: true });
    last = match.index + match[0].length;
  }
  if (last < text.length) parts.push({ text: text.slice(last), unbroken: false });
  return parts;
}
