import { z } from "zod";
import { refuseHiddenCharacters, type TextField } from "~/platform/plain-text.ts";

/**
 * The challenge forms (browser-safe: Conform checks them in the browser, the routes on the server).
 * Each message is a catalog key saying what to do.
 */

export const GROUNDS_MAX = 5_000;
export const RESPONSE_MAX = 5_000;

const text = (field: TextField, min: number, max: number, tooShort: string, tooLong: string) =>
  z.string({ error: tooShort }).trim().min(min, { error: tooShort }).max(max, { error: tooLong }).superRefine(refuseHiddenCharacters(field));

/** The challenge's fields; its documents are checked on the server as they stream to storage (kind by content, size). */
export const lodgeChallengeSchema = z.object({
  award: z.uuid({ error: "challenges.errors.award" }),
  grounds: text("challengeGrounds", 20, GROUNDS_MAX, "challenges.errors.grounds", "challenges.errors.groundsTooLong"),
});

export const CHALLENGE_DECISIONS = ["dismissed", "upheld"] as const;
export const REOPEN_STAGES = ["moderation", "decisions"] as const;

export const decideChallengeSchema = z
  .object({
    decision: z.enum(CHALLENGE_DECISIONS, { error: "challenges.errors.decision" }),
    response: text("challengeResponse", 10, RESPONSE_MAX, "challenges.errors.response", "challenges.errors.responseTooLong"),
    stage: z.enum(REOPEN_STAGES, { error: "challenges.errors.stage" }).optional(),
  })
  .superRefine((input, ctx) => {
    if (input.decision === "upheld" && !input.stage) ctx.addIssue({ code: "custom", path: ["stage"], message: "challenges.errors.stage" });
  });
export type ChallengeDecisionInput = z.infer<typeof decideChallengeSchema>;
