import { toCsv } from "~/platform/csv.ts";
import { PORTFOLIO_STATES, type Portfolio } from "./portfolio.ts";

/**
 * The public portfolio as one CSV table, a figure per row: what it measures, for which phase (blank:
 * the whole park) and category, its value and its target (blank: none). Column names and codes are
 * English identifiers, the same in every language, so a spreadsheet keeps working across versions.
 */
export function portfolioCsv(portfolio: Portfolio): string {
  const rows: unknown[][] = [["figure", "phase", "category", "value", "target", "as_of"]];
  const add = (figure: string, phase: string, category: string, value: number | null, target: number | null = null) => rows.push([figure, phase, category, value, target, portfolio.today]);
  for (const phase of portfolio.phases) {
    for (const state of PORTFOLIO_STATES) add("plots", phase.code, state, phase.plots[state]);
    add("gross_floor_area_awarded_m2", phase.code, "", phase.awardedGfaM2, phase.targetGfaM2);
    add("gross_floor_area_completed_m2", phase.code, "", phase.completedGfaM2, phase.targetGfaM2);
    add("pipeline_max_gross_floor_area_m2", phase.code, "", phase.pipeline.reduce((sum, p) => sum + p.maxGfaM2, 0));
    for (const plot of phase.pipeline) add("pipeline_plot_max_gross_floor_area_m2", phase.code, plot.code, plot.maxGfaM2);
  }
  add("gross_floor_area_awarded_m2", "", "", portfolio.park.awardedGfaM2, portfolio.park.targetGfaM2);
  add("gross_floor_area_completed_m2", "", "", portfolio.park.completedGfaM2, portfolio.park.targetGfaM2);
  for (const s of portfolio.sectors) add("sector_share_percent", "", s.sector, s.percent, s.targetPercent);
  for (const o of portfolio.origins) add("origin_share_percent", "", o.origin, o.percent, o.targetPercent);
  for (const o of portfolio.origins) add("awardees", "", o.origin, o.awardees);
  const { investmentHkd, researchPosts, graduatePlaces } = portfolio.delivery;
  add("investment_promised_hkd", "", "", investmentHkd.promised, investmentHkd.target);
  add("investment_delivered_hkd", "", "", investmentHkd.delivered, investmentHkd.target);
  add("research_posts_promised", "", "", researchPosts.promised, researchPosts.target);
  add("research_posts_filled", "", "", researchPosts.delivered, researchPosts.target);
  add("graduate_places_promised", "", "", graduatePlaces.promised);
  add("graduate_places_filled", "", "", graduatePlaces.delivered);
  add("occupancy_percent", "", "", portfolio.occupancy.percent, portfolio.occupancy.targetPercent);
  for (const [status, count] of Object.entries(portfolio.milestones)) add("milestones", "", status, count);
  return toCsv(rows);
}
