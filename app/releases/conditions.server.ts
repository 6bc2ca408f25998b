import { getConfig } from "~/platform/config.server.ts";
import type { Tx } from "~/platform/database/transactions.server.ts";
import { conditionRuleProblems, type ReleaseConditions, type ReleaseProblem } from "./schemas.ts";

/**
 * The rules a release's conditions must meet, whatever else is true, with the server's clock and
 * its minimum tender period: the deadline is still ahead, and the tender period long enough.
 */
export function timelineAndWeightProblems(conditions: ReleaseConditions, now: Date): ReleaseProblem[] {
  return conditionRuleProblems(conditions, { now, minTenderPeriodDays: getConfig().MIN_TENDER_PERIOD_DAYS });
}

/** Plots that cannot be offered: unknown, outside the phase, not in the inventory, or in another live release. */
export async function plotProblems(tx: Tx, conditions: ReleaseConditions, releaseId?: string): Promise<ReleaseProblem[]> {
  const plots = await tx.plot.findMany({
    where: { code: { in: conditions.plotCodes } },
    include: {
      phase: { select: { code: true } },
      releases: { where: { releaseId: releaseId ? { not: releaseId } : undefined, withdrawnAt: null, release: { state: { in: ["scheduled", "open", "closed"] } } }, select: { release: { select: { code: true } } } },
    },
  });
  const problems: ReleaseProblem[] = [];
  for (const code of conditions.plotCodes) {
    const plot = plots.find((p) => p.code === code);
    if (!plot) problems.push({ field: "plotCodes", key: "builder.errors.unknownPlot", values: { code } });
    else if (plot.phase.code !== conditions.phase) problems.push({ field: "plotCodes", key: "builder.errors.otherPhase", values: { code } });
    else if (plot.releases[0]) problems.push({ field: "plotCodes", key: "builder.errors.plotInLiveRelease", values: { code, release: plot.releases[0].release.code } });
    else if (plot.state !== "inventory") problems.push({ field: "plotCodes", key: "builder.errors.plotNotInInventory", values: { code } });
  }
  return problems;
}
