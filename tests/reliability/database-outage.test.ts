import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { verifyAuditChain } from "~/platform/audit.server.ts";
import { portalFilesIn, startPortal, type RunningPortal } from "../../bench/support.ts";
import { seedDemoPark } from "../../prisma/seed.ts";
import { withTestDatabase } from "../support/database.ts";
import { completeProposal, createOrganisation, OPEN_RELEASE, submissionForm, submissionState } from "../support/proposals.ts";
import { postgresTarget, startTcpProxy, throughProxy } from "../support/tcp-proxy.ts";
import { sessionCookieFor } from "../support/users.ts";
import { until } from "../support/wait.ts";

/**
 * The database goes away under a running portal (its connections cut, new ones refused, as while
 * PostgreSQL restarts) and comes back. The portal reaches it through a proxy the test takes down;
 * the test itself reads the database directly. PostgreSQL only (see instances.test.ts).
 */
const onPostgres = inject("testDatabaseServer").kind === "postgres";
const db = withTestDatabase();
let proxy: Awaited<ReturnType<typeof startTcpProxy>>;
let portal: RunningPortal;
let dir: string;

interface Bidder {
  proposalId: string;
  cookie: string;
}
const bidders: Bidder[] = [];

beforeAll(async () => {
  if (!onPostgres) return;
  await seedDemoPark(db());
  const url = process.env.DATABASE_URL!;
  proxy = await startTcpProxy(postgresTarget(url));
  dir = mkdtempSync(path.join(os.tmpdir(), "portal-outage-"));
  // The documents the test uploads are where the portal looks for them.
  portal = await startPortal({ DATABASE_URL: throughProxy(url, proxy.port), DATABASE_POOL_SIZE: "4", LOG_LEVEL: "warn", SMTP_URL: "", ...portalFilesIn(dir), STORAGE_DIR: process.env.STORAGE_DIR!, RECEIPT_KEY_FILE: process.env.RECEIPT_KEY_FILE! }, { logDir: dir });
  const plots = await db().releasePlot.findMany({ where: { release: { code: OPEN_RELEASE }, withdrawnAt: null }, include: { plot: true }, take: 2 });
  for (let n = 0; n < 8; n++) {
    const organisation = await createOrganisation(`Outage Test ${n} Limited`);
    const { id } = await completeProposal(organisation.emails[0]!, plots[n % plots.length]!.plot.code);
    bidders.push({ proposalId: id, cookie: await sessionCookieFor(organisation.emails[0]!) });
  }
}, 240_000);

afterAll(async () => {
  await portal?.stop();
  await proxy?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

async function submit(bidder: Bidder, form?: URLSearchParams) {
  const body = form ?? (await submissionForm(bidder.proposalId));
  const response = await fetch(`${portal.url}/proposals/${bidder.proposalId}/check`, { method: "POST", body, headers: { Origin: portal.url, Cookie: bidder.cookie }, redirect: "manual" });
  return { status: response.status, text: await response.text() };
}

const recovered = () => until("the portal to recover", async () => (await fetch(`${portal.url}/healthz`).then((r) => r.status, () => 0)) === 200, 60_000);

describe.runIf(onPostgres)("the database restarts under the portal", () => {
  it("answers 503 'try again' while it is away, changes nothing, and recovers by itself", async () => {
    expect((await submit(bidders[0]!)).status).toBe(302);
    await proxy.down();
    const home = await fetch(`${portal.url}/`);
    expect(home.status).toBe(503);
    expect(home.headers.get("retry-after")).toBe("30");
    expect(await home.text()).toContain("Please try again in a minute");
    expect((await fetch(`${portal.url}/healthz`)).status).toBe(503);
    const refused = await submit(bidders[1]!);
    expect(refused.status).toBe(503);
    expect(refused.text).toContain("What you sent was not saved, and nothing was half-saved");
    expect(await submissionState(bidders[1]!.proposalId)).toBe("absent");
    await proxy.up();
    await recovered();
    expect((await submit(bidders[1]!)).status).toBe(302);
    expect(await submissionState(bidders[0]!.proposalId)).toBe("whole");
    expect(await submissionState(bidders[1]!.proposalId)).toBe("whole");
  });

  it("cut in the middle of a run of submissions: each is whole or absent, and the absent ones go through after", { timeout: 150_000 }, async () => {
    const run = bidders.slice(2);
    const forms = await Promise.all(run.map((b) => submissionForm(b.proposalId)));
    // One after another 30 ms apart; the database goes when the first has its answer, with others
    // on their way (some in their transaction) and the rest still to come.
    const sent = run.map((bidder, n) => new Promise((resolve) => setTimeout(resolve, n * 30)).then(() => submit(bidder, forms[n])));
    await sent[0];
    await proxy.down();
    const answers = await Promise.all(sent);
    await new Promise((resolve) => setTimeout(resolve, 500));
    await proxy.up();
    await recovered();
    for (const [n, answer] of answers.entries()) expect([302, 503], `submission ${n}: ${answer.text.slice(0, 200)}`).toContain(answer.status);
    const states = await Promise.all(run.map((b) => submissionState(b.proposalId)));
    for (const [n, bidder] of run.entries()) {
      expect(states[n]).toBe(answers[n]!.status === 302 ? "whole" : "absent");
      if (states[n] === "absent") expect((await submit(bidder)).status).toBe(302);
      expect(await submissionState(bidder.proposalId)).toBe("whole");
    }
    expect((await verifyAuditChain(db())).valid).toBe(true);
    expect(portal.problems().filter((line) => !/ECONNRESET|ECONNREFUSED|Connection terminated|DatabaseNotReachable|ConnectionClosed|P1001|P1017|Server has closed/.test(line))).toEqual([]);
  });
});
