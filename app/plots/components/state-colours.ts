import type { PlanPlot } from "../site-plan.ts";

/** Fill colours for plot states on the site plan; each keeps dark labels readable (contrast ≥ 4.5). */
export const plotStateFill: Record<PlanPlot["state"], string> = {
  inventory: "#d9e2ec",
  in_release: "#f6c445",
  awarded: "#8fd19e",
  under_construction: "#7fb8e6",
  completed: "#b9a3e3",
  withdrawn: "#f1b5b5",
};
