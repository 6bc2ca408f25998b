import { z } from "zod";
import { focusSectors } from "~/accounts/schemas.ts";
import { refuseHiddenCharacters, type TextField } from "~/platform/plain-text.ts";
import { parkCalendarDay } from "~/platform/time.ts";
import { groupDigits, leftBlankOr, typedHkd, typedWholeNumber } from "~/platform/typed-numbers.ts";

// The proposal form, used by the browser (Conform) and always by the server. A draft may be
// incomplete: every field is optional here, but what is typed must be well-formed. Completeness is
// checked on submission (see `missingForSubmission` in sealing.server.ts).

/** A long text of the technical envelope: tabs and line breaks are fine, hidden characters are not. */
const longText = (field: TextField) =>
  z
    .string()
    .max(20_000, { error: "errors.textTooLong" })
    .superRefine(refuseHiddenCharacters(field))
    .optional()
    .transform((value) => value?.trim() ?? "");

/** Whole Hong Kong dollars, typed with or without thousands separators; below HK$10 trillion. */
const hkd = (field: "landPremiumHkd" | "investmentCommitmentHkd") => leftBlankOr(typedHkd({ message: `proposals.errors.${field}` }));

/** The largest gross floor area any plot could have; the plot's own maximum is checked as well. */
const GFA_LIMIT = 10_000_000;

/**
 * The most research posts or graduate places one plot's promise may count: the whole park's target
 * is in the thousands, so a larger figure is a typing slip, not a promise.
 */
export const HEADCOUNT_LIMIT = 50_000;

/** Research posts or graduate places: each field's messages name it. */
const headcount = (field: "researchPosts" | "graduatePlaces") =>
  leftBlankOr(typedWholeNumber({ least: 0, most: HEADCOUNT_LIMIT, notAWholeNumber: `proposals.errors.${field}`, overMost: `proposals.errors.${field}OverMax` }));

const calendarDay = z.iso.date({ error: "proposals.errors.milestoneDate" }).optional();

/** The proposal form's id: Conform gives each field's element the id `${formId}-${name}`. */
export const proposalFormId = (proposalId: string) => `proposal-${proposalId}`;

/** Where a field of the proposal form is on its page: the "Change" and "missing" links go there. */
export const proposalFieldAnchor = (proposalId: string, name: ProposalFieldName) => `${proposalFormId(proposalId)}-${name}`;

/** The programme's milestones in the order they must come (each on or after the one before it). */
export const MILESTONE_FIELDS = ["designApprovalBy", "constructionStartBy", "toppingOutBy", "completionBy", "openingBy"] as const;
export type MilestoneField = (typeof MILESTONE_FIELDS)[number];

/**
 * What is wrong with a programme's milestone dates ("YYYY-MM-DD", blank ones skipped): the first must
 * come after the submission deadline's day, and each on or after the one before it. The form and the
 * submission both ask this (an addendum can move the deadline past dates saved earlier).
 */
export function milestoneProblems(dates: Partial<Record<MilestoneField, string | null | undefined>>, deadlineDay: string | undefined): { field: MilestoneField; message: string }[] {
  const problems: { field: MilestoneField; message: string }[] = [];
  let previous: MilestoneField | null = null;
  for (const field of MILESTONE_FIELDS) {
    const value = dates[field];
    if (!value) continue;
    if (deadlineDay && value <= deadlineDay) problems.push({ field, message: "proposals.errors.milestoneBeforeDeadline" });
    else if (previous && value < dates[previous]!) problems.push({ field, message: `proposals.errors.milestoneOrder.${field}` });
    previous = field;
  }
  return problems;
}

/** The submission deadline's calendar day in the park ("YYYY-MM-DD"): milestones come after it. */
export const deadlineDayOf = (submissionDeadline: Date) => parkCalendarDay(submissionDeadline).toISOString().slice(0, 10);

/**
 * The proposal form's schema. `deadlineDay` (the submission deadline's calendar day in the park,
 * "YYYY-MM-DD") is given for releases with structured commitments: their milestones must come after it.
 */
export function proposalDraftSchema(maxGfaM2: number = GFA_LIMIT, deadlineDay?: string) {
  return z
    .object({
    revision: z.coerce.number().int().min(1),
    developmentScheme: longText("developmentScheme"),
    intendedSectors: z.array(z.enum(focusSectors, { error: "errors.chooseSector" })).max(focusSectors.length).optional().default([]),
    grossFloorAreaM2: leftBlankOr(typedWholeNumber({ least: 1, most: maxGfaM2, notAWholeNumber: "proposals.errors.gfa", overMost: "proposals.errors.gfaOverMax" })),
    programme: longText("programme"),
    trackRecord: longText("trackRecord"),
    jobsTalentPlan: longText("jobsTalentPlan"),
    researchPosts: headcount("researchPosts"),
    graduatePlaces: headcount("graduatePlaces"),
    designApprovalBy: calendarDay,
    constructionStartBy: calendarDay,
    toppingOutBy: calendarDay,
    completionBy: calendarDay,
    openingBy: calendarDay,
    landPremiumHkd: hkd("landPremiumHkd"),
    investmentCommitmentHkd: hkd("investmentCommitmentHkd"),
  })
    .superRefine((value, context) => {
      for (const problem of milestoneProblems(value, deadlineDay)) context.addIssue({ code: "custom", path: [problem.field], message: problem.message });
    });
}
export type ProposalDraftInput = z.infer<ReturnType<typeof proposalDraftSchema>>;

/** The fields of a proposal as forms and comparisons see them (amounts as digit strings). */
export interface ProposalFields {
  developmentScheme: string;
  intendedSectors: string[];
  grossFloorAreaM2: number | null;
  programme: string;
  trackRecord: string;
  jobsTalentPlan: string;
  researchPosts: number | null;
  graduatePlaces: number | null;
  /** Milestone dates as calendar days, "YYYY-MM-DD". */
  designApprovalBy: string | null;
  constructionStartBy: string | null;
  toppingOutBy: string | null;
  completionBy: string | null;
  openingBy: string | null;
  landPremiumHkd: string | null;
  investmentCommitmentHkd: string | null;
}

/**
 * A draft's fields as its form shows them: figures grouped as people type them ("1,250,000,000",
 * "21,600"), so a reload shows what was typed, not "1250000000"; blank ones empty.
 */
export function draftFormValues(fields: ProposalFields) {
  const grouped = (value: string | number | null) => (value === null ? undefined : groupDigits(value));
  return {
    ...fields,
    grossFloorAreaM2: grouped(fields.grossFloorAreaM2),
    researchPosts: grouped(fields.researchPosts),
    graduatePlaces: grouped(fields.graduatePlaces),
    landPremiumHkd: grouped(fields.landPremiumHkd),
    investmentCommitmentHkd: grouped(fields.investmentCommitmentHkd),
  };
}

/** The fields whose values differ between two copies of a proposal, in the form's order. */
export function differingFields(a: ProposalFields, b: ProposalFields): ProposalFieldName[] {
  const same = (x: unknown, y: unknown) => (Array.isArray(x) && Array.isArray(y) ? [...x].sort().join() === [...y].sort().join() : x === y);
  return [...TECHNICAL_FIELDS, ...COMMITMENT_FIELDS, ...FINANCIAL_FIELDS].filter((name) => !same(a[name], b[name]));
}

export const TECHNICAL_FIELDS = ["developmentScheme", "intendedSectors", "grossFloorAreaM2", "programme", "trackRecord", "jobsTalentPlan"] as const;
/** The technical envelope's countable promises: asked only in releases with structured commitments. */
export const COMMITMENT_FIELDS = ["researchPosts", "graduatePlaces", ...MILESTONE_FIELDS] as const;
export const FINANCIAL_FIELDS = ["landPremiumHkd", "investmentCommitmentHkd"] as const;
export type ProposalFieldName = (typeof TECHNICAL_FIELDS)[number] | (typeof COMMITMENT_FIELDS)[number] | (typeof FINANCIAL_FIELDS)[number];

/** The technical envelope's fields in a release: its countable promises too where the release asks for them. */
export const technicalFields = (structuredCommitments: boolean): readonly ProposalFieldName[] => (structuredCommitments ? [...TECHNICAL_FIELDS, ...COMMITMENT_FIELDS] : TECHNICAL_FIELDS);

export const submitSchema = z.object({
  declaration: z.literal("on", { error: "proposals.errors.declaration" }),
});

/** Files at or above this size go to S3 in parts; smaller ones in one presigned PUT. */
export const MULTIPART_THRESHOLD = 16 * 1024 * 1024;
/** S3 parts: at least 5 MiB (S3's minimum) and at most 10,000 of them. */
export const PART_SIZE = 16 * 1024 * 1024;

export const startUploadSchema = z.object({
  requiredDocumentId: z.uuid(),
  fileName: z.string().min(1).max(1_000).superRefine(refuseHiddenCharacters("fileName")),
  size: z.coerce.number().int().min(1).max(5 * 1024 ** 4),
});

/** How the browser is to send a file: to our streaming route (disk), in one presigned PUT, or in parts to S3. */
export type UploadPlan =
  | { documentId: string; method: "disk"; url: string }
  | { documentId: string; method: "put"; url: string; contentType: string }
  | { documentId: string; method: "multipart"; partSize: number; partCount: number };
