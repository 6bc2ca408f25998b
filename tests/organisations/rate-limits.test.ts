import { beforeAll, describe, expect, it } from "vitest";
import { getCurrentUser, type CurrentUser } from "~/accounts/sessions.server.ts";
import { askClarification } from "~/clarifications/clarifications.server.ts";
import { inviteMember, inviteStaff } from "~/organisations/organisations.server.ts";
import { RATE_LIMITS } from "~/platform/rate-limit.server.ts";
import { whenRefused } from "~/web/refusals.server.ts";
import { seedDemoPark } from "../../prisma/seed.ts";
import { withTestDatabase } from "../support/database.ts";
import { sessionCookieFor } from "../support/users.ts";

const db = withTestDatabase();
const as = async (email: string): Promise<CurrentUser> => (await getCurrentUser(new Request("http://portal.test/", { headers: { Cookie: await sessionCookieFor(email) } })))!;
const refusalOf = (promise: Promise<unknown>) => promise.then(() => null, (error: unknown) => whenRefused(error, (refusal) => refusal));

beforeAll(async () => {
  await seedDemoPark(db());
});

describe("invitations and questions are rate-limited per account and per organisation, in PostgreSQL", () => {
  it("an owner's invitations stop at the hourly limit with 429, and the refused one sends no email", async () => {
    const owner = await as("proposer@demo.hsitp.example");
    const organisationId = owner.organisation!.id;
    for (let i = 0; i < RATE_LIMITS.invitationByAccount.limit; i++) {
      await inviteMember(owner, organisationId, `invitee-${i}@example.com`, "contributor");
    }
    const emailsBefore = await db().outboxEmail.count();
    expect(await refusalOf(inviteMember(owner, organisationId, "one-too-many@example.com", "contributor"))).toEqual({ code: "errors.rateLimited", status: 429 });
    expect(await db().outboxEmail.count()).toBe(emailsBefore);
    expect(await db().invitation.count({ where: { email: "one-too-many@example.com" } })).toBe(0);
  });

  it("an organisation's invitations stop at its daily limit, whichever owner sends them", async () => {
    const owner = await as("proposer@demo.hsitp.example");
    const organisationId = owner.organisation!.id;
    // Another owner of the organisation, on a fresh hourly count of their own.
    const other = await as("submitter@demo.hsitp.example");
    await db().membership.update({ where: { userId_organisationId: { userId: other.id, organisationId } }, data: { role: "owner" } });
    await db().rateLimit.update({ where: { key: `${RATE_LIMITS.invitationByOrganisation.name}:${organisationId}` }, data: { count: RATE_LIMITS.invitationByOrganisation.limit } });
    expect(await refusalOf(inviteMember(await as("submitter@demo.hsitp.example"), organisationId, "another@example.com", "contributor"))).toEqual({ code: "errors.rateLimited", status: 429 });
  });

  it("an administrator's staff invitations are limited too", async () => {
    const admin = await as("admin@demo.hsitp.example");
    for (let i = 0; i < RATE_LIMITS.invitationByAccount.limit; i++) await inviteStaff(admin, `staff-${i}@park.example`, "evaluator");
    expect(await refusalOf(inviteStaff(admin, "staff-extra@park.example", "evaluator"))).toEqual({ code: "errors.rateLimited", status: 429 });
  });

  it("questions stop at the account's hourly limit and at the organisation's daily one", async () => {
    const asker = await as("contributor@demo.hsitp.example");
    for (let i = 0; i < RATE_LIMITS.questionByAccount.limit; i++) await askClarification(asker, "HSITP-2026-02", `Question number ${i} about plot 1W-09?`);
    expect(await refusalOf(askClarification(asker, "HSITP-2026-02", "One question too many?"))).toEqual({ code: "errors.rateLimited", status: 429 });
    expect(await db().clarification.count({ where: { question: "One question too many?" } })).toBe(0);

    const colleague = await as("proposer@demo.hsitp.example");
    await db().rateLimit.update({ where: { key: `${RATE_LIMITS.questionByOrganisation.name}:${colleague.organisation!.id}` }, data: { count: RATE_LIMITS.questionByOrganisation.limit } });
    expect(await refusalOf(askClarification(colleague, "HSITP-2026-02", "A colleague's question?"))).toEqual({ code: "errors.rateLimited", status: 429 });
  });
});
