import { expect, it } from "vitest";
import { boxAround, projectSitePlan } from "~/plots/site-plan.ts";
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

it("a release's plan covers its plots and half their extent around them, at least a little", () => {
  const square = (x: number, y: number, size: number) => ({ type: "Polygon" as const, coordinates: [[[x, y], [x + size, y], [x + size, y + size], [x, y + size], [x, y]]] as [number, number][][] });
  const box = boxAround([square(114.1, 22.5, 0.01), square(114.12, 22.52, 0.01)])!;
  // 0.03° across each way: 0.015° around.
  expect(box.west).toBeCloseTo(114.085, 9);
  expect(box.east).toBeCloseTo(114.145, 9);
  expect(box.south).toBeCloseTo(22.485, 9);
  expect(box.north).toBeCloseTo(22.545, 9);
  // One small plot: the minimum margin, about 200 m.
  const small = boxAround([square(114.1, 22.5, 0.0001)])!;
  expect(small.east - small.west).toBeCloseTo(0.0041, 9);
  expect(boxAround([])).toBeNull();
});
