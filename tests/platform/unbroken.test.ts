import { describe, expect, it } from "vitest";
import { formatDate } from "~/platform/time.ts";
import { unbrokenParts } from "~/platform/ui/unbroken.ts";

const kept = (text: string) => unbrokenParts(text).filter((p) => p.unbroken).map((p) => p.text);

describe("what running text keeps on one line", () => {
  it("keeps plot, release and registration codes whole, the example's ellipsis included", () => {
    expect(kept("Open the technical envelopes of HSITP-2026-03?")).toEqual(["HSITP-2026-03"]);
    expect(kept("Withdraw plot 1W-07 from HSITP-2026-02?")).toEqual(["1W-07", "HSITP-2026-02"]);
    expect(kept("請輸入註冊編號，例如 HK-CR-1234567。")).toEqual(["HK-CR-1234567"]);
    expect(kept("Numbers begin HK-CR-…, as registered.")).toEqual(["HK-CR-…"]);
  });

  it("keeps a figure with its unit, and money with its currency", () => {
    expect(kept("地段太小（21,284 平方米）：請檢查座標。")).toEqual(["21,284 平方米"]);
    expect(kept("at most 60,000 m² (the plot's maximum)")).toEqual(["60,000 m²"]);
    expect(kept("An offer of HK$1,250,000,000 and 60% of the marks")).toEqual(["HK$1,250,000,000", "60%"]);
  });

  it("keeps a written-out date whole, in English and in Chinese, as formatDate writes it", () => {
    const written = (locale: string, iso: string) => formatDate(new Date(iso), "UTC", locale);
    expect(kept(`No report for ${written("en-HK", "2026-11-12")}`)).toEqual(["12 Nov 2026"]);
    expect(kept(`Topping out · ${written("en-HK", "2027-01-19")}`)).toEqual(["19 Jan 2027"]);
    expect(kept(`Due by ${written("en-HK", "2026-09-04")} (first promised for 1 May 2026)`)).toEqual(["4 Sept 2026", "1 May 2026"]);
    expect(kept(`未有提交${written("zh-Hant-HK", "2026-11-12")}的報告`)).toEqual(["2026年11月12日"]);
    expect(kept(`首份于${written("zh-Hans-HK", "2027-01-19")}到期，其后每 6 个月一份`)).toEqual(["2027年1月19日"]);
  });

  it("leaves ordinary words and sentences to wrap, and loses no character", () => {
    const text = "A well-known, long-term plan for plot 1W-07: 21,284 m² in Phase 1, 12 months from 3 May.";
    expect(kept(text)).toEqual(["1W-07", "21,284 m²"]);
    expect(unbrokenParts(text).map((p) => p.text).join("")).toBe(text);
  });
});
