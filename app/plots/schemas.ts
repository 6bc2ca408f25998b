import { z } from "zod";
import { PermittedUse } from "~/platform/database/generated/prisma/enums.ts";
import { refuseHiddenCharacters } from "~/platform/plain-text.ts";

// The plot forms' schemas, used by the browser (Conform) and always by the server, and by the
// import for each row. Messages are catalog keys. The boundary is checked on the server (Turf, and
// the rest of the inventory).

/** Plot codes: phase digit and side, then a number, e.g. 1W-03. */
const PLOT_CODE = /^[0-9][A-Z]-[0-9]{2,3}$/;
export const plotCodeSchema = z.string().regex(PLOT_CODE);

export const permittedUses = Object.values(PermittedUse);

export const plotFieldsSchema = z.object({
  code: z.string({ error: "errors.enterPlotCode" }).trim().toUpperCase().regex(PLOT_CODE, { error: "inventory.errors.code" }),
  phase: z.string({ error: "errors.enterPhaseCode" }).trim().toUpperCase().regex(/^[A-Z0-9]{2,8}$/, { error: "inventory.errors.phase" }),
  maxGfaM2: z.coerce.number({ error: "inventory.errors.gfa" }).int({ error: "inventory.errors.gfa" }).min(1, { error: "inventory.errors.gfa" }).max(10_000_000, { error: "inventory.errors.gfa" }),
  permittedUses: z.array(z.enum(PermittedUse), { error: "errors.choosePermittedUses" }).min(1, { error: "errors.choosePermittedUses" }),
  polygon: z.string({ error: "errors.enterBoundary" }).max(200_000, { error: "errors.tooLong" }),
});
export type PlotFields = z.infer<typeof plotFieldsSchema>;

/** Editing a plot: its code is fixed (the page's, not the form's). */
export const plotEditSchema = plotFieldsSchema.omit({ code: true });

/** Retiring a plot from the inventory: the reason goes on record. */
export const retirePlotSchema = z.object({
  reason: z.string({ error: "inventory.errors.reason" }).trim().min(3, { error: "inventory.errors.reason" }).max(500, { error: "inventory.errors.reason" }).superRefine(refuseHiddenCharacters("retirementReason")),
});
