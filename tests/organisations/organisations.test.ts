import { beforeAll, describe, expect, it } from "vitest";
import { getCurrentUser } from "~/accounts/sessions.server.ts";
import {
  acceptMemberInvitation,
  acceptStaffInvitation,
  changeMemberRole,
  createOrganisation,
  findOpenInvitation,
  getOrganisationForMember,
  inviteMember,
  inviteStaff,
  removeMember,
} from "~/organisations/organisations.server.ts";
import { createAdministrator } from "~/accounts/staff.server.ts";
import { registerProposer } from "~/accounts/accounts.server.ts";
import { seedDemoPark } from "../../prisma/seed.ts";
import { withTestDatabase } from "../support/database.ts";
import { linkInLatestEmail, sessionCookieFor } from "../support/users.ts";

const db = withTestDatabase();
const as = async (email: string) => (await getCurrentUser(new Request("http://portal.test/", { headers: { Cookie: await sessionCookieFor(email) } })))!;
const invitationSecret = async (email: string) => (await linkInLatestEmail(email)).split("/invitations/")[1]!;

beforeAll(async () => {
  await seedDemoPark(db());
});

describe("organisations", () => {
  let organisationId: string;

  it("a verified proposer creates one and becomes its owner, acting for it; recorded in the audit log", async () => {
    const newcomer = await as("newcomer@demo.hsitp.example");
    organisationId = await createOrganisation(newcomer, { name: "Loop Robotics Ltd", registrationNumber: "HK-CR-7654321", origin: "hong_kong", focusSectors: ["ai_data_science", "ai_data_science"] });
    const view = await getOrganisationForMember(newcomer.id, organisationId);
    expect(view?.myRole).toBe("owner");
    expect(view?.organisation.focusSectors).toEqual(["ai_data_science"]);
    expect((await as("newcomer@demo.hsitp.example")).roles).toEqual(["proposer", "owner"]);
    expect(await db().auditEvent.count({ where: { action: "organisation.created", subjectId: organisationId } })).toBe(1);
  });

  it("refuses a duplicate registration number, staff, and unverified accounts", async () => {
    const owner = await as("proposer@demo.hsitp.example");
    await expect(createOrganisation(owner, { name: "Copy", registrationNumber: "HK-CR-7654321", origin: "overseas", focusSectors: ["other"] })).rejects.toThrow("organisations.registrationTaken");
    await expect(createOrganisation(await as("admin@demo.hsitp.example"), { name: "X", registrationNumber: "X-1", origin: "overseas", focusSectors: ["other"] })).rejects.toThrow("organisations.staffCannotCreate");
    await registerProposer({ name: "Un Verified", email: "unverified@example.com", password: "correct horse battery", language: "en" });
    await expect(createOrganisation(await as("unverified@example.com"), { name: "Y", registrationNumber: "Y-123", origin: "mainland", focusSectors: ["other"] })).rejects.toThrow("organisations.verifyFirst");
  });

  it("is invisible to non-members", async () => {
    expect(await getOrganisationForMember((await as("proposer@demo.hsitp.example")).id, organisationId)).toBeNull();
  });

  it("owners invite by email; the invitee accepts once with the invited address and appears as a member", async () => {
    const owner = await as("newcomer@demo.hsitp.example");
    await inviteMember(owner, organisationId, "unverified@example.com", "submitter");
    const secret = await invitationSecret("unverified@example.com");
    expect(await findOpenInvitation(secret)).toMatchObject({ email: "unverified@example.com", memberRole: "submitter" });
    await expect(acceptMemberInvitation(await as("contributor@demo.hsitp.example"), secret)).rejects.toThrow("invitations.otherEmail");
    // The failed attempt used nothing up: the right person can still accept.
    await acceptMemberInvitation(await as("unverified@example.com"), secret);
    await expect(acceptMemberInvitation(await as("unverified@example.com"), secret)).rejects.toThrow("invitations.invalid");
    const view = await getOrganisationForMember(owner.id, organisationId);
    expect(view?.organisation.members.map((m) => [m.user.email, m.role])).toEqual([
      ["newcomer@demo.hsitp.example", "owner"],
      ["unverified@example.com", "submitter"],
    ]);
    expect((await db().user.findUniqueOrThrow({ where: { email: "unverified@example.com" } })).emailVerifiedAt).not.toBeNull();
    expect(await db().auditEvent.count({ where: { action: { in: ["organisation.member_invited", "organisation.member_joined"] }, subjectId: organisationId } })).toBe(2);
  });

  it("only owners manage members, and an organisation keeps at least one owner", async () => {
    const owner = await as("newcomer@demo.hsitp.example");
    const member = await as("unverified@example.com");
    await expect(inviteMember(member, organisationId, "x@example.com", "owner")).rejects.toThrow("organisations.ownersOnly");
    await expect(changeMemberRole(member, organisationId, member.id, "owner")).rejects.toThrow("organisations.ownersOnly");
    await expect(changeMemberRole(owner, organisationId, owner.id, "contributor")).rejects.toThrow("organisations.lastOwner");
    await expect(removeMember(owner, organisationId, owner.id)).rejects.toThrow("organisations.lastOwner");
    await changeMemberRole(owner, organisationId, member.id, "owner");
    await changeMemberRole(owner, organisationId, owner.id, "contributor");
    await removeMember(member, organisationId, owner.id);
    expect((await getOrganisationForMember(member.id, organisationId))?.organisation.members.map((m) => m.role)).toEqual(["owner"]);
    expect(await db().auditEvent.count({ where: { action: "organisation.member_role_changed" } })).toBe(2);
    expect(await db().auditEvent.count({ where: { action: "organisation.member_removed" } })).toBe(1);
  });

  it("expired and forged invitations cannot be used", async () => {
    const owner = await as("unverified@example.com");
    await inviteMember(owner, organisationId, "late@example.com", "contributor");
    const secret = await invitationSecret("late@example.com");
    await db().invitation.updateMany({ where: { email: "late@example.com" }, data: { expiresAt: new Date(Date.now() - 1) } });
    expect(await findOpenInvitation(secret)).toBeNull();
    expect(await findOpenInvitation("B".repeat(43))).toBeNull();
    expect(await findOpenInvitation("../../etc")).toBeNull();
  });
});

describe("staff", () => {
  it("the first administrator comes from the command; administrators invite staff, who create their own account", async () => {
    await expect(createAdministrator(db(), { email: "ops@park.example", name: "Ops", password: "password1234" })).rejects.toThrow(/not acceptable/);
    await createAdministrator(db(), { email: "ops@park.example", name: "Ops Lead", password: "a long operator passphrase" });
    await expect(createAdministrator(db(), { email: "ops@park.example", name: "Again", password: "a long operator passphrase" })).rejects.toThrow(/already has an account/);
    const admin = await as("ops@park.example");
    expect(admin.roles).toEqual(["administrator"]);

    await expect(inviteStaff(admin, "proposer@demo.hsitp.example", "evaluator")).rejects.toThrow("staff.emailHasAccount");
    await inviteStaff(admin, "panel@park.example", "evaluator");
    const secret = await invitationSecret("panel@park.example");
    expect(await acceptStaffInvitation(secret, { name: "Panel Member", password: "qwerty123456", language: "en" })).toEqual({ status: "invalid", problem: "errors.passwordCommon" });
    expect(await acceptStaffInvitation(secret, { name: "Panel Member", password: "an evaluator passphrase", language: "zh-Hant" })).toEqual({ status: "created", email: "panel@park.example" });
    await expect(acceptStaffInvitation(secret, { name: "Twice", password: "an evaluator passphrase", language: "en" })).rejects.toThrow("invitations.invalid");
    expect(await db().user.findUniqueOrThrow({ where: { email: "panel@park.example" } })).toMatchObject({ staffRole: "evaluator", locale: "zh-Hant" });
    await expect(acceptMemberInvitation(await as("panel@park.example"), secret)).rejects.toThrow("invitations.staffCannotJoin");
  });
});

describe("fixes from the security review", () => {
  it("a removed member cannot come back with an older invitation; inviting again replaces the earlier one", async () => {
    const owner = await as("proposer@demo.hsitp.example");
    const organisationId = owner.organisation!.id;
    await inviteMember(owner, organisationId, "twice@example.com", "contributor");
    const first = await invitationSecret("twice@example.com");
    await inviteMember(owner, organisationId, "twice@example.com", "owner");
    const second = await invitationSecret("twice@example.com");
    expect(await findOpenInvitation(first)).toBeNull();
    expect(await findOpenInvitation(second)).not.toBeNull();

    const contributor = await as("contributor@demo.hsitp.example");
    await inviteMember(owner, organisationId, "contributor@demo.hsitp.example", "owner").catch(() => undefined);
    await removeMember(owner, organisationId, contributor.id);
    expect(await db().invitation.count({ where: { organisationId, email: "contributor@demo.hsitp.example", revokedAt: null, acceptedAt: null } })).toBe(0);
  });

  it("two owners demoting each other at once leave one owner", async () => {
    const owner = await as("proposer@demo.hsitp.example");
    const organisationId = owner.organisation!.id;
    const submitter = await as("submitter@demo.hsitp.example");
    await changeMemberRole(owner, organisationId, submitter.id, "owner");
    const results = await Promise.allSettled([
      changeMemberRole(owner, organisationId, owner.id, "contributor"),
      changeMemberRole(submitter, organisationId, submitter.id, "contributor"),
    ]);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    expect(await db().membership.count({ where: { organisationId, role: "owner" } })).toBe(1);
  });
});
