/**
 * Writes the Simplified Chinese catalog (zh-Hans) from the Traditional one (zh-Hant): OpenCC's
 * Hong Kong → Mainland conversion, then the reviewed Mainland terms of zh-Hans-overrides.json.
 * Run after changing zh-Hant (`npm run i18n:hans`); `--check` only says whether the committed
 * file is current. Deterministic: the same inputs give the same bytes.
 */
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { toSimplified } from "~/platform/i18n/simplified.ts";

type Message = string | string[] | Catalog;
type Catalog = { [key: string]: Message };
export interface Overrides {
  phrases: Record<string, string>;
  keys: Record<string, string>;
}

const i18nDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../app/platform/i18n");
export const files = {
  traditional: path.join(i18nDir, "locales/zh-Hant/common.json"),
  simplified: path.join(i18nDir, "locales/zh-Hans/common.json"),
  overrides: path.join(i18nDir, "zh-Hans-overrides.json"),
};

/** One pass over the text, longest phrase first, so a replacement is never replaced again. */
function mainlandTerms(phrases: Record<string, string>): (text: string) => string {
  const sources = Object.keys(phrases).sort((a, b) => b.length - a.length || a.localeCompare(b));
  if (sources.length === 0) return (text) => text;
  const pattern = new RegExp(sources.map((s) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")).join("|"), "g");
  return (text) => text.replace(pattern, (phrase) => phrases[phrase]!);
}

/** Traditional text as the Simplified catalog says it: characters converted, then Mainland terms. */
export function toMainland(overrides: Overrides): (traditional: string) => string {
  const terms = mainlandTerms(overrides.phrases);
  return (traditional) => terms(toSimplified(traditional));
}

export function simplifiedCatalog(traditional: Catalog, overrides: Overrides): Catalog {
  const mainland = toMainland(overrides);
  // Arrays stay arrays (an email's paragraphs are read with returnObjects).
  const convert = (value: Message, name: string): Message => {
    if (typeof value === "string") return overrides.keys[name] ?? mainland(value);
    if (Array.isArray(value)) return value.map((item, i) => convert(item, `${name}.${i}`) as string);
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, convert(item, name ? `${name}.${key}` : key)]));
  };
  return convert(traditional, "") as Catalog;
}

export function readOverrides(): Overrides {
  return JSON.parse(readFileSync(files.overrides, "utf8")) as Overrides;
}

/** The catalog file's text, formatted like the hand-written ones. */
export function simplifiedCatalogText(): string {
  const traditional = JSON.parse(readFileSync(files.traditional, "utf8")) as Catalog;
  const overrides = readOverrides();
  return `${JSON.stringify(simplifiedCatalog(traditional, overrides), null, 2)}\n`;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const text = simplifiedCatalogText();
  let current = "";
  try {
    current = readFileSync(files.simplified, "utf8");
  } catch {
    // No catalog yet: it is written below.
  }
  if (process.argv.includes("--check")) {
    if (current !== text) {
      console.error(`${path.relative(process.cwd(), files.simplified)} is out of date: run npm run i18n:hans`);
      process.exit(1);
    }
  } else if (current !== text) {
    writeFileSync(files.simplified, text);
    console.log(`wrote ${path.relative(process.cwd(), files.simplified)}`);
  }
}
