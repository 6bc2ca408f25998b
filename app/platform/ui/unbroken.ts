/**
 * What must never be cut over two lines, found in running text (browser-safe, so pages and tests
 * share it): codes of capitals and digits joined by hyphens (plots "1W-07", releases "HSITP-2026-03",
 * the example "HK-CR-1234567", receipt numbers), amounts of money ("HK$1,250,000") and figures with
 * their unit ("21,284 平方米", "21,284 m²", "60%"). A browser may break after a hyphen or between a
 * figure and its unit; a reader then sees "1W-" and "07" and cannot tell what was meant.
 */
const UNBROKEN = /HK\$\s?\d[\d,]*(?:\.\d+)?|\d[\d,]*(?:\.\d+)?\s?(?:m²|平方米|公頃|ha|%)|\b[A-Z0-9]+(?:-[A-Z0-9]+)+(?:-?…)?/gu;

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
