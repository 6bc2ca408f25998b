import type { CurrentUser } from "~/accounts/sessions.server.ts";
import { recordAuditEvent } from "~/platform/audit.server.ts";
import { getConfig } from "~/platform/config.server.ts";
import { db } from "~/platform/database/db.server.ts";
import type { MilestoneKind, PlotState } from "~/platform/database/generated/prisma/enums.ts";
import { lockRow, serverNow, type Tx } from "~/platform/database/transactions.server.ts";
import { DomainError } from "~/platform/domain-error.ts";
import { nudgeOutbox, queueEmail } from "~/platform/email.server.ts";
import { optionalJobQueue } from "~/platform/jobs.server.ts";
import { discardSupportingDocuments, type StoredSupportingDocument } from "~/platform/storage/checked-documents.server.ts";
import { storage } from "~/platform/storage/storage.server.ts";
import { parkCalendarDay } from "~/platform/time.ts";
import { currentPromises, milestoneStatus, type CurrentPromises, type MilestoneStatus } from "./promises.ts";
import { isoDay, isReportingDate, nextReportingDate, reportingDatesUntil } from "./reporting-dates.ts";
import { progressReportReviewedEntry, progressReportSubmittedEntry, type ReviewDecision } from "./report-entries.ts";
import type { ProgressReportInput } from "./report-schemas.ts";

/**
 * Progress reports: owners and submitters of the awarded organisation report, for each reporting
 * date, what they have reached and spent; an administrator verifies (the milestones claimed are then
 * reached, and the plot's state follows construction start and completion) or queries it (the
 * awardee then reports again for that date). Every step by the database's clock, audited.
 */

const developmentInclude = {
  milestones: true,
  variations: { where: { state: "approved" as const } },
  plot: { select: { id: true, code: true, state: true } },
  organisation: { select: { id: true, name: true } },
} as const;

type LoadedDevelopment = NonNullable<Awaited<ReturnType<typeof loadDevelopment>>>;

function loadDevelopment(tx: Tx, developmentId: string) {
  return tx.development.findUnique({ where: { id: developmentId }, include: developmentInclude });
}

/** What the awardee has promised now (original, or as varied by approved variations). */
export function promisesOf(development: LoadedDevelopment): CurrentPromises {
  return currentPromises(
    {
      promisedGfaM2: development.promisedGfaM2,
      promisedSectors: development.promisedSectors,
      promisedInvestmentHkd: development.promisedInvestmentHkd,
      promisedResearchPosts: development.promisedResearchPosts,
      promisedGraduatePlaces: development.promisedGraduatePlaces,
      milestones: development.milestones.map((m) => ({ kind: m.kind, promisedBy: m.promisedBy })),
    },
    development.variations,
  );
}

/**
 * Each milestone with the date that applies now, when it was reached (by a verified report) and
 * where it stands on `today`: a milestone past its date without a verified reach is overdue.
 */
export function milestonesOf(development: LoadedDevelopment, today: Date) {
  return promisesOf(development).milestones.map((m) => {
    const row = development.milestones.find((r) => r.kind === m.kind)!;
    return { id: row.id, kind: m.kind, dueBy: m.dueBy, promisedBy: m.promisedBy, varied: m.varied, reachedOn: row.reachedOn, status: milestoneStatus({ dueBy: m.dueBy, reachedOn: row.reachedOn }, today) as MilestoneStatus };
  });
}

/** Whether the person is, by their membership now (not the session's memory of it), one of the organisation's members in these roles. */
async function memberRole(tx: Tx, user: CurrentUser, organisationId: string) {
  const membership = await tx.membership.findUnique({ where: { userId_organisationId: { userId: user.id, organisationId } } });
  return membership?.role ?? null;
}

async function requireReporter(tx: Tx, user: CurrentUser, organisationId: string) {
  const role = await memberRole(tx, user, organisationId);
  if (role !== "owner" && role !== "submitter") throw new DomainError("progressReports.errors.notAwardee", "forbidden");
}

/** A report settles its reporting date unless it was queried (then the awardee reports again). */
const settles = (state: string) => state === "submitted" || state === "verified";

/**
 * The reporting dates the awardee may report for on `today`: every date up to the next one still to
 * come, except those a report already settles.
 */
export function reportableDates(development: { firstReportDue: Date; reportingIntervalMonths: number; reports: { dueOn: Date; state: string }[] }, today: Date): Date[] {
  const next = nextReportingDate(development.firstReportDue, development.reportingIntervalMonths, today);
  const settled = new Set(development.reports.filter((r) => settles(r.state)).map((r) => r.dueOn.getTime()));
  return reportingDatesUntil(development.firstReportDue, development.reportingIntervalMonths, next).filter((d) => !settled.has(d.getTime()));
}

/**
 * The report form's facts, for an owner or submitter of the awarded organisation (anyone else: the
 * development does not exist for them): the dates they may report for, the milestones still to
 * reach and the figures of their latest report, to start from.
 */
export async function reportingForm(user: CurrentUser, developmentId: string) {
  return db().$transaction(async (tx) => {
    const development = await loadDevelopment(tx, developmentId);
    if (!development) throw new DomainError("progressReports.errors.unknownDevelopment", "not-found");
    await requireReporter(tx, user, development.organisationId);
    const today = parkCalendarDay(await serverNow(tx));
    const reports = await tx.progressReport.findMany({ where: { developmentId }, orderBy: { submittedAt: "desc" }, select: { dueOn: true, state: true, investmentSpentHkd: true, researchPostsFilled: true, graduatePlacesFilled: true, gfaCompletedM2: true, gfaLetM2: true } });
    const promises = promisesOf(development);
    return {
      development: { id: development.id, plot: development.plot.code, organisation: development.organisation.name },
      dates: reportableDates({ ...development, reports }, today).map(isoDay),
      today: isoDay(today),
      promisedGfaM2: promises.gfaM2,
      openMilestones: milestonesOf(development, today).filter((m) => !m.reachedOn).map((m) => ({ kind: m.kind, dueBy: isoDay(m.dueBy), status: m.status })),
      latest: reports[0] ? { ...reports[0], dueOn: isoDay(reports[0].dueOn), investmentSpentHkd: reports[0].investmentSpentHkd.toString() } : null,
    };
  });
}

/**
 * Records a progress report for one reporting date with its evidence documents (stored and checked
 * already), refusing anyone but the awarded organisation's owners and submitters, a date that is
 * not a reporting date or is still beyond the next one, a date a report settles already, a
 * milestone claimed twice or reached in the future, and floor area beyond what was promised. The
 * development's row lock makes two people reporting at once take turns: the second is refused.
 */
export async function submitProgressReport(user: CurrentUser, developmentId: string, input: ProgressReportInput, documents: StoredSupportingDocument[] = []) {
  try {
    return await db().$transaction(async (tx) => {
      if (!(await lockRow(tx, "Development", { id: developmentId }))) throw new DomainError("progressReports.errors.unknownDevelopment", "not-found");
      const development = (await loadDevelopment(tx, developmentId))!;
      await requireReporter(tx, user, development.organisationId);
      const now = await serverNow(tx);
      const today = parkCalendarDay(now);
      const dueOn = new Date(`${input.dueOn}T00:00:00.000Z`);
      const { firstReportDue, reportingIntervalMonths } = development;
      if (!isReportingDate(firstReportDue, reportingIntervalMonths, dueOn) || dueOn > nextReportingDate(firstReportDue, reportingIntervalMonths, today)) throw new DomainError("progressReports.errors.dueOn", "invalid");
      const earlier = await tx.progressReport.findMany({ where: { developmentId, dueOn }, select: { state: true } });
      if (earlier.some((r) => settles(r.state))) throw new DomainError("progressReports.errors.alreadyReported");
      if (input.gfaCompletedM2 > promisesOf(development).gfaM2) throw new DomainError("progressReports.errors.gfaOverPromised", "invalid");
      const claimed = Object.entries(input.reached).filter((entry): entry is [MilestoneKind, string] => Boolean(entry[1]));
      const milestones = claimed.map(([kind, reachedOn]) => {
        const milestone = development.milestones.find((m) => m.kind === kind);
        if (!milestone || milestone.reachedOn) throw new DomainError("progressReports.errors.milestoneReached", "invalid");
        const day = new Date(`${reachedOn}T00:00:00.000Z`);
        if (day > today) throw new DomainError("progressReports.errors.reachedInFuture", "invalid");
        return { milestoneId: milestone.id, kind, reachedOn: day };
      });
      const report = await tx.progressReport.create({
        data: {
          developmentId,
          dueOn,
          submittedAt: now,
          submittedById: user.id,
          investmentSpentHkd: BigInt(input.investmentSpentHkd),
          researchPostsFilled: input.researchPostsFilled,
          graduatePlacesFilled: input.graduatePlacesFilled,
          gfaCompletedM2: input.gfaCompletedM2,
          gfaLetM2: input.gfaLetM2,
          narrative: input.narrative,
          milestones: { create: milestones.map((m) => ({ milestoneId: m.milestoneId, reachedOn: m.reachedOn })) },
          documents: { create: documents.map((d) => ({ fileName: d.fileName, contentType: d.contentType, size: d.size, sha256: d.sha256, storageKey: d.key })) },
        },
      });
      await recordAuditEvent(tx, progressReportSubmittedEntry(user.id, developmentId, { ...input, reportId: report.id, plot: development.plot.code, resubmission: earlier.length > 0, milestones, documents }));
      return report;
    });
  } catch (error) {
    // Nothing recorded: the stored documents must not stay behind, unless a report holds them (the
    // same check-your-answers page confirmed twice: the first report keeps its documents).
    const held = await db().progressReportDocument.findMany({ where: { storageKey: { in: documents.map((d) => d.key) } }, select: { storageKey: true } });
    await discardSupportingDocuments(documents.filter((d) => !held.some((h) => h.storageKey === d.key)));
    throw error;
  }
}

const reportInclude = {
  milestones: { include: { milestone: { select: { kind: true } } }, orderBy: { reachedOn: "asc" } },
  documents: { orderBy: { uploadedAt: "asc" } },
  development: { include: { plot: { select: { code: true, state: true } }, organisation: { select: { id: true, name: true } } } },
} as const;

/**
 * One report as its reader sees it: members of the awarded organisation and administrators; for
 * anyone else it does not exist.
 */
export async function reportForReader(user: CurrentUser, developmentId: string, reportId: string) {
  const report = await db().progressReport.findFirst({ where: { id: reportId, developmentId }, include: reportInclude });
  if (!report) return null;
  if (user.staffRole !== "administrator" && !(await memberRole(db(), user, report.development.organisationId))) return null;
  const people = await db().user.findMany({ where: { id: { in: [report.submittedById, report.reviewedById].filter((id): id is string => Boolean(id)) } }, select: { id: true, name: true } });
  const nameOf = (id: string | null) => people.find((p) => p.id === id)?.name ?? null;
  return {
    id: report.id,
    developmentId,
    plot: report.development.plot.code,
    plotState: report.development.plot.state,
    organisation: report.development.organisation.name,
    dueOn: isoDay(report.dueOn),
    submittedAt: report.submittedAt,
    submittedBy: nameOf(report.submittedById),
    investmentSpentHkd: report.investmentSpentHkd.toString(),
    researchPostsFilled: report.researchPostsFilled,
    graduatePlacesFilled: report.graduatePlacesFilled,
    gfaCompletedM2: report.gfaCompletedM2,
    gfaLetM2: report.gfaLetM2,
    narrative: report.narrative,
    state: report.state,
    reviewedAt: report.reviewedAt,
    reviewedBy: nameOf(report.reviewedById),
    reviewNote: report.reviewNote,
    milestones: report.milestones.map((m) => ({ kind: m.milestone.kind, reachedOn: isoDay(m.reachedOn) })),
    documents: report.documents.map((d) => ({ id: d.id, fileName: d.fileName, size: d.size, sha256: d.sha256 })),
  };
}

/** A 5-minute link to a report's document, for the report's readers only. */
export async function reportDocumentLink(user: CurrentUser, developmentId: string, reportId: string, documentId: string): Promise<string | null> {
  if (!(await reportForReader(user, developmentId, reportId))) return null;
  const document = await db().progressReportDocument.findFirst({ where: { id: documentId, reportId } });
  if (!document) return null;
  return storage().downloadUrl(document.storageKey, { fileName: document.fileName, contentType: document.contentType, expiresInSeconds: 300 });
}

/**
 * The plot's state once a report claiming these milestones is verified: under construction when
 * construction start is verified, completed when completion is. A state never goes back.
 */
export function plotStateAfter(current: PlotState, claimed: MilestoneKind[]): PlotState {
  if (claimed.includes("completion")) return "completed";
  if (claimed.includes("construction_start") && current === "awarded") return "under_construction";
  return current;
}

/** What verifying a report would do, for its confirmation page (refused when it is not awaiting review). */
export async function verificationPreview(developmentId: string, reportId: string) {
  const report = await db().progressReport.findFirst({ where: { id: reportId, developmentId }, include: reportInclude });
  if (!report) throw new DomainError("progressReports.errors.unknownReport", "not-found");
  if (report.state !== "submitted") throw new DomainError("progressReports.errors.alreadyReviewed");
  const claimed = report.milestones.map((m) => m.milestone.kind);
  return {
    plot: report.development.plot.code,
    dueOn: isoDay(report.dueOn),
    milestones: report.milestones.map((m) => ({ kind: m.milestone.kind, reachedOn: isoDay(m.reachedOn) })),
    plotStateBefore: report.development.plot.state,
    plotStateAfter: plotStateAfter(report.development.plot.state, claimed),
  };
}


/**
 * An administrator verifies or queries a report awaiting review, once. Verifying makes the claimed
 * milestones reached (on the dates claimed, by this report) and moves the plot's state; querying
 * needs a note, and the awardee then reports again for that date. The person who submitted it is
 * emailed the outcome in their language.
 */
export async function reviewProgressReport(admin: CurrentUser, developmentId: string, reportId: string, review: ReviewDecision) {
  if (admin.staffRole !== "administrator") throw new DomainError("progressReports.errors.notAdministrator", "forbidden");
  const emailId = await db().$transaction(async (tx) => {
    if (!(await lockRow(tx, "Development", { id: developmentId }))) throw new DomainError("progressReports.errors.unknownReport", "not-found");
    const report = await tx.progressReport.findFirst({ where: { id: reportId, developmentId }, include: reportInclude });
    if (!report) throw new DomainError("progressReports.errors.unknownReport", "not-found");
    if (report.state !== "submitted") throw new DomainError("progressReports.errors.alreadyReviewed");
    const now = await serverNow(tx);
    const note = review.decision === "query" ? review.note.trim() : null;
    await tx.progressReport.update({ where: { id: reportId }, data: { state: review.decision === "verify" ? "verified" : "queried", reviewedById: admin.id, reviewedAt: now, reviewNote: note } });
    const plot = report.development.plot;
    let plotState = plot.state;
    const reached: { kind: MilestoneKind; reachedOn: Date }[] = [];
    if (review.decision === "verify") {
      for (const claim of report.milestones) {
        // A milestone another verified report reached first keeps that report's date.
        const { count } = await tx.developmentMilestone.updateMany({ where: { id: claim.milestoneId, reachedOn: null }, data: { reachedOn: claim.reachedOn, reachedInReportId: reportId } });
        if (count === 1) reached.push({ kind: claim.milestone.kind, reachedOn: claim.reachedOn });
      }
      plotState = plotStateAfter(plot.state, reached.map((r) => r.kind));
      if (plotState !== plot.state) await tx.plot.update({ where: { code: plot.code }, data: { state: plotState } });
    }
    await recordAuditEvent(tx, progressReportReviewedEntry(admin.id, developmentId, { decision: review.decision, note, reportId, plot: plot.code, dueOn: report.dueOn, milestonesReached: reached, plotStateBefore: plot.state, plotStateAfter: plotState }));
    const submitter = await tx.user.findUnique({ where: { id: report.submittedById }, select: { email: true, locale: true } });
    if (!submitter) return null;
    return queueEmail(tx, {
      to: submitter.email,
      template: review.decision === "verify" ? "progressReportVerified" : "progressReportQueried",
      language: submitter.locale,
      params: { plot: plot.code, dueOn: isoDay(report.dueOn), note: note ?? "", link: `${getConfig().PUBLIC_URL}/developments/${developmentId}/reports/${reportId}` },
      idempotencyKey: `progress-report-reviewed:${reportId}`,
    });
  });
  if (emailId) nudgeOutbox(optionalJobQueue(), [emailId]);
}

/**
 * What the development's record shows about progress on `today` (the database's calendar day when
 * not given): its reports, newest first, its milestones with their status, the next reporting date
 * and which passed ones have no report yet. The caller checks who may read it (progressAccess).
 */
export async function progressOf(developmentId: string, today?: Date) {
  const development = await db().development.findUnique({ where: { id: developmentId }, include: developmentInclude });
  if (!development) return null;
  const day = today ?? parkCalendarDay(await serverNow(db()));
  const reports = await db().progressReport.findMany({ where: { developmentId }, orderBy: [{ dueOn: "desc" }, { submittedAt: "desc" }], include: { milestones: { include: { milestone: { select: { kind: true } } } }, _count: { select: { documents: true } } } });
  const { firstReportDue, reportingIntervalMonths } = development;
  const settled = new Set(reports.filter((r) => settles(r.state)).map((r) => r.dueOn.getTime()));
  const passedDates = reportingDatesUntil(firstReportDue, reportingIntervalMonths, new Date(day.getTime() - 86_400_000));
  return {
    developmentId,
    plot: development.plot.code,
    reportingIntervalMonths,
    nextReportDue: isoDay(nextReportingDate(firstReportDue, reportingIntervalMonths, day)),
    missedDates: passedDates.filter((d) => !settled.has(d.getTime())).map(isoDay),
    milestones: milestonesOf(development, day).map((m) => ({ kind: m.kind, dueBy: isoDay(m.dueBy), varied: m.varied, reachedOn: m.reachedOn ? isoDay(m.reachedOn) : null, status: m.status })),
    reports: reports.map((r) => ({
      id: r.id,
      dueOn: isoDay(r.dueOn),
      submittedAt: r.submittedAt,
      state: r.state,
      milestones: r.milestones.map((m) => m.milestone.kind),
      documents: r._count.documents,
    })),
  };
}
export type Progress = NonNullable<Awaited<ReturnType<typeof progressOf>>>;

/** Whether the person may read a development's reports (its organisation's members, administrators), and may report (owners, submitters). */
export async function progressAccess(user: CurrentUser, developmentId: string) {
  const development = await db().development.findUnique({ where: { id: developmentId }, select: { organisationId: true } });
  if (!development) return null;
  if (user.staffRole === "administrator") return { read: true, report: false };
  const role = await memberRole(db(), user, development.organisationId);
  if (!role) return null;
  return { read: true, report: role === "owner" || role === "submitter" };
}
