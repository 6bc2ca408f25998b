import { z } from "zod";
import { focusSectors } from "~/accounts/schemas.ts";
import type { VariationSubject } from "~/platform/database/generated/prisma/enums.ts";
import { refuseHiddenCharacters, type TextField } from "~/platform/plain-text.ts";
import { MILESTONE_KINDS } from "./promises.ts";

// The variation forms, used by the browser (Conform) and always by the server.

export const VARIATION_SUBJECTS = ["gross_floor_area", "sectors", "investment", "research_posts", "graduate_places", "milestone"] as const satisfies readonly VariationSubject[];

/** The largest figures a promise may be varied to: a plot's floor area, HK$10 trillion, a headcount. */
const LIMITS = { gross_floor_area: 10_000_000, research_posts: 50_000, graduate_places: 50_000 } as const;

const reason = (field: TextField, missing: string) =>
  z.string({ error: missing }).trim().min(2, { error: missing }).max(2_000, { error: "variations.errors.reasonTooLong" }).superRefine(refuseHiddenCharacters(field));

/**
 * A request to change one promise: what (the subject, and which milestone), the value asked for, and
 * why, in English and in Chinese (the record is read in both, like a release's title). The value is
 * one field whose form depends on the subject; `toValue` is what the record stores (a number, an
 * amount as a digit string, a date "YYYY-MM-DD" or a list of sectors).
 */
export const variationRequestSchema = z
  .object({
    subject: z.enum(VARIATION_SUBJECTS, { error: "variations.errors.subject" }),
    milestoneKind: z.enum(MILESTONE_KINDS, { error: "variations.errors.milestoneKind" }).optional(),
    value: z.string().trim().optional(),
    sectors: z.array(z.enum(focusSectors, { error: "errors.chooseSector" })).optional().default([]),
    reasonEn: reason("variationReasonEn", "variations.errors.reasonEn"),
    reasonZhHant: reason("variationReasonZhHant", "variations.errors.reasonZhHant"),
  })
  .transform((input, context) => {
    const refuse = (message: string, path: string) => {
      context.addIssue({ code: "custom", message, path: [path] });
      return z.NEVER;
    };
    const digits = (input.value ?? "").replace(/[,\s]/g, "").replace(/^HK\$/i, "");
    let toValue: number | string | string[];
    switch (input.subject) {
      case "gross_floor_area":
      case "research_posts":
      case "graduate_places": {
        const least = input.subject === "gross_floor_area" ? 1 : 0;
        if (!/^\d{1,8}$/.test(digits) || Number(digits) < least || Number(digits) > LIMITS[input.subject]) return refuse(`variations.errors.value.${input.subject}`, "value");
        toValue = Number(digits);
        break;
      }
      case "investment":
        if (!/^\d{1,13}$/.test(digits) || BigInt(digits) === 0n) return refuse("variations.errors.value.investment", "value");
        toValue = String(BigInt(digits));
        break;
      case "sectors":
        if (input.sectors.length === 0) return refuse("variations.errors.value.sectors", "sectors");
        toValue = [...new Set(input.sectors)].sort();
        break;
      case "milestone":
        if (!input.milestoneKind) return refuse("variations.errors.milestoneKind", "milestoneKind");
        if (!z.iso.date().safeParse(input.value).success) return refuse("variations.errors.value.milestone", "value");
        toValue = input.value!;
        break;
    }
    return { subject: input.subject, milestoneKind: input.subject === "milestone" ? input.milestoneKind! : null, toValue, reasonEn: input.reasonEn, reasonZhHant: input.reasonZhHant };
  });
export type VariationRequest = z.output<typeof variationRequestSchema>;

export const VARIATION_DECISIONS = ["approved", "refused"] as const;

/** An administrator's decision on a variation, with a note for the awardee (needed when refusing: they must know why). */
export const variationDecisionSchema = z
  .object({
    decision: z.enum(VARIATION_DECISIONS, { error: "variations.errors.decision" }),
    note: z.string().trim().max(2_000, { error: "variations.errors.reasonTooLong" }).superRefine(refuseHiddenCharacters("variationDecisionNote")).optional().transform((v) => v ?? ""),
  })
  .superRefine((value, context) => {
    if (value.decision === "refused" && !value.note) context.addIssue({ code: "custom", message: "variations.errors.refusalNote", path: ["note"] });
  });
export type VariationDecision = z.output<typeof variationDecisionSchema>;
