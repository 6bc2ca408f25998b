import { refuseHiddenCharacters } from "~/platform/plain-text.ts";
import { z } from "zod";
import { DECISION_REASONS, reasonFormProblem } from "./reasons.ts";

// The chair's decision form, for the browser (Conform, early messages) and the server. Whether a
// template states what the ranking says of the proposal needs the ranking: the server checks that
// (decisions.server.ts) with the same rule (reasons.ts).

const note = (field: "notesEn" | "notesZhHant") => z.string().trim().max(1_000, { error: "errors.tooLong" }).superRefine(refuseHiddenCharacters(field)).optional();

export const decisionSchema = z
  .object({
    proposalId: z.uuid(),
    outcome: z.enum(["shortlisted", "reserve", "not_shortlisted"], { error: "outcomes.errors.chooseOutcome" }),
    reason: z.enum(DECISION_REASONS, { error: "outcomes.errors.chooseReason" }),
    noteEn: note("notesEn"),
    noteZhHant: note("notesZhHant"),
  })
  .superRefine((value, context) => {
    const problem = reasonFormProblem(value.outcome, { reason: value.reason, noteEn: value.noteEn ?? null, noteZhHant: value.noteZhHant ?? null });
    if (problem) context.addIssue({ code: "custom", message: problem, path: [fieldOf(problem, value.noteEn)] });
  });

/** The field a reason problem concerns, for the error summary's link. */
export function fieldOf(problem: string, noteEn: string | null | undefined): "reason" | "noteEn" | "noteZhHant" {
  if (problem === "outcomes.errors.noteBothLanguages") return noteEn?.trim() ? "noteZhHant" : "noteEn";
  if (problem === "outcomes.errors.noteRequired") return "noteEn";
  return "reason";
}


/** Naming another chair for a release's panel (browser-safe: the confirmation page and its action). */
export const chairChangeSchema = z.object({
  chairId: z.uuid({ error: "chair.errors.chooseChair" }),
  reason: z.string({ error: "chair.errors.reasonRequired" }).trim().min(3, { error: "chair.errors.reasonRequired" }).max(2_000, { error: "errors.tooLong" }),
});
export type ChairChange = z.infer<typeof chairChangeSchema>;
