import { z } from "zod";
import { focusSectors } from "~/accounts/schemas.ts";
import type { VariationSubject } from "~/platform/database/generated/prisma/enums.ts";
import { refuseHiddenCharacters, type TextField } from "~/platform/plain-text.ts";
import { typedHkd, typedWholeNumber } from "~/platform/typed-numbers.ts";
import { MILESTONE_KINDS } from "./promises.ts";

// The variation forms, used by the browser (Conform) and always by the server.

export const VARIATION_SUBJECTS = ["gross_floor_area", "sectors", "investment", "research_posts", "graduate_places", "milestone"] as const satisfies readonly VariationSubject[];

/** The largest figures a promise may be varied to: a plot's floor area, HK$10 trillion, a headcount. */
const LIMITS = { gross_floor_area: 10_000_000, research_posts: 50_000, graduate_places: 50_000 } as const;

const reason = (field: TextField, missing: string) =>
  z.string({ error: missing }).trim().min(2, { error: missing }).max(2_000, { error: "variations.errors.reasonTooLong" }).superRefine(refuseHiddenCharacters(field));

const reasons = {
  reasonEn: reason("variationReasonEn", "variations.errors.reasonEn"),
  reasonZhHant: reason("variationReasonZhHant", "variations.errors.reasonZhHant"),
};

/**
 * A request to change one promise: what (the subject, and which milestone), the value asked for, and
 * why, in English and in Chinese (the record is read in both, like a release's title). The value's
 * form depends on the subject; `toValue` is what the record stores (a number, an amount as a digit
 * string, a date "YYYY-MM-DD" or a list of sectors).
 */
export const variationRequestSchema = z
  .discriminatedUnion(
    "subject",
    [
      z.object({ subject: z.literal("gross_floor_area"), value: typedWholeNumber({ least: 1, most: LIMITS.gross_floor_area, notAWholeNumber: "variations.errors.value.gross_floor_area" }), ...reasons }),
      z.object({ subject: z.literal("research_posts"), value: typedWholeNumber({ least: 0, most: LIMITS.research_posts, notAWholeNumber: "variations.errors.value.research_posts" }), ...reasons }),
      z.object({ subject: z.literal("graduate_places"), value: typedWholeNumber({ least: 0, most: LIMITS.graduate_places, notAWholeNumber: "variations.errors.value.graduate_places" }), ...reasons }),
      z.object({
        subject: z.literal("investment"),
        value: typedHkd({ least: 1, message: "variations.errors.value.investment" }),
        ...reasons,
      }),
      z.object({ subject: z.literal("sectors"), sectors: z.array(z.enum(focusSectors, { error: "errors.chooseSector" }), { error: "variations.errors.value.sectors" }).min(1, { error: "variations.errors.value.sectors" }), ...reasons }),
      z.object({
        subject: z.literal("milestone"),
        milestoneKind: z.enum(MILESTONE_KINDS, { error: "variations.errors.milestoneKind" }),
        value: z.iso.date({ error: "variations.errors.value.milestone" }),
        ...reasons,
      }),
    ],
    { error: "variations.errors.subject" },
  )
  .transform((input) => ({
    subject: input.subject,
    milestoneKind: input.subject === "milestone" ? input.milestoneKind : null,
    toValue: input.subject === "sectors" ? [...new Set(input.sectors)].sort() : input.value,
    reasonEn: input.reasonEn,
    reasonZhHant: input.reasonZhHant,
  }));
export type VariationRequest = z.output<typeof variationRequestSchema>;

export const VARIATION_DECISIONS = ["approved", "refused"] as const;

const decisionNote = (field: "variationDecisionNoteEn" | "variationDecisionNoteZhHant") =>
  z.string().trim().max(2_000, { error: "variations.errors.reasonTooLong" }).superRefine(refuseHiddenCharacters(field)).optional().transform((v) => v ?? "");

/**
 * An administrator's decision on a variation, with a note to the awardee in English and Traditional
 * Chinese (the awardee's members read it in their language): both or neither, and both to refuse.
 */
export const variationDecisionSchema = z
  .object({
    decision: z.enum(VARIATION_DECISIONS, { error: "variations.errors.decision" }),
    noteEn: decisionNote("variationDecisionNoteEn"),
    noteZhHant: decisionNote("variationDecisionNoteZhHant"),
  })
  .superRefine((value, context) => {
    const refused = value.decision === "refused";
    if (!refused && !value.noteEn && !value.noteZhHant) return;
    if (!value.noteEn) context.addIssue({ code: "custom", message: refused ? "variations.errors.refusalNoteEn" : "variations.errors.noteBothLanguages", path: ["noteEn"] });
    if (!value.noteZhHant) context.addIssue({ code: "custom", message: refused ? "variations.errors.refusalNoteZhHant" : "variations.errors.noteBothLanguages", path: ["noteZhHant"] });
  });
export type VariationDecision = z.output<typeof variationDecisionSchema>;
