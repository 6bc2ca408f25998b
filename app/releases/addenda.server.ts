import { z } from "zod";
import { recordAuditEvent } from "~/platform/audit.server.ts";
import type { CurrentUser } from "~/accounts/sessions.server.ts";
import { getConfig } from "~/platform/config.server.ts";
import { db } from "~/platform/database/db.server.ts";
import { lockRow, type Tx } from "~/platform/database/transactions.server.ts";
import type { Prisma } from "~/platform/database/generated/prisma/client.ts";
import { nudgeOutbox, queueEmails } from "~/platform/email.server.ts";
import { releaseAudience } from "./audience.server.ts";
import { optionalJobQueue } from "~/platform/jobs.server.ts";
import { MIME } from "~/platform/storage/file-types.server.ts";
import { DomainError } from "~/platform/domain-error.ts";
import { refuseHiddenCharacters } from "~/platform/plain-text.ts";
import { storage } from "~/platform/storage/storage.server.ts";
import type { StoredUpload } from "./tender-documents.server.ts";
import { formatDateTime, parseHongKongLocal, PARK_TIME_ZONE } from "~/platform/time.ts";
import { intlLocale, languageOrDefault, pick } from "~/platform/i18n/i18n.ts";

const DAY = 86_400_000;
/** Rule 1: a change within this many days of the deadline must leave at least this many. */
export const ADDENDUM_NOTICE_DAYS = 7;

const TIMELINE = ["clarificationEndsAt", "submissionDeadline", "openingAt"] as const;
type TimelineField = (typeof TIMELINE)[number];
export type Timeline = Record<TimelineField, Date>;

export const addendumSchema = z.object({
  notesEn: z.string({ error: "errors.enterNotesEn" }).trim().min(3, { error: "errors.enterNotesEn" }).max(5_000, { error: "errors.tooLong" }).superRefine(refuseHiddenCharacters("notesEn")),
  notesZhHant: z.string({ error: "errors.enterNotesZhHant" }).trim().min(2, { error: "errors.enterNotesZhHant" }).max(5_000, { error: "errors.tooLong" }).superRefine(refuseHiddenCharacters("notesZhHant")),
  clarificationEndsAt: z.string().optional(),
  submissionDeadline: z.string().optional(),
  openingAt: z.string().optional(),
});
export type AddendumInput = z.infer<typeof addendumSchema>;

/**
 * Issues an addendum to an open release: numbered, with notes in both languages and the timeline
 * before and after. Within 7 days of the deadline a change is refused unless the deadline moves so
 * that at least 7 days remain. Followers and proposal holders are emailed in the same transaction.
 */
export async function issueAddendum(
  admin: CurrentUser,
  code: string,
  input: AddendumInput,
  now = new Date(),
  document?: { upload: StoredUpload; titles: { titleEn: string; titleZhHant: string } },
): Promise<number> {
  const { number, outboxIds } = await db().$transaction(async (tx) => {
    const id = await lockRow(tx, "Release", { code });
    const release = id ? await tx.release.findUnique({ where: { id } }) : null;
    if (release?.state !== "open") throw new DomainError("addenda.errors.notOpen");
    const before: Timeline = { clarificationEndsAt: release.clarificationEndsAt, submissionDeadline: release.submissionDeadline, openingAt: release.openingAt };
    const after = { ...before };
    for (const field of TIMELINE) {
      const typed = input[field];
      if (!typed) continue;
      const parsed = parseHongKongLocal(typed);
      if (!parsed) throw new DomainError("builder.errors.time");
      after[field] = parsed;
    }
    if (after.submissionDeadline <= now) throw new DomainError("builder.errors.deadlinePast");
    if (after.clarificationEndsAt >= after.submissionDeadline) throw new DomainError("builder.errors.clarificationAfterDeadline");
    if (after.openingAt < after.submissionDeadline) throw new DomainError("builder.errors.openingBeforeDeadline");
    // The clock may not have closed the release yet: the deadline itself decides.
    if (before.submissionDeadline <= now) throw new DomainError("addenda.errors.notOpen");
    // Whatever changes, at least 7 days must remain after it: an addendum within 7 days of the
    // deadline must move it out, and none may pull it in closer than that.
    if (after.submissionDeadline.getTime() - now.getTime() < ADDENDUM_NOTICE_DAYS * DAY) {
      throw new DomainError("addenda.errors.sevenDays");
    }
    return recordAddendum(tx, admin, release, { notesEn: input.notesEn, notesZhHant: input.notesZhHant, before, after, now, document });
  }).catch(async (error: unknown) => {
    // Nothing recorded: the stored bytes must not stay behind.
    if (document) await storage().delete(document.upload.key).catch(() => {});
    throw error;
  });
  nudgeOutbox(optionalJobQueue(), outboxIds);
  return number;
}

/**
 * Where a change leaves the timeline when the portal, not the administrator, sets it (withdrawing a
 * plot): with fewer than 7 days left before the deadline, the deadline moves to the first whole hour
 * at least 7 days away, and the opening with it if it would come before. Otherwise nothing moves.
 */
export function timelineAfterChange(before: Timeline, now: Date): Timeline {
  const earliest = now.getTime() + ADDENDUM_NOTICE_DAYS * DAY;
  // Past the deadline nothing moves: rule 2 closed the submissions, and no change reopens them.
  if (before.submissionDeadline <= now || before.submissionDeadline.getTime() >= earliest) return { ...before };
  const HOUR = 3_600_000;
  const submissionDeadline = new Date(Math.ceil(earliest / HOUR) * HOUR);
  return { ...before, submissionDeadline, openingAt: before.openingAt < submissionDeadline ? submissionDeadline : before.openingAt };
}

/** The next addendum's number for a release. */
export async function nextAddendumNumber(client: Pick<Tx, "addendum">, releaseId: string): Promise<number> {
  const last = await client.addendum.findFirst({ where: { releaseId }, orderBy: { number: "desc" }, select: { number: true } });
  return (last?.number ?? 0) + 1;
}

interface AddendumRecord {
  notesEn: string;
  notesZhHant: string;
  before: Timeline;
  after: Timeline;
  now: Date;
  /** A plot the addendum withdraws from the release (recorded among its changes). */
  withdrawnPlot?: string;
  document?: { upload: StoredUpload; titles: { titleEn: string; titleZhHant: string } };
}

/**
 * Records an addendum inside the caller's transaction, after the caller checked the change: the
 * next number, the changes (timeline before and after, a withdrawn plot), the new timeline, its
 * audit entry, and an email to everyone following the release or preparing a proposal for it.
 */
export async function recordAddendum(
  tx: Tx,
  admin: CurrentUser,
  release: { id: string; code: string; titleEn: string; titleZhHant: string },
  { notesEn, notesZhHant, before, after, now, withdrawnPlot, document }: AddendumRecord,
): Promise<{ number: number; outboxIds: string[] }> {
  const { code } = release;
  const changed = TIMELINE.filter((field) => after[field].getTime() !== before[field].getTime());
  const number = await nextAddendumNumber(tx, release.id);
  const changes: Record<string, unknown> = Object.fromEntries(changed.map((field) => [field, { from: before[field].toISOString(), to: after[field].toISOString() }]));
  if (withdrawnPlot) changes.withdrawnPlot = withdrawnPlot;
  await tx.addendum.create({ data: { releaseId: release.id, number, notesEn, notesZhHant, changes: changes as Prisma.InputJsonObject, issuedById: admin.id, issuedAt: now } });
  if (document) {
    const { upload, titles } = document;
    await tx.tenderDocument.create({
      data: { releaseId: release.id, ...titles, fileName: upload.fileName, contentType: MIME[upload.kind]!, size: upload.size, sha256: upload.sha256, storageKey: upload.key, uploadedById: admin.id, uploadedAt: now, addendumNumber: number },
    });
  }
  await tx.release.update({ where: { id: release.id }, data: after });
  await recordAuditEvent(tx, {
    actorId: admin.id,
    action: "release.addendum_issued",
    subjectType: "release",
    subjectId: code,
    data: { number, changes, ...(document ? { document: { fileName: document.upload.fileName, size: document.upload.size, sha256: document.upload.sha256 } } : {}) },
  });
  const link = `${getConfig().PUBLIC_URL}/releases/${code}#addenda`;
  const outboxIds = await queueEmails(
    tx,
    (await releaseAudience(tx, release.id)).map((user) => ({
      to: user.email,
      template: "addendumIssued",
      language: user.locale,
      params: {
        code,
        number: String(number),
        release: pick(languageOrDefault(user.locale), { en: release.titleEn, zhHant: release.titleZhHant }),
        notes: pick(languageOrDefault(user.locale), { en: notesEn, zhHant: notesZhHant }),
        deadline: formatDateTime(after.submissionDeadline, PARK_TIME_ZONE, intlLocale(languageOrDefault(user.locale))),
        link,
      },
      idempotencyKey: `addendum:${release.id}:${number}:${user.id}`,
    })),
  );
  return { number, outboxIds };
}

export function listAddenda(releaseId: string) {
  return db().addendum.findMany({ where: { releaseId }, orderBy: { number: "asc" }, select: { number: true, notesEn: true, notesZhHant: true, changes: true, issuedAt: true } });
}
