import { z } from "zod";
import { db } from "~/platform/database/db.server.ts";
import { PUBLIC_RELEASE } from "~/releases/releases.server.ts";
import { plotCodeSchema } from "./schemas.ts";
import { boxAround, projectSitePlan, type PlanPlot, type Polygon, type SitePlanDrawing } from "./site-plan.ts";

/** Polygons are checked on the way out too: a malformed one must not break the site plan. */
const polygonSchema: z.ZodType<Polygon> = z.object({
  type: z.literal("Polygon"),
  coordinates: z.array(z.array(z.tuple([z.number(), z.number()])).min(4)).min(1),
});

/** Plots as stored, drawn: their polygons checked, then projected. */
export function drawn(plots: (Omit<PlanPlot, "polygon"> & { polygon: unknown })[]): SitePlanDrawing {
  return projectSitePlan(plots.map((p) => ({ ...p, polygon: polygonSchema.parse(p.polygon) })));
}

/**
 * The plots on the site plan (plot facts are public; releases decide the rest). Retired plots have
 * left it, but for the one named by `alsoShow` (its own page).
 */
export async function drawSitePlan(alsoShow?: string): Promise<SitePlanDrawing> {
  const plots = await db().plot.findMany({
    where: { OR: [{ state: { not: "withdrawn" } }, ...(alsoShow ? [{ code: alsoShow }] : [])] },
    orderBy: { code: "asc" },
    select: { code: true, state: true, polygon: true },
  });
  return drawn(plots);
}

/**
 * A release's site plan: its plots (`codes`), and the park's plots with a corner in the box around
 * them (`boxAround`), chosen by the database: a park of a thousand plots sends the neighbourhood,
 * not every polygon, to be drawn. Retired plots are never drawn (nor do they widen the box).
 */
export async function drawSitePlanAround(codes: string[]): Promise<SitePlanDrawing> {
  const offered = await db().plot.findMany({ where: { code: { in: codes }, state: { not: "withdrawn" } }, select: { polygon: true } });
  const box = boxAround(offered.map((plot) => polygonSchema.parse(plot.polygon)));
  if (!box) return drawSitePlan();
  const plots = await db().$queryRaw<{ code: string; state: PlanPlot["state"]; polygon: unknown }[]>`
    SELECT code, state, polygon FROM "Plot"
    WHERE state <> 'withdrawn' AND (code = ANY(${codes}::text[]) OR EXISTS (
      SELECT 1 FROM jsonb_array_elements(polygon -> 'coordinates' -> 0) AS corner
      WHERE (corner ->> 0)::float8 BETWEEN ${box.west} AND ${box.east} AND (corner ->> 1)::float8 BETWEEN ${box.south} AND ${box.north}))
    ORDER BY code`;
  return drawn(plots);
}

/** A plot with the published releases it was offered in (drafts never appear), or null. */
export async function getPublicPlot(code: string) {
  const parsed = plotCodeSchema.safeParse(code);
  if (!parsed.success) return null;
  const plot = await db().plot.findUnique({
    where: { code: parsed.data },
    select: {
      code: true,
      siteAreaM2: true,
      maxGfaM2: true,
      permittedUses: true,
      state: true,
      phase: { select: { code: true, nameEn: true, nameZhHant: true } },
      releases: {
        where: { release: PUBLIC_RELEASE },
        orderBy: { release: { publicationAt: "desc" } },
        select: {
          withdrawnAt: true,
          release: {
            select: { id: true, code: true, titleEn: true, titleZhHant: true, state: true, publicationAt: true, submissionDeadline: true },
          },
        },
      },
    },
  });
  if (!plot) return null;
  return { ...plot, releases: plot.releases.map((r) => ({ ...r.release, withdrawn: r.withdrawnAt !== null })) };
}

/** Every plot of the inventory, whatever its state, by code (administrators only). */
export function listInventory() {
  return db().plot.findMany({ orderBy: { code: "asc" }, select: { code: true, state: true, siteAreaM2: true, maxGfaM2: true, permittedUses: true, phase: { select: { code: true } } } });
}

/** The plots a new release may offer: those in the inventory, by code. */
export function plotsInInventory() {
  return db().plot.findMany({ where: { state: "inventory" }, orderBy: { code: "asc" }, select: { code: true, siteAreaM2: true, phase: { select: { code: true } } } });
}

/** A plot as administrators keep it, whatever its state, or null. */
export async function getInventoryPlot(code: string | undefined) {
  const parsed = plotCodeSchema.safeParse(code);
  if (!parsed.success) return null;
  return db().plot.findUnique({ where: { code: parsed.data }, include: { phase: { select: { code: true } } } });
}
