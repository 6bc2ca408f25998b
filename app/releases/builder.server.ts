import { recordAuditEvent, type AuditEntry } from "~/platform/audit.server.ts";
import type { CurrentUser } from "~/accounts/sessions.server.ts";
import { db } from "~/platform/database/db.server.ts";
import { lockRow, type Tx } from "~/platform/database/transactions.server.ts";
import { DomainError } from "~/platform/domain-error.ts";
import { storage } from "~/platform/storage/storage.server.ts";
import { lockInventory } from "~/plots/inventory.server.ts";
import { plotProblems, timelineAndWeightProblems } from "./conditions.server.ts";
import { releaseConditionsSchema, type ReleaseConditions, type ReleaseProblem } from "./schemas.ts";
import { DEFAULT_STANDSTILL_DAYS } from "~/results/standstill.ts";

/** The audit entries of a release's drafting and publication (also written by the demo seed's replay). */
export const draftedEntry = (actorId: string, code: string, plotCodes: readonly string[]): AuditEntry => ({ actorId, action: "release.drafted", subjectType: "release", subjectId: code, data: { plots: plotCodes } });
export const publishedEntry = (actorId: string | null, code: string, publishedAt: Date): AuditEntry => ({ actorId, action: "release.published", subjectType: "release", subjectId: code, data: { publishedAt: publishedAt.toISOString() } });

export type DraftOutcome = { status: "saved"; code: string } | { status: "invalid"; problems: ReleaseProblem[] };

/** Creates a draft release: invisible to the public, changeable until published. */
export async function createDraftRelease(admin: CurrentUser, conditions: ReleaseConditions, now = new Date()): Promise<DraftOutcome> {
  const problems = timelineAndWeightProblems(conditions, now);
  return db().$transaction(async (tx) => {
    const phase = await tx.phase.findUnique({ where: { code: conditions.phase } });
    if (!phase) problems.push({ field: "phase", key: "inventory.errors.unknownPhase", values: { phase: conditions.phase } });
    if (await tx.release.findUnique({ where: { code: conditions.code } })) problems.push({ field: "code", key: "builder.errors.codeTaken", values: { code: conditions.code } });
    problems.push(...(await plotProblems(tx, conditions)));
    if (problems.length > 0 || !phase) return { status: "invalid", problems } as const;
    const plots = await tx.plot.findMany({ where: { code: { in: conditions.plotCodes } }, select: { id: true, code: true } });
    const release = await tx.release.create({
      data: {
        code: conditions.code,
        titleEn: conditions.titleEn,
        titleZhHant: conditions.titleZhHant,
        phaseId: phase.id,
        state: "draft",
        publicationAt: conditions.publicationAt,
        clarificationEndsAt: conditions.clarificationEndsAt,
        submissionDeadline: conditions.submissionDeadline,
        openingAt: conditions.openingAt,
        eligibilityEn: conditions.eligibilityEn,
        eligibilityZhHant: conditions.eligibilityZhHant,
        passMarkPercent: conditions.passMarkPercent,
        standstillDays: conditions.standstillDays ?? DEFAULT_STANDSTILL_DAYS,
        plots: { create: conditions.plotCodes.map((code, position) => ({ plotId: plots.find((p) => p.code === code)!.id, position })) },
        criteria: { create: conditions.criteria.map((c, position) => ({ ...c, position })) },
        requiredDocuments: { create: conditions.requiredDocuments.map((d, position) => ({ ...d, position })) },
      },
    });
    await recordAuditEvent(tx, draftedEntry(admin.id, release.code, conditions.plotCodes));
    return { status: "saved", code: release.code } as const;
  });
}

/** Makes a release public in the transaction: its plots leave the inventory; recorded as published. */
export async function makePublic(tx: Tx, releaseId: string, actorId: string | null, now: Date) {
  const release = await tx.release.findUniqueOrThrow({ where: { id: releaseId }, include: { plots: { where: { withdrawnAt: null }, select: { plotId: true } } } });
  const { count } = await tx.plot.updateMany({ where: { id: { in: release.plots.map((p) => p.plotId) }, state: "inventory" }, data: { state: "in_release" } });
  if (count !== release.plots.length) throw new DomainError("builder.errors.plotsNoLongerAvailable");
  await tx.release.update({ where: { id: releaseId }, data: { state: "open", publishedAt: now } });
  await recordAuditEvent(tx, publishedEntry(actorId, release.code, now));
}

/**
 * Publishes a draft now, or schedules it for its publication time (then the release clock publishes
 * it). The conditions are checked again: time has passed since the draft was saved.
 */
export async function publishRelease(admin: CurrentUser, code: string, when: "now" | "scheduled", now = new Date()): Promise<{ status: "published" | "scheduled" } | { status: "invalid"; problems: ReleaseProblem[] }> {
  return db().$transaction(async (tx) => {
    // Its plots leave the inventory: inventory changes wait meanwhile.
    await lockInventory(tx);
    const release = await tx.release.findUnique({
      where: { code },
      include: { phase: true, plots: { where: { withdrawnAt: null }, include: { plot: true }, orderBy: { position: "asc" } }, criteria: true, requiredDocuments: true },
    });
    if (!release || release.state !== "draft") throw new DomainError("builder.errors.notDraft");
    const conditions = releaseConditionsSchema.parse({
      ...release,
      phase: release.phase.code,
      plotCodes: release.plots.map((p) => p.plot.code),
    });
    const publicationAt = when === "now" ? now : release.publicationAt;
    const problems = [
      ...timelineAndWeightProblems({ ...conditions, publicationAt }, now),
      ...(await plotProblems(tx, conditions, release.id)),
    ];
    if (when === "scheduled" && release.publicationAt <= now) problems.push({ field: "publicationAt", key: "builder.errors.publicationPast" });
    if (problems.length > 0) return { status: "invalid", problems } as const;
    if (when === "scheduled") {
      await tx.release.update({ where: { id: release.id }, data: { state: "scheduled" } });
      await recordAuditEvent(tx, { actorId: admin.id, action: "release.scheduled", subjectType: "release", subjectId: code, data: { publicationAt: release.publicationAt.toISOString() } });
      return { status: "scheduled" } as const;
    }
    await tx.release.update({ where: { id: release.id }, data: { publicationAt: now } });
    await makePublic(tx, release.id, admin.id, now);
    return { status: "published" } as const;
  });
}

/** What deleting a draft would delete, for the administrator's confirmation; refused for anything but a draft. */
export async function draftDeletionPreview(code: string) {
  const release = await db().release.findUnique({ where: { code }, include: { _count: { select: { criteria: true, requiredDocuments: true, documents: true, plots: true } } } });
  if (!release || release.state !== "draft") throw new DomainError("builder.errors.notDraft");
  return release._count;
}

/**
 * Deletes a draft (never a published release: those are cancelled, with a reason). Its tender
 * documents leave storage after the deletion is committed.
 */
export async function deleteDraftRelease(admin: CurrentUser, code: string): Promise<void> {
  const keys = await db().$transaction(async (tx) => {
    await lockRow(tx, "Release", { code });
    const release = await tx.release.findUnique({ where: { code }, include: { documents: { select: { storageKey: true } } } });
    if (!release || release.state !== "draft") throw new DomainError("builder.errors.notDraft");
    await tx.release.delete({ where: { id: release.id } });
    await recordAuditEvent(tx, { actorId: admin.id, action: "release.draft_deleted", subjectType: "release", subjectId: code, data: {} });
    return release.documents.map((d) => d.storageKey);
  });
  await Promise.all(keys.map((key) => storage().delete(key).catch(() => {})));
}
