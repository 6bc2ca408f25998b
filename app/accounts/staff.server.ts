import { z } from "zod";
import { recordAuditEvent } from "~/platform/audit.server.ts";
import { db, type Database } from "~/platform/database/db.server.ts";
import { refuseHiddenCharacters } from "~/platform/plain-text.ts";
import { hashPassword, passwordProblem } from "./passwords.server.ts";

const firstAdministrator = z.object({
  email: z.email().max(254).transform((v) => v.toLowerCase()),
  name: z.string().trim().min(1).max(120).superRefine(refuseHiddenCharacters("fullName")),
  password: z.string().max(256),
});

/**
 * Creates an administrator from the command line (`npm run admin:create`): how the first one comes
 * to exist, since staff cannot register and only administrators invite.
 */
export async function createAdministrator(db: Database, input: { email?: string; name?: string; password?: string }) {
  const parsed = firstAdministrator.safeParse(input);
  if (!parsed.success) throw new Error(`Set ADMIN_EMAIL, ADMIN_NAME and ADMIN_PASSWORD: ${parsed.error.issues.map((i) => `${i.path.join(".")} ${i.message}`).join("; ")}`);
  const problem = passwordProblem(parsed.data.password, parsed.data.email);
  if (problem) throw new Error(`ADMIN_PASSWORD is not acceptable (${problem.replace("errors.", "")}): at least 12 characters, not a common password.`);
  const passwordHash = await hashPassword(parsed.data.password);
  return db.$transaction(async (tx) => {
    if (await tx.user.findUnique({ where: { email: parsed.data.email } })) throw new Error(`${parsed.data.email} already has an account.`);
    const user = await tx.user.create({
      data: { email: parsed.data.email, name: parsed.data.name, passwordHash, staffRole: "administrator", emailVerifiedAt: new Date() },
    });
    await recordAuditEvent(tx, { actorId: null, action: "staff.administrator_created", subjectType: "user", subjectId: user.id, data: { email: user.email, by: "command line" } });
    return user.id;
  });
}

/** The park authority's staff, and the staff invitations that can still be accepted. */
export async function listStaff() {
  const [staff, invitations] = await Promise.all([
    db().user.findMany({ where: { staffRole: { not: null } }, orderBy: { name: "asc" }, select: { id: true, name: true, email: true, staffRole: true } }),
    db().invitation.findMany({
      where: { staffRole: { not: null }, acceptedAt: null, revokedAt: null, expiresAt: { gt: new Date() } },
      select: { id: true, email: true, staffRole: true },
    }),
  ]);
  return { staff, invitations };
}
