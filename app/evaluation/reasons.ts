/**
 * Decision reasons (browser-safe): the chair chooses a template that exists in every language and
 * may add a note written in both languages. The template's figures are never typed: they are the
 * proposal's own figures from the ranking, rounded as on screen (formatScore), so the reason reads
 * the same as the table beside it in every language, the PDF, the CSV and the outcome email.
 *
 * One function renders a reason (`decisionReasonText`); every page, email and export calls it.
 */
import type { i18n } from "i18next";
import { pick, type Language } from "~/platform/i18n/i18n.ts";
import { formatScore, type RankedProposal } from "./ranking.ts";

export const DECISION_REASONS = ["highest_total", "reserve", "below_pass_mark", "below_other_total", "panel_note"] as const;
export type DecisionReasonTemplate = (typeof DECISION_REASONS)[number];
export type DecisionOutcome = "shortlisted" | "reserve" | "not_shortlisted";

/** A decision's reason as stored: the template and the optional note (both languages or neither). */
export interface DecisionReasonRecord {
  reason: DecisionReasonTemplate;
  noteEn: string | null;
  noteZhHant: string | null;
}

/** The proposal's own figures a reason may state (nothing of any other proposal). */
export type ReasonFigures = Pick<RankedProposal, "plot" | "technicalScore" | "passMark" | "passed" | "financialScore" | "total" | "rank">;

/**
 * What each template claims, so that it is only chosen where it is true: the outcome it explains
 * and the ranking facts it states. The panel's note explains any outcome, in its own words.
 */
const CLAIMS: Record<DecisionReasonTemplate, { outcomes: readonly DecisionOutcome[]; holds: (f: ReasonFigures) => boolean }> = {
  highest_total: { outcomes: ["shortlisted"], holds: (f) => f.passed && f.rank === 1 },
  reserve: { outcomes: ["reserve"], holds: (f) => f.passed && f.rank !== null && f.rank > 1 },
  below_pass_mark: { outcomes: ["not_shortlisted"], holds: (f) => !f.passed },
  below_other_total: { outcomes: ["not_shortlisted"], holds: (f) => f.passed && f.rank !== null && f.rank > 1 },
  panel_note: { outcomes: ["shortlisted", "reserve", "not_shortlisted"], holds: () => true },
};

/** The templates that fit an outcome (for the chair's choice, in this order). */
export function reasonsFor(outcome: DecisionOutcome): DecisionReasonTemplate[] {
  return DECISION_REASONS.filter((r) => CLAIMS[r].outcomes.includes(outcome));
}

/** The template that fits the ranking's facts for a proposal, as the chair's page suggests it. */
export function suggestedReason(outcome: DecisionOutcome, figures: ReasonFigures): DecisionReasonTemplate {
  return reasonsFor(outcome).find((r) => r !== "panel_note" && CLAIMS[r].holds(figures)) ?? "panel_note";
}

/**
 * What the chair's form can tell without the ranking (a catalog key, or null): a note is written in
 * both languages or in neither, the panel's note template needs one, and the template must explain
 * the outcome.
 */
export function reasonFormProblem(outcome: DecisionOutcome, record: DecisionReasonRecord): string | null {
  const en = record.noteEn?.trim() ?? "";
  const zhHant = record.noteZhHant?.trim() ?? "";
  if (Boolean(en) !== Boolean(zhHant)) return "outcomes.errors.noteBothLanguages";
  if (record.reason === "panel_note" && !en) return "outcomes.errors.noteRequired";
  if (!CLAIMS[record.reason].outcomes.includes(outcome)) return "outcomes.errors.reasonNotForOutcome";
  return null;
}

/** Does the template state what the ranking says of this proposal? */
export function reasonHolds(reason: DecisionReasonTemplate, figures: ReasonFigures): boolean {
  return CLAIMS[reason].holds(figures);
}

/** Why a reason cannot be recorded for this outcome and this proposal's figures (a catalog key), or null when it can. */
export function reasonProblem(outcome: DecisionOutcome, record: DecisionReasonRecord, figures: ReasonFigures): string | null {
  return reasonFormProblem(outcome, record) ?? (reasonHolds(record.reason, figures) ? null : "outcomes.errors.reasonNotTrue");
}

/**
 * A decision's reason in the reader's language: the template with the proposal's own figures
 * (at most two decimals, as on screen) and the note in that language.
 */
export function decisionReasonText(t: i18n["t"], language: Language, record: DecisionReasonRecord, figures: ReasonFigures): string {
  const score = (value: number | null) => (value === null ? "—" : formatScore(value));
  const text = t(`outcomes.reasons.${record.reason}`, {
    plot: figures.plot,
    technical: score(figures.technicalScore),
    passMark: score(figures.passMark),
    financial: score(figures.financialScore),
    total: score(figures.total),
    rank: figures.rank ?? "—",
  });
  const note = record.noteEn && record.noteZhHant ? pick(language, { en: record.noteEn, zhHant: record.noteZhHant }) : "";
  return note ? t("outcomes.reasonWithNote", { reason: text, note }) : text;
}
