import { describe, expect, it } from "vitest";
import { DECISION_REASONS, decisionReasonText, reasonProblem, reasonsFor, suggestedReason, type ReasonFigures } from "~/evaluation/reasons.ts";
import { decisionSchema } from "~/evaluation/schemas.ts";
import { languages, translator, type Language } from "~/platform/i18n/i18n.ts";

// Figures as the ranking keeps them (six decimals); people read at most two.
const first: ReasonFigures = { plot: "1W-01", technicalScore: 56.274647, passMark: 45, passed: true, financialScore: 25, total: 81.274647, rank: 1 };
const second: ReasonFigures = { ...first, technicalScore: 50.5, financialScore: 22.123456, total: 72.623456, rank: 2 };
const failed: ReasonFigures = { ...first, technicalScore: 42.666667, passed: false, financialScore: null, total: null, rank: null };
const none = { noteEn: null, noteZhHant: null };
const text = (language: Language, reason: (typeof DECISION_REASONS)[number], figures: ReasonFigures, note: { noteEn: string | null; noteZhHant: string | null } = none) =>
  decisionReasonText(translator(language), language, { reason, ...note }, figures);

describe("decision reasons in every language", () => {
  it("state the proposal's own figures rounded as on screen, with the plot's code, in English", () => {
    expect(text("en", "highest_total", first)).toBe("Highest total for plot 1W-01: 81.27 (technical 56.27, financial 25).");
    expect(text("en", "reserve", second)).toBe("Reserve for plot 1W-01: ranked 2 with a total of 72.62, should the shortlisted proposer not proceed.");
    expect(text("en", "below_other_total", second)).toBe("Ranked 2 for plot 1W-01: a total of 72.62, below another proposal's total.");
    expect(text("en", "below_pass_mark", failed)).toBe("Technical score 42.67 below the pass mark of 45: the financial envelope was not opened.");
  });

  it("and in Traditional Chinese, with full-width punctuation", () => {
    expect(text("zh-Hant", "highest_total", first)).toBe("地段 1W-01 總分最高：81.27（技術 56.27，財務 25）。");
    expect(text("zh-Hant", "reserve", second)).toBe("地段 1W-01 的候補：排名第 2，總分 72.62；如入圍的投標者未能繼續，將由候補接替。");
    expect(text("zh-Hant", "below_other_total", second)).toBe("在地段 1W-01 排名第 2：總分 72.62，低於另一份建議書的總分。");
    expect(text("zh-Hant", "below_pass_mark", failed)).toBe("技術分數 42.67 未達合格分數 45：財務標書沒有開啟。");
  });

  it("add the note in the reader's language", () => {
    const note = { noteEn: "Its labs open first.", noteZhHant: "其實驗室最先啟用。" };
    expect(text("en", "highest_total", first, note)).toBe("Highest total for plot 1W-01: 81.27 (technical 56.27, financial 25). Its labs open first.");
    expect(text("zh-Hant", "highest_total", first, note)).toBe("地段 1W-01 總分最高：81.27（技術 56.27，財務 25）。其實驗室最先啟用。");
    expect(text("en", "panel_note", second, note)).toBe("For the reason the panel gives: Its labs open first.");
    expect(text("zh-Hant", "panel_note", second, note)).toBe("評審小組的理由：其實驗室最先啟用。");
  });

  it("exist in every catalog, never falling back to the key or to another language", () => {
    for (const language of languages) {
      const english = DECISION_REASONS.map((r) => text("en", r, r === "below_pass_mark" ? failed : second));
      for (const [i, reason] of DECISION_REASONS.entries()) {
        const rendered = text(language, reason, reason === "below_pass_mark" ? failed : second);
        expect(rendered).not.toContain("outcomes.");
        if (language !== "en") expect(rendered).not.toBe(english[i]);
      }
    }
  });
});

describe("which reason may explain an outcome", () => {
  it("only one whose claim the ranking bears out", () => {
    expect(reasonProblem("shortlisted", { reason: "highest_total", ...none }, first)).toBeNull();
    expect(reasonProblem("shortlisted", { reason: "highest_total", ...none }, second)).toBe("outcomes.errors.reasonNotTrue");
    expect(reasonProblem("not_shortlisted", { reason: "below_pass_mark", ...none }, second)).toBe("outcomes.errors.reasonNotTrue");
    expect(reasonProblem("not_shortlisted", { reason: "below_other_total", ...none }, failed)).toBe("outcomes.errors.reasonNotTrue");
    expect(reasonProblem("reserve", { reason: "reserve", ...none }, first)).toBe("outcomes.errors.reasonNotTrue");
    expect(reasonProblem("reserve", { reason: "highest_total", ...none }, first)).toBe("outcomes.errors.reasonNotForOutcome");
  });

  it("with a note in both languages or neither; the panel's note needs one", () => {
    expect(reasonProblem("shortlisted", { reason: "highest_total", noteEn: "Strong.", noteZhHant: " " }, first)).toBe("outcomes.errors.noteBothLanguages");
    expect(reasonProblem("shortlisted", { reason: "highest_total", noteEn: null, noteZhHant: "強。" }, first)).toBe("outcomes.errors.noteBothLanguages");
    expect(reasonProblem("reserve", { reason: "panel_note", ...none }, first)).toBe("outcomes.errors.noteRequired");
    expect(reasonProblem("reserve", { reason: "panel_note", noteEn: "Due diligence pending.", noteZhHant: "盡職審查進行中。" }, first)).toBeNull();
  });

  it("suggests the template that states the ranking, else the panel's note", () => {
    expect(reasonsFor("not_shortlisted")).toEqual(["below_pass_mark", "below_other_total", "panel_note"]);
    expect(suggestedReason("shortlisted", first)).toBe("highest_total");
    expect(suggestedReason("not_shortlisted", failed)).toBe("below_pass_mark");
    expect(suggestedReason("not_shortlisted", second)).toBe("below_other_total");
    expect(suggestedReason("shortlisted", second)).toBe("panel_note");
  });

  it("the chair's form says so before sending, on the field concerned", () => {
    const id = "6f1c1a52-8f3e-4d7c-9a53-6b6f0f3d2a10";
    const issues = (fields: Record<string, string>) => decisionSchema.safeParse({ proposalId: id, ...fields }).error?.issues.map((i) => [i.path.join("."), i.message]);
    expect(issues({ outcome: "shortlisted", reason: "highest_total" })).toBeUndefined();
    expect(issues({ outcome: "shortlisted", reason: "highest_total", noteEn: "Strong." })).toEqual([["noteZhHant", "outcomes.errors.noteBothLanguages"]]);
    expect(issues({ outcome: "reserve", reason: "panel_note" })).toEqual([["noteEn", "outcomes.errors.noteRequired"]]);
    expect(issues({ outcome: "reserve", reason: "below_pass_mark" })).toEqual([["reason", "outcomes.errors.reasonNotForOutcome"]]);
    expect(issues({ outcome: "reserve", reason: "whatever" })).toEqual([["reason", "outcomes.errors.chooseReason"]]);
  });
});
