import { beforeAll, describe, expect, it } from "vitest";
import { loader as healthz } from "~/routes/healthz.ts";
import { loader as home } from "~/routes/_index.tsx";
import { loader as plotPage } from "~/routes/plots.$code.tsx";
import { loader as releasePage } from "~/routes/releases.$code.tsx";
import { loader as releaseList } from "~/routes/releases._index.tsx";
import { boxAround, type Polygon } from "~/plots/site-plan.ts";
import { seedDemoPark } from "../../prisma/seed.ts";
import { withTestDatabase } from "../support/database.ts";
import { loaderArgs, statusOf } from "../support/routes.ts";

const db = withTestDatabase();

beforeAll(async () => {
  await seedDemoPark(db());
});

describe("public pages", () => {
  it("home lists only releases open for proposals", async () => {
    const data = await home();
    expect(data.releases.map((r) => r.code)).toEqual(["HSITP-2026-02"]);
    expect(data.releases[0]!._count.plots).toBe(10);
  });

  it("the release list shows published releases and never a draft", async () => {
    const data = await releaseList(loaderArgs("/releases"));
    expect(data.releases.map((r) => r.code).sort()).toEqual(["HSITP-2026-01", "HSITP-2026-02", "HSITP-2026-03"]);
    expect(data.sitePlan.plots).toHaveLength(32);
  });

  it("the release list narrows by phase, state and permitted use, and ignores nonsense", async () => {
    const codes = async (query: string) => (await releaseList(loaderArgs(`/releases?${query}`))).releases.map((r) => r.code).sort();
    expect(await codes("state=open")).toEqual(["HSITP-2026-02"]);
    expect(await codes("state=draft")).toEqual(["HSITP-2026-01", "HSITP-2026-02", "HSITP-2026-03"]);
    expect(await codes("phase=P2E")).toEqual([]);
    expect(await codes("phase=P1W&state=closed")).toEqual(["HSITP-2026-03"]);
    expect(await codes("state=concluded")).toEqual(["HSITP-2026-01"]);
    for (const use of ["wet_lab_rnd", "talent_accommodation", "pilot_production"]) {
      const offering = (await db().release.findMany({ where: { state: { not: "draft" }, plots: { some: { plot: { permittedUses: { has: use as "wet_lab_rnd" } } } } } })).map((r) => r.code).sort();
      expect(offering.length, use).toBeGreaterThan(0);
      expect(await codes(`use=${use}`), use).toEqual(offering);
    }
    expect(await codes("use=<script>&phase=%00&state[]=x")).toEqual(["HSITP-2026-01", "HSITP-2026-02", "HSITP-2026-03"]);
  });

  it("a published release shows its plots in order", async () => {
    const data = await releasePage(loaderArgs("/releases/HSITP-2026-02", { code: "HSITP-2026-02" }));
    expect(data.release.plots.map((p) => p.plot.code)).toEqual(
      ["07", "08", "09", "10", "11", "12", "13", "14", "15", "16"].map((n) => `1W-${n}`),
    );
  });

  it("a release's site plan draws its plots and the park's plots with a corner near them, not the whole park", async () => {
    const page = await releasePage(loaderArgs("/releases/HSITP-2026-02", { code: "HSITP-2026-02" }));
    const codes = page.release.plots.map(({ plot }) => plot.code);
    const park = await db().plot.findMany({ where: { state: { not: "withdrawn" } }, select: { code: true, polygon: true } });
    const offered = park.filter((plot) => codes.includes(plot.code));
    const box = boxAround(offered.map((plot) => plot.polygon as unknown as Polygon))!;
    const near = park.filter(({ polygon }) => (polygon as unknown as Polygon).coordinates[0]!.some(([lon, lat]) => lon >= box.west && lon <= box.east && lat >= box.south && lat <= box.north));
    expect(page.sitePlan.plots.map((p) => p.code).sort()).toEqual(near.map((p) => p.code).sort());
    for (const plot of offered) expect(page.sitePlan.plots.map((p) => p.code)).toContain(plot.code);
    expect(page.sitePlan.plots.length).toBeGreaterThan(offered.length);
    expect(page.sitePlan.plots.length).toBeLessThan(park.length);
    // The page carries the drawing, not the polygons' coordinates.
    expect(JSON.stringify(page)).not.toContain("coordinates");
  });

  it("a draft release is answered exactly like a missing one: 404", async () => {
    expect(await statusOf(() => releasePage(loaderArgs("/releases/HSITP-2027-01", { code: "HSITP-2027-01" })))).toBe(404);
    expect(await statusOf(() => releasePage(loaderArgs("/releases/HSITP-1999-01", { code: "HSITP-1999-01" })))).toBe(404);
  });

  it("a scheduled release stays hidden until it is published", async () => {
    await db().release.update({ where: { code: "HSITP-2027-01" }, data: { state: "scheduled" } });
    try {
      expect(await statusOf(() => releasePage(loaderArgs("/releases/HSITP-2027-01", { code: "HSITP-2027-01" })))).toBe(404);
      expect((await releaseList(loaderArgs("/releases"))).releases.map((r) => r.code)).not.toContain("HSITP-2027-01");
    } finally {
      await db().release.update({ where: { code: "HSITP-2027-01" }, data: { state: "draft" } });
    }
  });

  it.each(["hsitp-2026-02", "HSITP 2026", "'; DROP TABLE \"Release\";--", "x".repeat(500), "%00", ""])(
    "a malformed release code is a 404, never an error (%s)",
    async (code) => {
      expect(await statusOf(() => releasePage(loaderArgs("/releases/x", { code })))).toBe(404);
    },
  );

  it("a plot shows its facts and only its published release history", async () => {
    const offered = await plotPage(loaderArgs("/plots/1W-07", { code: "1W-07" }));
    expect(offered.plot.releases.map((r) => r.code)).toEqual(["HSITP-2026-02"]);
    // 2E-01 is in the draft release: the plot is public, the draft is not.
    const inDraft = await plotPage(loaderArgs("/plots/2E-01", { code: "2E-01" }));
    expect(inDraft.plot.state).toBe("inventory");
    expect(inDraft.plot.releases).toEqual([]);
    expect(JSON.stringify(inDraft)).not.toContain("HSITP-2027-01");
  });

  it.each(["9Z-99", "1w-07", "1W-7", "../etc/passwd", "<script>"])("an unknown or malformed plot code is a 404 (%s)", async (code) => {
    expect(await statusOf(() => plotPage(loaderArgs("/plots/x", { code })))).toBe(404);
  });

  it("a retired plot leaves the site plan, but still shows on its own page", async () => {
    await db().plot.update({ where: { code: "2E-16" }, data: { state: "withdrawn" } });
    try {
      expect((await releaseList(loaderArgs("/releases"))).sitePlan.plots.map((p) => p.code)).not.toContain("2E-16");
      const page = await plotPage(loaderArgs("/plots/2E-16", { code: "2E-16" }));
      expect(page.sitePlan.plots.find((p) => p.code === "2E-16")?.state).toBe("withdrawn");
    } finally {
      await db().plot.update({ where: { code: "2E-16" }, data: { state: "inventory" } });
    }
  });

  it("the health check reports a reachable database", async () => {
    const response = await healthz();
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ status: "ok", database: "ok" });
  });
});
