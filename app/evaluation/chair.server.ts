import { recordAuditEvent } from "~/platform/audit.server.ts";
import type { CurrentUser } from "~/accounts/sessions.server.ts";
import { db } from "~/platform/database/db.server.ts";
import type { Tx } from "~/platform/database/transactions.server.ts";
import { DomainError } from "~/platform/domain-error.ts";
import { chairSight } from "./conflict-gate.server.ts";
import { lockRelease } from "./panel.server.ts";
import type { ChairChange } from "./schemas.ts";

type PanelRelease = Awaited<ReturnType<typeof lockRelease>>;

/** Whether the chair of this release may be replaced now, and by this person. */
async function requireReplaceable(tx: Tx, release: PanelRelease, newChairId: string | null) {
  if (["draft", "cancelled"].includes(release.state)) throw new DomainError("evaluation.errors.notPublished");
  // Once published the evaluation is over: a new chair would have nothing left to do.
  if (release.evaluation?.resultsPublishedAt) throw new DomainError("evaluation.errors.alreadyPublished");
  const current = release.panel.find((m) => m.role === "chair");
  if (!current) throw new DomainError("chair.errors.noPanel");
  if (newChairId === null) return current;
  if (newChairId === current.userId) throw new DomainError("chair.errors.sameChair", "invalid");
  const staff = await tx.user.findFirst({ where: { id: newChairId, staffRole: "evaluator" }, select: { id: true } });
  if (!staff) throw new DomainError("evaluation.errors.notEvaluators", "invalid");
  return current;
}

/**
 * What naming another chair would do, for the administrator's confirmation page: who chairs now,
 * on how many proposals they declared a conflict, and how many proposals the new chair must declare
 * on before seeing any.
 */
export async function chairChangePreview(releaseCode: string) {
  return db().$transaction(async (tx) => {
    const release = await lockRelease(tx, releaseCode);
    const current = await requireReplaceable(tx, release, null);
    const opened = Boolean(release.evaluation?.technicalOpenedAt);
    const sight = opened ? await chairSight(tx, current.userId, release.id) : null;
    const chair = await tx.user.findUniqueOrThrow({ where: { id: current.userId }, select: { name: true } });
    const candidates = await tx.user.findMany({ where: { staffRole: "evaluator", id: { not: current.userId } }, select: { id: true, name: true, email: true }, orderBy: { name: "asc" } });
    return { chair: chair.name, opened, conflictedPlots: sight ? [...sight.conflictedPlots].sort() : [], candidates };
  });
}

/**
 * An administrator names another chair for a release's panel, before or after opening (for
 * instance when the chair declared a conflict and someone else must moderate and decide that plot).
 * The former chair stays on the panel as an evaluator: their declarations stay on record and in the
 * report, and before opening they are assigned proposals like any evaluator. The new chair keeps any
 * proposals assigned to them as an evaluator and declares on every proposal before seeing any.
 */
export async function nameAnotherChair(admin: CurrentUser, releaseCode: string, change: ChairChange) {
  await db().$transaction(async (tx) => {
    const release = await lockRelease(tx, releaseCode);
    const current = await requireReplaceable(tx, release, change.chairId);
    await tx.panelMember.update({ where: { releaseId_userId: { releaseId: release.id, userId: current.userId } }, data: { role: "evaluator" } });
    await tx.panelMember.upsert({
      where: { releaseId_userId: { releaseId: release.id, userId: change.chairId } },
      create: { releaseId: release.id, userId: change.chairId, role: "chair", addedById: admin.id },
      update: { role: "chair" },
    });
    await recordAuditEvent(tx, { actorId: admin.id, action: "panel.chair_changed", subjectType: "release", subjectId: releaseCode, data: { from: current.userId, to: change.chairId, reason: change.reason } });
  });
}
