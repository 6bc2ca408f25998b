import { randomBytes } from "node:crypto";
import { recordAuditEvent, type AuditEntry } from "~/platform/audit.server.ts";
import type { CurrentUser } from "~/accounts/sessions.server.ts";
import { getConfig } from "~/platform/config.server.ts";
import { db } from "~/platform/database/db.server.ts";
import { lockRow, serverNow, type Tx } from "~/platform/database/transactions.server.ts";
import { DomainError } from "~/platform/domain-error.ts";
import { nudgeOutbox, queueEmail } from "~/platform/email.server.ts";
import { optionalJobQueue } from "~/platform/jobs.server.ts";
import { storage } from "~/platform/storage/storage.server.ts";
import { counted } from "~/evaluation/sealed-bids.ts";
import { discardChallengeDocuments, type StoredChallengeDocument } from "./challenge-documents.server.ts";

/**
 * Challenges during the standstill: an owner or submitter of an organisation that bid for a plot
 * lodges one against that plot's pending award, with grounds and documents, and gets a receipt.
 * Seen by the challenging organisation and staff only.
 */

/** A challenge's receipt number: C- and twelve characters of Crockford's base 32 (no I, L, O, U). */
function newChallengeNumber(): string {
  const alphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
  const chars = Array.from(randomBytes(12), (byte) => alphabet[byte % 32]).join("");
  return `C-${chars.slice(0, 4)}-${chars.slice(4, 8)}-${chars.slice(8, 12)}`;
}

/**
 * Who may challenge this award: an owner or submitter (by their membership now, not the session's
 * memory of it) of an organisation with a proposal that counts for the plot, other than the awardee.
 */
async function requireChallenger(tx: Tx, user: CurrentUser, award: { releaseId: string; plotId: string; proposal: { organisationId: string } }) {
  const organisationId = user.organisation?.id;
  const membership = organisationId ? await tx.membership.findUnique({ where: { userId_organisationId: { userId: user.id, organisationId } } }) : null;
  if (!organisationId || !membership || !["owner", "submitter"].includes(membership.role)) throw new DomainError("challenges.errors.notBidder", "forbidden");
  const bid = await tx.proposal.count({ where: { ...counted(award.releaseId), plotId: award.plotId, organisationId } });
  if (bid === 0) throw new DomainError("challenges.errors.notBidder", "forbidden");
  if (award.proposal.organisationId === organisationId) throw new DomainError("challenges.errors.ownAward", "forbidden");
  return organisationId;
}

/** The audit entry of a challenge lodged (also written by the demo seed's replay). */
export const challengeLodgedEntry = (
  lodgedById: string,
  releaseCode: string,
  challenge: { id: string; receiptNumber: string; awardId: string; organisationId: string; lodgedAt: Date },
  plot: string,
  documents: readonly { fileName: string; size: number; sha256: string }[],
): AuditEntry => ({
  actorId: lodgedById,
  action: "challenge.lodged",
  subjectType: "release",
  subjectId: releaseCode,
  data: {
    challengeId: challenge.id,
    receiptNumber: challenge.receiptNumber,
    awardId: challenge.awardId,
    plot,
    organisationId: challenge.organisationId,
    lodgedAt: challenge.lodgedAt.toISOString(),
    documents: documents.map((d) => ({ fileName: d.fileName, size: d.size, sha256: d.sha256 })),
  },
});

/**
 * Lodges a challenge: refused after the standstill by the database's clock (and once the award is
 * no longer pending), and to anyone but the bidders. The award's row lock orders it against the
 * clock making the award final: whichever comes second sees the other.
 */
export async function lodgeChallenge(user: CurrentUser, awardId: string, grounds: string, documents: StoredChallengeDocument[] = []) {
  try {
    const lodged = await db().$transaction(async (tx) => {
      if (!(await lockRow(tx, "Award", { id: awardId }))) throw new DomainError("challenges.errors.unknownAward", "not-found");
      const award = await tx.award.findUniqueOrThrow({ where: { id: awardId }, include: { proposal: true, plot: true, release: true } });
      const organisationId = await requireChallenger(tx, user, award);
      const now = await serverNow(tx);
      if (award.status !== "pending" || now >= award.standstillEndsAt) throw new DomainError("challenges.errors.standstillOver");
      if (await tx.challenge.findUnique({ where: { awardId_organisationId: { awardId, organisationId } } })) throw new DomainError("challenges.errors.alreadyLodged");
      const challenge = await tx.challenge.create({
        data: {
          awardId,
          organisationId,
          lodgedById: user.id,
          grounds: grounds.trim(),
          receiptNumber: newChallengeNumber(),
          lodgedAt: now,
          documents: { create: documents.map((d) => ({ fileName: d.fileName, contentType: d.contentType, size: d.size, sha256: d.sha256, storageKey: d.key })) },
        },
      });
      await recordAuditEvent(tx, challengeLodgedEntry(user.id, award.release.code, challenge, award.plot.code, documents));
      const emailId = await queueEmail(tx, {
        to: user.email,
        template: "challengeLodged",
        language: user.locale,
        params: { code: award.release.code, plot: award.plot.code, receipt: challenge.receiptNumber, link: `${getConfig().PUBLIC_URL}/challenges/${challenge.id}` },
        idempotencyKey: `challenge-lodged:${challenge.id}`,
      });
      return { challenge, emailId };
    });
    nudgeOutbox(optionalJobQueue(), [lodged.emailId]);
    return lodged.challenge;
  } catch (error) {
    // Nothing recorded: the stored documents must not stay behind.
    await discardChallengeDocuments(documents);
    throw error;
  }
}

const challengeInclude = {
  award: { include: { plot: true, release: { select: { code: true, titleEn: true, titleZhHant: true } } } },
  organisation: { select: { id: true, name: true } },
  lodgedBy: { select: { name: true, email: true } },
  documents: { orderBy: { uploadedAt: "asc" } },
} as const;

/** A challenge as its organisation's members see it, or null (anyone else is told it does not exist). */
export async function challengeForOrganisation(user: CurrentUser, challengeId: string) {
  const challenge = await db().challenge.findUnique({ where: { id: challengeId }, include: challengeInclude });
  if (!challenge || !user.memberships.some((m) => m.organisationId === challenge.organisationId)) return null;
  return challenge;
}

/**
 * The challenges the person's organisation lodged in a release, with their state: the way back to
 * each after the standstill, when the lodging page has nothing left to offer.
 */
export async function organisationChallenges(user: CurrentUser, releaseCode: string) {
  const organisationId = user.organisation?.id;
  if (!organisationId) return [];
  const challenges = await db().challenge.findMany({
    where: { organisationId, award: { release: { code: releaseCode } } },
    select: { id: true, receiptNumber: true, state: true, award: { select: { plot: { select: { code: true } } } } },
    orderBy: { lodgedAt: "asc" },
  });
  return challenges.map((c) => ({ id: c.id, receiptNumber: c.receiptNumber, state: c.state, plot: c.award.plot.code }));
}

/** A challenge as an administrator sees it, or null. */
export function challengeForStaff(challengeId: string) {
  return db().challenge.findUnique({ where: { id: challengeId }, include: challengeInclude });
}

/** Every challenge, open ones first, for the administrators' list. */
export function challengesForStaff() {
  return db().challenge.findMany({ include: challengeInclude, orderBy: [{ state: "asc" }, { lodgedAt: "desc" }], take: 200 });
}

/**
 * The pending awards the person's organisation may challenge now (it bid for the plot, is not the
 * awardee, the standstill runs by the database's clock), with the challenge it already lodged.
 */
export async function challengeableAwards(user: CurrentUser, releaseCode: string) {
  const organisationId = user.organisation?.id;
  if (!organisationId) return [];
  const [now, awards] = await Promise.all([
    serverNow(db()),
    db().award.findMany({
      where: { release: { code: releaseCode }, status: "pending", proposal: { organisationId: { not: organisationId } }, plot: { proposals: { some: { release: { code: releaseCode }, organisationId, currentVersionId: { not: null } } } } },
      include: { plot: true, challenges: { where: { organisationId }, select: { id: true, receiptNumber: true, state: true } } },
      orderBy: { plot: { code: "asc" } },
    }),
  ]);
  return awards.filter((a) => a.standstillEndsAt > now).map((a) => ({ awardId: a.id, plot: a.plot.code, standstillEndsAt: a.standstillEndsAt, challenge: a.challenges[0] ?? null }));
}

/** A 5-minute link to a challenge's document, for its organisation's members and administrators only. */
export async function challengeDocumentLink(user: CurrentUser, challengeId: string, documentId: string): Promise<string | null> {
  const challenge = user.staffRole === "administrator" ? await challengeForStaff(challengeId) : await challengeForOrganisation(user, challengeId);
  const document = challenge?.documents.find((d) => d.id === documentId);
  if (!document) return null;
  return storage().downloadUrl(document.storageKey, { fileName: document.fileName, contentType: document.contentType, expiresInSeconds: 300 });
}
