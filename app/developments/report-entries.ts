import type { AuditEntry } from "~/platform/audit.server.ts";
import type { MilestoneKind, PlotState } from "~/platform/database/generated/prisma/enums.ts";
import { isoDay } from "./reporting-dates.ts";
import type { ProgressReportInput } from "./report-schemas.ts";

export type ReviewDecision = { decision: "verify" } | { decision: "query"; note: string };

/** The audit entries of a progress report submitted and of its review (also written by the demo seed's replay). */
export const progressReportSubmittedEntry = (
  actorId: string,
  developmentId: string,
  report: Pick<ProgressReportInput, "dueOn" | "investmentSpentHkd" | "researchPostsFilled" | "graduatePlacesFilled" | "gfaCompletedM2" | "gfaLetM2"> & {
    reportId: string;
    plot: string;
    resubmission: boolean;
    milestones: readonly { kind: MilestoneKind; reachedOn: Date }[];
    documents: readonly { fileName: string; size: number; sha256: string }[];
  },
): AuditEntry => ({
  actorId,
  action: "progress_report.submitted",
  subjectType: "development",
  subjectId: developmentId,
  data: {
    reportId: report.reportId,
    plot: report.plot,
    dueOn: report.dueOn,
    resubmission: report.resubmission,
    investmentSpentHkd: report.investmentSpentHkd,
    researchPostsFilled: report.researchPostsFilled,
    graduatePlacesFilled: report.graduatePlacesFilled,
    gfaCompletedM2: report.gfaCompletedM2,
    gfaLetM2: report.gfaLetM2,
    milestones: report.milestones.map((m) => ({ kind: m.kind, reachedOn: isoDay(m.reachedOn) })),
    documents: report.documents.map((d) => ({ fileName: d.fileName, size: d.size, sha256: d.sha256 })),
  },
});
export const progressReportReviewedEntry = (
  adminId: string,
  developmentId: string,
  review: {
    decision: ReviewDecision["decision"];
    note: string | null;
    reportId: string;
    plot: string;
    dueOn: Date;
    milestonesReached: readonly { kind: MilestoneKind; reachedOn: Date }[];
    plotStateBefore: PlotState;
    plotStateAfter: PlotState;
  },
): AuditEntry => ({
  actorId: adminId,
  action: review.decision === "verify" ? "progress_report.verified" : "progress_report.queried",
  subjectType: "development",
  subjectId: developmentId,
  data: {
    reportId: review.reportId,
    plot: review.plot,
    dueOn: isoDay(review.dueOn),
    note: review.note,
    milestonesReached: review.milestonesReached.map((m) => ({ kind: m.kind, reachedOn: isoDay(m.reachedOn) })),
    plotStateBefore: review.plotStateBefore,
    plotStateAfter: review.plotStateAfter,
  },
});
