import { beforeAll, describe, expect, it } from "vitest";
import type { CurrentUser } from "~/accounts/sessions.server.ts";
import { keptReportDocuments, storeReportDocument } from "~/developments/report-documents.server.ts";
import { progressReportSchema, reviewReportSchema, type ProgressReportInput } from "~/developments/report-schemas.ts";
import { isoDay, reportingDate } from "~/developments/reporting-dates.ts";
import { plotStateAfter, progressOf, reportableDates, reportDocumentLink, reportForReader, reportingForm, reviewProgressReport, submitProgressReport, verificationPreview } from "~/developments/reports.server.ts";
import { storage } from "~/platform/storage/storage.server.ts";
import { seedDemoPark } from "../../prisma/seed.ts";
import { withTestDatabase } from "../support/database.ts";
import { createDevelopment, databaseDay, finalAwardPlots } from "../support/developments.ts";
import { createOrganisation, DEMO_MEMBERS, fileOf, programBytes, sha256 } from "../support/proposals.ts";
import { currentUserFor } from "../support/users.ts";

const db = withTestDatabase();
let admin: CurrentUser;
let owner: CurrentUser;
let submitter: CurrentUser;
let contributor: CurrentUser;
let stranger: CurrentUser;
let developmentId: string;
let plot: string;
let firstDue: string;

const figures = (dueOn: string, extra: Partial<ProgressReportInput> = {}): ProgressReportInput => ({
  dueOn,
  investmentSpentHkd: "250000000",
  researchPostsFilled: 12,
  graduatePlacesFilled: 3,
  gfaCompletedM2: 0,
  gfaLetM2: 0,
  narrative: "Piling finished; the superstructure contract is let.",
  reached: {},
  kept: [],
  ...extra,
});

async function* bytes(buffer: Buffer) {
  yield new Uint8Array(buffer);
}

beforeAll(async () => {
  await seedDemoPark(db());
  admin = await currentUserFor("admin@demo.hsitp.example");
  const awardee = await createOrganisation("Awardee Developments Limited", [{ role: "owner" }, { role: "submitter" }, { role: "contributor" }]);
  [owner, submitter, contributor] = (await Promise.all(awardee.emails.map((email) => currentUserFor(email)))) as [CurrentUser, CurrentUser, CurrentUser];
  await db().user.update({ where: { id: submitter!.id }, data: { locale: "zh-Hant" } });
  stranger = await currentUserFor(DEMO_MEMBERS.owner);
  plot = (await finalAwardPlots())[0]!;
  // First reporting date 10 days ago (missed); construction start was due 5 days ago, completion in a year.
  const development = await createDevelopment({ plot, organisationId: awardee.id, firstReportInDays: -10, milestonesInDays: { design_approval: -40, construction_start: -5, topping_out: 200, completion: 365, opening: 400 } });
  developmentId = development.id;
  firstDue = isoDay(development.firstReportDue);
});

describe("who reports", () => {
  it("lets only the awarded organisation's owners and submitters report", async () => {
    await expect(submitProgressReport(contributor, developmentId, figures(firstDue))).rejects.toThrow("progressReports.errors.notAwardee");
    await expect(submitProgressReport(stranger, developmentId, figures(firstDue))).rejects.toThrow("progressReports.errors.notAwardee");
    await expect(submitProgressReport(admin, developmentId, figures(firstDue))).rejects.toThrow("progressReports.errors.notAwardee");
    await expect(reportingForm(contributor, developmentId)).rejects.toThrow("progressReports.errors.notAwardee");
    expect(await db().progressReport.count({ where: { developmentId } })).toBe(0);
    const form = await reportingForm(owner, developmentId);
    // The missed date and the next one (the one still to come) may be reported; nothing beyond.
    expect(form.dates).toEqual([firstDue, isoDay(reportingDate(new Date(`${firstDue}T00:00:00Z`), 3, 1))]);
    expect(form.openMilestones.map((m) => [m.kind, m.status])).toEqual([["design_approval", "overdue"], ["construction_start", "overdue"], ["topping_out", "due"], ["completion", "due"], ["opening", "due"]]);
  });
});

describe("submitting a report", () => {
  it("refuses a day that is no reporting date, one beyond the next, a milestone reached in the future and floor area beyond the promise", async () => {
    const [, next] = (await reportingForm(owner, developmentId)).dates;
    const dayAfter = isoDay(new Date(new Date(`${firstDue}T00:00:00Z`).getTime() + 86_400_000));
    await expect(submitProgressReport(owner, developmentId, figures(dayAfter))).rejects.toThrow("progressReports.errors.dueOn");
    const beyond = isoDay(reportingDate(new Date(`${firstDue}T00:00:00Z`), 3, 2));
    expect(next).toBe(isoDay(reportingDate(new Date(`${firstDue}T00:00:00Z`), 3, 1)));
    await expect(submitProgressReport(owner, developmentId, figures(beyond))).rejects.toThrow("progressReports.errors.dueOn");
    await expect(submitProgressReport(owner, developmentId, figures(firstDue, { reached: { construction_start: isoDay(await databaseDay(1)) } }))).rejects.toThrow("progressReports.errors.reachedInFuture");
    await expect(submitProgressReport(owner, developmentId, figures(firstDue, { gfaCompletedM2: 20_001, gfaLetM2: 0 }))).rejects.toThrow("progressReports.errors.gfaOverPromised");
    expect(await db().progressReport.count({ where: { developmentId } })).toBe(0);
  });

  it("checks the form on both sides: let floor area within completed, whole figures, a note to query", () => {
    const sent = { dueOn: firstDue, investmentSpentHkd: "HK$1,200", researchPostsFilled: "3", graduatePlacesFilled: "0", gfaCompletedM2: "100", gfaLetM2: "101" };
    const parsed = progressReportSchema.safeParse(sent);
    expect(parsed.success).toBe(false);
    expect(parsed.error!.issues.map((i) => [i.path.join("."), i.message])).toEqual([["gfaLetM2", "progressReports.errors.gfaLetOverCompleted"]]);
    expect(progressReportSchema.parse({ ...sent, gfaLetM2: "100" }).investmentSpentHkd).toBe("1200");
    expect(progressReportSchema.safeParse({ ...sent, gfaLetM2: "1", researchPostsFilled: "2.5" }).success).toBe(false);
    expect(reviewReportSchema.safeParse({ note: "" }).success).toBe(false);
    expect(reviewReportSchema.safeParse({ note: "Please attach the commencement notice." }).success).toBe(true);
  });

  it("stores evidence checked as proposal documents are, and records a report with its claims, audited", async () => {
    await expect(storeReportDocument("setup.pdf", bytes(programBytes()))).rejects.toThrow("progressReports.errors.documentContent");
    await expect(storeReportDocument("notes.txt", bytes(fileOf("pdf")))).rejects.toThrow("progressReports.errors.documentKind");
    const evidence = fileOf("pdf", "commencement notice");
    const stored = await storeReportDocument("commencement.pdf", bytes(evidence));
    expect(stored.sha256).toBe(sha256(evidence));
    // Carried through the check-your-answers page: read again from storage, never taken from the form.
    const kept = await keptReportDocuments([{ key: stored.key, fileName: "commencement.pdf" }]);
    expect(kept).toEqual([stored]);
    await expect(keptReportDocuments([{ key: "progress-report-uploads/2026-11/00000000-0000-4000-8000-000000000000", fileName: "x.pdf" }])).rejects.toThrow("progressReports.errors.documentGone");
    const reachedOn = isoDay(await databaseDay(-3));
    const report = await submitProgressReport(submitter, developmentId, figures(firstDue, { reached: { design_approval: isoDay(await databaseDay(-45)), construction_start: reachedOn } }), kept);
    expect(report.state).toBe("submitted");
    const read = (await reportForReader(contributor, developmentId, report.id))!;
    expect(read).toMatchObject({ dueOn: firstDue, investmentSpentHkd: "250000000", milestones: [{ kind: "design_approval" }, { kind: "construction_start", reachedOn }], documents: [{ fileName: "commencement.pdf", sha256: sha256(evidence) }] });
    expect(await reportForReader(stranger, developmentId, report.id)).toBeNull();
    expect(await reportDocumentLink(stranger, developmentId, report.id, read.documents[0]!.id)).toBeNull();
    expect(await reportDocumentLink(admin, developmentId, report.id, read.documents[0]!.id)).toBeTruthy();
    const audit = await db().auditEvent.findFirstOrThrow({ where: { action: "progress_report.submitted", subjectId: developmentId } });
    expect(audit.actorId).toBe(submitter.id);
    expect(audit.data).toMatchObject({ reportId: report.id, dueOn: firstDue, resubmission: false, documents: [{ fileName: "commencement.pdf", sha256: sha256(evidence) }] });
    // The same date again is refused while the report awaits review; its documents stay with the first report.
    await expect(submitProgressReport(owner, developmentId, figures(firstDue), kept)).rejects.toThrow("progressReports.errors.alreadyReported");
    expect(await storage().size(stored.key)).toBe(evidence.length);
  });
});

describe("reviewing a report", () => {
  it("lets only administrators verify or query", async () => {
    const report = await db().progressReport.findFirstOrThrow({ where: { developmentId, dueOn: new Date(`${firstDue}T00:00:00Z`) } });
    await expect(reviewProgressReport(owner, developmentId, report.id, { decision: "verify" })).rejects.toThrow("progressReports.errors.notAdministrator");
    expect((await db().progressReport.findUniqueOrThrow({ where: { id: report.id } })).state).toBe("submitted");
  });

  it("queries with a note: the awardee is emailed in their language and reports again for that date", async () => {
    const report = await db().progressReport.findFirstOrThrow({ where: { developmentId, dueOn: new Date(`${firstDue}T00:00:00Z`) } });
    await reviewProgressReport(admin, developmentId, report.id, { decision: "query", note: "Please attach the building authority's consent to commence." });
    expect(await db().progressReport.findUniqueOrThrow({ where: { id: report.id } })).toMatchObject({ state: "queried", reviewedById: admin.id, reviewNote: "Please attach the building authority's consent to commence." });
    await expect(reviewProgressReport(admin, developmentId, report.id, { decision: "verify" })).rejects.toThrow("progressReports.errors.alreadyReviewed");
    const email = await db().outboxEmail.findFirstOrThrow({ where: { idempotencyKey: `progress-report-reviewed:${report.id}` } });
    expect(email.toAddress).toBe(submitter.email);
    expect(email.subject).toMatch(/[\u4e00-\u9fff]/);
    expect(email.text).toContain("Please attach the building authority's consent to commence.");
    expect(await db().auditEvent.count({ where: { action: "progress_report.queried", subjectId: developmentId } })).toBe(1);
    // Nothing was reached by a queried report.
    expect((await db().developmentMilestone.findMany({ where: { developmentId, reachedOn: { not: null } } })).length).toBe(0);
    expect(reportableDates({ ...(await db().development.findUniqueOrThrow({ where: { id: developmentId } })), reports: await db().progressReport.findMany({ where: { developmentId } }) }, await databaseDay()).map(isoDay)).toEqual([firstDue, isoDay(reportingDate(new Date(`${firstDue}T00:00:00Z`), 3, 1))]);
  });

  it("verifies a resubmitted report: its milestones are reached on the dates claimed and the plot is under construction", async () => {
    const reachedOn = isoDay(await databaseDay(-3));
    const again = await submitProgressReport(owner, developmentId, figures(firstDue, { reached: { design_approval: isoDay(await databaseDay(-45)), construction_start: reachedOn } }));
    expect((await db().auditEvent.findFirstOrThrow({ where: { action: "progress_report.submitted", subjectId: developmentId }, orderBy: { occurredAt: "desc" } })).data).toMatchObject({ resubmission: true });
    expect(await verificationPreview(developmentId, again.id)).toMatchObject({ plotStateBefore: "awarded", plotStateAfter: "under_construction", milestones: [{ kind: "design_approval" }, { kind: "construction_start", reachedOn }] });
    await reviewProgressReport(admin, developmentId, again.id, { decision: "verify" });
    const milestones = await db().developmentMilestone.findMany({ where: { developmentId } });
    const constructionStart = milestones.find((m) => m.kind === "construction_start")!;
    expect(isoDay(constructionStart.reachedOn!)).toBe(reachedOn);
    expect(constructionStart.reachedInReportId).toBe(again.id);
    expect((await db().plot.findUniqueOrThrow({ where: { code: plot } })).state).toBe("under_construction");
    const audit = await db().auditEvent.findFirstOrThrow({ where: { action: "progress_report.verified", subjectId: developmentId } });
    expect(audit.data).toMatchObject({ reportId: again.id, plotStateBefore: "awarded", plotStateAfter: "under_construction" });
    const email = await db().outboxEmail.findFirstOrThrow({ where: { idempotencyKey: `progress-report-reviewed:${again.id}` } });
    expect(email.toAddress).toBe(owner.email);
    // Reached late (after its date) and no longer overdue; the next date is still to report.
    const progress = (await progressOf(developmentId))!;
    expect(progress.milestones.find((m) => m.kind === "construction_start")).toMatchObject({ status: "reached_late", reachedOn });
    expect(progress.missedDates).toEqual([]);
    expect(progress.reports.map((r) => r.state)).toEqual(["verified", "queried"]);
  });

  it("moves the plot to completed when completion is verified, and never back", () => {
    expect(plotStateAfter("under_construction", ["completion"])).toBe("completed");
    expect(plotStateAfter("awarded", ["construction_start", "completion"])).toBe("completed");
    expect(plotStateAfter("completed", ["construction_start"])).toBe("completed");
    expect(plotStateAfter("awarded", ["design_approval"])).toBe("awarded");
  });
});
