import { readdir, readFile } from "node:fs/promises";
import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { readOverrides, toMainland } from "../../scripts/i18n-hans.ts";
import { resources, translator } from "~/platform/i18n/i18n.ts";

const root = path.resolve(import.meta.dirname, "../..");

type Catalog = { [key: string]: string | Catalog | string[] };

function messages(catalog: Catalog, prefix = ""): [string, string][] {
  return Object.entries(catalog).flatMap(([key, value]): [string, string][] =>
    typeof value === "string" ? [[prefix + key, value]] : messages(value as Catalog, `${prefix}${key}.`),
  );
}

interface Term {
  concept: string;
  traditional: string;
  notTraditional: string[];
  simplified: string;
  notSimplified: string[];
}

/** The table of docs/terminology.md: the one list, read here so the test and the doc never differ. */
function terminology(): Term[] {
  const doc = readFileSync(path.join(root, "docs/terminology.md"), "utf8");
  const table = doc.slice(doc.indexOf("## Terms"));
  const variants = (cell: string) => cell.split("、").map((v) => v.trim()).filter(Boolean);
  return table
    .split("\n")
    .filter((line) => line.startsWith("| ") && !line.startsWith("| Concept") && !line.startsWith("| ---"))
    .map((line) => {
      const [concept = "", traditional = "", notTraditional = "", simplified = "", notSimplified = ""] = line.split("|").slice(1, -1).map((c) => c.trim());
      return { concept, traditional, notTraditional: variants(notTraditional), simplified, notSimplified: variants(notSimplified) };
    });
}

/** Half-width punctuation touching a Chinese character (spaces between allowed for). */
const HALF_WIDTH_BESIDE_CHINESE = /\p{Script=Han}\s*[,:;!?()]|[,:;!?(]\s*\p{Script=Han}|\)\s*\p{Script=Han}/u;

/**
 * Placeholders, by their names in the catalog, that always carry a bare number, and those that carry
 * digits written out in Chinese: a date ("2026年11月12日", a moment "2026年11月12日週四 12:00（UTC+8）")
 * or a figure with its Chinese unit ("90,640 平方米").
 */
const NUMBER_PLACEHOLDERS = "count|n|number|max|min|total|rank|months|days|hours|minutes|seconds|records|waiting|overdue|requested|approved|onTime|late|due";
const WRITTEN_OUT_PLACEHOLDERS = "date|dates|dueOn|dueBy|reachedOn|deadline|receivedAt|withdrawnAt|end|time|completed|let";
/**
 * Spacing inside Chinese text: a space stands between a Chinese character and Arabic digits, never
 * between two Chinese characters. So a number has a space on each side ("每 {{months}} 個月"), and a
 * date or a figure with its unit one before it but none after, as it ends in a Chinese character or
 * a full-width bracket ("於 {{dueOn}}到期", "{{dueOn}}的報告").
 */
const NUMBER_TOUCHING_CHINESE = new RegExp(String.raw`\p{Script=Han}\{\{(?:${NUMBER_PLACEHOLDERS})\}\}|\{\{(?:${NUMBER_PLACEHOLDERS})\}\}\p{Script=Han}`, "u");
const WRITTEN_OUT_TOUCHING_CHINESE_BEFORE = new RegExp(String.raw`\p{Script=Han}\{\{(?:${WRITTEN_OUT_PLACEHOLDERS})\}\}`, "u");
const SPACE_AFTER_WRITTEN_OUT = new RegExp(String.raw`\{\{(?:${WRITTEN_OUT_PLACEHOLDERS})\}\} +\p{Script=Han}`, "u");
/** Digits typed into a message (a limit, an example) beside a Chinese character, dates written out ("12月31日") aside. */
const DIGITS_TOUCHING_CHINESE = /\p{Script=Han}[0-9]|[0-9]\p{Script=Han}/u;
const withoutWrittenOutDates = (text: string) => text.replace(/(?:[0-9]+年)?(?:[0-9]+月)?[0-9]+日|[0-9]+[年月]/g, "");

const chinese = [
  ["zh-Hant", "notTraditional"],
  ["zh-Hans", "notSimplified"],
] as const;

describe("Chinese that reads as Hong Kong's (and the Mainland's in 简体中文)", () => {
  const terms = terminology();

  it("reads the terminology list", () => {
    expect(terms.length).toBeGreaterThan(40);
    expect(terms.find((t) => t.concept === "the portal's digital signature")?.traditional).toBe("數碼簽署");
  });

  it.each(chinese)("%s uses full-width punctuation inside Chinese text", (language) => {
    const offending = messages(resources[language].common as unknown as Catalog).filter(([, text]) => HALF_WIDTH_BESIDE_CHINESE.test(text));
    expect(offending.map(([key, text]) => `${key}: ${text}`)).toEqual([]);
  });

  it("sets numbers apart from Chinese characters by a space, and joins a written-out date or figure to the Chinese after it", () => {
    const offending = messages(resources["zh-Hant"].common as unknown as Catalog)
      .filter(([, text]) => NUMBER_TOUCHING_CHINESE.test(text) || WRITTEN_OUT_TOUCHING_CHINESE_BEFORE.test(text) || SPACE_AFTER_WRITTEN_OUT.test(text) || DIGITS_TOUCHING_CHINESE.test(withoutWrittenOutDates(text)))
      .map(([key, text]) => `${key}: ${text}`);
    expect(offending).toEqual([]);
    // The rule as a reader meets it.
    const t = translator("zh-Hant");
    expect(t("progressReports.view", { dueOn: "2026年11月12日" })).toBe("2026年11月12日的報告");
    expect(t("developments.reportingPlan", { date: "2027年1月19日", months: 6 })).toBe("首份於 2027年1月19日到期，其後每 6 個月一份");
    expect(t("progressReports.interval", { count: 6 })).toBe("每 6 個月");
    expect(t("portfolio.occupancy.intro", { completed: "90,640 平方米", let: "74,325 平方米" })).toBe("已出租樓面面積佔已落成樓面面積的比例：已落成的 90,640 平方米中，74,325 平方米已出租。");
  });

  it.each(chinese)("%s uses none of the variants the terminology list rules out", (language, column) => {
    const found: string[] = [];
    for (const [key, text] of messages(resources[language].common as unknown as Catalog)) {
      for (const term of terms) for (const banned of term[column]) if (text.includes(banned)) found.push(`${key}: "${banned}" (say ${language === "zh-Hant" ? term.traditional : term.simplified} for ${term.concept})`);
    }
    expect(found).toEqual([]);
  });

  it("lists Simplified terms the generator actually produces from the Traditional ones", () => {
    const mainland = toMainland(readOverrides());
    const differ = terms.filter((t) => mainland(t.traditional) !== t.simplified).map((t) => `${t.concept}: ${t.traditional} → ${mainland(t.traditional)}, list says ${t.simplified}`);
    expect(differ).toEqual([]);
  });

  it("joins labels, notes and lists with the catalog's punctuation, never with punctuation typed in the code", async () => {
    // `{t("releases.deadline")}: ` showed "截標時間: " in Chinese, `({t(…)}, {t(…)})` "(技術, 須提供)":
    // format.colon, format.parenthesised, format.aside and format.listSeparator are full-width there.
    const entries = await readdir(path.join(root, "app"), { withFileTypes: true, recursive: true });
    const offending: string[] = [];
    for (const entry of entries.filter((e) => e.isFile() && /\.tsx?$/.test(e.name) && !e.parentPath.includes("generated"))) {
      const file = path.join(entry.parentPath, entry.name);
      const source = await readFile(file, "utf8");
      source.split("\n").forEach((line, i) => {
        const typed = [
          /\bt\((?:"[^"]*"|`[^`]*`)[^)]*\)\}(?::\s|\s\()/, // {t("label")}: value, {t("name")} (note)
          /\}:\s*<\//, // {label}: </span>
          /\s\(\{t\(/, // name ({t("note")})
          ...(file.endsWith(".tsx") ? [/\.join\(", "\)/] : []), // a list shown to people
        ];
        if (typed.some((pattern) => pattern.test(line))) offending.push(`${path.relative(root, file)}:${i + 1}: ${line.trim()}`);
      });
    }
    expect(offending).toEqual([]);
  });
});
