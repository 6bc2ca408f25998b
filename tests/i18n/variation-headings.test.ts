import { describe, expect, it } from "vitest";
import { VariationSubject, MilestoneKind } from "~/platform/database/generated/prisma/enums.ts";
import { variationSubjectText } from "~/developments/promise-values.ts";
import { languages, translator } from "~/platform/i18n/i18n.ts";

const colons = (text: string) => [...text].filter((c) => c === ":" || c === "：").length;

// A variation's page headings put a colon between what changes and the plot ("Variation of
// Research posts: plot 1W-07"). What changes must not bring a colon of its own: the milestone
// subject once read "Variation of Milestone: Topping out: plot 1W-07" / "里程碑：平頂的變更：地段 1W-07".
describe("a variation's headings", () => {
  const subjects = [
    ...Object.values(VariationSubject).filter((s) => s !== "milestone").map((subject) => ({ subject, kind: null })),
    ...Object.values(MilestoneKind).map((kind) => ({ subject: VariationSubject.milestone, kind })),
  ];

  it.each(languages)("name what changes without a colon (%s)", (language) => {
    const t = translator(language);
    for (const { subject, kind } of subjects) expect(colons(variationSubjectText(t, subject, kind)), `${subject} ${kind}`).toBe(0);
  });

  it.each(languages)("have exactly one colon, for every promise (%s)", (language) => {
    const t = translator(language);
    for (const { subject, kind } of subjects) {
      const promise = variationSubjectText(t, subject, kind);
      for (const key of ["variations.requestHeading", "variations.decideHeading"]) {
        const heading = t(key, { promise, plot: "1W-07" });
        expect(colons(heading), heading).toBe(1);
        expect(heading).not.toMatch(/[:：]\s*[:：]/);
      }
    }
  });
});
