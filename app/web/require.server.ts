import { redirect } from "@remix-run/node";
import { can, type Permission } from "~/accounts/permissions.ts";
import { getCurrentUser, type CurrentUser } from "~/accounts/sessions.server.ts";

/*
 * The require… helpers every loader and action starts with: they answer for the route (a redirect
 * to sign in, a 403) by throwing a response, so a route reads as "who may, then what".
 */

/** Only a path on this site may be a place to return to. */
export function safeRedirect(to: unknown, fallback = "/"): string {
  // Printable ASCII only: anything else is not a path we link to, and cannot go into a Location header.
  return typeof to === "string" && /^\/(?![/\\])[\x21-\x7e]*$/.test(to) && to.length <= 2_000 ? to : fallback;
}

/** The place to come back to named in the page's address (`?redirectTo=`), if it is a path on this site. */
export function returnToOf(request: Request): string | null {
  return safeRedirect(new URL(request.url).searchParams.get("redirectTo"), "") || null;
}

/** The signed-in person; anyone else is sent to sign in and brought back here afterwards (401 → login). */
export async function requireUser(request: Request): Promise<CurrentUser> {
  const user = await getCurrentUser(request);
  if (user) return user;
  const url = new URL(request.url);
  throw redirect(`/login?redirectTo=${encodeURIComponent(url.pathname + url.search)}`);
}

/** 403 for a signed-in person without the permission. */
export async function requirePermission(request: Request, permission: Permission): Promise<CurrentUser> {
  const user = await requireUser(request);
  if (!can(user.roles, permission)) throw new Response("Forbidden", { status: 403 });
  return user;
}

/** Pages for signed-out people (login, sign-up) send the signed-in ones on. */
export async function requireAnonymous(request: Request, to = "/account"): Promise<void> {
  if (await getCurrentUser(request)) throw redirect(to);
}
