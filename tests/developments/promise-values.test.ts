import { describe, expect, it } from "vitest";
import { promiseValueText } from "~/developments/promise-values.ts";
import { intlLocale, translator } from "~/platform/i18n/i18n.ts";

describe("a promise's value as people read it", () => {
  it("writes a floor area in the reader's language, its digits grouped", () => {
    const area = (language: "en" | "zh-Hant" | "zh-Hans") => promiseValueText(translator(language), intlLocale(language), "gross_floor_area", 69260);
    expect(area("en")).toBe("69,260 m²");
    expect(area("zh-Hant")).toBe("69,260 平方米");
    expect(area("zh-Hans")).toBe("69,260 平方米");
  });
});
