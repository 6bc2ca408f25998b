import { expect, it } from "vitest";
import { projectSitePlan } from "~/site-plan.ts";
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
