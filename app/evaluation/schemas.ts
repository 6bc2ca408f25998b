import { z } from "zod";

/** Naming another chair for a release's panel (browser-safe: the confirmation page and its action). */
export const chairChangeSchema = z.object({
  chairId: z.uuid({ error: "chair.errors.chooseChair" }),
  reason: z.string({ error: "chair.errors.reasonRequired" }).trim().min(3, { error: "chair.errors.reasonRequired" }).max(2_000, { error: "errors.tooLong" }),
});
export type ChairChange = z.infer<typeof chairChangeSchema>;
