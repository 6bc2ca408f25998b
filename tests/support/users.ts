import { startSession } from "~/accounts/sessions.server.ts";
import { db } from "~/platform/database/db.server.ts";

/** Signs a user in without the login form; returns the Cookie header their browser would send. */
export async function sessionCookieFor(email: string): Promise<string> {
  const user = await db().user.findUniqueOrThrow({ where: { email } });
  const setCookie = await db().$transaction((tx) => startSession(tx, user.id, { userAgent: "vitest", ipAddress: "192.0.2.10" }));
  return setCookie.split(";")[0]!;
}

/** The link (with its token) in the newest outbox email to `to`. */
export async function linkInLatestEmail(to: string): Promise<string> {
  const email = await db().outboxEmail.findFirstOrThrow({ where: { toAddress: to }, orderBy: { createdAt: "desc" } });
  const link = email.text.match(/https?:\/\/\S+/)?.[0];
  if (!link) throw new Error(`no link in the email to ${to}`);
  return link;
}

export const tokenOf = (link: string) => new URL(link).searchParams.get("token")!;

/** The signed-in person as the domain modules see them (a fresh session of their own). */
export async function currentUserFor(email: string) {
  const { getCurrentUser } = await import("~/accounts/sessions.server.ts");
  const user = await getCurrentUser(new Request("http://portal.test/", { headers: { Cookie: await sessionCookieFor(email) } }));
  if (!user) throw new Error(`cannot sign in ${email}`);
  return user;
}
