import { randomUUID } from "node:crypto";
import type { Prisma } from "../app/platform/database/generated/prisma/client.ts";
import type { FocusSector, MilestoneKind, Origin, PlotState, ProgressReportState, TargetMetric } from "../app/platform/database/generated/prisma/enums.ts";
import { developmentCreatedEntry, promisesOfSealed } from "../app/developments/developments.server.ts";
import { progressReportReviewedEntry, progressReportSubmittedEntry } from "../app/developments/report-entries.ts";
import { plotStateAfter } from "../app/developments/reports.server.ts";
import { variationDecidedEntry, variationRequestedEntry } from "../app/developments/variations.server.ts";
import { milestoneOverdueEntry } from "../app/developments/reminders.server.ts";
import type { SealedPackage } from "../app/proposals/sealing.server.ts";
import { isoDay, reportingDate, reportingDatesUntil } from "../app/developments/reporting-dates.ts";
import { parkCalendarDay } from "../app/platform/time.ts";
import type { History } from "./demo-evaluation.ts";

/**
 * The development records of the demo's finished tender: for each final award, the promises of the
 * winning sealed version and a year of quarterly reports that tell four stories (on track, late with
 * an approved variation, overdue, and completed), and the park's targets as the park publishes them.
 */

type Tx = Prisma.TransactionClient;
const DAY = 86_400_000;

/** A report's figures to date, as shares of what was promised (floor area let: of the floor area completed). */
interface DemoReport {
  state: ProgressReportState;
  investment: number;
  researchPosts: number;
  graduatePlaces: number;
  gfaCompleted: number;
  gfaLet: number;
  narrative: string;
}

interface DemoStory {
  plot: string;
  /** Milestones reached, in days after the tender's submission deadline. */
  reached: Partial<Record<MilestoneKind, number>>;
  /** An approved variation that moved a milestone (days after the deadline), with its reason in both languages. */
  variation?: { milestone: MilestoneKind; toDays: number; requestedDays: number; decidedDays: number; reasonEn: string; reasonZhHant: string; decisionNoteEn: string; decisionNoteZhHant: string };
  /** One entry per quarterly reporting date so far; null: no report was made for that date. */
  reports: (DemoReport | null)[];
  plotState: "awarded" | "under_construction" | "completed";
}

const report = (state: ProgressReportState, [investment, researchPosts, graduatePlaces, gfaCompleted, gfaLet]: number[], narrative: string): DemoReport => ({
  state,
  investment: investment!,
  researchPosts: researchPosts!,
  graduatePlaces: graduatePlaces!,
  gfaCompleted: gfaCompleted!,
  gfaLet: gfaLet!,
  narrative,
});

export const demoStories: DemoStory[] = [
  {
    // On track: design approved and construction started before their dates, every report verified.
    plot: "1W-01",
    reached: { design_approval: 95, construction_start: 240 },
    reports: [
      report("verified", [0.04, 0.05, 0, 0, 0], "Design approved by the Buildings Department; site investigation complete."),
      report("verified", [0.09, 0.1, 0.1, 0, 0], "Main contractor appointed; site hoarding up."),
      report("verified", [0.2, 0.18, 0.2, 0, 0], "Construction started; piling under way."),
      report("verified", [0.31, 0.27, 0.3, 0, 0], "Pile caps complete; first robotics team working from temporary labs."),
    ],
    plotState: "under_construction",
  },
  {
    // Late: design approval came after its date, and construction start was moved by an approved variation.
    plot: "1W-02",
    reached: { design_approval: 225 },
    variation: {
      milestone: "construction_start",
      toDays: 470,
      requestedDays: 255,
      decidedDays: 266,
      reasonEn: "The GMP cell-therapy suite needed a second design review by the Department of Health, and the foundation contract had to be tendered again.",
      reasonZhHant: "GMP細胞治療設施須經衞生署第二次設計審核，地基工程合約亦須重新招標。",
      decisionNoteEn: "Approved: the delay is outside the awardee's control; the other milestones stand.",
      decisionNoteZhHant: "批准：延誤非中標者所能控制；其他里程碑維持不變。",
    },
    reports: [
      report("verified", [0.02, 0.03, 0, 0, 0], "Design under review; GMP suite layout revised."),
      report("verified", [0.04, 0.05, 0, 0, 0], "Second design review requested by the Department of Health."),
      report("verified", [0.07, 0.08, 0.05, 0, 0], "Design approved at last; the foundation contract is being tendered again."),
      report("submitted", [0.09, 0.1, 0.1, 0, 0], "Foundation contract awarded; site mobilisation planned."),
    ],
    plotState: "awarded",
  },
  {
    // Overdue: construction start is past its date without a report, and the last reporting date passed without one.
    plot: "1W-03",
    reached: { design_approval: 115 },
    reports: [
      report("verified", [0.03, 0.04, 0, 0, 0], "Design approved; clean-room supplier shortlisted."),
      report("verified", [0.06, 0.07, 0.05, 0, 0], "Main contract being tendered."),
      report("verified", [0.08, 0.09, 0.05, 0, 0], "Clean-room equipment order delayed; contractor not yet appointed."),
      null,
    ],
    plotState: "awarded",
  },
  {
    // Completed: a modular building, finished ahead of its date and mostly let.
    plot: "1W-05",
    reached: { design_approval: 58, construction_start: 98, topping_out: 225, completion: 372 },
    reports: [
      report("verified", [0.15, 0.1, 0.1, 0, 0], "Design approved and construction started; modules ordered."),
      report("verified", [0.4, 0.3, 0.3, 0, 0], "Modules installed on four floors."),
      report("verified", [0.7, 0.55, 0.5, 0, 0], "Topped out; fit-out of the pilot line under way."),
      report("verified", [0.92, 0.8, 0.7, 1, 0.82], "Completed; 82% of the floor area let to device makers and a hospital's research unit."),
    ],
    plotState: "completed",
  },
];

/**
 * The park's published figures as its targets: 1.2 million m² of gross floor area (half in each
 * phase); about half of the floor area in AI and data science and 40% in life and health technology,
 * microelectronics and new energy (15, 15 and 10); a quarter of awardees from overseas, the rest
 * split between Hong Kong (45%) and the Mainland (30%); occupancy of completed floor area 90%.
 */
export const demoTargets: { metric: TargetMetric; phase?: string; sector?: FocusSector; origin?: Origin; value: number }[] = [
  { metric: "gross_floor_area_m2", value: 1_200_000 },
  { metric: "gross_floor_area_m2", phase: "P1W", value: 600_000 },
  { metric: "gross_floor_area_m2", phase: "P2E", value: 600_000 },
  { metric: "sector_share_percent", sector: "ai_data_science", value: 50 },
  { metric: "sector_share_percent", sector: "life_health_technology", value: 15 },
  { metric: "sector_share_percent", sector: "microelectronics", value: 15 },
  { metric: "sector_share_percent", sector: "new_energy", value: 10 },
  { metric: "origin_share_percent", origin: "hong_kong", value: 45 },
  { metric: "origin_share_percent", origin: "mainland", value: 30 },
  { metric: "origin_share_percent", origin: "overseas", value: 25 },
  { metric: "occupancy_percent", value: 90 },
];

/** The default targets, once (the unique key treats "no phase, no sector, no origin" as equal). */
export async function seedParkTargets(tx: Tx, phaseIds: Map<string, string>) {
  await tx.parkTarget.createMany({
    data: demoTargets.map((t) => ({ metric: t.metric, phaseId: t.phase ? phaseIds.get(t.phase)! : null, sector: t.sector ?? null, origin: t.origin ?? null, value: t.value })),
    skipDuplicates: true,
  });
}


/**
 * A development record per final award of the release, with its story (none when the release's
 * awards already have them). The promises are read from the winning version's sealed package as
 * the release clock reads them (promisesOfSealed). Everything is worked out first and written in a
 * few statements: the seed runs at every fresh start. Each step also tells `history` the audit entry
 * the portal would have written (record made, variation asked and decided, report submitted and
 * verified, milestone flagged overdue), built by the portal's own builder, at the time it happened.
 */
export async function seedDemoDevelopments(tx: Tx, releaseCode: string, adminId: string, now: Date, history: History) {
  const release = await tx.release.findUniqueOrThrow({ where: { code: releaseCode } });
  const awards = await tx.award.findMany({
    where: { releaseId: release.id, status: "active", finalAt: { not: null }, development: null },
    include: { plot: true, proposal: { include: { currentVersion: true } } },
  });
  const deadline = release.submissionDeadline;
  const afterDeadline = (days: number) => parkCalendarDay(new Date(deadline.getTime() + days * DAY));
  const rows = {
    developments: [] as Prisma.DevelopmentCreateManyInput[],
    milestones: [] as Prisma.DevelopmentMilestoneCreateManyInput[],
    variations: [] as Prisma.VariationCreateManyInput[],
    reports: [] as Prisma.ProgressReportCreateManyInput[],
    claims: [] as Prisma.ProgressReportMilestoneCreateManyInput[],
    reminders: [] as Prisma.ReportReminderCreateManyInput[],
    plotStates: new Map<DemoStory["plotState"], string[]>(),
  };
  for (const award of awards) {
    const story = demoStories.find((s) => s.plot === award.plot.code);
    const { proposal } = award;
    const version = proposal.currentVersion!;
    const promises = promisesOfSealed(version.sealedPackage as SealedPackage);
    const finalAt = award.finalAt!;
    const development = {
      id: randomUUID(),
      awardId: award.id,
      plotId: award.plotId,
      organisationId: proposal.organisationId,
      proposalVersionId: version.id,
      promisedGfaM2: promises.promisedGfaM2,
      promisedSectors: promises.promisedSectors,
      promisedInvestmentHkd: promises.promisedInvestmentHkd,
      promisedResearchPosts: promises.promisedResearchPosts,
      promisedGraduatePlaces: promises.promisedGraduatePlaces,
      reportingIntervalMonths: 3,
      // The demo's records report three months after the award (as if an administrator had agreed that
      // schedule), so the year of stories lines up with the reporting dates whatever the day of seeding;
      // the clock's own rule (firstReportDue) waits for the next whole quarter.
      firstReportDue: reportingDate(parkCalendarDay(finalAt), 3, 1),
      createdAt: finalAt,
    };
    rows.developments.push(development);
    history(finalAt, developmentCreatedEntry(development, { release: releaseCode, plot: award.plot.code }, version, promises));
    const milestones = promises.milestones.map((m) => ({ id: randomUUID(), developmentId: development.id, kind: m.kind, promisedBy: m.promisedBy }));
    if (!story) {
      rows.milestones.push(...milestones);
      continue;
    }
    const milestone = (kind: MilestoneKind) => milestones.find((m) => m.kind === kind)!;
    const verifiedIn = new Map<MilestoneKind, { reportId: string; reachedOn: Date }>();
    // The plot's state as each verification moved it (the award made it "awarded").
    let plotState: PlotState = "awarded";

    if (story.variation) {
      const v = story.variation;
      const variation = {
        id: randomUUID(),
        developmentId: development.id,
        subject: "milestone" as const,
        milestoneKind: v.milestone,
        fromValue: isoDay(milestone(v.milestone).promisedBy),
        toValue: isoDay(afterDeadline(v.toDays)),
        reasonEn: v.reasonEn,
        reasonZhHant: v.reasonZhHant,
        requestedById: proposal.createdById,
        requestedAt: new Date(deadline.getTime() + v.requestedDays * DAY),
        state: "approved" as const,
        decidedById: adminId,
        decidedAt: new Date(deadline.getTime() + v.decidedDays * DAY),
        decisionNoteEn: v.decisionNoteEn,
        decisionNoteZhHant: v.decisionNoteZhHant,
      };
      rows.variations.push(variation);
      const asked = { ...variation, variationId: variation.id, plot: award.plot.code };
      history(variation.requestedAt, variationRequestedEntry(proposal.createdById, development.id, asked));
      history(variation.decidedAt, variationDecidedEntry(adminId, development.id, asked, { decision: "approved", noteEn: v.decisionNoteEn, noteZhHant: v.decisionNoteZhHant }));
    }

    const share = (promised: number | null, fraction: number) => Math.round((promised ?? 0) * fraction);
    // The story's reports answer the reporting dates passed by now, the last story entry the last date
    // (the first date follows from the day the award became final, so one date more or less may have
    // passed): earlier entries are left out when fewer dates have passed.
    const passed = reportingDatesUntil(development.firstReportDue, development.reportingIntervalMonths, parkCalendarDay(now));
    const told = passed.length === 0 ? [] : story.reports.slice(-passed.length);
    const dates = passed.slice(passed.length - told.length);
    for (const [quarter, figures] of told.entries()) {
      const dueOn = dates[quarter]!;
      const previousDue = quarter === 0 ? parkCalendarDay(finalAt) : dates[quarter - 1]!;
      if (!figures) {
        // The overdue notice of the missing report went out: the demo does not send it again.
        rows.reminders.push({ developmentId: development.id, dueOn, kind: "report_overdue", sentAt: new Date(dueOn.getTime() + DAY) });
        continue;
      }
      const claimed = Object.entries(story.reached)
        .map(([kind, days]) => ({ kind: kind as MilestoneKind, reachedOn: afterDeadline(days) }))
        .filter((m) => m.reachedOn > previousDue && m.reachedOn <= dueOn);
      const reportId = randomUUID();
      const submittedAt = new Date(dueOn.getTime() - 4 * DAY);
      const verified = figures.state === "verified";
      const gfaCompletedM2 = share(development.promisedGfaM2, figures.gfaCompleted);
      const reported = {
        investmentSpentHkd: (development.promisedInvestmentHkd * BigInt(Math.round(figures.investment * 1_000))) / 1_000n,
        researchPostsFilled: share(development.promisedResearchPosts, figures.researchPosts),
        graduatePlacesFilled: share(development.promisedGraduatePlaces, figures.graduatePlaces),
        gfaCompletedM2,
        gfaLetM2: share(gfaCompletedM2, figures.gfaLet),
      };
      const reviewedAt = new Date(submittedAt.getTime() + 6 * DAY);
      rows.reports.push({
        id: reportId,
        developmentId: development.id,
        dueOn,
        submittedAt,
        submittedById: proposal.createdById,
        ...reported,
        narrative: figures.narrative,
        state: figures.state,
        ...(verified ? { reviewedById: adminId, reviewedAt } : {}),
      });
      rows.claims.push(...claimed.map((m) => ({ reportId, milestoneId: milestone(m.kind).id, reachedOn: m.reachedOn })));
      const about = { reportId, plot: award.plot.code, dueOn: isoDay(dueOn) };
      // The stories report once per date (none is queried), with no evidence documents.
      history(submittedAt, progressReportSubmittedEntry(proposal.createdById, development.id, { ...about, ...reported, investmentSpentHkd: String(reported.investmentSpentHkd), resubmission: false, milestones: claimed, documents: [] }));
      if (verified) {
        for (const m of claimed) verifiedIn.set(m.kind, { reportId, reachedOn: m.reachedOn });
        const after = plotStateAfter(plotState, claimed.map((m) => m.kind));
        history(reviewedAt, progressReportReviewedEntry(adminId, development.id, { ...about, dueOn, decision: "verify", note: null, milestonesReached: claimed, plotStateBefore: plotState, plotStateAfter: after }));
        plotState = after;
      }
    }
    const missedReport = told.length > 0 && told.at(-1) === null ? dates.at(-1)! : null;
    rows.milestones.push(
      ...milestones.map((m) => {
        const reached = verifiedIn.get(m.kind);
        // A milestone already past its date when a report was missed was notified as overdue (the
        // reminders' tick flagged it the morning after its date).
        const notified = !reached && missedReport && m.promisedBy < missedReport;
        if (notified) {
          const at = new Date(m.promisedBy.getTime() + DAY);
          history(at, milestoneOverdueEntry(development.id, award.plot.code, { kind: m.kind, dueBy: m.promisedBy }, at));
        }
        return { ...m, ...(reached ? { reachedOn: reached.reachedOn, reachedInReportId: reached.reportId } : {}), ...(notified ? { overdueNotifiedFor: m.promisedBy } : {}) };
      }),
    );
    rows.plotStates.set(story.plotState, [...(rows.plotStates.get(story.plotState) ?? []), award.plotId]);
  }
  if (rows.developments.length === 0) return;
  await tx.development.createMany({ data: rows.developments });
  await tx.developmentMilestone.createMany({ data: rows.milestones });
  await tx.variation.createMany({ data: rows.variations });
  await tx.progressReport.createMany({ data: rows.reports });
  await tx.progressReportMilestone.createMany({ data: rows.claims });
  await tx.reportReminder.createMany({ data: rows.reminders });
  for (const [state, plotIds] of rows.plotStates) await tx.plot.updateMany({ where: { id: { in: plotIds } }, data: { state } });
}
