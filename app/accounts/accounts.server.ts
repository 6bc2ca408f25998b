import { recordAuditEvent } from "~/platform/audit.server.ts";
import { getConfig } from "~/platform/config.server.ts";
import { db } from "~/platform/database/db.server.ts";
import { nudgeOutbox, queueEmail } from "~/platform/email.server.ts";
import type { AccountTokenPurpose, Prisma } from "~/platform/database/generated/prisma/client.ts";
import { optionalJobQueue } from "~/platform/jobs.server.ts";
import type { Language } from "~/platform/i18n/i18n.ts";
import { hashPassword, passwordProblem, verifyPassword } from "./passwords.server.ts";
import { hashSecret, looksLikeSecret, newSecret } from "~/platform/secrets.server.ts";
import { startSession } from "./sessions.server.ts";

const HOUR = 3_600_000;
const LIFETIME: Record<AccountTokenPurpose, number> = { email_verification: 24 * HOUR, password_reset: HOUR };
const PATH: Record<AccountTokenPurpose, string> = { email_verification: "/verify-email", password_reset: "/reset-password" };

/** `returnTo` is a local path the route has checked (safeRedirect): the page to come back to afterwards. */
const link = (path: string, token: string, returnTo?: string) =>
  `${getConfig().PUBLIC_URL}${path}?token=${token}${returnTo ? `&redirectTo=${encodeURIComponent(returnTo)}` : ""}`;

/**
 * What the browser that registered keeps (in a cookie) to be signed in when it confirms the address:
 * derived from the emailed token, so only the pair of mailbox and that browser signs in.
 */
export const registeringBrowserProof = (token: string) => hashSecret(`registering-browser:${token}`);

/**
 * Issues a single-use link token and queues the email that carries it, in the caller's transaction.
 * Returns the outbox id and the token (for the registering browser's proof).
 */
async function issueAccountToken(
  tx: Prisma.TransactionClient,
  user: { id: string; email: string; name: string; locale: string },
  purpose: AccountTokenPurpose,
  returnTo?: string,
): Promise<{ outboxId: string; secret: string }> {
  const secret = newSecret();
  const token = await tx.accountToken.create({
    data: { purpose, tokenHash: hashSecret(secret), userId: user.id, expiresAt: new Date(Date.now() + LIFETIME[purpose]) },
  });
  const outboxId = await queueEmail(tx, {
    to: user.email,
    template: purpose === "email_verification" ? "verifyEmail" : "resetPassword",
    language: user.locale,
    params: { name: user.name, link: link(PATH[purpose], secret, returnTo) },
    idempotencyKey: `${purpose}:${token.id}`,
  });
  return { outboxId, secret };
}

/**
 * `browserProof` goes into the registering browser's cookie. An address already registered gets a
 * random one that matches nothing, so the answer (cookie included) does not tell the two apart.
 */
export type SignupOutcome = { status: "accepted"; browserProof: string } | { status: "invalid"; field: "password"; problem: string };

/**
 * Registers a proposer and emails a verification link. The answer is the same whether or not the
 * email was registered already (the owner of that mailbox is told instead), and takes as long.
 */
export async function registerProposer(
  input: { name: string; email: string; password: string; language: string },
  returnTo?: string,
): Promise<SignupOutcome> {
  const problem = passwordProblem(input.password, input.email);
  if (problem) return { status: "invalid", field: "password", problem };
  const passwordHash = await hashPassword(input.password);
  const issued = await db().$transaction(async (tx) => {
    const existing = await tx.user.findUnique({ where: { email: input.email } });
    if (existing) {
      const id = await queueEmail(tx, {
        to: existing.email,
        template: "accountExists",
        language: existing.locale,
        params: { name: existing.name, link: `${getConfig().PUBLIC_URL}/forgot-password` },
        idempotencyKey: `account-exists:${existing.id}:${new Date().toISOString().slice(0, 13)}`,
      });
      return { outboxId: id, secret: newSecret() };
    }
    const user = await tx.user.create({
      data: { email: input.email, name: input.name, passwordHash, locale: input.language },
    });
    await recordAuditEvent(tx, { actorId: user.id, action: "account.signup", subjectType: "user", subjectId: user.id, data: { email: user.email } });
    return issueAccountToken(tx, user, "email_verification", returnTo);
  });
  nudgeOutbox(optionalJobQueue(), [issued.outboxId]);
  return { status: "accepted", browserProof: registeringBrowserProof(issued.secret) };
}

export type TokenCheck = "valid" | "invalid";

/** Whether a link's token can still be used (for showing the right page before the POST). */
export async function checkAccountToken(purpose: AccountTokenPurpose, secret: unknown): Promise<TokenCheck> {
  if (!looksLikeSecret(secret)) return "invalid";
  const token = await db().accountToken.findUnique({ where: { tokenHash: hashSecret(secret) } });
  return token && token.purpose === purpose && !token.usedAt && token.expiresAt > new Date() ? "valid" : "invalid";
}

/** Marks a token used, exactly once, inside the transaction; returns its user or null. */
async function consumeAccountToken(tx: Prisma.TransactionClient, purpose: AccountTokenPurpose, secret: unknown) {
  if (!looksLikeSecret(secret)) return null;
  const tokenHash = hashSecret(secret);
  const { count } = await tx.accountToken.updateMany({
    where: { tokenHash, purpose, usedAt: null, expiresAt: { gt: new Date() } },
    data: { usedAt: new Date() },
  });
  if (count !== 1) return null;
  const token = await tx.accountToken.findUniqueOrThrow({ where: { tokenHash }, include: { user: true } });
  return token.user;
}

export type VerifyOutcome = { status: "verified"; setCookie: string | null } | { status: "invalid" };

/**
 * Confirms the address with the emailed link. When the browser that registered confirms it (its
 * cookie holds `registeringBrowserProof` of this token), the person is signed in as well: they proved
 * the password was theirs by choosing it there, and the mailbox by the link. Anywhere else the address
 * is confirmed and the person signs in as usual.
 */
export async function verifyEmail(
  secret: unknown,
  browser?: { proof: unknown; userAgent: string | null; ipAddress: string },
): Promise<VerifyOutcome> {
  return db().$transaction(async (tx) => {
    const user = await consumeAccountToken(tx, "email_verification", secret);
    if (!user) return { status: "invalid" } as const;
    await tx.user.update({ where: { id: user.id }, data: { emailVerifiedAt: user.emailVerifiedAt ?? new Date() } });
    await recordAuditEvent(tx, { actorId: user.id, action: "account.email_verified", subjectType: "user", subjectId: user.id, data: {} });
    if (!browser || browser.proof !== registeringBrowserProof(secret as string)) return { status: "verified", setCookie: null } as const;
    const setCookie = await startSession(tx, user.id, browser);
    await recordAuditEvent(tx, { actorId: user.id, action: "auth.login", subjectType: "user", subjectId: user.id, data: { ip: browser.ipAddress, by: "email_verification" } });
    return { status: "verified", setCookie } as const;
  });
}

/** Sends a new verification link to an unverified account; silent otherwise (same answer for all). */
export async function resendVerification(email: string, returnTo?: string): Promise<void> {
  const outboxIds = await db().$transaction(async (tx) => {
    const user = await tx.user.findUnique({ where: { email } });
    if (!user || user.emailVerifiedAt) return [];
    return [(await issueAccountToken(tx, user, "email_verification", returnTo)).outboxId];
  });
  nudgeOutbox(optionalJobQueue(), outboxIds);
}

/** Emails a reset link when the account exists; the caller answers the same either way. */
export async function requestPasswordReset(email: string): Promise<void> {
  const outboxIds = await db().$transaction(async (tx) => {
    const user = await tx.user.findUnique({ where: { email } });
    if (!user) return [];
    return [(await issueAccountToken(tx, user, "password_reset")).outboxId];
  });
  nudgeOutbox(optionalJobQueue(), outboxIds);
}

/** Any other reset link still in someone's mailbox stops working once the password has changed. */
async function retireResetLinks(tx: Prisma.TransactionClient, userId: string) {
  await tx.accountToken.updateMany({ where: { userId, purpose: "password_reset", usedAt: null }, data: { usedAt: new Date() } });
}

export type ResetOutcome = { status: "reset" } | { status: "invalid-token" } | { status: "invalid"; problem: string };

/** Sets a new password with a reset link and ends every session of the account. */
export async function resetPassword(secret: unknown, password: string): Promise<ResetOutcome> {
  // The link is checked before the (deliberately slow) hashing: a forged link costs us nothing.
  if ((await checkAccountToken("password_reset", secret)) !== "valid") return { status: "invalid-token" };
  const owner = await db().accountToken.findUnique({ where: { tokenHash: hashSecret(secret as string) }, select: { user: { select: { email: true } } } });
  const problem = passwordProblem(password, owner?.user.email);
  if (problem) return { status: "invalid", problem };
  const passwordHash = await hashPassword(password);
  return db().$transaction(async (tx) => {
    const user = await consumeAccountToken(tx, "password_reset", secret);
    if (!user) return { status: "invalid-token" } as const;
    // Following a reset link proves control of the mailbox, so it also verifies the address.
    await tx.user.update({ where: { id: user.id }, data: { passwordHash, emailVerifiedAt: user.emailVerifiedAt ?? new Date() } });
    const { count } = await tx.session.deleteMany({ where: { userId: user.id } });
    await retireResetLinks(tx, user.id);
    await recordAuditEvent(tx, { actorId: user.id, action: "account.password_reset", subjectType: "user", subjectId: user.id, data: { sessionsEnded: count } });
    return { status: "reset" } as const;
  });
}

export type ChangePasswordOutcome = { status: "changed" } | { status: "wrong-current" } | { status: "invalid"; problem: string };

/** Changes the password; every other session of the account ends, this one stays. */
export async function changePassword(
  user: { id: string; email: string; sessionId: string },
  current: string,
  next: string,
): Promise<ChangePasswordOutcome> {
  const stored = await db().user.findUniqueOrThrow({ where: { id: user.id }, select: { passwordHash: true } });
  if (!(await verifyPassword(stored.passwordHash, current))) return { status: "wrong-current" };
  const problem = passwordProblem(next, user.email);
  if (problem) return { status: "invalid", problem };
  const passwordHash = await hashPassword(next);
  await db().$transaction(async (tx) => {
    await tx.user.update({ where: { id: user.id }, data: { passwordHash } });
    const { count } = await tx.session.deleteMany({ where: { userId: user.id, id: { not: user.sessionId } } });
    await retireResetLinks(tx, user.id);
    await recordAuditEvent(tx, { actorId: user.id, action: "account.password_changed", subjectType: "user", subjectId: user.id, data: { otherSessionsEnded: count } });
  });
  return { status: "changed" };
}

export async function updateProfile(userId: string, profile: { name: string; language: string }): Promise<void> {
  await db().user.update({ where: { id: userId }, data: { name: profile.name, locale: profile.language } });
}

/** The language chosen with the header's switch becomes the person's profile language, so their emails follow it. */
export async function saveLanguage(userId: string, language: Language): Promise<void> {
  await db().user.update({ where: { id: userId }, data: { locale: language } });
}

export function listSessions(userId: string) {
  return db().session.findMany({
    where: { userId, expiresAt: { gt: new Date() } },
    orderBy: { lastSeenAt: "desc" },
    select: { id: true, userAgent: true, ipAddress: true, createdAt: true, lastSeenAt: true },
  });
}

/** Ends one of the person's own sessions (never someone else's: the user id is part of the match). */
export async function endSession(userId: string, sessionId: string): Promise<boolean> {
  const { count } = await db().$transaction(async (tx) => {
    const result = await tx.session.deleteMany({ where: { id: sessionId, userId } });
    if (result.count) await recordAuditEvent(tx, { actorId: userId, action: "auth.session_ended", subjectType: "user", subjectId: userId, data: { sessionId } });
    return result;
  });
  return count === 1;
}
