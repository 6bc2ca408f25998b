import { z } from "zod";
import { plotCodeSchema } from "~/plots/schemas.ts";
import type { FieldProblem } from "~/platform/ui/problems.ts";
import { parseHongKongLocal } from "~/platform/time.ts";
import { refuseHiddenCharacters, type TextField } from "~/platform/plain-text.ts";
import { FILE_KINDS } from "./defaults.ts";

// A release's conditions and the builder form, used by the browser (Conform, for early messages)
// and always by the server. Messages are catalog keys. The rules that need the server's clock,
// its settings or the database are checked on the server only (conditions.server.ts).

/** Release codes as the park writes them, e.g. HSITP-2026-02. Anything else cannot exist. */
export const releaseCodeSchema = z.string({ error: "builder.errors.code" }).regex(/^[A-Z0-9][A-Z0-9-]{1,31}$/, { error: "builder.errors.code" });

/** A problem with a release's conditions: a catalog key, the field it concerns, and its values. */
export type ReleaseProblem = FieldProblem;

const DAY = 86_400_000;
/** Text that may be left empty; `field` names it when it holds hidden characters. */
const text = (max: number, field: TextField) => z.string().trim().max(max, { error: "errors.tooLong" }).superRefine(refuseHiddenCharacters(field));
/** Text that must be given; `missing` says which. */
const required = (max: number, missing: string, field: TextField) =>
  z.string({ error: missing }).trim().max(max, { error: "errors.tooLong" }).min(1, { error: missing }).superRefine(refuseHiddenCharacters(field));
/** A whole number from `min` to `max`; anything else is told with one message. */
const whole = (min: number, max: number, error: string) => z.coerce.number({ error }).int({ error }).min(min, { error }).max(max, { error });
const envelope = z.enum(["technical", "financial"], { error: "errors.chooseEnvelope" });

/** How many criteria and required documents a release has, and what is said otherwise. */
interface RowCount {
  min: number;
  max: number;
  error: string;
}
const CRITERIA: RowCount = { min: 2, max: 30, error: "builder.errors.fewCriteria" };
const REQUIRED_DOCUMENTS: RowCount = { min: 1, max: 30, error: "builder.errors.noDocuments" };
const counted = <Row extends z.ZodType>(row: Row, { min, max, error }: RowCount) => z.array(row).min(min, { error }).max(max, { error });

export const criterionSchema = z.object({
  nameEn: required(200, "errors.enterCriterionEn", "criterionNameEn"),
  nameZhHant: required(200, "errors.enterCriterionZhHant", "criterionNameZhHant"),
  descriptionEn: text(2_000, "criterionDescriptionEn").default(""),
  descriptionZhHant: text(2_000, "criterionDescriptionZhHant").default(""),
  envelope,
  weight: whole(1, 100, "builder.errors.weight"),
  maxScore: whole(1, 100, "builder.errors.maxScore"),
});

export const requiredDocumentSchema = z.object({
  nameEn: required(200, "errors.enterDocumentEn", "documentNameEn"),
  nameZhHant: required(200, "errors.enterDocumentZhHant", "documentNameZhHant"),
  envelope,
  acceptedTypes: z.array(z.enum(FILE_KINDS), { error: "errors.chooseFileTypes" }).min(1, { error: "errors.chooseFileTypes" }),
  maxSizeMb: whole(1, 2_000, "builder.errors.maxSize"),
  // An unticked checkbox sends nothing.
  mandatory: z.boolean().default(false),
});

export const releaseConditionsSchema = z.object({
  code: releaseCodeSchema,
  titleEn: required(300, "errors.enterTitleEn", "titleEn"),
  titleZhHant: required(300, "errors.enterTitleZhHant", "titleZhHant"),
  phase: z.string({ error: "errors.choosePhase" }).regex(/^[A-Z0-9]{2,8}$/, { error: "errors.choosePhase" }),
  publicationAt: z.coerce.date(),
  clarificationEndsAt: z.coerce.date(),
  submissionDeadline: z.coerce.date(),
  openingAt: z.coerce.date(),
  eligibilityEn: text(5_000, "eligibilityEn").default(""),
  eligibilityZhHant: text(5_000, "eligibilityZhHant").default(""),
  passMarkPercent: whole(1, 100, "builder.errors.passMark"),
  // Optional for callers that predate it: the database keeps the default of 10 calendar days.
  standstillDays: whole(1, 60, "standstill.errors.days").optional(),
  plotCodes: z.array(plotCodeSchema, { error: "builder.errors.noPlots" }).min(1, { error: "builder.errors.noPlots" }).max(100),
  criteria: counted(criterionSchema, CRITERIA),
  requiredDocuments: counted(requiredDocumentSchema, REQUIRED_DOCUMENTS),
});
export type ReleaseConditions = z.infer<typeof releaseConditionsSchema>;

/** What only the server knows: its clock, and the minimum tender period it is set to. */
export interface ServerFacts {
  now: Date;
  minTenderPeriodDays: number;
}

/**
 * The rules a release's conditions must meet, whatever else is true: weights add up to 100, both
 * envelopes are evaluated, the timeline is in order and leaves the minimum tender period. Without
 * the server's facts (in the browser), the rules that need them are left to the server.
 */
export function conditionRuleProblems(conditions: ReleaseConditions, server?: ServerFacts): ReleaseProblem[] {
  const problems: ReleaseProblem[] = [];
  const total = conditions.criteria.reduce((sum, c) => sum + c.weight, 0);
  if (total !== 100) problems.push({ field: "criteria", key: "builder.errors.weightsTotal", values: { total } });
  for (const envelope of ["technical", "financial"] as const) {
    if (!conditions.criteria.some((c) => c.envelope === envelope)) problems.push({ field: "criteria", key: `builder.errors.no_${envelope}` });
  }
  const { publicationAt, clarificationEndsAt, submissionDeadline, openingAt } = conditions;
  if (server && submissionDeadline <= server.now) problems.push({ field: "submissionDeadline", key: "builder.errors.deadlinePast" });
  if (clarificationEndsAt <= publicationAt) problems.push({ field: "clarificationEndsAt", key: "builder.errors.clarificationBeforePublication" });
  if (clarificationEndsAt >= submissionDeadline) problems.push({ field: "clarificationEndsAt", key: "builder.errors.clarificationAfterDeadline" });
  if (server && submissionDeadline.getTime() - publicationAt.getTime() < server.minTenderPeriodDays * DAY) {
    problems.push({ field: "submissionDeadline", key: "builder.errors.tenderPeriod", values: { days: server.minTenderPeriodDays } });
  }
  if (openingAt < submissionDeadline) problems.push({ field: "openingAt", key: "builder.errors.openingBeforeDeadline" });
  if (new Set(conditions.plotCodes).size !== conditions.plotCodes.length) problems.push({ field: "plotCodes", key: "builder.errors.duplicatePlots" });
  return problems;
}

const TIME = "builder.errors.time";
/** A time typed in Hong Kong time, as the builder's timeline fields take it. */
const hongKongTime = z.string({ error: TIME }).transform((typed, ctx) => {
  const time = parseHongKongLocal(typed);
  if (time) return time;
  ctx.addIssue({ code: "custom", message: TIME });
  return z.NEVER;
});

/**
 * The builder's rows of criteria or documents: it offers a fixed number, and a row left without a
 * name is left out. The others are checked where they stand, so a problem shows beside its row.
 */
function namedRows<Row extends z.ZodObject>(row: Row, count: RowCount) {
  // What a row sends, unchecked until it is known to be named (then the row's schema checks it).
  const sent = z.object(Object.fromEntries(Object.keys(row.shape).map((key) => [key, z.any().optional()])) as { [K in keyof Row["shape"]]: z.ZodOptional<z.ZodAny> });
  const named = (typed: Record<string, unknown>) => Boolean(typed.nameEn || typed.nameZhHant);
  const rowOrNothing = sent.transform((typed): unknown => (named(typed) ? typed : null)).pipe(row.nullable());
  return z
    .array(rowOrNothing)
    .transform((rows) => rows.filter((r) => r !== null))
    .refine((rows) => rows.length >= count.min && rows.length <= count.max, { error: count.error });
}

/** The builder form: the release's conditions as typed, checked with every rule the browser can check. */
export const releaseBuilderSchema = releaseConditionsSchema
  .extend({
    code: z.string({ error: "builder.errors.code" }).trim().toUpperCase().pipe(releaseCodeSchema),
    publicationAt: hongKongTime,
    clarificationEndsAt: hongKongTime,
    submissionDeadline: hongKongTime,
    openingAt: hongKongTime,
    criteria: namedRows(criterionSchema, CRITERIA),
    requiredDocuments: namedRows(requiredDocumentSchema, REQUIRED_DOCUMENTS),
  })
  .superRefine(
    (conditions, ctx) => {
      for (const { field, key, values } of conditionRuleProblems(conditions)) ctx.addIssue({ code: "custom", path: [field], message: key, params: values });
    },
    // As the server does: the rules are checked once every field is well-formed.
    { when: (payload) => payload.issues.length === 0 },
  );

/** A tender document's titles, in both languages. */
export const tenderDocumentTitlesSchema = z.object({
  titleEn: z.string().trim().min(1).max(200).superRefine(refuseHiddenCharacters("titleEn")),
  titleZhHant: z.string().trim().min(1).max(200).superRefine(refuseHiddenCharacters("titleZhHant")),
});
