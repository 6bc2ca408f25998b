import { area } from "@turf/area";
import { featureCollection, polygon as turfPolygon } from "@turf/helpers";
import { intersect } from "@turf/intersect";
import { kinks } from "@turf/kinks";
import { z } from "zod";
import { recordAuditEvent } from "~/platform/audit.server.ts";
import type { CurrentUser } from "~/accounts/sessions.server.ts";
import { db } from "~/platform/database/db.server.ts";
import type { Prisma } from "~/platform/database/generated/prisma/client.ts";
import type { PermittedUse } from "~/platform/database/generated/prisma/enums.ts";
import type { Tx } from "~/platform/database/transactions.server.ts";
import { DomainError } from "~/platform/domain-error.ts";
import type { PlotFields } from "./schemas.ts";
import type { Polygon } from "./site-plan.ts";

/** A problem with a plot, as a catalog key and its values, e.g. overlap with plot 1W-03. */
export interface PlotProblem {
  field: "code" | "phase" | "maxGfaM2" | "permittedUses" | "polygon" | "row";
  key: string;
  values?: Record<string, string | number>;
}

/** Overlaps smaller than this (m²) are rounding where two plots share an edge. */
const OVERLAP_TOLERANCE_M2 = 1;

const position = z.tuple([z.number().min(-180).max(180), z.number().min(-90).max(90)]);
const polygonShape = z.object({ type: z.literal("Polygon"), coordinates: z.array(z.array(position).min(4)).min(1).max(20) });

export interface ValidPlot {
  code: string;
  phaseId: string;
  maxGfaM2: number;
  permittedUses: PermittedUse[];
  polygon: Polygon;
  siteAreaM2: number;
}

/** The polygon as GeoJSON, or the reason it is not one we accept (closed, simple, on Earth). */
export function checkPolygonShape(text: string): { polygon: Polygon } | { problem: PlotProblem } {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return { problem: { field: "polygon", key: "inventory.errors.polygonJson" } };
  }
  // A Feature or a one-feature collection is taken for its geometry.
  const geometry = (json as { type?: string; geometry?: unknown })?.type === "Feature" ? (json as { geometry: unknown }).geometry : json;
  const shape = polygonShape.safeParse(geometry);
  if (!shape.success) return { problem: { field: "polygon", key: "inventory.errors.notPolygon" } };
  const rings = shape.data.coordinates as [number, number][][];
  for (const ring of rings) {
    const [first, last] = [ring[0]!, ring.at(-1)!];
    if (first[0] !== last[0] || first[1] !== last[1]) return { problem: { field: "polygon", key: "inventory.errors.notClosed" } };
  }
  const polygon: Polygon = { type: "Polygon", coordinates: rings };
  if (kinks(turfPolygon(rings)).features.length > 0) return { problem: { field: "polygon", key: "inventory.errors.selfIntersecting" } };
  return { polygon };
}

/** Plots whose land this polygon takes (more than a sliver), by code. */
export function overlappingPlots(polygon: Polygon, others: { code: string; polygon: Polygon }[]): string[] {
  const mine = turfPolygon(polygon.coordinates);
  return others
    .filter((other) => {
      const shared = intersect(featureCollection([mine, turfPolygon(other.polygon.coordinates)]));
      return shared !== null && area(shared) > OVERLAP_TOLERANCE_M2;
    })
    .map((other) => other.code);
}

/**
 * Checks one plot against the rules and the rest of the inventory (and the other plots being
 * imported with it). The site area is measured from the polygon, never typed.
 */
export async function validatePlot(
  fields: PlotFields,
  context: { phases: Map<string, string>; others: { code: string; polygon: Polygon }[]; existingCodes: Set<string> },
): Promise<{ plot: ValidPlot } | { problems: PlotProblem[] }> {
  const problems: PlotProblem[] = [];
  if (context.existingCodes.has(fields.code)) problems.push({ field: "code", key: "inventory.errors.codeTaken", values: { code: fields.code } });
  const phaseId = context.phases.get(fields.phase);
  if (!phaseId) problems.push({ field: "phase", key: "inventory.errors.unknownPhase", values: { phase: fields.phase } });
  const shape = checkPolygonShape(fields.polygon);
  if ("problem" in shape) return { problems: [...problems, shape.problem] };
  const siteAreaM2 = Math.round(area(turfPolygon(shape.polygon.coordinates)));
  if (siteAreaM2 < 100) problems.push({ field: "polygon", key: "inventory.errors.tooSmall", values: { area: siteAreaM2 } });
  for (const code of overlappingPlots(shape.polygon, context.others)) {
    problems.push({ field: "polygon", key: "inventory.errors.overlaps", values: { code } });
  }
  if (problems.length > 0) return { problems };
  return { plot: { code: fields.code, phaseId: phaseId!, maxGfaM2: fields.maxGfaM2, permittedUses: fields.permittedUses, polygon: shape.polygon, siteAreaM2 } };
}

/** What a plot is checked against: the phases, the other plots' land, and the codes in use. */
export async function inventoryContext(tx: Tx, except?: string) {
  // One after the other: a transaction's statements share one connection.
  const phases = await tx.phase.findMany({ select: { id: true, code: true } });
  // Withdrawn plots have left the site plan; their land may be drawn again.
  const plots = await tx.plot.findMany({ where: { state: { not: "withdrawn" } }, select: { code: true, polygon: true } });
  const all = await tx.plot.findMany({ select: { code: true } });
  return {
    phases: new Map(phases.map((p) => [p.code, p.id])),
    others: plots.filter((p) => p.code !== except).map((p) => ({ code: p.code, polygon: p.polygon as unknown as Polygon })),
    existingCodes: new Set(all.map((p) => p.code).filter((code) => code !== except)),
  };
}

/** A plot in a scheduled release is still "in inventory" until publication, but already promised. */
async function offeredInLiveRelease(tx: Tx, plotId: string): Promise<boolean> {
  const count = await tx.releasePlot.count({ where: { plotId, withdrawnAt: null, release: { state: { in: ["scheduled", "open", "closed"] } } } });
  return count > 0;
}

/**
 * Inventory changes take turns, so two administrators cannot draw overlapping plots at once (nor
 * change plots that a publication takes out of the inventory).
 */
export const lockInventory = (tx: Tx) => tx.$queryRaw`SELECT 1 FROM pg_advisory_xact_lock(4201185202)`;

export type PlotOutcome = { status: "saved"; code: string } | { status: "invalid"; problems: PlotProblem[] };

export async function createPlot(admin: CurrentUser, fields: PlotFields): Promise<PlotOutcome> {
  return db().$transaction(async (tx) => {
    await lockInventory(tx);
    const result = await validatePlot(fields, await inventoryContext(tx));
    if ("problems" in result) return { status: "invalid", problems: result.problems };
    const plot = await tx.plot.create({ data: { ...result.plot, polygon: result.plot.polygon as unknown as Prisma.InputJsonObject } });
    await recordAuditEvent(tx, { actorId: admin.id, action: "plot.created", subjectType: "plot", subjectId: plot.code, data: { ...result.plot, phaseId: undefined, phase: fields.phase } });
    return { status: "saved", code: plot.code };
  });
}

/** Edits a plot that is in the inventory; a plot offered in a release is fixed until it returns. */
export async function updatePlot(admin: CurrentUser, code: string, fields: PlotFields): Promise<PlotOutcome> {
  return db().$transaction(async (tx) => {
    await lockInventory(tx);
    const existing = await tx.plot.findUnique({ where: { code } });
    if (!existing) throw new DomainError("inventory.errors.unknownPlot");
    if (existing.state !== "inventory" || (await offeredInLiveRelease(tx, existing.id))) throw new DomainError("inventory.errors.notInInventory");
    const result = await validatePlot({ ...fields, code }, await inventoryContext(tx, code));
    if ("problems" in result) return { status: "invalid", problems: result.problems };
    await tx.plot.update({ where: { code }, data: { ...result.plot, code, polygon: result.plot.polygon as unknown as Prisma.InputJsonObject } });
    await recordAuditEvent(tx, {
      actorId: admin.id,
      action: "plot.updated",
      subjectType: "plot",
      subjectId: code,
      data: { before: { maxGfaM2: existing.maxGfaM2, permittedUses: existing.permittedUses, siteAreaM2: existing.siteAreaM2 }, after: { maxGfaM2: result.plot.maxGfaM2, permittedUses: result.plot.permittedUses, siteAreaM2: result.plot.siteAreaM2 } },
    });
    return { status: "saved", code };
  });
}

/** Retires a plot from the inventory (state withdrawn), with the reason on record. */
export async function retirePlot(admin: CurrentUser, code: string, reason: string): Promise<void> {
  await db().$transaction(async (tx) => {
    await lockInventory(tx);
    const plot = await tx.plot.findUnique({ where: { code } });
    if (plot && (await offeredInLiveRelease(tx, plot.id))) throw new DomainError("inventory.errors.notInInventory");
    const { count } = await tx.plot.updateMany({ where: { code, state: "inventory" }, data: { state: "withdrawn" } });
    if (count !== 1) throw new DomainError("inventory.errors.notInInventory");
    await recordAuditEvent(tx, { actorId: admin.id, action: "plot.retired", subjectType: "plot", subjectId: code, data: { reason } });
  });
}
