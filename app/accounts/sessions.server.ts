import { createCookie } from "@remix-run/node";
import { recordAuditEvent } from "~/platform/audit.server.ts";
import { getConfig } from "~/platform/config.server.ts";
import { db } from "~/platform/database/db.server.ts";
import { oncePerRequest } from "~/platform/logger.server.ts";
import type { Prisma } from "~/platform/database/generated/prisma/client.ts";
import type { MemberRole, StaffRole } from "~/platform/database/generated/prisma/enums.ts";
import type { Role } from "./permissions.ts";
import { verifyPassword } from "./passwords.server.ts";
import { hashSecret, looksLikeSecret, newSecret } from "~/platform/secrets.server.ts";

const config = () => getConfig();

export const sessionCookie = createCookie("portal_session", {
  path: "/",
  httpOnly: true,
  sameSite: "lax",
  get secure() {
    return config().PUBLIC_URL.startsWith("https:");
  },
  get maxAge() {
    return config().SESSION_MAX_HOURS * 3_600;
  },
});

/**
 * Kept by the browser that registered until it confirms the address (accounts.server.ts,
 * registeringBrowserProof): confirming there signs the person in. Lives as long as the emailed link.
 * Its path is the whole site: with scripts, the confirmation is posted to `/verify-email.data`.
 */
export const registrationCookie = createCookie("portal_registration", {
  path: "/",
  httpOnly: true,
  sameSite: "lax",
  maxAge: 24 * 3_600,
  get secure() {
    return config().PUBLIC_URL.startsWith("https:");
  },
});

export interface CurrentUser {
  id: string;
  email: string;
  name: string;
  locale: string;
  staffRole: StaffRole | null;
  emailVerified: boolean;
  sessionId: string;
  /** The organisation the person acts for in this session, with their role in it. */
  organisation: { id: string; name: string; role: MemberRole } | null;
  memberships: { organisationId: string; name: string; role: MemberRole }[];
  roles: Role[];
}

function rolesOf(staffRole: StaffRole | null, organisationRole: MemberRole | undefined): Role[] {
  if (staffRole) return [staffRole];
  return organisationRole ? ["proposer", organisationRole] : ["proposer"];
}

/** Starts a session; returns the Set-Cookie value. Call inside the transaction that records the sign-in. */
export async function startSession(
  tx: Prisma.TransactionClient,
  userId: string,
  meta: { userAgent: string | null; ipAddress: string },
): Promise<string> {
  const secret = newSecret();
  const firstMembership = await tx.membership.findFirst({ where: { userId }, orderBy: { createdAt: "asc" } });
  await tx.session.create({
    data: {
      tokenHash: hashSecret(secret),
      userId,
      organisationId: firstMembership?.organisationId ?? null,
      userAgent: meta.userAgent?.slice(0, 300) ?? null,
      ipAddress: meta.ipAddress,
      expiresAt: new Date(Date.now() + config().SESSION_MAX_HOURS * 3_600_000),
    },
  });
  return sessionCookie.serialize(secret);
}

export const clearSessionCookie = () => sessionCookie.serialize("", { maxAge: 0 });

const TOUCH_AFTER_MS = 60_000;

/**
 * The signed-in person, or null. A page view's loaders (the root's and the page's, side by side)
 * share one lookup; an action (which may sign in or out, or change the acting organisation) always
 * looks for itself, and the loaders that follow it in the same request are GETs that look afresh.
 */
export function getCurrentUser(request: Request): Promise<CurrentUser | null> {
  if (request.method !== "GET" && request.method !== "HEAD") return lookUpCurrentUser(request);
  return oncePerRequest(`current-user ${request.headers.get("Cookie") ?? ""}`, () => lookUpCurrentUser(request));
}

/**
 * Expired sessions (idle or absolute) are removed on sight. The session, its person and their
 * memberships in one statement: every signed-in request starts here (docs/performance.md).
 */
async function lookUpCurrentUser(request: Request): Promise<CurrentUser | null> {
  const secret: unknown = await sessionCookie.parse(request.headers.get("Cookie"));
  if (!looksLikeSecret(secret)) return null;
  const [session] = await db().$queryRaw<{
    id: string; organisationId: string | null; lastSeenAt: Date; expiresAt: Date;
    userId: string; email: string; name: string; locale: string; staffRole: StaffRole | null; emailVerified: boolean;
    memberships: { organisationId: string; name: string; role: MemberRole }[];
  }[]>`
    SELECT s.id, s."organisationId", s."lastSeenAt", s."expiresAt",
      u.id AS "userId", u.email, u.name, u.locale, u."staffRole"::text AS "staffRole", u."emailVerifiedAt" IS NOT NULL AS "emailVerified",
      (SELECT coalesce(json_agg(json_build_object('organisationId', m."organisationId", 'name', o.name, 'role', m.role) ORDER BY m."createdAt"), '[]')
         FROM "Membership" m JOIN "Organisation" o ON o.id = m."organisationId" WHERE m."userId" = u.id) AS memberships
    FROM "Session" s JOIN "User" u ON u.id = s."userId"
    WHERE s."tokenHash" = ${hashSecret(secret)}`;
  if (!session) return null;
  const now = Date.now();
  const idleLimit = session.lastSeenAt.getTime() + config().SESSION_IDLE_MINUTES * 60_000;
  if (now > session.expiresAt.getTime() || now > idleLimit) {
    await db().session.deleteMany({ where: { id: session.id } });
    return null;
  }
  if (now - session.lastSeenAt.getTime() > TOUCH_AFTER_MS) {
    await db().session.update({ where: { id: session.id }, data: { lastSeenAt: new Date(now) } });
  }
  const { memberships } = session;
  const acting = memberships.find((m) => m.organisationId === session.organisationId);
  return {
    id: session.userId,
    email: session.email,
    name: session.name,
    locale: session.locale,
    staffRole: session.staffRole,
    emailVerified: session.emailVerified,
    sessionId: session.id,
    organisation: acting ? { id: acting.organisationId, name: acting.name, role: acting.role } : null,
    memberships,
    roles: rolesOf(session.staffRole, acting?.role),
  };
}

export type LoginResult = { ok: true; userId: string; locale: string; setCookie: string } | { ok: false };

/** Checks the credentials (equally slowly whether or not the email exists) and starts a session. */
export async function logIn(
  email: string,
  password: string,
  meta: { userAgent: string | null; ipAddress: string },
): Promise<LoginResult> {
  const user = await db().user.findUnique({ where: { email: email.toLowerCase() }, select: { id: true, passwordHash: true, locale: true } });
  if (!(await verifyPassword(user?.passwordHash, password)) || !user) return { ok: false };
  const setCookie = await db().$transaction(async (tx) => {
    const cookie = await startSession(tx, user.id, meta);
    await recordAuditEvent(tx, { actorId: user.id, action: "auth.login", subjectType: "user", subjectId: user.id, data: { ip: meta.ipAddress } });
    return cookie;
  });
  return { ok: true, userId: user.id, locale: user.locale, setCookie };
}

/** Ends the current session (if any); returns the Set-Cookie that clears the cookie. */
export async function logOut(request: Request): Promise<string> {
  const user = await getCurrentUser(request);
  if (user) {
    await db().$transaction(async (tx) => {
      await tx.session.deleteMany({ where: { id: user.sessionId } });
      await recordAuditEvent(tx, { actorId: user.id, action: "auth.logout", subjectType: "user", subjectId: user.id, data: {} });
    });
  }
  return clearSessionCookie();
}
