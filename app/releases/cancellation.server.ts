import { z } from "zod";
import { recordAuditEvent } from "~/platform/audit.server.ts";
import type { CurrentUser } from "~/accounts/sessions.server.ts";
import { getConfig } from "~/platform/config.server.ts";
import { db } from "~/platform/database/db.server.ts";
import { nudgeOutbox, queueEmails, type EmailTemplate } from "~/platform/email.server.ts";
import { releaseAudience } from "./audience.server.ts";
import { lockRow, serverNow, type Tx } from "~/platform/database/transactions.server.ts";
import { translator } from "~/platform/i18n/i18n.ts";
import { formatDateTime, PARK_TIME_ZONE } from "~/platform/time.ts";
import { ADDENDUM_NOTICE_DAYS, nextAddendumNumber, recordAddendum, timelineAfterChange, type Timeline } from "./addenda.server.ts";
import { optionalJobQueue } from "~/platform/jobs.server.ts";
import { DomainError } from "~/platform/domain-error.ts";
import { intlLocale, languageOrDefault, pick } from "~/platform/i18n/i18n.ts";
import { refuseHiddenCharacters } from "~/platform/plain-text.ts";

export const publicReasonSchema = z.object({
  reasonEn: z.string({ error: "errors.enterReasonEn" }).trim().min(3, { error: "errors.enterReasonEn" }).max(1_000, { error: "errors.tooLong" }).superRefine(refuseHiddenCharacters("reasonEn")),
  reasonZhHant: z.string({ error: "errors.enterReasonZhHant" }).trim().min(2, { error: "errors.enterReasonZhHant" }).max(1_000, { error: "errors.tooLong" }).superRefine(refuseHiddenCharacters("reasonZhHant")),
});
export type PublicReason = z.infer<typeof publicReasonSchema>;

/** Releases that can still be cancelled or lose a plot: public and not yet concluded (or scheduled). */
const LIVE = ["scheduled", "open", "closed"] as const;

/** Emails everyone following the release and the members of organisations with proposals for it. */
async function tellFollowers(
  tx: Tx,
  release: { id: string; code: string; titleEn: string; titleZhHant: string },
  template: EmailTemplate,
  key: string,
  extra: Record<string, string>,
) {
  const audience = await releaseAudience(tx, release.id);
  const link = `${getConfig().PUBLIC_URL}/releases/${release.code}`;
  return queueEmails(
    tx,
    audience.map((user) => ({
      to: user.email,
      template,
      language: user.locale,
      params: { code: release.code, release: pick(languageOrDefault(user.locale), { en: release.titleEn, zhHant: release.titleZhHant }), link, ...extra },
      idempotencyKey: `${key}:${user.id}`,
    })),
  );
}

/**
 * What cancelling a release would do, for the administrator's confirmation: the plots that return
 * to the inventory. Nothing about proposals: before the deadline they are sealed, even their number.
 */
export async function cancellationPreview(code: string) {
  const release = await db().release.findUnique({ where: { code }, include: { plots: { where: { withdrawnAt: null }, orderBy: { position: "asc" }, include: { plot: { select: { code: true } } } } } });
  if (!release || !(LIVE as readonly string[]).includes(release.state)) throw new DomainError("cancellation.errors.notLive");
  return { plots: release.plots.map((p) => p.plot.code) };
}

/** A release's timeline, as addenda change it. */
const timelineOf = (release: Timeline): Timeline => ({ clarificationEndsAt: release.clarificationEndsAt, submissionDeadline: release.submissionDeadline, openingAt: release.openingAt });

/**
 * Rule 1: once a release is published, withdrawing one of its plots changes the tender conditions,
 * so it is an addendum. A scheduled release is not published yet: its plots change without one.
 */
const needsAddendum = (state: string) => state === "open" || state === "closed";

/**
 * What withdrawing a plot would do, for the confirmation: refused as the withdrawal itself would be;
 * the addendum it issues (its number) and where it leaves the deadline and the opening.
 */
export async function withdrawalPreview(code: string, plotCode: string) {
  const { plots } = await cancellationPreview(code);
  if (!plots.includes(plotCode)) throw new DomainError("cancellation.errors.notOffered");
  if (plots.length === 1) throw new DomainError("cancellation.errors.lastPlot");
  const release = await db().release.findUniqueOrThrow({ where: { code } });
  if (!needsAddendum(release.state)) return { plot: plotCode, remaining: plots.length - 1, addendum: null };
  const now = await serverNow(db());
  const before = timelineOf(release);
  const after = timelineAfterChange(before, now);
  const moved = (field: "submissionDeadline" | "openingAt") => ({ from: before[field].toISOString(), to: after[field].toISOString(), moves: before[field].getTime() !== after[field].getTime() });
  return {
    plot: plotCode,
    remaining: plots.length - 1,
    addendum: { number: await nextAddendumNumber(db(), release.id), deadlinePassed: before.submissionDeadline <= now, deadline: moved("submissionDeadline"), opening: moved("openingAt") },
  };
}

/** An addendum's notes for a withdrawal, in one language: the plot, the public reason, and a moved deadline. */
function withdrawalNotes(language: "en" | "zh-Hant", plot: string, reason: string, before: Timeline, after: Timeline) {
  const t = translator(language);
  const time = (date: Date) => formatDateTime(date, PARK_TIME_ZONE, intlLocale(language));
  const notes = [t("text.withdrawal.notes", { plot, reason })];
  if (after.submissionDeadline.getTime() !== before.submissionDeadline.getTime()) {
    notes.push(t("text.withdrawal.deadlineMoved", { from: time(before.submissionDeadline), to: time(after.submissionDeadline), days: ADDENDUM_NOTICE_DAYS }));
  }
  if (after.openingAt.getTime() !== before.openingAt.getTime()) notes.push(t("text.withdrawal.openingMoved", { to: time(after.openingAt) }));
  return notes.join(language === "en" ? " " : "");
}

/** Cancels a release with a public reason: its plots return to the inventory; followers are emailed. */
export async function cancelRelease(admin: CurrentUser, code: string, reason: PublicReason, now = new Date()): Promise<void> {
  const outboxIds = await db().$transaction(async (tx) => {
    // A cancellation, a withdrawal and the release clock take turns on the release.
    await lockRow(tx, "Release", { code });
    const release = await tx.release.findUnique({ where: { code }, include: { plots: { where: { withdrawnAt: null } } } });
    if (!release || !(LIVE as readonly string[]).includes(release.state)) throw new DomainError("cancellation.errors.notLive");
    await tx.release.update({ where: { id: release.id }, data: { state: "cancelled", cancelledAt: now, cancellationReasonEn: reason.reasonEn, cancellationReasonZhHant: reason.reasonZhHant } });
    await tx.plot.updateMany({ where: { id: { in: release.plots.map((p) => p.plotId) }, state: "in_release" }, data: { state: "inventory" } });
    await recordAuditEvent(tx, { actorId: admin.id, action: "release.cancelled", subjectType: "release", subjectId: code, data: { reasonEn: reason.reasonEn } });
    return tellFollowers(tx, release, "releaseCancelled", `cancelled:${release.id}`, { reason: reason.reasonEn });
  });
  nudgeOutbox(optionalJobQueue(), outboxIds);
}

/**
 * Withdraws one plot from a release with a public reason; the plot returns to the inventory. From a
 * published release it is a numbered addendum (rule 1): fewer than 7 days before the deadline, the
 * deadline moves so that 7 remain; everyone following the release or preparing a proposal is told
 * by the addendum's email. All in one transaction, by the database's clock (`now` for tests).
 */
export async function withdrawPlot(admin: CurrentUser, code: string, plotCode: string, reason: PublicReason, clock?: Date): Promise<void> {
  const outboxIds = await db().$transaction(async (tx) => {
    await lockRow(tx, "Release", { code });
    const now = clock ?? (await serverNow(tx));
    const release = await tx.release.findUnique({ where: { code }, include: { plots: { where: { withdrawnAt: null }, include: { plot: true } } } });
    if (!release || !(LIVE as readonly string[]).includes(release.state)) throw new DomainError("cancellation.errors.notLive");
    const offered = release.plots.find((p) => p.plot.code === plotCode);
    if (!offered) throw new DomainError("cancellation.errors.notOffered");
    if (release.plots.length === 1) throw new DomainError("cancellation.errors.lastPlot");
    await tx.releasePlot.update({
      where: { releaseId_plotId: { releaseId: release.id, plotId: offered.plotId } },
      data: { withdrawnAt: now, withdrawalReasonEn: reason.reasonEn, withdrawalReasonZhHant: reason.reasonZhHant },
    });
    await tx.plot.updateMany({ where: { id: offered.plotId, state: "in_release" }, data: { state: "inventory" } });
    if (!needsAddendum(release.state)) {
      await recordAuditEvent(tx, { actorId: admin.id, action: "release.plot_withdrawn", subjectType: "release", subjectId: code, data: { plot: plotCode, reasonEn: reason.reasonEn } });
      return tellFollowers(tx, release, "plotWithdrawn", `withdrawn:${release.id}:${plotCode}`, { plot: plotCode, reason: reason.reasonEn });
    }
    const before = timelineOf(release);
    const after = timelineAfterChange(before, now);
    const notesEn = withdrawalNotes("en", plotCode, reason.reasonEn, before, after);
    const notesZhHant = withdrawalNotes("zh-Hant", plotCode, reason.reasonZhHant, before, after);
    const { number, outboxIds } = await recordAddendum(tx, admin, release, { notesEn, notesZhHant, before, after, now, withdrawnPlot: plotCode });
    await recordAuditEvent(tx, { actorId: admin.id, action: "release.plot_withdrawn", subjectType: "release", subjectId: code, data: { plot: plotCode, reasonEn: reason.reasonEn, addendum: number } });
    return outboxIds;
  });
  nudgeOutbox(optionalJobQueue(), outboxIds);
}
