import { currentPromises, milestoneStatus, type MilestoneStatus } from "~/developments/promises.ts";
import { isoDay, reportingDatesUntil } from "~/developments/reporting-dates.ts";
import { db } from "~/platform/database/db.server.ts";
import { serverNow } from "~/platform/database/transactions.server.ts";
import { FocusSector, Origin, type MilestoneKind } from "~/platform/database/generated/prisma/enums.ts";
import { parkCalendarDay } from "~/platform/time.ts";
import { drawn } from "~/plots/plots.server.ts";
import { PORTFOLIO_STATES, type DevelopmentRow, type PhaseFigures, type Portfolio, type PortfolioState } from "./portfolio.ts";

const zeroStates = () => Object.fromEntries(PORTFOLIO_STATES.map((s) => [s, 0])) as Record<PortfolioState, number>;
const zeroStatuses = (): Record<MilestoneStatus, number> => ({ reached_on_time: 0, reached_late: 0, overdue: 0, due: 0 });
const percentOf = (part: number, whole: number) => (whole > 0 ? Math.round((part / whole) * 1_000) / 10 : 0);

/**
 * The park's portfolio against its targets, for the public page, the administrators' view and the
 * CSV: five reads (plots, phases, targets, development records with what applies to them, the
 * database's clock), the figures worked out here from them.
 */
export async function parkPortfolio(): Promise<Portfolio> {
  const [plots, phases, targets, developments, now] = await Promise.all([
    db().plot.findMany({
      where: { state: { not: "withdrawn" } },
      orderBy: { code: "asc" },
      select: { code: true, state: true, maxGfaM2: true, polygon: true, phase: { select: { code: true } } },
    }),
    db().phase.findMany({ orderBy: { ordinal: "asc" }, select: { id: true, code: true, nameEn: true, nameZhHant: true } }),
    db().parkTarget.findMany({ select: { metric: true, phaseId: true, sector: true, origin: true, value: true } }),
    db().development.findMany({
      orderBy: { plot: { code: "asc" } },
      include: {
        plot: { select: { code: true, phase: { select: { code: true } } } },
        organisation: { select: { id: true, name: true, origin: true } },
        milestones: { select: { kind: true, promisedBy: true, reachedOn: true } },
        variations: { where: { state: "approved" }, select: { subject: true, milestoneKind: true, toValue: true, decidedAt: true } },
        reports: { orderBy: { dueOn: "desc" }, select: { dueOn: true, state: true, investmentSpentHkd: true, researchPostsFilled: true, graduatePlacesFilled: true, gfaCompletedM2: true, gfaLetM2: true } },
      },
    }),
    serverNow(db()),
  ]);
  const today = parkCalendarDay(now);
  const target = (metric: string, match: { phaseId?: string | null; sector?: FocusSector | null; origin?: Origin | null } = {}) => {
    const found = targets.find((t) => t.metric === metric && t.phaseId === (match.phaseId ?? null) && t.sector === (match.sector ?? null) && t.origin === (match.origin ?? null));
    return found ? Number(found.value) : null;
  };

  const rows: DevelopmentRow[] = developments.map((d) => {
    const promises = currentPromises(
      { promisedGfaM2: d.promisedGfaM2, promisedSectors: d.promisedSectors, promisedInvestmentHkd: d.promisedInvestmentHkd, promisedResearchPosts: d.promisedResearchPosts, promisedGraduatePlaces: d.promisedGraduatePlaces, milestones: d.milestones },
      d.variations,
    );
    const reachedOn = new Map(d.milestones.map((m) => [m.kind, m.reachedOn]));
    const milestones = zeroStatuses();
    const overdueMilestones: MilestoneKind[] = [];
    for (const m of promises.milestones) {
      const status = milestoneStatus({ dueBy: m.dueBy, reachedOn: reachedOn.get(m.kind) ?? null }, today);
      milestones[status] += 1;
      if (status === "overdue") overdueMilestones.push(m.kind);
    }
    const verified = d.reports.find((r) => r.state === "verified");
    // The reporting dates so far follow every reportingIntervalMonths from the first.
    const lastDue = reportingDatesUntil(d.firstReportDue, d.reportingIntervalMonths, today).at(-1) ?? null;
    return {
      id: d.id,
      plot: d.plot.code,
      phase: d.plot.phase.code,
      organisation: d.organisation.name,
      origin: d.organisation.origin,
      gfaM2: promises.gfaM2,
      sectors: promises.sectors,
      investmentPromisedHkd: Number(promises.investmentHkd),
      investmentSpentHkd: Number(verified?.investmentSpentHkd ?? 0n),
      researchPostsPromised: promises.researchPosts,
      researchPostsFilled: verified?.researchPostsFilled ?? 0,
      graduatePlacesPromised: promises.graduatePlaces,
      graduatePlacesFilled: verified?.graduatePlacesFilled ?? 0,
      milestones,
      overdueMilestones,
      lastReportDue: lastDue ? isoDay(lastDue) : null,
      lastReportMissing: lastDue !== null && !d.reports.some((r) => r.dueOn.getTime() === lastDue.getTime()),
      verifiedTo: verified ? isoDay(verified.dueOn) : null,
      completedGfaM2: verified?.gfaCompletedM2 ?? 0,
      letGfaM2: verified?.gfaLetM2 ?? 0,
    };
  });

  const phaseFigures: PhaseFigures[] = phases.map((phase) => {
    const own = plots.filter((p) => p.phase.code === phase.code);
    const counts = zeroStates();
    for (const p of own) counts[p.state as PortfolioState] += 1;
    const mine = rows.filter((r) => r.phase === phase.code);
    return {
      code: phase.code,
      nameEn: phase.nameEn,
      nameZhHant: phase.nameZhHant,
      plots: counts,
      awardedGfaM2: mine.reduce((sum, r) => sum + r.gfaM2, 0),
      completedGfaM2: mine.reduce((sum, r) => sum + r.completedGfaM2, 0),
      targetGfaM2: target("gross_floor_area_m2", { phaseId: phase.id }),
      pipeline: own.filter((p) => p.state === "inventory").map((p) => ({ code: p.code, maxGfaM2: p.maxGfaM2 })),
    };
  });

  const parkPlots = zeroStates();
  for (const phase of phaseFigures) for (const state of PORTFOLIO_STATES) parkPlots[state] += phase.plots[state];
  const awardedGfaM2 = rows.reduce((sum, r) => sum + r.gfaM2, 0);

  const sectorGfa = new Map<FocusSector, number>();
  for (const r of rows) for (const sector of r.sectors) sectorGfa.set(sector, (sectorGfa.get(sector) ?? 0) + r.gfaM2 / r.sectors.length);
  const sectors = Object.values(FocusSector)
    .map((sector) => ({ sector, gfaM2: Math.round(sectorGfa.get(sector) ?? 0), percent: percentOf(sectorGfa.get(sector) ?? 0, awardedGfaM2), targetPercent: target("sector_share_percent", { sector }) }))
    .filter((s) => s.gfaM2 > 0 || s.targetPercent !== null);

  const awardees = new Map(developments.map((d) => [d.organisation.id, d.organisation.origin]));
  const origins = Object.values(Origin).map((origin) => {
    const count = [...awardees.values()].filter((o) => o === origin).length;
    return { origin, awardees: count, percent: percentOf(count, awardees.size), targetPercent: target("origin_share_percent", { origin }) };
  });

  const completedM2 = rows.reduce((sum, r) => sum + r.completedGfaM2, 0);
  const letM2 = rows.reduce((sum, r) => sum + r.letGfaM2, 0);
  const milestones = zeroStatuses();
  for (const r of rows) for (const status of Object.keys(milestones) as MilestoneStatus[]) milestones[status] += r.milestones[status];

  return {
    today: isoDay(today),
    sitePlan: drawn(plots.map((p) => ({ code: p.code, state: p.state, polygon: p.polygon }))),
    phases: phaseFigures,
    park: {
      plots: parkPlots,
      awardedGfaM2,
      completedGfaM2: completedM2,
      targetGfaM2: target("gross_floor_area_m2"),
      pipelineGfaM2: phaseFigures.flatMap((p) => p.pipeline).reduce((sum, p) => sum + p.maxGfaM2, 0),
    },
    sectors,
    origins,
    delivery: {
      investmentHkd: { promised: rows.reduce((s, r) => s + r.investmentPromisedHkd, 0), delivered: rows.reduce((s, r) => s + r.investmentSpentHkd, 0), target: target("investment_hkd") },
      researchPosts: { promised: rows.reduce((s, r) => s + (r.researchPostsPromised ?? 0), 0), delivered: rows.reduce((s, r) => s + r.researchPostsFilled, 0), target: target("research_posts") },
      graduatePlaces: { promised: rows.reduce((s, r) => s + (r.graduatePlacesPromised ?? 0), 0), delivered: rows.reduce((s, r) => s + r.graduatePlacesFilled, 0) },
    },
    occupancy: { completedM2, letM2, percent: completedM2 > 0 ? percentOf(letM2, completedM2) : null, targetPercent: target("occupancy_percent") },
    milestones,
    developments: rows,
  };
}
