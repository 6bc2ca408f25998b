import { beforeAll, describe, expect, it } from "vitest";
import { createDatabase } from "~/platform/database/db.server.ts";
import { hitRateLimit, RATE_LIMITS } from "~/platform/rate-limit.server.ts";
import { action as forgotPassword } from "~/routes/forgot-password.tsx";
import { action as login } from "~/routes/login.tsx";
import { action as signup } from "~/routes/signup.tsx";
import { seedDemoPark } from "../../prisma/seed.ts";
import { withTestDatabase } from "../support/database.ts";
import { actionArgs } from "../support/routes.ts";

const db = withTestDatabase();

beforeAll(async () => {
  await seedDemoPark(db());
});

const statusOf = (result: unknown) => (result instanceof Response ? result.status : ((result as { init?: { status?: number } }).init?.status ?? 200));
const headerOf = (result: unknown, name: string) =>
  result instanceof Response ? result.headers.get(name) : new Headers((result as { init?: { headers?: HeadersInit } }).init?.headers).get(name);

describe("rate limits in PostgreSQL", () => {
  it("let exactly the limit through when many attempts arrive at once", async () => {
    const rule = { name: "test:burst", limit: 10, windowSeconds: 60 };
    const verdicts = await Promise.all(Array.from({ length: 25 }, () => hitRateLimit(rule, "192.0.2.99")));
    expect(verdicts.filter((v) => v.allowed)).toHaveLength(10);
    expect(Math.max(...verdicts.map((v) => v.retryAfter))).toBeLessThanOrEqual(60);
  });

  it("count across separate connection pools, as separate app instances have", async () => {
    const rule = { name: "test:instances", limit: 3, windowSeconds: 60 };
    const other = createDatabase(process.env.DATABASE_URL!, 1);
    try {
      await hitRateLimit(rule, "acct@example.com");
      await other.$queryRaw`UPDATE "RateLimit" SET count = count + 2 WHERE key = ${"test:instances:acct@example.com"}`;
      expect((await hitRateLimit(rule, "ACCT@example.com")).allowed).toBe(false);
    } finally {
      await other.$disconnect();
    }
  });

  it("open again when the window has passed", async () => {
    const rule = { name: "test:window", limit: 1, windowSeconds: 60 };
    await hitRateLimit(rule, "x");
    expect((await hitRateLimit(rule, "x")).allowed).toBe(false);
    await db().rateLimit.update({ where: { key: "test:window:x" }, data: { windowStart: new Date(Date.now() - 61_000) } });
    expect((await hitRateLimit(rule, "x")).allowed).toBe(true);
  });
});

describe("the doors attackers knock on", () => {
  it("login answers 429 with Retry-After and a message key after too many attempts for one account, keeping the email", async () => {
    let last: unknown;
    for (let i = 0; i <= RATE_LIMITS.loginByAccount.limit; i++) {
      last = await login(actionArgs("/login", { email: "proposer@demo.hsitp.example", password: "wrong password" }, { clientIp: `198.51.100.${i}` }));
    }
    expect(statusOf(last)).toBe(429);
    expect(Number(headerOf(last, "Retry-After"))).toBeGreaterThan(0);
    const reply = (last as { data: { error: Record<string, string[]>; initialValue: Record<string, string> } }).data;
    expect(reply.error[""]).toEqual(["errors.rateLimited"]);
    expect(reply.initialValue.email).toBe("proposer@demo.hsitp.example");
    expect(reply.initialValue.password).toBeUndefined();
    // Even the right password is refused until the window ends.
    const right = await login(actionArgs("/login", { email: "proposer@demo.hsitp.example", password: "demo-proposer-pass-2026" }, { clientIp: "198.51.100.200" }));
    expect(statusOf(right)).toBe(429);
  });

  it("a successful sign-in starts the account's count again, so people who sign in often are not locked out", async () => {
    const attempt = (password: string, i: number) =>
      login(actionArgs("/login", { email: "chair@demo.hsitp.example", password }, { clientIp: `198.51.100.${100 + i}` }));
    for (let i = 0; i < RATE_LIMITS.loginByAccount.limit - 1; i++) expect(statusOf(await attempt("wrong password", i))).toBe(400);
    expect(statusOf(await attempt("demo-chair-pass-2026", 20))).toBe(302);
    for (let i = 0; i < RATE_LIMITS.loginByAccount.limit; i++) expect(statusOf(await attempt("wrong password", 30 + i))).toBe(400);
    expect(statusOf(await attempt("wrong password", 50))).toBe(429);
  });

  it("login counts per client address too", async () => {
    let last: unknown;
    for (let i = 0; i <= RATE_LIMITS.loginByIp.limit; i++) {
      last = await login(actionArgs("/login", { email: `user${i}@example.com`, password: "wrong password" }, { clientIp: "203.0.113.7" }));
    }
    expect(statusOf(last)).toBe(429);
  });

  it("password reset answers the same for known and unknown addresses, then limits per account", async () => {
    const known = await forgotPassword(actionArgs("/forgot-password", { email: "submitter@demo.hsitp.example" }));
    const unknown = await forgotPassword(actionArgs("/forgot-password", { email: "nobody@example.com" }));
    expect([statusOf(known), headerOf(known, "Location")]).toEqual([302, "/forgot-password?sent=1"]);
    expect([statusOf(unknown), headerOf(unknown, "Location")]).toEqual([302, "/forgot-password?sent=1"]);
    for (let i = 0; i < RATE_LIMITS.resetByAccount.limit; i++) await forgotPassword(actionArgs("/forgot-password", { email: "submitter@demo.hsitp.example" }, { clientIp: `192.0.2.${50 + i}` }));
    expect(statusOf(await forgotPassword(actionArgs("/forgot-password", { email: "submitter@demo.hsitp.example" }, { clientIp: "192.0.2.99" })))).toBe(429);
    expect(await db().outboxEmail.count({ where: { toAddress: "submitter@demo.hsitp.example", template: "resetPassword" } })).toBe(RATE_LIMITS.resetByAccount.limit);
  });

  it("sign-up limits attempts per address, sparing its mailbox", async () => {
    const attempt = (i: number) =>
      signup(actionArgs("/signup", { name: "Again", email: "contributor@demo.hsitp.example", password: "correct horse battery", language: "en" }, { clientIp: `192.0.2.${120 + i}` }));
    for (let i = 0; i < RATE_LIMITS.signupByAccount.limit; i++) expect(statusOf(await attempt(i))).toBe(302);
    expect(statusOf(await attempt(9))).toBe(429);
    expect(await db().outboxEmail.count({ where: { toAddress: "contributor@demo.hsitp.example", template: "accountExists" } })).toBe(1);
  });

  it("sign-up answers a filled honeypot like any sign-up and stores nothing", async () => {
    const before = await db().user.count();
    const result = await signup(actionArgs("/signup", { name: "Bot", email: "bot@example.com", password: "correct horse battery", language: "en", website: "http://spam.example" }, { clientIp: "192.0.2.77" }));
    expect([statusOf(result), headerOf(result, "Location")]).toEqual([302, "/signup?sent=1"]);
    expect(await db().user.count()).toBe(before);
  });

  it("sign-up refuses over-long and wrong-typed fields with field messages, keeping what was typed but not the password", async () => {
    const result = await signup(actionArgs("/signup", { name: "x".repeat(500), email: "not-an-email", password: "short", language: "fr" }, { clientIp: "192.0.2.78" }));
    expect(statusOf(result)).toBe(400);
    const reply = (result as { data: { error: Record<string, string[]>; initialValue: Record<string, string> } }).data;
    expect(reply.error).toMatchObject({ name: ["errors.nameTooLong"], email: ["errors.email"], password: ["errors.passwordTooShort"], language: ["errors.chooseLanguage"] });
    expect(reply.initialValue.email).toBe("not-an-email");
    expect(reply.initialValue.password).toBeUndefined();
  });
});

describe("fixes from the security review", () => {
  it("a forged reset link is refused before any password is hashed, and posting links is rate-limited per address", async () => {
    const { resetPassword } = await import("~/accounts/accounts.server.ts");
    expect(await resetPassword("A".repeat(43), "a perfectly fine passphrase")).toEqual({ status: "invalid-token" });
    const { action: reset } = await import("~/routes/reset-password.tsx");
    let last: unknown;
    for (let i = 0; i <= RATE_LIMITS.linkByIp.limit; i++) {
      last = await reset(actionArgs("/reset-password", { token: "A".repeat(43), password: "a perfectly fine passphrase", confirm: "a perfectly fine passphrase" }, { clientIp: "198.51.100.77" }));
    }
    expect(statusOf(last)).toBe(429);
  });

  it("names with control characters are refused with a field message, not a 500", async () => {
    const result = await signup(actionArgs("/signup", { name: "Nul\u0000Byte", email: "nul@example.com", password: "correct horse battery", language: "en" }, { clientIp: "192.0.2.201" }));
    expect(statusOf(result)).toBe(400);
    expect((result as { data: { error: Record<string, string[]> } }).data.error.name).toEqual(["text.hidden.fullName"]);
  });

  it("a sign-in redirect to a non-ASCII or foreign place goes to the account page instead of failing", async () => {
    for (const redirectTo of ["/%C4%80", "/\u0100", "//evil.example", "https://evil.example/"]) {
      const result = await login(actionArgs("/login", { email: "submitter@demo.hsitp.example", password: "demo-submitter-pass-2026", redirectTo }, { clientIp: `192.0.2.${210 + redirectTo.length}` }));
      expect(headerOf(result, "Location"), redirectTo).toBe(redirectTo === "/%C4%80" ? "/%C4%80" : "/account");
    }
  });
});
