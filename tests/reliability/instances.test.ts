import { generateKeyPairSync } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { portalFilesIn, startPortal, type RunningPortal } from "../../bench/support.ts";
import { createTestDatabase, type TestDatabase } from "../support/database.ts";
import { startSmtpServer } from "../support/smtp.ts";
import { until } from "../support/wait.ts";

/**
 * Two instances of the portal, as behind a load balancer: one database, one storage, one signing
 * key, one public address; each its own process, port, job workers and release clock. Several
 * instances need PostgreSQL (the embedded database belongs to one process): without a PostgreSQL
 * server for the tests (TEST_DATABASE_URL, as CI gives), these tests do not run.
 */
const onPostgres = inject("testDatabaseServer").kind === "postgres";
let database: TestDatabase;
let smtp: Awaited<ReturnType<typeof startSmtpServer>>;
let client: pg.Client;
let dir: string;
const instances: RunningPortal[] = [];
const [a, b] = [() => instances[0]!, () => instances[1]!];

beforeAll(async () => {
  if (!onPostgres) return;
  database = await createTestDatabase();
  smtp = await startSmtpServer();
  dir = mkdtempSync(path.join(os.tmpdir(), "portal-instances-"));
  const key = generateKeyPairSync("ed25519").privateKey.export({ type: "pkcs8", format: "pem" }).toString();
  const shared = { DATABASE_URL: database.url, DATABASE_POOL_SIZE: "4", SMTP_URL: smtp.url, MAIL_FROM: "portal@hsitp.example", RECEIPT_SIGNING_KEY: key, FILE_LINK_SECRET: "f".repeat(48), LOG_LEVEL: "warn", PUBLIC_PAGE_CACHE_SECONDS: "60", ...portalFilesIn(dir) };
  // Both at once on an empty database: one migrates and loads the demo park, the other waits for it.
  instances.push(...(await Promise.all([startPortal(shared, { logDir: dir }), startPortal(shared, { logDir: dir })])));
  client = new pg.Client({ connectionString: database.url });
  await client.connect();
}, 240_000);

afterAll(async () => {
  await Promise.all(instances.map((i) => i.stop()));
  await client?.end();
  await smtp?.stop();
  await database?.drop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/** A form POST as the browser sends it, from the page's origin (the first instance's address stands for the public one). */
function post(instance: RunningPortal, pathname: string, fields: Record<string, string>, cookie = "") {
  return fetch(`${instance.url}${pathname}`, {
    method: "POST",
    body: new URLSearchParams(fields),
    headers: { Origin: instance.url, Cookie: cookie, "Content-Type": "application/x-www-form-urlencoded" },
    redirect: "manual",
  });
}

const count = async (sql: string, params: unknown[]) => Number((await client.query<{ n: string }>(sql, params)).rows[0]!.n);

describe.runIf(onPostgres)("two instances on one database", () => {
  it("loaded the demo park once, though both started on the empty database together", async () => {
    expect(await count(`SELECT count(*) AS n FROM "Release" WHERE code = 'HSITP-2026-02'`, [])).toBe(1);
    expect(await count(`SELECT count(*) AS n FROM "User" WHERE email = 'admin@demo.hsitp.example'`, [])).toBe(1);
    expect([...a().problems(), ...b().problems()]).toEqual([]);
  });

  it("each keeps its own shared copies of the public pages, whatever the other does", async () => {
    const states = [];
    for (const instance of [a(), a(), b(), b()]) {
      const page = await fetch(`${instance.url}/releases/HSITP-2026-02`);
      expect(page.status).toBe(200);
      states.push(/page-cache;desc="(\w+)"/.exec(page.headers.get("server-timing") ?? "")?.[1]);
    }
    expect(states).toEqual(["miss", "hit", "miss", "hit"]);
  });

  it("a session made on one works on the other", async () => {
    const login = await post(a(), "/login", { email: "proposer@demo.hsitp.example", password: "demo-proposer-pass-2026", redirectTo: "/account" });
    expect(login.status).toBe(302);
    const cookie = login.headers.getSetCookie().map((c) => c.split(";")[0]).join("; ");
    const account = await fetch(`${b().url}/account`, { headers: { Cookie: cookie }, redirect: "manual" });
    expect(account.status).toBe(200);
    expect(await account.text()).toContain("proposer@demo.hsitp.example");
  });

  it("a rate limit counts the attempts made on both", async () => {
    const attempt = (instance: RunningPortal) => post(instance, "/login", { email: "submitter@demo.hsitp.example", password: "not the password", redirectTo: "/account" });
    // login:account allows 10 attempts in 15 minutes: 5 on each instance, then none on either.
    for (let n = 0; n < 10; n++) expect((await attempt(n % 2 ? b() : a())).status, `attempt ${n + 1}`).toBe(400);
    expect((await attempt(a())).status).toBe(429);
    expect((await attempt(b())).status).toBe(429);
  });

  it("an email is sent once, though both instances deliver from the outbox", async () => {
    const to = "contributor@demo.hsitp.example";
    const asked = await post(b(), "/forgot-password", { email: to });
    expect(asked.status).toBeLessThan(500);
    await until("the reset email", async () => smtp.received.some((m) => m.subject && JSON.stringify(m.to).includes(to)), 30_000);
    // Every delivery job for it, on either instance, has finished: any second copy would be out by now.
    const [outbox] = (await client.query<{ id: string }>(`SELECT id FROM "OutboxEmail" WHERE "toAddress" = $1`, [to])).rows;
    await until(
      "every delivery job for the email to finish",
      async () => (await count(`SELECT count(*) AS n FROM pgboss.job WHERE name = 'email.deliver' AND data->>'outboxId' = $1 AND state NOT IN ('completed', 'failed', 'cancelled')`, [outbox!.id])) === 0,
      30_000,
    );
    expect(smtp.received.filter((m) => JSON.stringify(m.to).includes(to))).toHaveLength(1);
    expect(await count(`SELECT count(*) AS n FROM "OutboxEmail" WHERE "toAddress" = $1 AND "sentAt" IS NOT NULL`, [to])).toBe(1);
  });

  it("a scheduled publication happens once, on whichever instance's clock ticks", async () => {
    await client.query(`UPDATE "Release" SET state = 'scheduled', "publicationAt" = now() WHERE code = 'HSITP-2027-01'`);
    // The release clock ticks every minute, one instance at a time (a singleton job).
    await until("the publication", async () => (await count(`SELECT count(*) AS n FROM "Release" WHERE code = 'HSITP-2027-01' AND state = 'open'`, [])) === 1, 100_000);
    // Every tick of the clock that was due has finished, on either instance: a second publication would be recorded by now.
    await until(
      "the due ticks of the release clock to finish",
      async () => (await count(`SELECT count(*) AS n FROM pgboss.job WHERE name = 'release.clock' AND start_after <= now() AND state IN ('created', 'retry', 'active')`, [])) === 0,
      100_000,
    );
    expect(await count(`SELECT count(*) AS n FROM "AuditEvent" WHERE action = 'release.published' AND "subjectId" = 'HSITP-2027-01'`, [])).toBe(1);
    const page = await fetch(`${b().url}/releases/HSITP-2027-01`);
    expect(page.status).toBe(200);
  }, 120_000);
});
