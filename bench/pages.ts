import { randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";
import autocannon from "autocannon";
import { hashPassword } from "../app/accounts/passwords.server.ts";
import { createDatabase, type Database } from "../app/platform/database/db.server.ts";
import {
  createBenchDatabase,
  machineLoad,
  mainThreadSchedule,
  percentile,
  portalFilesIn,
  removeAll,
  round,
  sleep,
  startPortal,
  tempDir,
  type BenchRow,
  type RunningPortal,
} from "./support.ts";

// Pages rendered for each request (issue 17), each as a ratio of the bare baseline page measured in
// the same run: `/bench/baseline` (served by the same compiled server, middleware and layout, no
// database, no session, one paragraph). Visitor `/login` (goal ≥ 0.5 of it), and signed in (a
// proposer with a proposal, and the panel chair) `/`, a release page, the proposal page and the
// moderation page (each ≥ 0.3 of it), p50 and p99. The baseline is measured first and last and its
// two runs are averaged; their difference says how noisy the machine was meanwhile.
//
// Then sign-in under load: 20 people sign in at once (argon2id with OWASP's parameters, in libuv's
// thread pool) while a signed-in page is loaded; its p99 during the burst against its p99 just
// before, and where the hashing ran (the event loop's CPU against the whole process's).

const settings = {
  seconds: Number(process.env.BENCH_PAGES_SECONDS) || 8,
  connections: Number(process.env.BENCH_PAGES_CONNECTIONS) || 10,
  logins: 20,
  /** Only the pages whose names contain one of these (to profile one page at a time), and no sign-in burst. */
  only: (process.env.BENCH_PAGES_ONLY ?? "").split(",").map((name) => name.trim()).filter(Boolean),
  loginRatioGoal: 0.5,
  signedInRatioGoal: 0.3,
};
const OPEN_RELEASE = "HSITP-2026-02";
const MODERATED_RELEASE = "HSITP-2026-01";

/** What a browser sends with a page request, compression and language included. */
export const BROWSER_HEADERS = {
  accept: "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8",
  "accept-encoding": "gzip, deflate, br",
  "accept-language": "en-GB,en;q=0.9",
  "user-agent": "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0 Safari/537.36",
};

let address = 0;
/** A client address of its own for each sign-in (the portal trusts one proxy here): the per-address limit counts each apart. */
const nextAddress = () => `198.51.100.${(address++ % 250) + 1}`;

/** Signs in through the login form, as a browser would; returns the session cookie and how long it took. */
export async function signIn(portal: RunningPortal, email: string, password: string): Promise<{ cookie: string; ms: number }> {
  const started = performance.now();
  const response = await fetch(`${portal.url}/login`, {
    method: "POST",
    redirect: "manual",
    headers: { origin: portal.url, "content-type": "application/x-www-form-urlencoded", "x-forwarded-for": nextAddress() },
    body: new URLSearchParams({ email, password, redirectTo: "/" }),
  });
  const ms = performance.now() - started;
  const cookie = response.headers.getSetCookie().map((c) => c.split(";")[0]).join("; ");
  if (response.status !== 302 || !cookie) throw new Error(`signing in as ${email} failed: ${response.status}`);
  return { cookie, ms };
}

interface Measured {
  page: string;
  path: string;
  requestsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  bad: number;
  /** The portal's CPU (every thread) per request: unlike throughput, it hardly moves with the machine's load. */
  cpuMsPerRequest: number;
}

async function load(portal: RunningPortal, page: string, path: string, cookie?: string): Promise<Measured> {
  const headers = cookie ? { ...BROWSER_HEADERS, cookie } : BROWSER_HEADERS;
  await autocannon({ url: `${portal.url}${path}`, headers, connections: settings.connections, duration: 2 });
  const cpuBefore = cpuSeconds(portal.serverPid).process;
  const result = await autocannon({ url: `${portal.url}${path}`, headers, connections: settings.connections, duration: settings.seconds });
  const cpuMsPerRequest = (1000 * (cpuSeconds(portal.serverPid).process - cpuBefore)) / Math.max(1, result.requests.total);
  return { page, path, requestsPerSecond: result.requests.total / result.duration, p50Ms: result.latency.p50, p99Ms: result.latency.p99, bad: result.errors + result.timeouts + result.non2xx, cpuMsPerRequest };
}

/** CPU seconds of a whole process (every thread) and of its main thread, from /proc. */
function cpuSeconds(pid: number) {
  const ticks = (stat: string) => {
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return (Number(fields[11]) + Number(fields[12])) / 100;
  };
  return { process: ticks(readFileSync(`/proc/${pid}/stat`, "utf8")), main: ticks(readFileSync(`/proc/${pid}/task/${pid}/stat`, "utf8")) };
}

/**
 * Loads `path` with `connections` requests at a time for `ms`, calling `during` after `atMs`; each
 * request's start and latency.
 */
async function loadWhile(portal: RunningPortal, path: string, cookie: string, ms: number, during?: { atMs: number; run: () => Promise<void> }) {
  const samples: { startedAt: number; ms: number; status: number }[] = [];
  const stopAt = performance.now() + ms;
  const worker = async () => {
    while (performance.now() < stopAt) {
      const startedAt = performance.now();
      const response = await fetch(`${portal.url}${path}`, { headers: { ...BROWSER_HEADERS, cookie } });
      await response.arrayBuffer();
      samples.push({ startedAt, ms: performance.now() - startedAt, status: response.status });
    }
  };
  const extra = during ? sleep(during.atMs).then(during.run) : Promise.resolve();
  await Promise.all([...Array.from({ length: settings.connections }, worker), extra]);
  return samples;
}

/** 20 accounts with the same (real, argon2id) password, straight into the database. */
async function createSigners(database: Database, password: string) {
  const passwordHash = await hashPassword(password);
  const emails = Array.from({ length: settings.logins }, (_, i) => `signer-${i + 1}@bench.example`);
  await database.user.createMany({ data: emails.map((email, i) => ({ id: randomUUID(), email, name: `Bench Signer ${i + 1}`, passwordHash, emailVerifiedAt: new Date() })) });
  return emails;
}

export async function pagesBenchmark(): Promise<BenchRow[]> {
  const log = (message: string) => console.log(`[pages] ${message}`);
  const dir = tempDir("portal-bench-pages-");
  const benchDb = await createBenchDatabase("pages");
  let portal: RunningPortal | undefined;
  let database: Database | undefined;
  try {
    portal = await startPortal(
      { DATABASE_URL: benchDb.url, DATABASE_POOL_SIZE: "10", LOG_LEVEL: "warn", SMTP_URL: "", BENCHMARK_BASELINE_PAGE: "true", TRUST_PROXY: "1", ...portalFilesIn(dir) },
      { logDir: dir },
    );
    database = createDatabase(benchDb.url, 4);
    const proposer = (await signIn(portal, "proposer@demo.hsitp.example", "demo-proposer-pass-2026")).cookie;
    const chair = (await signIn(portal, "chair@demo.hsitp.example", "demo-chair-pass-2026")).cookie;
    // The proposer's proposal for a plot of the open release (starting one the organisation has opens it).
    const started = await fetch(`${portal.url}/proposals`, {
      method: "POST",
      redirect: "manual",
      headers: { origin: portal.url, cookie: proposer, "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ release: OPEN_RELEASE, plot: "1W-07" }),
    });
    const proposalPath = started.headers.get("location");
    if (started.status !== 302 || !proposalPath?.startsWith("/proposals/")) throw new Error(`starting a proposal: ${started.status}`);
    log(`${settings.connections} connections, ${settings.seconds} s per page after 2 s of warm-up; ${machineLoad()}`);

    const first = await load(portal, "baseline (first run)", "/bench/baseline");
    const pages = [];
    for (const [page, path, cookie, goal] of [
      ["visitor /login", "/login", undefined, settings.loginRatioGoal],
      ["proposer /", "/", proposer, settings.signedInRatioGoal],
      ["proposer release page", `/releases/${OPEN_RELEASE}`, proposer, settings.signedInRatioGoal],
      ["proposer proposal page", proposalPath, proposer, settings.signedInRatioGoal],
      ["chair /", "/", chair, settings.signedInRatioGoal],
      ["chair moderation page", `/evaluation/${MODERATED_RELEASE}/moderation`, chair, settings.signedInRatioGoal],
    ] as const) {
      if (settings.only.length === 0 || settings.only.some((name) => page.includes(name))) pages.push({ ...(await load(portal, page, path, cookie)), goal });
    }
    // When profiling some pages, they are the end of the profile: the last of them its last seconds.
    const last = settings.only.length > 0 ? first : await load(portal, "baseline (last run)", "/bench/baseline");
    const baseline = (first.requestsPerSecond + last.requestsPerSecond) / 2;
    const drift = Math.abs(first.requestsPerSecond - last.requestsPerSecond) / baseline;

    if (settings.only.length > 0) {
      console.log(pages.map((p) => `  ${p.page}: ${round(p.requestsPerSecond / baseline, 2)} of the baseline (${round(baseline)} req/s), p50 ${p.p50Ms} ms, p99 ${p.p99Ms} ms, CPU ${round(p.cpuMsPerRequest, 1)} ms a request`).join("\n"));
      return pages.map((p) => ({ case: `${p.page}: throughput ÷ baseline, p50 / p99`, value: `${round(p.requestsPerSecond / baseline, 2)}, ${p.p50Ms} / ${p.p99Ms}`, unit: "ratio, ms" }));
    }

    // ——— Sign-in burst ———
    const password = "bench-signer-pass-2026";
    const signers = await createSigners(database, password);
    const quiet = await loadWhile(portal, "/", proposer, 4_000);
    const logins: number[] = [];
    let burst = { from: 0, to: 0 };
    let cpuBefore = cpuSeconds(portal.serverPid);
    let cpuAfter = cpuBefore;
    const loopBefore = mainThreadSchedule(portal.serverPid);
    let loopAfter = loopBefore;
    const busy = await loadWhile(portal, "/", proposer, 6_000, {
      atMs: 1_000,
      run: async () => {
        cpuBefore = cpuSeconds(portal!.serverPid);
        burst.from = performance.now();
        const results = await Promise.all(signers.map((email) => signIn(portal!, email, password)));
        burst = { ...burst, to: performance.now() };
        cpuAfter = cpuSeconds(portal!.serverPid);
        loopAfter = mainThreadSchedule(portal!.serverPid);
        logins.push(...results.map((r) => r.ms));
      },
    });
    const during = busy.filter((s) => s.startedAt + s.ms >= burst.from && s.startedAt <= burst.to);
    const quietP99 = percentile(quiet.map((s) => s.ms), 99);
    const burstP99 = percentile(during.map((s) => s.ms), 99);
    const cpu = { process: cpuAfter.process - cpuBefore.process, main: cpuAfter.main - cpuBefore.main };
    const offLoopShare = cpu.process > 0 ? 1 - cpu.main / cpu.process : 0;
    const badLoads = [...quiet, ...busy].filter((s) => s.status !== 200).length;
    const problems = portal.problems();

    console.log(`
Pages rendered per request, ${settings.connections} connections, ${settings.seconds} s each; ${machineLoad()}
  baseline /bench/baseline: ${round(first.requestsPerSecond)} req/s first, ${round(last.requestsPerSecond)} req/s last (${round(drift * 100)} % apart), p99 ${first.p99Ms} / ${last.p99Ms} ms, CPU ${round(first.cpuMsPerRequest, 1)} / ${round(last.cpuMsPerRequest, 1)} ms a request
${pages.map((p) => `  ${p.page} (${p.path}): ${round(p.requestsPerSecond)} req/s = ${round(p.requestsPerSecond / baseline, 2)} of the baseline (goal ≥ ${p.goal}), p50 ${p.p50Ms} ms, p99 ${p.p99Ms} ms, CPU ${round(p.cpuMsPerRequest, 1)} ms a request, ${p.bad} bad`).join("\n")}
Sign-in burst: ${settings.logins} sign-ins at once during a load of / as the proposer
  sign-in: p50 ${Math.round(percentile(logins, 50))} ms, max ${Math.round(Math.max(...logins))} ms; burst ${Math.round(burst.to - burst.from)} ms
  / signed in: p99 ${Math.round(quietP99)} ms before (${quiet.length} requests), p99 ${Math.round(burstP99)} ms during the burst (${during.length} requests)
  CPU during the burst: ${round(cpu.process, 2)} s for the process, ${round(cpu.main, 2)} s on the event loop (${round(offLoopShare * 100)} % elsewhere: libuv's pool); event loop ran ${round(loopAfter.run - loopBefore.run, 2)} s, waited ${round(loopAfter.wait - loopBefore.wait, 2)} s for a CPU`);

    const row = (name: string, value: string | number, unit: string, goal = "", ok?: boolean): BenchRow => ({ case: name, value, unit, goal, pass: ok === undefined ? "" : ok ? "yes" : "NO" });
    return [
      row("baseline /bench/baseline: req/s (first / last run) / p50 / p99 / CPU a request", `${round(first.requestsPerSecond)} / ${round(last.requestsPerSecond)} / ${first.p50Ms} / ${first.p99Ms} / ${round(first.cpuMsPerRequest, 1)}`, "req/s / ms"),
      ...pages.map((p) => {
        const ratio = p.requestsPerSecond / baseline;
        return row(`${p.page}: throughput ÷ baseline, p50 / p99, CPU a request`, `${round(ratio, 2)}, ${p.p50Ms} / ${p.p99Ms}, ${round(p.cpuMsPerRequest, 1)}`, "ratio, ms", `≥ ${p.goal}`, ratio >= p.goal && p.bad === 0);
      }),
      row(`${settings.logins} sign-ins at once: sign-in p50 / max`, `${Math.round(percentile(logins, 50))} / ${Math.round(Math.max(...logins))}`, "ms"),
      row("proposer / p99 before → during the sign-in burst", `${Math.round(quietP99)} → ${Math.round(burstP99)}`, "ms", "", badLoads === 0 && during.length > 0 ? undefined : false),
      row("CPU of the sign-in burst off the event loop", round(offLoopShare * 100), "%"),
      row("server errors logged", problems.length, "lines", "0", problems.length === 0),
    ];
  } finally {
    await database?.$disconnect();
    await portal?.stop();
    await benchDb.drop();
    removeAll(dir);
  }
}
