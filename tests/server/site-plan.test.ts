import { expect, it } from "vitest";
import { plotsAround, projectSitePlan } from "~/site-plan.ts";
import { demoPlots } from "../../prisma/demo-park.ts";

it("projects every plot inside the drawing, north up, west on the left", () => {
  const plots = demoPlots().map((p) => ({ ...p, state: "inventory" as const, emphasised: true }));
  const plan = projectSitePlan(plots, 1000, 10);
  expect(plan.height).toBeGreaterThan(200);
  expect(plan.height).toBeLessThan(600);
  for (const plot of plan.plots) {
    for (const point of plot.points.split(" ")) {
      const [x, y] = point.split(",").map(Number);
      expect(x).toBeGreaterThanOrEqual(9.9);
      expect(x).toBeLessThanOrEqual(990.1);
      expect(y).toBeGreaterThanOrEqual(9.9);
      expect(y).toBeLessThanOrEqual(plan.height - 9.9);
    }
  }
  const west = plan.plots.find((p) => p.code === "1W-01")!;
  const east = plan.plots.find((p) => p.code === "2E-16")!;
  expect(west.label.x).toBeLessThan(east.label.x);
});

it("draws nothing for no plots", () => {
  expect(projectSitePlan([]).plots).toEqual([]);
});

it("a release's plan shows its plots and the park's plots near them, not the whole park", () => {
  const park = demoPlots();
  const release = new Set(park.filter((p) => p.code.startsWith("1W-")).slice(6, 16).map((p) => p.code));
  const shown = plotsAround(park, release);
  expect(shown.filter((p) => release.has(p.code))).toHaveLength(release.size);
  expect(shown.length).toBeGreaterThan(release.size);
  expect(shown.length).toBeLessThan(park.length);

  // A park of a thousand plots in a grid: a corner release draws its corner.
  const grid = Array.from({ length: 1000 }, (_, i) => {
    const [x, y] = [114.1 + (i % 40) * 0.0012, 22.48 + Math.floor(i / 40) * 0.0012];
    return { code: `9L-${i}`, polygon: { type: "Polygon" as const, coordinates: [[[x, y], [x + 0.001, y], [x + 0.001, y + 0.001], [x, y + 0.001], [x, y]]] as [number, number][][] } };
  });
  const corner = new Set(grid.slice(0, 20).map((p) => p.code));
  const around = plotsAround(grid, corner);
  expect(around.length).toBeLessThan(120);
  expect(around.filter((p) => corner.has(p.code))).toHaveLength(20);
});
