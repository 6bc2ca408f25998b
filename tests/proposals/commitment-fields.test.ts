import { describe, expect, it } from "vitest";
import { deadlineDayOf, proposalDraftSchema } from "~/proposals/schemas.ts";

const parse = (fields: Record<string, string>, deadlineDay?: string) => proposalDraftSchema(20_000, deadlineDay).safeParse({ revision: "1", ...fields });
const problems = (fields: Record<string, string>, deadlineDay?: string) => {
  const result = parse(fields, deadlineDay);
  return result.success ? [] : result.error.issues.map((i) => [i.path.join("."), i.message]);
};

describe("the countable promises of the proposal form", () => {
  it("take whole numbers of research posts and graduate places, 0 to 50,000", () => {
    expect(parse({ researchPosts: "0", graduatePlaces: "50000" })).toMatchObject({ success: true, data: { researchPosts: 0, graduatePlaces: 50_000 } });
    expect(problems({ researchPosts: "-1", graduatePlaces: "2.5" })).toEqual([["researchPosts", "proposals.errors.researchPosts"], ["graduatePlaces", "proposals.errors.graduatePlaces"]]);
    expect(problems({ researchPosts: "50001" })).toEqual([["researchPosts", "proposals.errors.researchPostsOverMax"]]);
  });

  it("take figures as digits with separators only, not as whatever JavaScript reads as a number", () => {
    expect(parse({ grossFloorAreaM2: "12,000", researchPosts: "1 200" })).toMatchObject({ success: true, data: { grossFloorAreaM2: 12_000, researchPosts: 1_200 } });
    for (const typed of ["1e3", "0x10", "+5", "1.0"]) {
      expect(problems({ grossFloorAreaM2: typed, researchPosts: typed }), typed).toEqual([["grossFloorAreaM2", "proposals.errors.gfa"], ["researchPosts", "proposals.errors.researchPosts"]]);
    }
  });

  it("want the milestones in order, the first after the deadline's day", () => {
    const inOrder = { designApprovalBy: "2027-01-01", constructionStartBy: "2027-01-01", toppingOutBy: "2028-01-01", completionBy: "2029-01-01", openingBy: "2029-02-01" };
    expect(problems(inOrder, "2026-12-31")).toEqual([]);
    expect(problems({ ...inOrder, designApprovalBy: "2026-12-31" }, "2026-12-31")).toEqual([["designApprovalBy", "proposals.errors.milestoneBeforeDeadline"]]);
    expect(problems({ ...inOrder, toppingOutBy: "2026-12-31", completionBy: "2028-12-31" }, "2026-12-01")).toEqual([["toppingOutBy", "proposals.errors.milestoneOrder.toppingOutBy"]]);
    // A blank date is compared with none: a draft may be saved part-done.
    expect(problems({ designApprovalBy: "2027-05-01", completionBy: "2027-04-01" }, "2026-12-31")).toEqual([["completionBy", "proposals.errors.milestoneOrder.completionBy"]]);
    expect(problems({ openingBy: "31/12/2029" })).toEqual([["openingBy", "proposals.errors.milestoneDate"]]);
  });

  it("count the deadline's day in Hong Kong", () => {
    // 23:00 on 31 Dec in Hong Kong is 15:00 UTC; 00:30 on 1 Jan in Hong Kong is still 31 Dec in UTC.
    expect(deadlineDayOf(new Date("2026-12-31T15:00:00Z"))).toBe("2026-12-31");
    expect(deadlineDayOf(new Date("2026-12-31T16:30:00Z"))).toBe("2027-01-01");
  });
});
