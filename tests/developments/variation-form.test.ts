import { describe, expect, it } from "vitest";
import { variationDecisionSchema, variationRequestSchema } from "~/developments/schemas.ts";

const reasons = { reasonEn: "Market demand changed.", reasonZhHant: "市場需求改變。" };
const problems = (input: Record<string, unknown>) => {
  const result = variationRequestSchema.safeParse(input);
  return result.success ? [] : result.error.issues.map((i) => [i.path.join("."), i.message]);
};

describe("the variation request form", () => {
  it("reads the value as the subject stores it", () => {
    expect(variationRequestSchema.parse({ subject: "gross_floor_area", value: "21,000", ...reasons })).toMatchObject({ subject: "gross_floor_area", milestoneKind: null, toValue: 21_000 });
    expect(variationRequestSchema.parse({ subject: "investment", value: "HK$ 1,250,000,000", ...reasons })).toMatchObject({ toValue: "1250000000" });
    expect(variationRequestSchema.parse({ subject: "sectors", sectors: ["new_energy", "ai_data_science", "new_energy"], ...reasons })).toMatchObject({ toValue: ["ai_data_science", "new_energy"] });
    expect(variationRequestSchema.parse({ subject: "milestone", milestoneKind: "opening", value: "2031-03-31", ...reasons })).toMatchObject({ milestoneKind: "opening", toValue: "2031-03-31" });
  });

  it("names every problem at once: the value and both reasons", () => {
    expect(problems({ subject: "research_posts" })).toEqual([
      ["value", "variations.errors.value.research_posts"],
      ["reasonEn", "variations.errors.reasonEn"],
      ["reasonZhHant", "variations.errors.reasonZhHant"],
    ]);
    expect(problems({ subject: "investment", value: "0", ...reasons })).toEqual([["value", "variations.errors.value.investment"]]);
    expect(problems({ subject: "graduate_places", value: "50001", ...reasons })).toEqual([["value", "variations.errors.value.graduate_places"]]);
    expect(problems({ subject: "milestone", value: "2031-03-31", ...reasons })).toEqual([["milestoneKind", "variations.errors.milestoneKind"]]);
    expect(problems({ subject: "sectors", ...reasons })).toEqual([["sectors", "variations.errors.value.sectors"]]);
    expect(problems({ subject: "rent", value: "1", ...reasons })).toEqual([["subject", "variations.errors.subject"]]);
  });
});

describe("the variation decision form", () => {
  const decisionProblems = (input: Record<string, unknown>) => {
    const result = variationDecisionSchema.safeParse(input);
    return result.success ? [] : result.error.issues.map((i) => [i.path.join("."), i.message]);
  };

  it("asks for the note to the awardee in both languages, or neither", () => {
    expect(decisionProblems({ decision: "approved" })).toEqual([]);
    expect(decisionProblems({ decision: "approved", noteEn: "The other milestones stand.", noteZhHant: "其他里程碑維持不變。" })).toEqual([]);
    expect(decisionProblems({ decision: "approved", noteEn: "The other milestones stand." })).toEqual([["noteZhHant", "variations.errors.noteBothLanguages"]]);
    expect(decisionProblems({ decision: "approved", noteZhHant: "其他里程碑維持不變。" })).toEqual([["noteEn", "variations.errors.noteBothLanguages"]]);
  });

  it("refuses only with the reason in both languages", () => {
    expect(decisionProblems({ decision: "refused" })).toEqual([
      ["noteEn", "variations.errors.refusalNoteEn"],
      ["noteZhHant", "variations.errors.refusalNoteZhHant"],
    ]);
    expect(decisionProblems({ decision: "refused", noteEn: "Ask for both dates together.", noteZhHant: "   " })).toEqual([["noteZhHant", "variations.errors.refusalNoteZhHant"]]);
    expect(variationDecisionSchema.parse({ decision: "refused", noteEn: " Ask for both dates together. ", noteZhHant: "請一併申請兩個日期。" })).toEqual({ decision: "refused", noteEn: "Ask for both dates together.", noteZhHant: "請一併申請兩個日期。" });
  });
});
