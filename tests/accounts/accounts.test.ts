import { beforeAll, describe, expect, it } from "vitest";
import {
  changePassword,
  checkAccountToken,
  registerProposer,
  requestPasswordReset,
  resetPassword,
  verifyEmail,
} from "~/accounts/accounts.server.ts";
import { getCurrentUser, logIn } from "~/accounts/sessions.server.ts";
import { passwordProblem } from "~/accounts/passwords.server.ts";
import { seedDemoPark } from "../../prisma/seed.ts";
import { withTestDatabase } from "../support/database.ts";
import { linkInLatestEmail, sessionCookieFor, tokenOf } from "../support/users.ts";

const db = withTestDatabase();
const meta = { userAgent: "vitest", ipAddress: "192.0.2.10" };
const request = (cookie: string) => new Request("http://portal.test/account", { headers: { Cookie: cookie } });

beforeAll(async () => {
  await seedDemoPark(db());
});

describe("password policy", () => {
  it.each([
    ["short", "errors.passwordTooShort"],
    ["x".repeat(257), "errors.passwordTooLong"],
    ["qwerty123456", "errors.passwordCommon"],
    ["password1234!", "errors.passwordCommon"],
    ["aaaaaaaaaaaaaaa", "errors.passwordCommon"],
    ["mary.chan-secret-2026", "errors.passwordLikeEmail"],
  ])("refuses %s", (password, problem) => {
    expect(passwordProblem(password, "mary.chan@example.com")).toBe(problem);
  });

  it("accepts a long passphrase", () => {
    expect(passwordProblem("correct horse battery staple", "mary@example.com")).toBeNull();
  });
});

describe("registration and verification", () => {
  it("creates an unverified account, records it, and emails a single-use link", async () => {
    expect(await registerProposer({ name: "Mary Chan", email: "mary@example.com", password: "correct horse battery", language: "zh-Hant" })).toMatchObject({ status: "accepted" });
    const user = await db().user.findUniqueOrThrow({ where: { email: "mary@example.com" } });
    expect(user.emailVerifiedAt).toBeNull();
    expect(user.passwordHash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    const email = await db().outboxEmail.findFirstOrThrow({ where: { toAddress: "mary@example.com" } });
    expect(email).toMatchObject({ template: "verifyEmail", state: "pending", subject: "確認您的電郵地址" });
    expect(await db().auditEvent.count({ where: { action: "account.signup", subjectId: user.id } })).toBe(1);
  });

  it("answers a second registration of the same address the same way, and tells the owner instead", async () => {
    const before = await db().user.count();
    expect(await registerProposer({ name: "Impostor", email: "mary@example.com", password: "another long passphrase", language: "en" })).toMatchObject({ status: "accepted" });
    expect(await db().user.count()).toBe(before);
    expect(await db().user.findUniqueOrThrow({ where: { email: "mary@example.com" } })).toMatchObject({ name: "Mary Chan" });
    const latest = await db().outboxEmail.findFirstOrThrow({ where: { toAddress: "mary@example.com" }, orderBy: { createdAt: "desc" } });
    expect(latest.template).toBe("accountExists");
  });

  it("verifies with the emailed link once; reused, forged and expired links fail", async () => {
    const verification = await db().outboxEmail.findFirstOrThrow({ where: { toAddress: "mary@example.com", template: "verifyEmail" } });
    const token = tokenOf(verification.text.match(/https?:\/\/\S+/)![0]);
    expect(await checkAccountToken("email_verification", token)).toBe("valid");
    expect(await checkAccountToken("password_reset", token)).toBe("invalid");
    expect(await verifyEmail(token)).toEqual({ status: "verified", setCookie: null });
    expect((await db().user.findUniqueOrThrow({ where: { email: "mary@example.com" } })).emailVerifiedAt).not.toBeNull();
    expect(await verifyEmail(token)).toEqual({ status: "invalid" });
    expect(await verifyEmail("A".repeat(43))).toEqual({ status: "invalid" });
    expect(await verifyEmail("not a token")).toEqual({ status: "invalid" });
    expect(await verifyEmail(undefined)).toEqual({ status: "invalid" });

    await registerProposer({ name: "Late Person", email: "late@example.com", password: "correct horse battery", language: "en" });
    const late = tokenOf(await linkInLatestEmail("late@example.com"));
    await db().accountToken.updateMany({ where: { user: { email: "late@example.com" } }, data: { expiresAt: new Date(Date.now() - 1_000) } });
    expect(await verifyEmail(late)).toEqual({ status: "invalid" });
  });
});

describe("signing in and sessions", () => {
  it("signs in with the right password only, the same way for unknown addresses", async () => {
    expect(await logIn("mary@example.com", "wrong password here", meta)).toEqual({ ok: false });
    expect(await logIn("nobody@example.com", "correct horse battery", meta)).toEqual({ ok: false });
    const result = await logIn("mary@example.com", "correct horse battery", meta);
    expect(result.ok).toBe(true);
    const cookie = result.ok ? result.setCookie.split(";")[0]! : "";
    expect(await getCurrentUser(request(cookie))).toMatchObject({ email: "mary@example.com", roles: ["proposer"], emailVerified: true });
    expect(result.ok && result.setCookie).toMatch(/HttpOnly; SameSite=Lax/);
  });

  it("ends a session after the idle period and after the absolute lifetime", async () => {
    const idle = await sessionCookieFor("proposer@demo.hsitp.example");
    const absolute = await sessionCookieFor("proposer@demo.hsitp.example");
    expect(await getCurrentUser(request(idle))).not.toBeNull();
    const sessions = await db().session.findMany({ where: { user: { email: "proposer@demo.hsitp.example" } }, orderBy: { createdAt: "asc" } });
    await db().session.update({ where: { id: sessions[0]!.id }, data: { lastSeenAt: new Date(Date.now() - 31 * 60_000) } });
    await db().session.update({ where: { id: sessions[1]!.id }, data: { expiresAt: new Date(Date.now() - 1_000) } });
    expect(await getCurrentUser(request(idle))).toBeNull();
    expect(await getCurrentUser(request(absolute))).toBeNull();
    expect(await db().session.count({ where: { user: { email: "proposer@demo.hsitp.example" } } })).toBe(0);
  });

  it("ignores forged or malformed session cookies", async () => {
    for (const cookie of ["portal_session=abc", `portal_session=${"A".repeat(60)}`, "portal_session=%E0%A4%A", ""]) {
      expect(await getCurrentUser(request(cookie))).toBeNull();
    }
  });

  it("knows each demo role", async () => {
    const rolesOf = async (email: string) => (await getCurrentUser(request(await sessionCookieFor(email))))?.roles;
    expect(await rolesOf("admin@demo.hsitp.example")).toEqual(["administrator"]);
    expect(await rolesOf("chair@demo.hsitp.example")).toEqual(["evaluator"]);
    expect(await rolesOf("proposer@demo.hsitp.example")).toEqual(["proposer", "owner"]);
    expect(await rolesOf("submitter@demo.hsitp.example")).toEqual(["proposer", "submitter"]);
    expect(await rolesOf("contributor@demo.hsitp.example")).toEqual(["proposer", "contributor"]);
    expect(await rolesOf("newcomer@demo.hsitp.example")).toEqual(["proposer"]);
  });
});

describe("password reset and change", () => {
  it("resets with a one-hour single-use link and ends every session", async () => {
    const first = await sessionCookieFor("mary@example.com");
    const second = await sessionCookieFor("mary@example.com");
    await requestPasswordReset("mary@example.com");
    await requestPasswordReset("nobody@example.com");
    expect(await db().outboxEmail.count({ where: { toAddress: "nobody@example.com" } })).toBe(0);
    const token = tokenOf(await linkInLatestEmail("mary@example.com"));
    const issued = await db().accountToken.findFirstOrThrow({ where: { purpose: "password_reset", user: { email: "mary@example.com" } } });
    // One hour, give or take the milliseconds between the app's clock and the database's.
    expect(Math.abs(issued.expiresAt.getTime() - issued.createdAt.getTime() - 3_600_000)).toBeLessThan(2_000);

    expect(await resetPassword(token, "qwerty123456")).toEqual({ status: "invalid", problem: "errors.passwordCommon" });
    expect(await resetPassword(token, "a brand new passphrase")).toEqual({ status: "reset" });
    expect(await resetPassword(token, "yet another passphrase")).toEqual({ status: "invalid-token" });
    expect(await getCurrentUser(request(first))).toBeNull();
    expect(await getCurrentUser(request(second))).toBeNull();
    expect((await logIn("mary@example.com", "a brand new passphrase", meta)).ok).toBe(true);
  });

  it("changes the password only with the current one, ending the other sessions but not this one", async () => {
    const here = await sessionCookieFor("mary@example.com");
    const elsewhere = await sessionCookieFor("mary@example.com");
    const user = (await getCurrentUser(request(here)))!;
    expect(await changePassword(user, "not my password", "something long enough")).toEqual({ status: "wrong-current" });
    expect(await changePassword(user, "a brand new passphrase", "the newest passphrase")).toEqual({ status: "changed" });
    expect(await getCurrentUser(request(here))).not.toBeNull();
    expect(await getCurrentUser(request(elsewhere))).toBeNull();
  });
});
