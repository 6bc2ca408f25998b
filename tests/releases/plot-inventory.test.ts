import { beforeAll, describe, expect, it } from "vitest";
import { getCurrentUser, type CurrentUser } from "~/accounts/sessions.server.ts";
import { importPlots } from "~/plots/import.server.ts";
import { createPlot, retirePlot, updatePlot } from "~/plots/inventory.server.ts";
import type { PlotFields } from "~/plots/schemas.ts";
import { seedDemoPark } from "../../prisma/seed.ts";
import { withTestDatabase } from "../support/database.ts";
import { sessionCookieFor } from "../support/users.ts";

const db = withTestDatabase();
let admin: CurrentUser;

// East of the demo park, where no plot is: squares of about 100 m.
const DLON = 100 / (111_320 * Math.cos((22.51 * Math.PI) / 180));
const DLAT = 100 / 110_574;
function square(col: number, row = 0, size = 1): number[][] {
  const [x, y] = [114.1 + col * DLON, 22.51 + row * DLAT];
  return [[x, y], [x + size * DLON, y], [x + size * DLON, y + size * DLAT], [x, y + size * DLAT], [x, y]];
}
const geometry = (ring: number[][]) => JSON.stringify({ type: "Polygon", coordinates: [ring] });
const fields = (code: string, ring: number[][], extra: Partial<PlotFields> = {}): PlotFields => ({
  code,
  phase: "P2E",
  maxGfaM2: 40_000,
  permittedUses: ["dry_lab_rnd"],
  polygon: geometry(ring),
  ...extra,
});

beforeAll(async () => {
  await seedDemoPark(db());
  admin = (await getCurrentUser(new Request("http://portal.test/", { headers: { Cookie: await sessionCookieFor("admin@demo.hsitp.example") } })))!;
});

describe("a plot's polygon", () => {
  it.each([
    ["not JSON", "{nope", "inventory.errors.polygonJson"],
    ["a point", JSON.stringify({ type: "Point", coordinates: [114.1, 22.51] }), "inventory.errors.notPolygon"],
    ["an open ring", JSON.stringify({ type: "Polygon", coordinates: [square(0).slice(0, 4).concat([[114.2, 22.6]])] }), "inventory.errors.notClosed"],
    ["a bow tie", geometry([[114.1, 22.51], [114.101, 22.511], [114.101, 22.51], [114.1, 22.511], [114.1, 22.51]]), "inventory.errors.selfIntersecting"],
    ["off the globe", geometry([[514.1, 22.51], [514.2, 22.51], [514.2, 22.6], [514.1, 22.51]]), "inventory.errors.notPolygon"],
  ])("is refused when it is %s", async (_case, polygon, key) => {
    const result = await createPlot(admin, fields("2E-90", square(0), { polygon }));
    expect(result).toEqual({ status: "invalid", problems: [expect.objectContaining({ field: "polygon", key })] });
    expect(await db().plot.count({ where: { code: "2E-90" } })).toBe(0);
  });

  it("may not take land of another plot, but may share its edge", async () => {
    const demo = await db().plot.findUniqueOrThrow({ where: { code: "1W-01" } });
    const ring = (demo.polygon as { coordinates: number[][][] }).coordinates[0]!.map(([x, y]) => [x! + DLON / 5, y!]);
    expect(await createPlot(admin, fields("2E-91", ring))).toEqual({
      status: "invalid",
      problems: [{ field: "polygon", key: "inventory.errors.overlaps", values: { code: "1W-01" } }],
    });
    expect(await createPlot(admin, fields("2E-91", square(0)))).toEqual({ status: "saved", code: "2E-91" });
    expect(await createPlot(admin, fields("2E-92", square(1)))).toEqual({ status: "saved", code: "2E-92" });
  });
});

describe("the inventory", () => {
  it("measures the site area from the polygon and records the creation", async () => {
    const plot = await db().plot.findUniqueOrThrow({ where: { code: "2E-91" } });
    expect(plot.siteAreaM2).toBeGreaterThan(9_900);
    expect(plot.siteAreaM2).toBeLessThan(10_100);
    expect(plot.state).toBe("inventory");
    expect(await db().auditEvent.count({ where: { action: "plot.created", subjectId: "2E-91" } })).toBe(1);
  });

  it("refuses a taken code, an unknown phase and a zero floor area", async () => {
    const result = await createPlot(admin, fields("2E-91", square(5), { phase: "P9X" }));
    expect(result.status === "invalid" && result.problems.map((p) => p.key)).toEqual(["inventory.errors.codeTaken", "inventory.errors.unknownPhase"]);
  });

  it("edits inventory plots only, and retires them with a reason", async () => {
    // Growing to one and a half squares would take half of 2E-92.
    expect(await updatePlot(admin, "2E-91", fields("2E-91", square(0, 0, 1.5)))).toEqual({
      status: "invalid",
      problems: [{ field: "polygon", key: "inventory.errors.overlaps", values: { code: "2E-92" } }],
    });
    expect(await updatePlot(admin, "2E-91", fields("2E-91", square(0), { maxGfaM2: 50_000, permittedUses: ["wet_lab_rnd"] }))).toEqual({ status: "saved", code: "2E-91" });
    expect(await db().plot.findUniqueOrThrow({ where: { code: "2E-91" } })).toMatchObject({ maxGfaM2: 50_000, permittedUses: ["wet_lab_rnd"] });
    await expect(updatePlot(admin, "1W-07", fields("1W-07", square(8)))).rejects.toThrow("inventory.errors.notInInventory");
    await retirePlot(admin, "2E-92", "Land returned to the government for a road");
    expect((await db().plot.findUniqueOrThrow({ where: { code: "2E-92" } })).state).toBe("withdrawn");
    await expect(retirePlot(admin, "2E-92", "twice")).rejects.toThrow("inventory.errors.notInInventory");
  });
});

describe("importing many plots", () => {
  const csv = (rows: string[]) =>
    ["code,phase,max_gfa_m2,permitted_uses,polygon", ...rows].join("\n");
  const row = (code: string, ring: number[][], gfa = "30000", uses = "wet_lab_rnd;pilot_production") => `${code},P2E,${gfa},${uses},"${geometry(ring).replace(/"/g, '""')}"`;

  it("previews a CSV with a message for each broken row and imports nothing while any row is broken", async () => {
    const file = { name: "batch.csv", text: csv([row("2E-93", square(10)), row("2E-94", square(12), "-5"), row("2E-95", square(10)), row("2E-96", square(14), "1000", "swimming_pool")]) };
    const preview = await importPlots(admin, file, true);
    expect(preview.status).toBe("preview");
    if (preview.status !== "preview") return;
    expect(preview.valid).toBe(false);
    expect(preview.rows.map((r) => [r.line, r.code, r.problems.map((p) => p.key)])).toEqual([
      [2, "2E-93", []],
      [3, "2E-94", ["inventory.errors.gfa"]],
      [4, "2E-95", ["inventory.errors.overlaps"]],
      [5, "2E-96", [expect.stringMatching(/./)]],
    ]);
    expect(await db().plot.count({ where: { code: { in: ["2E-93", "2E-94", "2E-95", "2E-96"] } } })).toBe(0);
  });

  it("imports a valid GeoJSON collection in one step, recorded once", async () => {
    const collection = {
      type: "FeatureCollection",
      features: [20, 22].map((col, i) => ({
        type: "Feature",
        properties: { code: `2E-9${7 + i}`, phase: "P2E", maxGfaM2: 25_000, permittedUses: ["talent_accommodation"] },
        geometry: { type: "Polygon", coordinates: [square(col)] },
      })),
    };
    expect(await importPlots(admin, { name: "east.geojson", text: JSON.stringify(collection) }, false)).toMatchObject({ status: "preview", valid: true });
    expect(await db().plot.count({ where: { code: { in: ["2E-97", "2E-98"] } } })).toBe(0);
    expect(await importPlots(admin, { name: "east.geojson", text: JSON.stringify(collection) }, true)).toEqual({ status: "imported", codes: ["2E-97", "2E-98"] });
    expect(await db().auditEvent.count({ where: { action: "plots.imported" } })).toBe(1);
  });

  it.each([
    ["plots.txt", "whatever", "inventory.errors.fileType"],
    ["plots.geojson", "{]", "inventory.errors.fileJson"],
    ["plots.geojson", JSON.stringify({ type: "Polygon", coordinates: [] }), "inventory.errors.notFeatureCollection"],
    ["plots.csv", 'code,phase\n"unterminated', "inventory.errors.csv"],
    ["plots.csv", "code,phase,max_gfa_m2,permitted_uses,polygon\n", "inventory.errors.emptyFile"],
  ])("refuses %s that cannot be read", async (name, text, key) => {
    expect(await importPlots(admin, { name, text }, true)).toMatchObject({ status: "invalid-file", problem: { key } });
  });
});
