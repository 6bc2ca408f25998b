import { z } from "zod";
import { can } from "~/accounts/permissions.ts";
import { developmentForViewer, parkToday } from "~/developments/developments.server.ts";
import { notFound } from "./error-boundary.tsx";
import { requirePermission, requireUser } from "./require.server.ts";

/**
 * A development record for its awarded organisation's members: 403 for anyone who could not be a
 * member of one (staff, a proposer acting for no organisation), 404 for another organisation's record.
 */
export async function requireOwnDevelopment(request: Request, id: string | undefined) {
  const user = await requireUser(request);
  if (user.staffRole || !can(user.roles, "development:read")) throw new Response("Forbidden", { status: 403 });
  return recordFor(user, id);
}

/** A development record for an administrator (403 for anyone else). */
export async function requireDevelopmentForStaff(request: Request, id: string | undefined) {
  const user = await requirePermission(request, "developments:manage");
  return recordFor(user, id);
}

async function recordFor(user: Awaited<ReturnType<typeof requireUser>>, id: string | undefined) {
  const parsed = z.uuid().safeParse(id);
  const record = parsed.success ? await developmentForViewer(user, parsed.data) : null;
  if (!record) throw notFound();
  return { user, record, today: await parkToday() };
}
