import { describe, expect, it } from "vitest";
import { createI18n, formatNumber, languages, resources } from "~/platform/i18n/i18n.ts";

type Catalog = { [key: string]: string | Catalog };

/** Every message of a catalog with its key (an email's paragraphs, lists, as `key.0`, `key.1` …). */
function messages(catalog: Catalog, prefix = ""): [string, string][] {
  return Object.entries(catalog).flatMap(([key, value]): [string, string][] =>
    typeof value === "string" ? [[prefix + key, value]] : messages(value as Catalog, `${prefix}${key}.`),
  );
}

describe("numbers in messages, hints and labels", () => {
  it.each(languages)("are grouped for the page's language (%s): the progress report's floor area hint", (language) => {
    const { t } = createI18n(language);
    // The hint once read "最多 107430 平方米" / "At most 107430 m²".
    const hint = t("progressReports.form.gfaCompletedHint", { promised: 107430 });
    expect(hint).toContain("107,430");
    expect(hint).not.toContain("107430");
    expect(t("proposals.gfaHint", { max: 107430 })).toContain("107,430");
    expect(t("errors.tooLong", { max: 200000 })).toContain("200,000");
    expect(t("inventory.errors.tooManyRows", { max: 5000 })).toContain("5,000");
  });

  it("write money (bigints) with every digit, and fractions as given", () => {
    expect(formatNumber(1_250_000_000n, "zh-Hant")).toBe("1,250,000,000");
    expect(formatNumber(12.5, "en")).toBe("12.5");
    expect(formatNumber(1234, "not-a-language")).toBe("1,234");
  });

  it.each(languages)("a count is grouped while its plural form still follows the number (%s)", (language) => {
    const { t } = createI18n(language);
    expect(t("home.plotsOffered", { count: 1234 })).toContain("1,234");
    if (language === "en") {
      expect(t("home.plotsOffered", { count: 1 })).toBe("1 plot offered");
      expect(t("home.plotsOffered", { count: 1234 })).toBe("1,234 plots offered");
    }
  });

  it.each(languages)("text put into a message is left as it is (%s): codes, dates, figures written with their unit", (language) => {
    const { t } = createI18n(language);
    expect(t("plot.squareMetres", { value: "21,600" })).toContain("21,600");
    expect(t("developments.promises.now", { value: "1W-07" })).toContain("1W-07");
  });

  it.each(languages)("every placeholder of every %s message writes a raw number grouped", (language) => {
    const { t } = createI18n(language);
    const ungrouped: string[] = [];
    for (const [key, message] of messages(resources[language].common as unknown as Catalog)) {
      const names = [...message.matchAll(/\{\{(\w+)\}\}/g)].map((m) => m[1]!);
      // An email's paragraphs are read as a whole list (returnObjects): their placeholders are the email's.
      if (names.length === 0 || /\.\d+(\.|$)/.test(key)) continue;
      const values = Object.fromEntries(names.map((name) => [name, 1234567]));
      const text = t(key.replace(/_(zero|one|two|few|many|other)$/, ""), values);
      if (text.includes("1234567")) ungrouped.push(key);
    }
    expect(ungrouped).toEqual([]);
  });
});
