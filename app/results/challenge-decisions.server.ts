import { recordAuditEvent, type AuditEntry } from "~/platform/audit.server.ts";
import type { CurrentUser } from "~/accounts/sessions.server.ts";
import { getConfig } from "~/platform/config.server.ts";
import { db } from "~/platform/database/db.server.ts";
import { lockRow, serverNow } from "~/platform/database/transactions.server.ts";
import { DomainError } from "~/platform/domain-error.ts";
import { nudgeOutbox, queueEmail } from "~/platform/email.server.ts";
import { translator, isLanguage } from "~/platform/i18n/i18n.ts";
import { optionalJobQueue } from "~/platform/jobs.server.ts";
import { reopenEvaluation } from "~/evaluation/reopening.server.ts";
import type { ReopenStage } from "~/platform/database/generated/prisma/enums.ts";
import type { ChallengeDecisionInput } from "./schemas.ts";

/** The audit entry of a challenge decided: challenge.dismissed or challenge.upheld (also written by the demo seed's replay). */
export const challengeDecidedEntry = (
  adminId: string,
  releaseCode: string,
  challenge: { id: string; receiptNumber: string; state: "dismissed" | "upheld"; response: string; reopenedStage: ReopenStage | null },
  award: { id: string; plot: string },
): AuditEntry => ({
  actorId: adminId,
  action: `challenge.${challenge.state}`,
  subjectType: "release",
  subjectId: releaseCode,
  data: { challengeId: challenge.id, receiptNumber: challenge.receiptNumber, plot: award.plot, awardId: award.id, response: challenge.response, stage: challenge.reopenedStage },
});

/**
 * An administrator answers a challenge and decides it, once: dismissed (the award waits out its
 * standstill, then the clock makes it final if nothing else holds it), or upheld (the award is
 * suspended, the plot is under evaluation again and the release's evaluation reopens at the stage
 * the administrator picked). The person who lodged it is emailed in their language.
 */
export async function decideChallenge(admin: CurrentUser, challengeId: string, input: ChallengeDecisionInput) {
  const emailId = await db().$transaction(async (tx) => {
    const challenge = await tx.challenge.findUnique({ where: { id: challengeId } });
    if (!challenge) throw new DomainError("challenges.errors.unknown", "not-found");
    // The award first, then the release: the order every path that takes both follows.
    await lockRow(tx, "Award", { id: challenge.awardId });
    const current = await tx.challenge.findUniqueOrThrow({ where: { id: challengeId }, include: { lodgedBy: true, award: { include: { plot: true, release: true } } } });
    if (current.state !== "open") throw new DomainError("challenges.errors.alreadyDecided");
    const { award } = current;
    if (input.decision === "upheld") {
      if (award.status !== "pending") throw new DomainError("challenges.errors.awardNotPending");
      if (!input.stage) throw new DomainError("challenges.errors.stage", "invalid");
    }
    const now = await serverNow(tx);
    await tx.challenge.update({
      where: { id: challengeId },
      data: { state: input.decision, response: input.response.trim(), decidedById: admin.id, decidedAt: now, reopenedStage: input.decision === "upheld" ? input.stage : null },
    });
    const decided = { id: challengeId, receiptNumber: current.receiptNumber, state: input.decision, response: input.response.trim(), reopenedStage: input.stage ?? null };
    await recordAuditEvent(tx, challengeDecidedEntry(admin.id, award.release.code, decided, { id: award.id, plot: award.plot.code }));
    if (input.decision === "upheld") {
      await lockRow(tx, "Release", { id: award.releaseId });
      await tx.award.update({ where: { id: award.id }, data: { status: "suspended", suspendedAt: now } });
      await tx.plot.update({ where: { id: award.plotId }, data: { state: "in_release" } });
      await recordAuditEvent(tx, { actorId: admin.id, action: "award.suspended", subjectType: "release", subjectId: award.release.code, data: { awardId: award.id, plot: award.plot.code, challengeId } });
      await reopenEvaluation(tx, award.release, input.stage!, award.plot.code, admin.id);
    }
    const language = isLanguage(current.lodgedBy.locale) ? current.lodgedBy.locale : "en";
    return queueEmail(tx, {
      to: current.lodgedBy.email,
      template: "challengeDecided",
      language,
      params: {
        code: award.release.code,
        plot: award.plot.code,
        receipt: current.receiptNumber,
        decisionText: translator(language)(`challenges.state.${input.decision}`),
        response: input.response.trim(),
        link: `${getConfig().PUBLIC_URL}/challenges/${challengeId}`,
      },
      idempotencyKey: `challenge-decided:${challengeId}`,
    });
  });
  nudgeOutbox(optionalJobQueue(), [emailId]);
}
