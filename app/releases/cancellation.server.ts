import { z } from "zod";
import { recordAuditEvent } from "~/platform/audit.server.ts";
import type { CurrentUser } from "~/accounts/sessions.server.ts";
import { getConfig } from "~/platform/config.server.ts";
import { db } from "~/platform/database/db.server.ts";
import { nudgeOutbox, queueEmail, type EmailTemplate } from "~/platform/email.server.ts";
import { releaseAudience } from "./audience.server.ts";
import { lockRow, type Tx } from "~/platform/database/transactions.server.ts";
import { optionalJobQueue } from "~/platform/jobs.server.ts";
import { DomainError } from "~/platform/domain-error.ts";
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
  return Promise.all(
    audience.map((user) =>
      queueEmail(tx, {
        to: user.email,
        template,
        language: user.locale,
        params: { code: release.code, release: user.locale === "zh-Hant" ? release.titleZhHant : release.titleEn, link, ...extra },
        idempotencyKey: `${key}:${user.id}`,
      }),
    ),
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

/** What withdrawing a plot would do, for the confirmation: refused as the withdrawal itself would be. */
export async function withdrawalPreview(code: string, plotCode: string) {
  const { plots } = await cancellationPreview(code);
  if (!plots.includes(plotCode)) throw new DomainError("cancellation.errors.notOffered");
  if (plots.length === 1) throw new DomainError("cancellation.errors.lastPlot");
  return { plot: plotCode, remaining: plots.length - 1 };
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
  await nudgeOutbox(optionalJobQueue(), outboxIds);
}

/** Withdraws one plot from a release with a public reason; the plot returns to the inventory. */
export async function withdrawPlot(admin: CurrentUser, code: string, plotCode: string, reason: PublicReason, now = new Date()): Promise<void> {
  const outboxIds = await db().$transaction(async (tx) => {
    await lockRow(tx, "Release", { code });
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
    await recordAuditEvent(tx, { actorId: admin.id, action: "release.plot_withdrawn", subjectType: "release", subjectId: code, data: { plot: plotCode, reasonEn: reason.reasonEn } });
    return tellFollowers(tx, release, "plotWithdrawn", `withdrawn:${release.id}:${plotCode}`, { plot: plotCode, reason: reason.reasonEn });
  });
  await nudgeOutbox(optionalJobQueue(), outboxIds);
}
