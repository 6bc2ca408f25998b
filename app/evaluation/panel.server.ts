import { recordAuditEvent, type AuditEntry } from "~/platform/audit.server.ts";
import type { CurrentUser } from "~/accounts/sessions.server.ts";
import { db } from "~/platform/database/db.server.ts";
import { lockRow, type Tx } from "~/platform/database/transactions.server.ts";
import type { AssignmentMode } from "~/platform/database/generated/prisma/enums.ts";
import { DomainError } from "~/platform/domain-error.ts";

/** Locks the release row: stages of one release's evaluation take turns. */
export async function lockRelease(tx: Tx, code: string) {
  const id = await lockRow(tx, "Release", { code }, "update");
  if (!id) throw new DomainError("evaluation.errors.unknownRelease");
  return tx.release.findUniqueOrThrow({ where: { id }, include: { evaluation: true, panel: true, criteria: { orderBy: { position: "asc" } } } });
}

export function requireChair(user: CurrentUser, release: { panel: { userId: string; role: string }[] }) {
  if (!release.panel.some((m) => m.userId === user.id && m.role === "chair")) throw new DomainError("evaluation.errors.notChair");
}

/** A release as the administrators forming its panel see it, with its members; null for an unknown code or a draft. */
export async function releaseForPanel(releaseCode: string) {
  const release = await db().release.findUnique({ where: { code: releaseCode }, include: { evaluation: true, panel: { include: { user: { select: { id: true, name: true, email: true } } } } } });
  return release && release.state !== "draft" ? release : null;
}

/** The staff evaluators a panel is formed from. */
export function staffEvaluators() {
  return db().user.findMany({ where: { staffRole: "evaluator" }, select: { id: true, name: true, email: true }, orderBy: { name: "asc" } });
}

/** The audit entry of a panel formed (also written by the demo seed's replay). */
export const panelFormedEntry = (adminId: string, releaseCode: string, chairId: string, evaluatorIds: readonly string[]): AuditEntry => ({
  actorId: adminId,
  action: "panel.formed",
  subjectType: "release",
  subjectId: releaseCode,
  data: { chairId, evaluatorIds },
});

/**
 * An administrator forms (or, until opening, re-forms) the panel of a release: one chair and
 * evaluators, all staff evaluators.
 */
export async function formPanel(admin: CurrentUser, releaseCode: string, input: { chairId: string; evaluatorIds: string[] }) {
  await db().$transaction(async (tx) => {
    const release = await lockRelease(tx, releaseCode);
    if (["draft", "cancelled"].includes(release.state)) throw new DomainError("evaluation.errors.notPublished");
    if (release.evaluation?.technicalOpenedAt) throw new DomainError("evaluation.errors.alreadyOpened");
    const evaluatorIds = [...new Set(input.evaluatorIds)].filter((id) => id !== input.chairId);
    if (evaluatorIds.length === 0) throw new DomainError("evaluation.errors.noEvaluators");
    const staff = await tx.user.findMany({ where: { id: { in: [input.chairId, ...evaluatorIds] }, staffRole: "evaluator" }, select: { id: true } });
    if (staff.length !== evaluatorIds.length + 1) throw new DomainError("evaluation.errors.notEvaluators");
    await tx.panelMember.deleteMany({ where: { releaseId: release.id } });
    await tx.panelMember.createMany({
      data: [
        { releaseId: release.id, userId: input.chairId, role: "chair", addedById: admin.id },
        ...evaluatorIds.map((userId) => ({ releaseId: release.id, userId, role: "evaluator" as const, addedById: admin.id })),
      ],
    });
    await tx.evaluation.upsert({ where: { releaseId: release.id }, create: { releaseId: release.id }, update: {} });
    await recordAuditEvent(tx, panelFormedEntry(admin.id, releaseCode, input.chairId, evaluatorIds));
  });
}

/** The chair chooses, before opening, whether every evaluator sees every proposal or a balanced set. */
export async function setAssignmentMode(chair: CurrentUser, releaseCode: string, mode: AssignmentMode, minEvaluatorsPerProposal: number) {
  await db().$transaction(async (tx) => {
    const release = await lockRelease(tx, releaseCode);
    requireChair(chair, release);
    if (release.evaluation?.technicalOpenedAt) throw new DomainError("evaluation.errors.alreadyOpened");
    const evaluators = release.panel.filter((m) => m.role === "evaluator").length;
    if (minEvaluatorsPerProposal < 1 || minEvaluatorsPerProposal > evaluators) throw new DomainError("evaluation.errors.minimum");
    await tx.evaluation.update({ where: { releaseId: release.id }, data: { assignmentMode: mode, minEvaluatorsPerProposal } });
    await recordAuditEvent(tx, { actorId: chair.id, action: "evaluation.assignment_mode_set", subjectType: "release", subjectId: releaseCode, data: { mode, minEvaluatorsPerProposal } });
  });
}

/**
 * Balanced assignment: each proposal gets `perProposal` evaluators, chosen round-robin so that
 * loads differ by at most one. Deterministic for the same proposals and evaluators.
 */
export function balancedAssignment(proposalIds: string[], evaluatorIds: string[], perProposal: number): [string, string][] {
  const evaluators = [...evaluatorIds].sort();
  const pairs: [string, string][] = [];
  let next = 0;
  for (const proposalId of [...proposalIds].sort()) {
    for (let i = 0; i < perProposal; i++) pairs.push([proposalId, evaluators[(next + i) % evaluators.length]!]);
    next = (next + perProposal) % evaluators.length;
  }
  return pairs;
}

/** The releases whose panel the person sits on, with their role and the stage reached. */
export function panelsOf(userId: string) {
  return db().panelMember.findMany({
    where: { userId },
    include: { release: { select: { code: true, titleEn: true, titleZhHant: true, state: true, submissionDeadline: true, evaluation: true } } },
    orderBy: { release: { submissionDeadline: "desc" } },
  });
}

/** A release as a member of its panel sees it, or null for anyone not on it. */
export async function panelRelease(userId: string, releaseCode: string) {
  const release = await db().release.findUnique({ where: { code: releaseCode }, include: { evaluation: true, panel: true } });
  const member = release?.panel.find((m) => m.userId === userId);
  if (!release || !member) return null;
  return { release, role: member.role };
}
