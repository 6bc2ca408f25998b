import { recordAuditEvent } from "~/platform/audit.server.ts";
import { DomainError } from "~/platform/domain-error.ts";
import { RATE_LIMITS, refuseWhenRateLimited } from "~/platform/rate-limit.server.ts";
import type { CurrentUser } from "~/accounts/sessions.server.ts";
import { getConfig } from "~/platform/config.server.ts";
import { db } from "~/platform/database/db.server.ts";
import { nudgeOutbox, queueEmail } from "~/platform/email.server.ts";
import type { Prisma } from "~/platform/database/generated/prisma/client.ts";
import type { FocusSector, MemberRole, Origin, StaffRole } from "~/platform/database/generated/prisma/enums.ts";
import { translator, isLanguage } from "~/platform/i18n/i18n.ts";
import { optionalJobQueue } from "~/platform/jobs.server.ts";
import { hashPassword, passwordProblem } from "~/accounts/passwords.server.ts";
import { hashSecret, looksLikeSecret, newSecret } from "~/platform/secrets.server.ts";
import { registrationKey } from "./registration-number.ts";

const INVITATION_DAYS = 7;

const isUniqueViolation = (error: unknown) => typeof error === "object" && error !== null && (error as { code?: unknown }).code === "P2002";

export interface NewOrganisation {
  name: string;
  registrationNumber: string;
  origin: Origin;
  focusSectors: FocusSector[];
}

/** Adds a member, makes the organisation the one their session acts for, and records why. */
async function joinOrganisation(
  tx: Prisma.TransactionClient,
  user: CurrentUser,
  organisationId: string,
  role: MemberRole,
  audit: { action: string; data: Record<string, unknown> },
) {
  if (await tx.membership.findUnique({ where: { userId_organisationId: { userId: user.id, organisationId } } })) {
    throw new DomainError("organisations.alreadyMember");
  }
  await tx.membership.create({ data: { userId: user.id, organisationId, role } });
  await tx.session.update({ where: { id: user.sessionId }, data: { organisationId } });
  await recordAuditEvent(tx, { actorId: user.id, action: audit.action, subjectType: "organisation", subjectId: organisationId, data: audit.data });
}

/** Creates an organisation with its creator as owner, and makes it the one they act for. */
export async function createOrganisation(user: CurrentUser, input: NewOrganisation): Promise<string> {
  if (user.staffRole) throw new DomainError("organisations.staffCannotCreate");
  if (!user.emailVerified) throw new DomainError("organisations.verifyFirst");
  return db().$transaction(async (tx) => {
    // Compared by key: "HK CR 3125467" is the organisation already registered as "HK-CR-3125467".
    // The unique key in the database settles two registrations at once (P2002, below).
    const taken = await tx.organisation.findUnique({ where: { registrationKey: registrationKey(input.registrationNumber) } });
    if (taken) throw new DomainError("organisations.registrationTaken");
    const organisation = await tx.organisation.create({ data: { ...input, focusSectors: [...new Set(input.focusSectors)] } }).catch((error: unknown) => {
      if (isUniqueViolation(error)) throw new DomainError("organisations.registrationTaken");
      throw error;
    });
    await joinOrganisation(tx, user, organisation.id, "owner", {
      action: "organisation.created",
      data: { name: input.name, registrationNumber: input.registrationNumber, origin: input.origin },
    });
    return organisation.id;
  });
}

/** The organisation with its members and open invitations, or null for anyone who is not a member. */
export async function getOrganisationForMember(userId: string, organisationId: string) {
  const membership = await db().membership.findUnique({ where: { userId_organisationId: { userId, organisationId } } });
  if (!membership) return null;
  const organisation = await db().organisation.findUniqueOrThrow({
    where: { id: organisationId },
    include: {
      members: { include: { user: { select: { id: true, name: true, email: true } } }, orderBy: { createdAt: "asc" } },
      invitations: {
        where: { acceptedAt: null, revokedAt: null, expiresAt: { gt: new Date() } },
        select: { id: true, email: true, memberRole: true, expiresAt: true },
        orderBy: { createdAt: "asc" },
      },
    },
  });
  return { organisation, myRole: membership.role };
}

/** The names of the members who may submit for the organisation (owners and submitters), owners first. */
export async function whoMaySubmit(organisationId: string): Promise<{ name: string; role: MemberRole }[]> {
  const members = await db().membership.findMany({
    where: { organisationId, role: { in: ["owner", "submitter"] } },
    select: { role: true, user: { select: { name: true } } },
    orderBy: [{ role: "asc" }, { createdAt: "asc" }],
  });
  return members.map((m) => ({ name: m.user.name, role: m.role }));
}

/** Pending invitations of an address to an organisation stop working (re-invited, removed, role changed). */
async function revokeInvitations(tx: Prisma.TransactionClient, organisationId: string, email: string) {
  await tx.invitation.updateMany({ where: { organisationId, email, acceptedAt: null, revokedAt: null }, data: { revokedAt: new Date() } });
}

/**
 * Membership changes of one organisation take turns (row lock on the organisation), so two owners
 * demoting each other at once cannot leave it without an owner.
 */
async function lockOrganisation(tx: Prisma.TransactionClient, organisationId: string) {
  await tx.$queryRaw`SELECT id FROM "Organisation" WHERE id = ${organisationId}::uuid FOR UPDATE`;
}

async function requireOwner(userId: string, organisationId: string, client: Prisma.TransactionClient = db()) {
  const membership = await client.membership.findUnique({ where: { userId_organisationId: { userId, organisationId } } });
  if (membership?.role !== "owner") throw new DomainError("organisations.ownersOnly", "forbidden");
}

function roleName(role: MemberRole | StaffRole, language: string) {
  return translator(isLanguage(language) ? language : "en")(`roles.${role}`);
}

/** Invites someone by email to an organisation (owners only); a single-use link valid for 7 days. */
export async function inviteMember(owner: CurrentUser, organisationId: string, email: string, role: MemberRole): Promise<void> {
  await requireOwner(owner.id, organisationId);
  await refuseWhenRateLimited([
    [RATE_LIMITS.invitationByAccount, owner.id],
    [RATE_LIMITS.invitationByOrganisation, organisationId],
  ]);
  const outboxIds = await db().$transaction(async (tx) => {
    const organisation = await tx.organisation.findUniqueOrThrow({ where: { id: organisationId } });
    const already = await tx.membership.findFirst({ where: { organisationId, user: { email } } });
    if (already) throw new DomainError("organisations.alreadyMember");
    // A new invitation replaces any earlier one to the same address.
    await revokeInvitations(tx, organisationId, email);
    const invitee = await tx.user.findUnique({ where: { email }, select: { locale: true } });
    const language = invitee?.locale ?? owner.locale;
    const secret = newSecret();
    const invitation = await tx.invitation.create({
      data: {
        email,
        organisationId,
        memberRole: role,
        tokenHash: hashSecret(secret),
        invitedById: owner.id,
        expiresAt: new Date(Date.now() + INVITATION_DAYS * 86_400_000),
      },
    });
    await recordAuditEvent(tx, {
      actorId: owner.id,
      action: "organisation.member_invited",
      subjectType: "organisation",
      subjectId: organisationId,
      data: { email, role, invitationId: invitation.id },
    });
    return [
      await queueEmail(tx, {
        to: email,
        template: "organisationInvitation",
        language,
        params: { inviter: owner.name, organisation: organisation.name, role: roleName(role, language), link: `${getConfig().PUBLIC_URL}/invitations/${secret}` },
        idempotencyKey: `invitation:${invitation.id}`,
      }),
    ];
  });
  nudgeOutbox(optionalJobQueue(), outboxIds);
}

/** Invites a member of the park authority's staff (administrators only, checked by the caller). */
export async function inviteStaff(admin: CurrentUser, email: string, role: StaffRole): Promise<void> {
  await refuseWhenRateLimited([[RATE_LIMITS.invitationByAccount, admin.id]]);
  const outboxIds = await db().$transaction(async (tx) => {
    if (await tx.user.findUnique({ where: { email } })) throw new DomainError("staff.emailHasAccount");
    const secret = newSecret();
    const invitation = await tx.invitation.create({
      data: { email, staffRole: role, tokenHash: hashSecret(secret), invitedById: admin.id, expiresAt: new Date(Date.now() + INVITATION_DAYS * 86_400_000) },
    });
    await recordAuditEvent(tx, { actorId: admin.id, action: "staff.invited", subjectType: "invitation", subjectId: invitation.id, data: { email, role } });
    return [
      await queueEmail(tx, {
        to: email,
        template: "staffInvitation",
        language: admin.locale,
        params: { inviter: admin.name, role: roleName(role, admin.locale), link: `${getConfig().PUBLIC_URL}/invitations/${secret}` },
        idempotencyKey: `invitation:${invitation.id}`,
      }),
    ];
  });
  nudgeOutbox(optionalJobQueue(), outboxIds);
}

/** An invitation that can still be accepted, or null (unknown, used, revoked, expired or forged). */
export async function findOpenInvitation(secret: unknown) {
  if (!looksLikeSecret(secret)) return null;
  const invitation = await db().invitation.findUnique({
    where: { tokenHash: hashSecret(secret) },
    include: { organisation: { select: { name: true } }, invitedBy: { select: { name: true } } },
  });
  if (!invitation || invitation.acceptedAt || invitation.revokedAt || invitation.expiresAt <= new Date()) return null;
  return invitation;
}

async function claimInvitation(tx: Prisma.TransactionClient, secret: string) {
  const { count } = await tx.invitation.updateMany({
    where: { tokenHash: hashSecret(secret), acceptedAt: null, revokedAt: null, expiresAt: { gt: new Date() } },
    data: { acceptedAt: new Date() },
  });
  if (count !== 1) throw new DomainError("invitations.invalid");
  return tx.invitation.findUniqueOrThrow({ where: { tokenHash: hashSecret(secret) } });
}

/** A signed-in person accepts an organisation invitation addressed to their own email. */
export async function acceptMemberInvitation(user: CurrentUser, secret: string): Promise<string> {
  if (user.staffRole) throw new DomainError("invitations.staffCannotJoin");
  return db().$transaction(async (tx) => {
    const invitation = await claimInvitation(tx, secret);
    if (!invitation.organisationId || !invitation.memberRole) throw new DomainError("invitations.invalid");
    if (invitation.email !== user.email) throw new DomainError("invitations.otherEmail");
    // Accepting an emailed link also proves the address.
    await tx.user.update({ where: { id: user.id }, data: { emailVerifiedAt: new Date() } });
    await joinOrganisation(tx, user, invitation.organisationId, invitation.memberRole, {
      action: "organisation.member_joined",
      data: { userId: user.id, role: invitation.memberRole, invitationId: invitation.id },
    });
    return invitation.organisationId;
  });
}

/** Creates the staff account an invitation names (staff never register themselves). */
export async function acceptStaffInvitation(secret: string, input: { name: string; password: string; language: string }) {
  const open = await findOpenInvitation(secret);
  // Checked before the (deliberately slow) hashing: a forged link costs us nothing.
  if (!open?.staffRole) throw new DomainError("invitations.invalid");
  const problem = passwordProblem(input.password, open.email);
  if (problem) return { status: "invalid" as const, problem };
  const passwordHash = await hashPassword(input.password);
  return db().$transaction(async (tx) => {
    const invitation = await claimInvitation(tx, secret);
    if (!invitation.staffRole) throw new DomainError("invitations.invalid");
    if (await tx.user.findUnique({ where: { email: invitation.email } })) throw new DomainError("staff.emailHasAccount");
    const user = await tx.user.create({
      data: { email: invitation.email, name: input.name, passwordHash, staffRole: invitation.staffRole, locale: input.language, emailVerifiedAt: new Date() },
    });
    await recordAuditEvent(tx, { actorId: user.id, action: "staff.joined", subjectType: "user", subjectId: user.id, data: { role: invitation.staffRole, invitationId: invitation.id } });
    return { status: "created" as const, email: user.email };
  });
}

async function ownersLeft(tx: Prisma.TransactionClient, organisationId: string, without: string) {
  return tx.membership.count({ where: { organisationId, role: "owner", userId: { not: without } } });
}

/**
 * The start of every change an owner makes to a membership: the organisation locked, the owner
 * checked under the lock, the member found, and any pending invitation of theirs revoked.
 */
async function memberForChange(tx: Prisma.TransactionClient, owner: CurrentUser, organisationId: string, memberId: string) {
  await lockOrganisation(tx, organisationId);
  await requireOwner(owner.id, organisationId, tx);
  const member = await tx.membership.findUnique({ where: { userId_organisationId: { userId: memberId, organisationId } }, include: { user: { select: { email: true } } } });
  if (!member) throw new DomainError("organisations.notMember");
  await revokeInvitations(tx, organisationId, member.user.email);
  return member;
}

/** Owners set members' roles; an organisation always keeps at least one owner. */
export async function changeMemberRole(owner: CurrentUser, organisationId: string, memberId: string, role: MemberRole): Promise<void> {
  await db().$transaction(async (tx) => {
    const member = await memberForChange(tx, owner, organisationId, memberId);
    if (member.role === "owner" && role !== "owner" && (await ownersLeft(tx, organisationId, memberId)) === 0) {
      throw new DomainError("organisations.lastOwner");
    }
    await tx.membership.update({ where: { userId_organisationId: { userId: memberId, organisationId } }, data: { role } });
    await recordAuditEvent(tx, { actorId: owner.id, action: "organisation.member_role_changed", subjectType: "organisation", subjectId: organisationId, data: { userId: memberId, from: member.role, to: role } });
  });
}

export async function removeMember(owner: CurrentUser, organisationId: string, memberId: string): Promise<void> {
  await db().$transaction(async (tx) => {
    const member = await memberForChange(tx, owner, organisationId, memberId);
    if (member.role === "owner" && (await ownersLeft(tx, organisationId, memberId)) === 0) throw new DomainError("organisations.lastOwner");
    await tx.membership.delete({ where: { userId_organisationId: { userId: memberId, organisationId } } });
    await tx.session.updateMany({ where: { userId: memberId, organisationId }, data: { organisationId: null } });
    await recordAuditEvent(tx, { actorId: owner.id, action: "organisation.member_removed", subjectType: "organisation", subjectId: organisationId, data: { userId: memberId, role: member.role } });
  });
}

/** Chooses the organisation the person acts for in this session (only one they belong to). */
export async function actFor(user: CurrentUser, organisationId: string): Promise<void> {
  if (!user.memberships.some((m) => m.organisationId === organisationId)) throw new DomainError("organisations.notMember");
  await db().session.update({ where: { id: user.sessionId }, data: { organisationId } });
}
