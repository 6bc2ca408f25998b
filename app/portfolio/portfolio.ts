/**
 * The park's portfolio as pages and the CSV read it (browser-safe): the figures parkPortfolio
 * (portfolio.server.ts) works out.
 */
import type { MilestoneStatus } from "~/developments/promises.ts";
import type { FocusSector, MilestoneKind, Origin, PlotState } from "~/platform/database/generated/prisma/enums.ts";
import type { SitePlanDrawing } from "~/plots/site-plan.ts";

/** The states a plot of the park's portfolio is counted in (a retired plot has left the park). */
export const PORTFOLIO_STATES = ["inventory", "in_release", "awarded", "under_construction", "completed"] as const satisfies readonly PlotState[];
export type PortfolioState = (typeof PORTFOLIO_STATES)[number];

export interface PhaseFigures {
  code: string;
  nameEn: string;
  nameZhHant: string;
  plots: Record<PortfolioState, number>;
  /** Floor area promised by the awardees (as varied), completed by their latest verified reports, and the phase's target. */
  awardedGfaM2: number;
  completedGfaM2: number;
  targetGfaM2: number | null;
  /** Plots still in the inventory: the pipeline of future releases. */
  pipeline: { code: string; maxGfaM2: number }[];
}

export interface DevelopmentRow {
  id: string;
  plot: string;
  phase: string;
  organisation: string;
  origin: Origin;
  gfaM2: number;
  sectors: FocusSector[];
  investmentPromisedHkd: number;
  investmentSpentHkd: number;
  researchPostsPromised: number | null;
  researchPostsFilled: number;
  graduatePlacesPromised: number | null;
  graduatePlacesFilled: number;
  milestones: Record<MilestoneStatus, number>;
  /** Milestones past their date without a verified report (a varied date where one was approved). */
  overdueMilestones: MilestoneKind[];
  /** The last reporting date that has passed, and whether a report was made for it. */
  lastReportDue: string | null;
  lastReportMissing: boolean;
  /** The latest verified report's date, if any, and its floor area completed and let. */
  verifiedTo: string | null;
  completedGfaM2: number;
  letGfaM2: number;
}

export interface Portfolio {
  /** The park's calendar day the figures are for (the database's clock). */
  today: string;
  sitePlan: SitePlanDrawing;
  phases: PhaseFigures[];
  park: { plots: Record<PortfolioState, number>; awardedGfaM2: number; completedGfaM2: number; targetGfaM2: number | null; pipelineGfaM2: number };
  /** Share of the awardees' floor area per sector (a development's area split evenly over its sectors). */
  sectors: { sector: FocusSector; gfaM2: number; percent: number; targetPercent: number | null }[];
  /** Share of awardees (organisations with a development) per origin. */
  origins: { origin: Origin; awardees: number; percent: number; targetPercent: number | null }[];
  delivery: {
    investmentHkd: { promised: number; delivered: number; target: number | null };
    researchPosts: { promised: number; delivered: number; target: number | null };
    graduatePlaces: { promised: number; delivered: number };
  };
  occupancy: { completedM2: number; letM2: number; percent: number | null; targetPercent: number | null };
  milestones: Record<MilestoneStatus, number>;
  developments: DevelopmentRow[];
}

