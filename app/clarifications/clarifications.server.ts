import { z } from "zod";
import { recordAuditEvent } from "~/platform/audit.server.ts";
import type { CurrentUser } from "~/accounts/sessions.server.ts";
import { getConfig } from "~/platform/config.server.ts";
import { db } from "~/platform/database/db.server.ts";
import { refuseHiddenCharacters } from "~/platform/plain-text.ts";
import { nudgeOutbox, queueEmails } from "~/platform/email.server.ts";
import { releaseAudience } from "~/releases/audience.server.ts";
import { optionalJobQueue } from "~/platform/jobs.server.ts";
import { DomainError } from "~/platform/domain-error.ts";
import { PUBLIC_RELEASE } from "~/releases/releases.server.ts";
import { RATE_LIMITS, refuseWhenRateLimited, type RateLimitRule } from "~/platform/rate-limit.server.ts";
import { languageOrDefault, pick } from "~/platform/i18n/i18n.ts";

export const questionSchema = z.object({
  question: z.string({ error: "errors.enterQuestion" }).trim().min(10, { error: "errors.enterQuestion" }).max(2_000, { error: "errors.tooLong" }).superRefine(refuseHiddenCharacters("question")),
});
export const answerSchema = z.object({
  clarificationId: z.uuid(),
  answer: z.string({ error: "errors.enterAnswer" }).trim().min(2, { error: "errors.enterAnswer" }).max(5_000, { error: "errors.tooLong" }).superRefine(refuseHiddenCharacters("answer")),
});

async function publishedRelease(code: string) {
  const release = await db().release.findFirst({ where: { code, ...PUBLIC_RELEASE } });
  if (!release) throw new DomainError("documents.errors.unknownRelease", "not-found");
  return release;
}

/** Registers (or withdraws) interest in a published release: followers hear of answers, addenda, cancellation. */
export async function setFollowing(user: CurrentUser, code: string, follow: boolean): Promise<void> {
  const release = await publishedRelease(code);
  if (follow) {
    await db().releaseFollower.upsert({ where: { releaseId_userId: { releaseId: release.id, userId: user.id } }, create: { releaseId: release.id, userId: user.id }, update: {} });
  } else {
    await db().releaseFollower.deleteMany({ where: { releaseId: release.id, userId: user.id } });
  }
}

export async function isFollowing(userId: string, releaseId: string): Promise<boolean> {
  return (await db().releaseFollower.count({ where: { releaseId, userId } })) > 0;
}

/**
 * A proposer asks a question while the clarification period runs (the server's clock decides).
 * The asker follows the release from then on, to hear the answer.
 */
export async function askClarification(user: CurrentUser, code: string, question: string, now = new Date()): Promise<void> {
  if (user.staffRole) throw new DomainError("clarifications.errors.staff");
  if (!user.emailVerified) throw new DomainError("clarifications.errors.verifyFirst");
  const release = await publishedRelease(code);
  if (release.state !== "open" || now >= release.clarificationEndsAt) throw new DomainError("clarifications.errors.closed");
  await refuseWhenRateLimited([
    [RATE_LIMITS.questionByAccount, user.id],
    ...(user.organisation ? [[RATE_LIMITS.questionByOrganisation, user.organisation.id] as [RateLimitRule, string]] : []),
  ]);
  await db().$transaction(async (tx) => {
    const clarification = await tx.clarification.create({ data: { releaseId: release.id, askedById: user.id, question, askedAt: now } });
    await tx.releaseFollower.upsert({ where: { releaseId_userId: { releaseId: release.id, userId: user.id } }, create: { releaseId: release.id, userId: user.id }, update: {} });
    await recordAuditEvent(tx, { actorId: user.id, action: "clarification.asked", subjectType: "release", subjectId: code, data: { clarificationId: clarification.id } });
  });
}

/**
 * An administrator answers; the question and answer are published on the release page without the
 * asker's identity, and every follower and proposal holder is emailed, in the same transaction as the answer.
 */
export async function answerClarification(admin: CurrentUser, clarificationId: string, answer: string, now = new Date()): Promise<void> {
  const outboxIds = await db().$transaction(async (tx) => {
    const { count } = await tx.clarification.updateMany({ where: { id: clarificationId, answeredAt: null }, data: { answer, answeredAt: now, answeredById: admin.id } });
    if (count !== 1) throw new DomainError("clarifications.errors.answered");
    const clarification = await tx.clarification.findUniqueOrThrow({ where: { id: clarificationId }, include: { release: true } });
    const { release } = clarification;
    await recordAuditEvent(tx, { actorId: admin.id, action: "clarification.answered", subjectType: "release", subjectId: release.code, data: { clarificationId } });
    const link = `${getConfig().PUBLIC_URL}/releases/${release.code}#clarifications`;
    return queueEmails(
      tx,
      (await releaseAudience(tx, release.id)).map((user) => ({
        to: user.email,
        template: "clarificationAnswered",
        language: user.locale,
        params: { release: pick(languageOrDefault(user.locale), { en: release.titleEn, zhHant: release.titleZhHant }), code: release.code, link },
        idempotencyKey: `clarification:${clarificationId}:${user.id}`,
      })),
    );
  });
  nudgeOutbox(optionalJobQueue(), outboxIds);
}

/** Answered clarifications of a release, as the public sees them: never who asked. */
export function publishedClarifications(releaseId: string) {
  return db().clarification.findMany({
    where: { releaseId, answeredAt: { not: null } },
    orderBy: { answeredAt: "asc" },
    select: { id: true, question: true, answer: true, answeredAt: true },
  });
}

export function unansweredClarifications(releaseId: string) {
  return db().clarification.findMany({ where: { releaseId, answeredAt: null }, orderBy: { askedAt: "asc" }, select: { id: true, question: true, askedAt: true } });
}
