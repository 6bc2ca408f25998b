/**
 * What an awardee has promised now (browser-safe): the promises copied from the sealed version, with
 * every approved variation applied in the order it was approved. The original promise is never
 * changed (rule 12); this is the one place that says which value applies.
 */
import type { FocusSector, MilestoneKind, VariationSubject } from "~/platform/database/generated/prisma/enums.ts";

export const MILESTONE_KINDS = ["design_approval", "construction_start", "topping_out", "completion", "opening"] as const satisfies readonly MilestoneKind[];

export interface OriginalPromises {
  promisedGfaM2: number;
  promisedSectors: FocusSector[];
  promisedInvestmentHkd: bigint;
  promisedResearchPosts: number | null;
  promisedGraduatePlaces: number | null;
  milestones: { kind: MilestoneKind; promisedBy: Date }[];
}

export interface ApprovedVariation {
  subject: VariationSubject;
  milestoneKind: MilestoneKind | null;
  /** As stored: a number (bigint amounts as a decimal string), a date "YYYY-MM-DD", or a list of sectors. */
  toValue: unknown;
  decidedAt: Date | null;
}

export interface CurrentPromises {
  gfaM2: number;
  sectors: FocusSector[];
  investmentHkd: bigint;
  researchPosts: number | null;
  graduatePlaces: number | null;
  /** Each milestone's date that applies, and whether a variation moved it. */
  milestones: { kind: MilestoneKind; dueBy: Date; promisedBy: Date; varied: boolean }[];
}

const asDate = (value: unknown): Date => new Date(`${String(value)}T00:00:00.000Z`);

export function currentPromises(original: OriginalPromises, variations: ApprovedVariation[]): CurrentPromises {
  const current: CurrentPromises = {
    gfaM2: original.promisedGfaM2,
    sectors: original.promisedSectors,
    investmentHkd: original.promisedInvestmentHkd,
    researchPosts: original.promisedResearchPosts,
    graduatePlaces: original.promisedGraduatePlaces,
    milestones: [...original.milestones]
      .sort((a, b) => MILESTONE_KINDS.indexOf(a.kind) - MILESTONE_KINDS.indexOf(b.kind))
      .map((m) => ({ kind: m.kind, dueBy: m.promisedBy, promisedBy: m.promisedBy, varied: false })),
  };
  const approved = [...variations].sort((a, b) => (a.decidedAt?.getTime() ?? 0) - (b.decidedAt?.getTime() ?? 0));
  for (const v of approved) {
    switch (v.subject) {
      case "gross_floor_area":
        current.gfaM2 = Number(v.toValue);
        break;
      case "sectors":
        current.sectors = v.toValue as FocusSector[];
        break;
      case "investment":
        current.investmentHkd = BigInt(String(v.toValue));
        break;
      case "research_posts":
        current.researchPosts = Number(v.toValue);
        break;
      case "graduate_places":
        current.graduatePlaces = Number(v.toValue);
        break;
      case "milestone": {
        const milestone = current.milestones.find((m) => m.kind === v.milestoneKind);
        if (milestone) {
          milestone.dueBy = asDate(v.toValue);
          milestone.varied = true;
        }
        break;
      }
    }
  }
  return current;
}

export type MilestoneStatus = "reached_on_time" | "reached_late" | "overdue" | "due";

/**
 * Where a milestone stands on `today` (parkCalendarDay of the database's clock, as date columns
 * hold it): reached on or before its date (the varied date if one was approved), reached
 * after it, past its date without a verified report, or still ahead.
 */
export function milestoneStatus(milestone: { dueBy: Date; reachedOn: Date | null }, today: Date): MilestoneStatus {
  if (milestone.reachedOn) return milestone.reachedOn.getTime() <= milestone.dueBy.getTime() ? "reached_on_time" : "reached_late";
  return today.getTime() > milestone.dueBy.getTime() ? "overdue" : "due";
}

/**
 * Whether moving one milestone to `day` ("YYYY-MM-DD") keeps the programme in the order a proposal
 * had to state it in (each on or after the one before it), against the dates that apply now.
 */
export function keepsProgrammeInOrder(now: CurrentPromises, kind: MilestoneKind, day: string): boolean {
  const at = now.milestones.findIndex((m) => m.kind === kind);
  const dayOf = (index: number) => now.milestones[index]?.dueBy.toISOString().slice(0, 10);
  const before = dayOf(at - 1);
  const after = dayOf(at + 1);
  return (before === undefined || before <= day) && (after === undefined || day <= after);
}
