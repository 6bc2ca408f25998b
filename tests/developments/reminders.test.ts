import { beforeAll, describe, expect, it } from "vitest";
import { REMINDER_DAYS_BEFORE, runProgressReminders } from "~/developments/reminders.server.ts";
import { isoDay } from "~/developments/reporting-dates.ts";
import { seedDemoPark } from "../../prisma/seed.ts";
import { withTestDatabase } from "../support/database.ts";
import { createDevelopment, databaseDay, finalAwardPlots } from "../support/developments.ts";
import { createOrganisation } from "../support/proposals.ts";

const db = withTestDatabase();
let developmentId: string;
let emails: string[];

beforeAll(async () => {
  await seedDemoPark(db());
  const awardee = await createOrganisation("Reminded Developments Limited", [{ role: "owner" }, { role: "submitter" }, { role: "contributor" }]);
  emails = awardee.emails;
  await db().user.update({ where: { email: emails[1]! }, data: { locale: "zh-Hant" } });
  // The first reporting date passed 20 days ago without a report (the next is months away);
  // construction start was due yesterday, completion is a year away.
  const development = await createDevelopment({ plot: (await finalAwardPlots())[0]!, organisationId: awardee.id, firstReportInDays: -20, milestonesInDays: { construction_start: -1, completion: 365 } });
  developmentId = development.id;
});

describe("reminders and overdue milestones", () => {
  it("remind of a missed reporting date and flag an overdue milestone exactly once, however many instances run at once", async () => {
    const runs = await Promise.all([runProgressReminders(), runProgressReminders(), runProgressReminders()]);
    expect(runs.reduce((n, r) => n + r.reminders, 0)).toBe(1);
    expect(runs.reduce((n, r) => n + r.overdue, 0)).toBe(1);
    const reminders = await db().reportReminder.findMany({ where: { developmentId } });
    expect(reminders.map((r) => [isoDay(r.dueOn), r.kind])).toEqual([[isoDay(await databaseDay(-20)), "report_overdue"]]);
    // To the owner and the submitter (who report), not the contributor; each in their language.
    const missed = await db().outboxEmail.findMany({ where: { template: "progressReportMissed" }, orderBy: { toAddress: "asc" } });
    expect(missed.map((e) => e.toAddress).sort()).toEqual([emails[0], emails[1]].sort());
    expect(missed.find((e) => e.toAddress === emails[1])!.subject).toMatch(/[\u4e00-\u9fff]/);
    const overdue = await db().outboxEmail.findMany({ where: { template: "milestoneOverdue" } });
    expect(overdue).toHaveLength(2);
    expect(overdue.find((e) => e.toAddress === emails[1])!.text).toContain("動工");
    const audit = await db().auditEvent.findMany({ where: { action: "milestone.overdue", subjectId: developmentId } });
    expect(audit).toHaveLength(1);
    expect(audit[0]!.data).toMatchObject({ milestone: "construction_start", dueBy: isoDay(await databaseDay(-1)) });
    const milestone = await db().developmentMilestone.findFirstOrThrow({ where: { developmentId, kind: "construction_start" } });
    expect(isoDay(milestone.overdueNotifiedFor!)).toBe(isoDay(await databaseDay(-1)));
    // A later tick sends nothing more.
    expect(await runProgressReminders()).toMatchObject({ reminders: 0, overdue: 0, emails: [] });
  });

  it("flags a milestone again once the date an approved variation moved it to has passed too", async () => {
    const development = await db().development.findUniqueOrThrow({ where: { id: developmentId } });
    await db().variation.create({
      data: { developmentId, subject: "milestone", milestoneKind: "construction_start", fromValue: isoDay(await databaseDay(-1)), toValue: isoDay(await databaseDay(5)), reasonEn: "Piling redesigned.", reasonZhHant: "樁基重新設計。", requestedById: (await db().user.findFirstOrThrow({ where: { email: emails[0]! } })).id, requestedAt: development.createdAt, state: "approved", decidedAt: new Date() },
    });
    expect((await runProgressReminders()).overdue).toBe(0);
    // The varied date passes (moved into the past, as days pass): overdue again, once.
    await db().variation.updateMany({ where: { developmentId }, data: { toValue: isoDay(await databaseDay(-2)) } });
    const runs = await Promise.all([runProgressReminders(), runProgressReminders(), runProgressReminders()]);
    expect(runs.reduce((n, r) => n + r.overdue, 0)).toBe(1);
    expect(await db().auditEvent.count({ where: { action: "milestone.overdue", subjectId: developmentId } })).toBe(2);
  });

  it(`reminds ${REMINDER_DAYS_BEFORE} days before a reporting date, once`, async () => {
    const awardee = await createOrganisation("Punctual Developments Limited", [{ role: "owner" }]);
    const [, second] = await finalAwardPlots();
    const soon = await createDevelopment({ plot: second!, organisationId: awardee.id, firstReportInDays: REMINDER_DAYS_BEFORE, milestonesInDays: { completion: 700 } });
    const runs = await Promise.all([runProgressReminders(), runProgressReminders(), runProgressReminders()]);
    expect(runs.reduce((n, r) => n + r.reminders, 0)).toBe(1);
    expect((await db().reportReminder.findMany({ where: { developmentId: soon.id } })).map((r) => r.kind)).toEqual(["report_due"]);
    expect(await db().outboxEmail.count({ where: { template: "progressReportDue", toAddress: awardee.emails[0]! } })).toBe(1);
  });
});
