import { z } from "zod";
import { refuseHiddenCharacters } from "~/platform/plain-text.ts";
import { typedHkd, typedWholeNumber } from "~/platform/typed-numbers.ts";
import { MILESTONE_KINDS } from "./promises.ts";

/**
 * The progress report's form and the administrator's review (browser-safe: Conform checks them in
 * the browser, the routes on the server). Each message is a catalog key saying what to do. The
 * evidence documents are checked on the server as they stream to storage (kind by content, size).
 */

export const NARRATIVE_MAX = 5_000;
export const REVIEW_NOTE_MAX = 2_000;
export const REPORT_DOCUMENTS_MAX = 5;
/** More than any plot or programme could hold: a typing slip, not a figure. */
const COUNT_LIMIT = 1_000_000;
const AREA_LIMIT = 10_000_000;

const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, { error: "progressReports.errors.reachedOn" }).refine((value) => !Number.isNaN(new Date(`${value}T00:00:00Z`).getTime()), { error: "progressReports.errors.reachedOn" });
const count = (error: string, limit = COUNT_LIMIT) => typedWholeNumber({ least: 0, most: limit, notAWholeNumber: error });

/** A document stored when the form was sent, kept for the check-your-answers page (its key is ours, never typed). */
export const keptDocumentSchema = z.object({
  key: z.string().regex(/^progress-report-uploads\/\d{4}-\d{2}\/[0-9a-f-]{36}$/, { error: "progressReports.errors.documentGone" }),
  fileName: z.string().min(1).max(300),
});

export const progressReportSchema = z
  .object({
    dueOn: z.string({ error: "progressReports.errors.dueOn" }).regex(/^\d{4}-\d{2}-\d{2}$/, { error: "progressReports.errors.dueOn" }),
    /** Whole Hong Kong dollars, typed with or without thousands separators. */
    investmentSpentHkd: typedHkd({ message: "progressReports.errors.investment" }),
    researchPostsFilled: count("progressReports.errors.researchPosts"),
    graduatePlacesFilled: count("progressReports.errors.graduatePlaces"),
    gfaCompletedM2: count("progressReports.errors.gfaCompleted", AREA_LIMIT),
    gfaLetM2: count("progressReports.errors.gfaLet", AREA_LIMIT),
    narrative: z.string().trim().max(NARRATIVE_MAX, { error: "progressReports.errors.narrativeTooLong" }).superRefine(refuseHiddenCharacters("progressNarrative")).optional().transform((value) => value ?? ""),
    /** The date each milestone claimed as reached was reached; a milestone left empty is not claimed. */
    reached: z.object(Object.fromEntries(MILESTONE_KINDS.map((kind) => [kind, day.optional()])) as Record<(typeof MILESTONE_KINDS)[number], z.ZodOptional<typeof day>>).optional().transform((value) => value ?? {}),
    kept: z.array(keptDocumentSchema).max(REPORT_DOCUMENTS_MAX, { error: "progressReports.errors.tooManyDocuments" }).optional().transform((value) => value ?? []),
  })
  .superRefine((input, ctx) => {
    if (input.gfaLetM2 > input.gfaCompletedM2) ctx.addIssue({ code: "custom", path: ["gfaLetM2"], message: "progressReports.errors.gfaLetOverCompleted" });
  });
export type ProgressReportInput = z.infer<typeof progressReportSchema>;

export const reviewReportSchema = z.object({
  note: z.string({ error: "progressReports.errors.queryNote" }).trim().min(10, { error: "progressReports.errors.queryNote" }).max(REVIEW_NOTE_MAX, { error: "progressReports.errors.queryNoteTooLong" }).superRefine(refuseHiddenCharacters("progressReviewNote")),
});
