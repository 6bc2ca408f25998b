import { randomUUID } from "node:crypto";
import autocannon from "autocannon";
import pg from "pg";
import { startNginx } from "./nginx.ts";
import { createBenchDatabase, insertMany, machineLoad, portalFilesIn, removeAll, round, startPortal, tempDir, type BenchRow, type RunningPortal } from "./support.ts";

// Public pages under load (issue 7): requests per second and p99 latency of `/` and a release page
// under 100 concurrent connections on loopback, with 50 releases and 1,000 plots in the database,
// each against the bare baseline page `/bench/baseline` (issue 17: the same server, middleware and
// layout, no database, no session, one paragraph; until issue 17 the baseline was `/login` for a
// visitor, which is still measured beside). Goal: at least 0.5 of the baseline's throughput, and p99
// under 100 ms. Requests carry a browser's headers (compression, language). Visitors get the shared
// copies of public pages (server/public-page-cache.ts); the same pages signed in, rendered for each
// request, are measured beside them, as is `/releases`. Then once more with nginx in front, with the
// configuration of docs/operations.md: visitors' pages from nginx's cache, signed-in pages never.

const RELEASES = 50;
const PLOTS_PER_RELEASE = 20;
const CONNECTIONS = 100;
const settings = { seconds: Number(process.env.BENCH_PUBLIC_SECONDS) || 10, ratioGoal: 0.5, p99GoalMs: 100 };

/** 50 published releases over 1,000 plots of a phase of their own, with criteria and required documents, beside the demo park. */
async function addReleases(url: string): Promise<string> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const phaseId = randomUUID();
    const now = Date.now();
    await client.query(`INSERT INTO "Phase" (id, code, "nameEn", "nameZhHant", ordinal) VALUES ($1, 'LOAD', 'Load phase', '負載期', 90)`, [phaseId]);
    const plots = Array.from({ length: RELEASES * PLOTS_PER_RELEASE }, (_, i) => {
      const [x, y] = [114.1 + (i % 40) * 0.0012, 22.48 + Math.floor(i / 40) * 0.0012];
      const square = { type: "Polygon", coordinates: [[[x, y], [x + 0.001, y], [x + 0.001, y + 0.001], [x, y + 0.001], [x, y]]] };
      return [randomUUID(), `9L-${String(i + 1).padStart(4, "0")}`, phaseId, 8_000 + (i % 7) * 500, 40_000, "{dry_lab_rnd,wet_lab_rnd}", JSON.stringify(square), "in_release", new Date(now)];
    });
    await insertMany(client, "Plot", ["id", "code", "phaseId", "siteAreaM2", "maxGfaM2", "permittedUses", "polygon", "state", "updatedAt"], plots);
    const releases = Array.from({ length: RELEASES }, (_, r) => {
      const open = r % 5 === 0;
      const day = 86_400_000;
      const published = new Date(now - (open ? 10 : 200 - r) * day);
      return { id: randomUUID(), code: `LOAD-${String(r + 1).padStart(3, "0")}`, open, published, deadline: new Date(published.getTime() + (open ? 40 : 30) * day) };
    });
    await insertMany(
      client,
      "Release",
      ["id", "code", "titleEn", "titleZhHant", "phaseId", "state", "publicationAt", "clarificationEndsAt", "submissionDeadline", "openingAt", "publishedAt", "updatedAt"],
      releases.map((r, i) => [r.id, r.code, `Load release ${i + 1}: ${PLOTS_PER_RELEASE} plots`, `負載招標 ${i + 1}`, phaseId, r.open ? "open" : "closed", r.published, new Date(r.deadline.getTime() - 14 * 86_400_000), r.deadline, r.deadline, r.published, new Date(now)]),
    );
    await insertMany(client, "ReleasePlot", ["releaseId", "plotId", "position"], releases.flatMap((r, i) => plots.slice(i * PLOTS_PER_RELEASE, (i + 1) * PLOTS_PER_RELEASE).map((p, k) => [r.id, p[0], k + 1])));
    await insertMany(
      client,
      "Criterion",
      ["id", "releaseId", "position", "nameEn", "nameZhHant", "envelope", "weight", "maxScore"],
      releases.flatMap((r) => ["Scheme", "Innovation", "Track record", "Premium"].map((name, k) => [randomUUID(), r.id, k + 1, name, name, k === 3 ? "financial" : "technical", 25, 10])),
    );
    await insertMany(
      client,
      "RequiredDocument",
      ["id", "releaseId", "position", "nameEn", "nameZhHant", "envelope", "acceptedTypes", "maxSizeMb"],
      releases.flatMap((r) => [[randomUUID(), r.id, 1, "Development scheme", "發展計劃", "technical", "{pdf}", 100]]),
    );
    await client.query("ANALYZE");
    return releases.find((r) => r.open)!.code;
  } finally {
    await client.end();
  }
}

interface Measured {
  path: string;
  /** Who asked: a visitor (the shared copies of public pages), or a signed-in proposer (rendered for each request). */
  who: "visitor" | "signed in" | "visitor via nginx";
  requestsPerSecond: number;
  p99Ms: number;
  errors: number;
  non2xx: number;
}

/** What a browser sends with a page request, compression and language included. */
const BROWSER_HEADERS = {
  "accept": "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8",
  "accept-encoding": "gzip, deflate, br",
  "accept-language": "en-GB,en;q=0.9",
  "user-agent": "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0 Safari/537.36",
};

/** Signs in through the login form, as a browser would; returns the session cookie. */
async function signIn(portal: RunningPortal, email: string, password: string): Promise<string> {
  const response = await fetch(`${portal.url}/login`, {
    method: "POST",
    redirect: "manual",
    headers: { origin: portal.url, "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ email, password, redirectTo: "/" }),
  });
  const cookie = response.headers.getSetCookie().map((c) => c.split(";")[0]).join("; ");
  if (response.status !== 302 || !cookie) throw new Error(`signing in as ${email} failed: ${response.status}`);
  return cookie;
}

async function load(portal: RunningPortal, path: string, cookie?: string): Promise<Measured> {
  const headers = cookie ? { ...BROWSER_HEADERS, cookie } : BROWSER_HEADERS;
  // A short warm-up, then the measured run.
  await autocannon({ url: `${portal.url}${path}`, headers, connections: 10, duration: 2 });
  const result = await autocannon({ url: `${portal.url}${path}`, headers, connections: CONNECTIONS, duration: settings.seconds });
  return { path, who: cookie ? "signed in" : "visitor", requestsPerSecond: result.requests.total / result.duration, p99Ms: result.latency.p99, errors: result.errors + result.timeouts, non2xx: result.non2xx };
}

/**
 * The visitors' pages once more through nginx with the documented configuration, after checking it
 * does what docs/operations.md says: a visitor's page from its cache, a signed-in page never.
 */
async function throughNginx(portal: RunningPortal, releaseCode: string, cookie: string) {
  const nginx = await startNginx(portal.port);
  try {
    const get = (path: string, headers: Record<string, string> = {}) => fetch(`${nginx.url}${path}`, { headers: { ...BROWSER_HEADERS, ...headers } });
    await get("/");
    const visitor = await get("/");
    const signedIn = await get("/", { cookie });
    const signedInPage = await signedIn.text();
    const afterSignedIn = await (await get("/")).text();
    const chinese = await (await get("/", { "accept-language": "zh-HK,zh;q=0.9" })).text();
    const checks: [string, boolean][] = [
      ["a visitor's page comes from its cache", visitor.headers.get("x-cache-status") === "HIT"],
      ["a signed-in page is not served from it", signedIn.headers.get("x-cache-status") === "BYPASS" && signedInPage.includes("Peter Proposer")],
      ["nor kept for visitors", !afterSignedIn.includes("Peter Proposer")],
      ["a visitor asking in Chinese gets the Chinese page", chinese.includes('<html lang="zh-Hant"')],
    ];
    const pages = [await load({ ...portal, url: nginx.url }, "/"), await load({ ...portal, url: nginx.url }, `/releases/${releaseCode}`)];
    return { checks, pages: pages.map((p) => ({ ...p, who: "visitor via nginx" as const })) };
  } finally {
    await nginx.stop();
  }
}

export async function publicPagesBenchmark(): Promise<BenchRow[]> {
  const log = (message: string) => console.log(`[public-pages] ${message}`);
  const dir = tempDir("portal-bench-public-");
  const database = await createBenchDatabase("public");
  let portal: RunningPortal | undefined;
  try {
    portal = await startPortal({ DATABASE_URL: database.url, DATABASE_POOL_SIZE: "10", LOG_LEVEL: "warn", SMTP_URL: "", BENCHMARK_BASELINE_PAGE: "true", ...portalFilesIn(dir) }, { logDir: dir });
    const releaseCode = await addReleases(database.url);
    log(`${RELEASES} releases over ${RELEASES * PLOTS_PER_RELEASE} plots added beside the demo park; ${CONNECTIONS} connections, ${settings.seconds} s per page`);
    const baseline = await load(portal, "/bench/baseline");
    const login = await load(portal, "/login");
    const pages = [await load(portal, "/"), await load(portal, `/releases/${releaseCode}`), await load(portal, "/releases")];
    // For comparison, without the shared copies: the same pages rendered for a signed-in proposer.
    const cookie = await signIn(portal, "proposer@demo.hsitp.example", "demo-proposer-pass-2026");
    const rendered = [await load(portal, "/", cookie), await load(portal, `/releases/${releaseCode}`, cookie)];
    const behindNginx = await throughNginx(portal, releaseCode, cookie);
    const problems = portal.problems();
    console.log(`
Public pages, ${CONNECTIONS} connections, ${settings.seconds} s each (autocannon on loopback, same machine); ${machineLoad()}
  baseline /bench/baseline (no database, no session): ${round(baseline.requestsPerSecond)} req/s, p99 ${baseline.p99Ms} ms
${[login, ...pages, ...rendered, ...behindNginx.pages].map((p) => `  ${p.path} (${p.who}): ${round(p.requestsPerSecond)} req/s (${round(p.requestsPerSecond / baseline.requestsPerSecond, 2)} of the baseline), p99 ${p.p99Ms} ms, ${p.errors} errors, ${p.non2xx} non-2xx`).join("\n")}
  nginx: ${behindNginx.checks.map(([name, ok]) => `${ok ? "ok" : "FAIL"} ${name}`).join("; ")}`);
    const row = (name: string, value: string | number, unit: string, goal = "", ok?: boolean): BenchRow => ({ case: name, value, unit, goal, pass: ok === undefined ? "" : ok ? "yes" : "NO" });
    const goalRows = (p: Measured, label = p.path) => {
      const ratio = p.requestsPerSecond / baseline.requestsPerSecond;
      const clean = p.errors === 0 && p.non2xx === 0;
      // The goals are the issue's, for the home page and a release page; the list of every
      // release (the whole park's plan) is measured beside them.
      const goals = p.path !== "/releases";
      return [
        row(`${label}: throughput ÷ baseline`, round(ratio, 2), "ratio", goals ? `≥ ${settings.ratioGoal}` : "", goals ? ratio >= settings.ratioGoal && clean : clean ? undefined : false),
        row(`${label}: p99 latency`, p.p99Ms, "ms", goals ? `< ${settings.p99GoalMs}` : "", goals ? p.p99Ms < settings.p99GoalMs && clean : clean ? undefined : false),
      ];
    };
    return [
      row("baseline /bench/baseline (no database, no session): throughput / p99", `${round(baseline.requestsPerSecond)} / ${baseline.p99Ms}`, "req/s / ms"),
      row("/login (visitor, rendered each time): throughput ÷ baseline / p99", `${round(login.requestsPerSecond / baseline.requestsPerSecond, 2)} / ${login.p99Ms}`, "ratio / ms"),
      ...pages.flatMap((p) => goalRows(p)),
      ...rendered.map((p) => row(`${p.path}, signed in (rendered each time): throughput ÷ baseline / p99`, `${round(p.requestsPerSecond / baseline.requestsPerSecond, 2)} / ${p.p99Ms}`, "ratio / ms")),
      ...behindNginx.pages.flatMap((p) => goalRows(p, `${p.path} through nginx`)),
      ...behindNginx.checks.map(([name, ok]) => row(`nginx: ${name}`, ok ? "yes" : "no", "", "yes", ok)),
      row("server errors logged", problems.length, "lines", "0", problems.length === 0),
    ];
  } finally {
    await portal?.stop();
    await database.drop();
    removeAll(dir);
  }
}
