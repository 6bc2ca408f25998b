import type { PgBoss } from "pg-boss";
import { recordAuditEvent, type AuditEntry } from "~/platform/audit.server.ts";
import { getConfig } from "~/platform/config.server.ts";
import { db } from "~/platform/database/db.server.ts";
import type { ReminderKind } from "~/platform/database/generated/prisma/enums.ts";
import { serverNow, type Tx } from "~/platform/database/transactions.server.ts";
import { nudgeOutbox, queueEmail } from "~/platform/email.server.ts";
import { translator, isLanguage } from "~/platform/i18n/i18n.ts";
import { logger } from "~/platform/logger.server.ts";
import { parkCalendarDay } from "~/platform/time.ts";
import { isoDay, nextReportingDate, reportingDatesUntil } from "./reporting-dates.ts";
import { milestonesOf } from "./reports.server.ts";

/** How many days before a reporting date the awardee is reminded of it. */
export const REMINDER_DAYS_BEFORE = 14;
const DAY = 86_400_000;

/** The owners and submitters of the awarded organisation: who reports, so who is reminded. */
function reporters(tx: Tx, organisationId: string) {
  return tx.membership.findMany({ where: { organisationId, role: { in: ["owner", "submitter"] } }, include: { user: { select: { id: true, email: true, locale: true } } }, orderBy: { createdAt: "asc" } });
}

/**
 * Records a reminder for one development, reporting date and kind, and emails it, unless it was
 * recorded before: the unique key (development, date, kind) makes a second instance running the
 * same tick wait for the first's commit, then find it there and send nothing.
 */
async function remindOnce(development: { id: string; organisationId: string; plot: { code: string } }, dueOn: Date, kind: ReminderKind): Promise<string[]> {
  return db().$transaction(async (tx) => {
    const sentAt = await serverNow(tx);
    const { count } = await tx.reportReminder.createMany({ data: [{ developmentId: development.id, dueOn, kind, sentAt }], skipDuplicates: true });
    if (count !== 1) return [];
    const link = `${getConfig().PUBLIC_URL}/developments/${development.id}/reports/new?due=${isoDay(dueOn)}`;
    const ids: string[] = [];
    for (const member of await reporters(tx, development.organisationId)) {
      ids.push(
        await queueEmail(tx, {
          to: member.user.email,
          template: kind === "report_due" ? "progressReportDue" : "progressReportMissed",
          language: member.user.locale,
          params: { plot: development.plot.code, dueOn: isoDay(dueOn), link },
          idempotencyKey: `report-reminder:${development.id}:${isoDay(dueOn)}:${kind}:${member.user.id}`,
        }),
      );
    }
    return ids;
  });
}

/** The audit entry of a milestone flagged overdue (also written by the demo seed's replay). */
export const milestoneOverdueEntry = (developmentId: string, plot: string, milestone: { kind: string; dueBy: Date }, at: Date): AuditEntry => ({
  actorId: null,
  action: "milestone.overdue",
  subjectType: "development",
  subjectId: developmentId,
  data: { plot, milestone: milestone.kind, dueBy: isoDay(milestone.dueBy), at: at.toISOString() },
});

/**
 * Flags a milestone overdue for the date that applies to it now, once: a guarded update of
 * `overdueNotifiedFor`, so several instances notify once, and a variation's new date, once passed,
 * is notified again. Audited (milestone.overdue) with the emails in the same transaction.
 */
async function flagOverdueOnce(development: { id: string; organisationId: string; plot: { code: string } }, milestone: { id: string; kind: string; dueBy: Date }): Promise<string[] | null> {
  return db().$transaction(async (tx) => {
    const { count } = await tx.developmentMilestone.updateMany({
      where: { id: milestone.id, reachedOn: null, OR: [{ overdueNotifiedFor: null }, { overdueNotifiedFor: { not: milestone.dueBy } }] },
      data: { overdueNotifiedFor: milestone.dueBy },
    });
    if (count !== 1) return null;
    const at = await serverNow(tx);
    await recordAuditEvent(tx, milestoneOverdueEntry(development.id, development.plot.code, milestone, at));
    const ids: string[] = [];
    for (const member of await reporters(tx, development.organisationId)) {
      const language = isLanguage(member.user.locale) ? member.user.locale : "en";
      ids.push(
        await queueEmail(tx, {
          to: member.user.email,
          template: "milestoneOverdue",
          language,
          params: { plot: development.plot.code, milestone: translator(language)(`progressReports.milestone.${milestone.kind}`), dueBy: isoDay(milestone.dueBy), link: `${getConfig().PUBLIC_URL}/developments/${development.id}/reports/new` },
          idempotencyKey: `milestone-overdue:${milestone.id}:${isoDay(milestone.dueBy)}:${member.user.id}`,
        }),
      );
    }
    return ids;
  });
}

/**
 * One tick of the reminders, by the database's calendar day in Hong Kong: for every development of a
 * final award, a reminder `REMINDER_DAYS_BEFORE` days before its next reporting date (unless a
 * report settles it already), one for each passed reporting date without a report, and a notice for
 * each milestone past its date without a verified reach. Each exactly once, however many instances
 * run it.
 */
export async function runProgressReminders(): Promise<{ reminders: number; overdue: number; emails: string[] }> {
  const today = parkCalendarDay(await serverNow(db()));
  const developments = await db().development.findMany({
    where: { award: { status: "active" } },
    include: { milestones: true, variations: { where: { state: "approved" } }, plot: { select: { id: true, code: true, state: true } }, organisation: { select: { id: true, name: true } }, reports: { select: { dueOn: true, state: true } } },
  });
  const emails: string[] = [];
  let reminders = 0;
  let overdue = 0;
  for (const development of developments) {
    const { firstReportDue, reportingIntervalMonths, reports } = development;
    const reported = (date: Date, settledOnly: boolean) => reports.some((r) => r.dueOn.getTime() === date.getTime() && (!settledOnly || r.state !== "queried"));
    const next = nextReportingDate(firstReportDue, reportingIntervalMonths, today);
    if (next.getTime() - today.getTime() <= REMINDER_DAYS_BEFORE * DAY && !reported(next, true)) {
      const sent = await remindOnce(development, next, "report_due");
      if (sent.length) reminders++;
      emails.push(...sent);
    }
    for (const passed of reportingDatesUntil(firstReportDue, reportingIntervalMonths, new Date(today.getTime() - DAY))) {
      if (reported(passed, false)) continue;
      const sent = await remindOnce(development, passed, "report_overdue");
      if (sent.length) reminders++;
      emails.push(...sent);
    }
    for (const milestone of milestonesOf(development, today).filter((m) => m.status === "overdue")) {
      const row = development.milestones.find((m) => m.id === milestone.id)!;
      if (row.overdueNotifiedFor?.getTime() === milestone.dueBy.getTime()) continue;
      const sent = await flagOverdueOnce(development, milestone);
      if (sent) overdue++;
      emails.push(...(sent ?? []));
    }
  }
  if (reminders || overdue) logger.info({ reminders, overdue }, "progress reminders sent");
  return { reminders, overdue, emails };
}

export const PROGRESS_REMINDERS = "developments.reminders";

/** The reminders run every hour on the job queue (one instance at a time: a singleton queue). */
export async function startProgressReminders(boss: PgBoss): Promise<void> {
  await boss.createQueue(PROGRESS_REMINDERS, { policy: "singleton" });
  await boss.work(PROGRESS_REMINDERS, async () => {
    const { emails } = await runProgressReminders();
    nudgeOutbox(boss, emails);
  });
  await boss.schedule(PROGRESS_REMINDERS, "17 * * * *");
}
