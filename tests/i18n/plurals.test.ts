import { describe, expect, it } from "vitest";
import { staffCountsText } from "~/developments/staff-counts.ts";
import { openingCountsText } from "~/evaluation/opening-counts.ts";
import { languages, resources, translator } from "~/platform/i18n/i18n.ts";
import { publicationCountsText } from "~/results/publication-counts.ts";

type Catalog = { [key: string]: string | Catalog };
const strings = (catalog: Catalog): string[] => Object.values(catalog).flatMap((v) => (typeof v === "string" ? [v] : strings(v)));

describe("counted words follow their count (i18next plurals), never “(s)”", () => {
  it("says one proposal, organisation and plot, and several of each, on the opening's confirmation", () => {
    const opens = (n: number) => openingCountsText(translator("en"), { proposals: n, organisations: n, plots: n });
    expect(opens(1)).toBe("This opens 1 proposal from 1 organisation for 1 plot.");
    expect(opens(6)).toBe("This opens 6 proposals from 6 organisations for 6 plots.");
    expect(openingCountsText(translator("zh-Hant"), { proposals: 6, organisations: 5, plots: 2 })).toBe("此操作將開啟 5 個機構就 2 幅地段提交的 6 份建議書。");
  });

  it("agrees the verb with the shortlisted count when results are published", () => {
    const shortlisted = (count: number, proposals: number) =>
      publicationCountsText(translator("en"), { shortlisted: count, proposals, awarded: count, returned: 1, people: 1, organisations: 1 })[0];
    expect(shortlisted(1, 3)).toBe("1 of 3 proposals is shortlisted: 1 plot awarded, 1 plot back to the inventory.");
    expect(shortlisted(2, 6)).toBe("2 of 6 proposals are shortlisted: 2 plots awarded, 1 plot back to the inventory.");
  });

  it("counts the development records, the variations waiting and the milestones overdue each in its own number", () => {
    const counts = (language: "en" | "zh-Hant", records: { variationsRequested: number; overdue: number }[]) => staffCountsText(translator(language), records);
    expect(counts("en", [{ variationsRequested: 1, overdue: 1 }])).toBe("1 record; 1 variation waiting for a decision; 1 milestone overdue.");
    expect(counts("en", [{ variationsRequested: 0, overdue: 2 }, { variationsRequested: 0, overdue: 0 }, { variationsRequested: 0, overdue: 0 }])).toBe("3 records; 0 variations waiting for a decision; 2 milestones overdue.");
    expect(counts("zh-Hant", [{ variationsRequested: 2, overdue: 1 }])).toBe("1 項紀錄；2 項變更待決定；1 個里程碑逾期。");
  });

  it.each(languages)("%s has no “(s)” or “（多個）” left for a reader to work out", (language) => {
    const left = strings(resources[language].common as unknown as Catalog).filter((s) => /\w\(s\)|（多個）/.test(s));
    expect(left).toEqual([]);
  });
});
