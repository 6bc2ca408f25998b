import { existsSync } from "node:fs";
import { get as httpGet, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { gunzipSync } from "node:zlib";
import { createRequestHandler as createExpressHandler } from "@remix-run/express";
import { createRequestHandler, type ServerBuild } from "@remix-run/node";
import compression from "compression";
import express from "express";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { languageCookie } from "~/platform/i18n/i18n.server.ts";
import type * as Runtime from "~/runtime/runtime.server.ts";
import { seedDemoPark } from "../../prisma/seed.ts";
import { announcingPublicChanges, publicPageCache } from "../../server/public-page-cache.ts";
import { securityHeaders } from "../../server/security.ts";
import { withTestDatabase } from "../support/database.ts";
import { OPEN_RELEASE } from "../support/proposals.ts";
import { sessionCookieFor } from "../support/users.ts";
import { until } from "../support/wait.ts";

/**
 * The shared copies of public pages (server/public-page-cache.ts) in front of the production build,
 * as server/main.ts puts them: what is shared, with whom, for how long, and what never is.
 */
const db = withTestDatabase();
const buildPath = path.resolve(import.meta.dirname, "../../build/server/index.js");
const MAX_AGE_MS = 1_000;
let servers: Server[] = [];
let renderings = 0;
/** The address of every page the cache had rendered. */
const renderedUrls: string[] = [];

/**
 * A portal as server/main.ts makes it, whose public page copies live `maxAgeMs`: the cache in
 * front of Remix, staff actions announcing their changes to it.
 */
async function portal(maxAgeMs: number) {
  const build = (await import(buildPath)) as ServerBuild;
  const cache = publicPageCache({
    maxAgeMs,
    publicUrl: "http://portal.test",
    app: (build.entry.module as unknown as { runtime: typeof Runtime }).runtime,
    render: (request, context) => {
      renderings++;
      renderedUrls.push(request.url);
      return renderPage(request, context);
    },
  });
  const served = announcingPublicChanges(build, cache.forgetAll);
  const renderPage = createRequestHandler(served, "production");
  const app = express();
  app.use(securityHeaders({ development: false, https: false }));
  app.use(compression());
  app.use(cache.middleware);
  app.all("*", createExpressHandler({ build: served, mode: "production", getLoadContext: (req, res) => ({ cspNonce: String(res.locals.cspNonce), clientIp: req.ip ?? "", arrivedAt: performance.now() }) }));
  const server = app.listen(0, "127.0.0.1");
  await new Promise((resolve) => server.once("listening", resolve));
  servers.push(server);
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const get = (url: string, headers: Record<string, string> = {}) => fetch(base + url, { headers: { "accept-encoding": "identity", ...headers } });
  const post = (url: string, fields: Record<string, string>, cookie = "") =>
    fetch(base + url, { method: "POST", redirect: "manual", headers: { cookie, "content-type": "application/x-www-form-urlencoded" }, body: new URLSearchParams(fields) });
  return { base, get, post };
}

/** What the cache said about a response: hit, stale, miss, or nothing (not a shared page). */
function cacheState(response: Response): string | null {
  return /page-cache;desc="(\w+)"/.exec(response.headers.get("server-timing") ?? "")?.[1] ?? null;
}

function ageMs(response: Response): number {
  return Number(/age;dur=(\d+)/.exec(response.headers.get("server-timing") ?? "")?.[1]);
}

/** The nonce of the response's policy, and every nonce its scripts carry. */
async function nonces(response: Response) {
  const policy = /'nonce-([^']+)'/.exec(response.headers.get("content-security-policy") ?? "")?.[1];
  const html = await response.text();
  return { policy, scripts: new Set([...html.matchAll(/<script[^>]* nonce="([^"]+)"/g)].map((m) => m[1])), html };
}

/** Copies that live a minute, where their lifetime is not what is tested (a slow machine cannot age them out). */
let site: Awaited<ReturnType<typeof portal>>;

beforeAll(async () => {
  if (!existsSync(buildPath)) throw new Error("No production build: run `npm run build` first (npm test does).");
  await seedDemoPark(db());
  site = await portal(60_000);
});

afterAll(async () => {
  await Promise.all(servers.map((server) => new Promise((resolve) => server.close(resolve))));
  servers = [];
});

describe("public pages for visitors who are not signed in", () => {
  it("are rendered once and shared, with the policy nonce their scripts carry", async () => {
    const first = await site.get(`/releases/${OPEN_RELEASE}`);
    const second = await site.get(`/releases/${OPEN_RELEASE}`);
    expect([first.status, second.status]).toEqual([200, 200]);
    expect(cacheState(first)).toBe("miss");
    expect(cacheState(second)).toBe("hit");
    const [a, b] = [await nonces(first), await nonces(second)];
    expect(a.html).toBe(b.html);
    expect(a.scripts.size).toBe(1);
    expect(a.scripts).toEqual(new Set([a.policy]));
    expect(b.scripts).toEqual(new Set([b.policy]));
    // Another page is another rendering, with a nonce of its own.
    // A proxy or CDN in front may share them too, as briefly, per language; browsers keep nothing.
    expect(first.headers.get("cache-control")).toBe("public, max-age=0, s-maxage=60, stale-while-revalidate=10");
    expect(second.headers.get("vary")).toBe("Accept-Encoding, Accept-Language, Cookie");
    const other = await nonces(await site.get("/releases"));
    expect(other.policy).not.toBe(a.policy);
    expect(other.scripts).toEqual(new Set([other.policy]));
  });

  it("render a page once for every visitor asking for it at the same time", async () => {
    const before = renderings;
    const pages = await Promise.all(Array.from({ length: 20 }, () => site.get("/plots/1W-07")));
    expect(pages.map((p) => p.status)).toEqual(Array(20).fill(200));
    expect(renderings - before).toBe(1);
    expect(new Set(await Promise.all(pages.map((p) => p.text()))).size).toBe(1);
  });

  it("keep a copy per language: the switch's cookie, else the browser's preference", async () => {
    const chinese = await site.get("/", { "accept-language": "zh-HK,zh;q=0.9" });
    const english = await site.get("/", { "accept-language": "en-GB" });
    const chosen = await site.get("/", { "accept-language": "en-GB", cookie: (await languageCookie.serialize("zh-Hant")).split(";")[0]! });
    expect(await chinese.text()).toContain('<html lang="zh-Hant"');
    expect(await english.text()).toContain('<html lang="en"');
    expect(cacheState(chosen)).toBe("hit");
    expect(await chosen.text()).toContain('<html lang="zh-Hant"');
  });

  it("serve Simplified Chinese to a browser that prefers zh-CN or zh-SG", async () => {
    for (const preference of ["zh-CN,zh;q=0.9", "zh-SG"]) {
      const page = await (await site.get("/", { "accept-language": preference })).text();
      expect(page, preference).toContain('<html lang="zh-Hans"');
      expect(page, preference).toContain("地块招标平台");
    }
  });

  it("are compressed once, and the same page either way", async () => {
    await site.get("/releases");
    // fetch would inflate the body: read what was sent.
    const zipped = await new Promise<{ headers: IncomingHttpHeaders; body: Buffer }>((resolve, reject) =>
      httpGet(`${site.base}/releases`, { headers: { "accept-encoding": "gzip" } }, (response) => {
        const chunks: Buffer[] = [];
        response.on("data", (chunk: Buffer) => chunks.push(chunk));
        response.on("end", () => resolve({ headers: response.headers, body: Buffer.concat(chunks) }));
      }).on("error", reject),
    );
    expect(zipped.headers["content-encoding"]).toBe("gzip");
    expect(zipped.headers.vary).toContain("Accept-Encoding");
    const body = zipped.body;
    const plain = await (await site.get("/releases")).text();
    expect(body.length).toBeLessThan(Buffer.byteLength(plain));
    expect(gunzipSync(body).toString()).toBe(plain);
  });

  it("hold data read less than their lifetime before it was asked for, and show a change within it", async () => {
    const short = await portal(MAX_AGE_MS);
    await short.get("/");
    await db().release.update({ where: { code: OPEN_RELEASE }, data: { titleEn: "A title changed behind the cache" } });
    const seen = await until(
      "the changed title",
      async () => {
        const asked = Date.now();
        const page = await short.get("/");
        // Rendered (its data read) at now − age: never more than the lifetime before it was asked for.
        expect(Date.now() - ageMs(page)).toBeGreaterThan(asked - MAX_AGE_MS);
        if (cacheState(page) !== "miss") expect(ageMs(page)).toBeLessThan(MAX_AGE_MS);
        return (await page.text()).includes("A title changed behind the cache");
      },
      MAX_AGE_MS * 5,
    );
    expect(seen).toBe(true);
  });
});

describe("pages that are never shared", () => {
  it("a signed-in visitor's page is rendered for them and never kept", async () => {
    const cookie = await sessionCookieFor("proposer@demo.hsitp.example");
    const own = await site.get(`/releases/${OPEN_RELEASE}`, { cookie });
    expect(cacheState(own)).toBeNull();
    expect(own.headers.get("cache-control") ?? "").not.toContain("public");
    expect(await own.text()).toContain("Peter Proposer");
    const visitor = await site.get(`/releases/${OPEN_RELEASE}`);
    expect(await visitor.text()).not.toContain("Peter Proposer");
  });

  it("a page with a query string, a page missing, or another page is rendered for each request", async () => {
    const asked = await site.get(`/releases/${OPEN_RELEASE}?asked=1`);
    expect(cacheState(asked)).toBeNull();
    const missing = [await site.get("/releases/NO-SUCH-RELEASE"), await site.get("/releases/NO-SUCH-RELEASE")];
    expect(missing.map((m) => [m.status, cacheState(m)])).toEqual([[404, "miss"], [404, "miss"]]);
    expect(missing[0]!.headers.get("cache-control") ?? "").not.toContain("public");
    const { policy, scripts } = await nonces(missing[1]!);
    expect(scripts).toEqual(new Set([policy]));
    expect(cacheState(await site.get("/login"))).toBeNull();
  });

  it("are rendered for the portal's own address, whatever Host a request names", async () => {
    renderedUrls.length = 0;
    // fetch would not send another Host: a raw request does.
    const status = await new Promise<number>((resolve, reject) =>
      httpGet(`${site.base}/plots/1W-08`, { headers: { host: "attacker.example", "x-forwarded-host": "attacker.example" } }, (response) => {
        response.resume();
        resolve(response.statusCode ?? 0);
      }).on("error", reject),
    );
    expect(status).toBe(200);
    expect(renderedUrls).toEqual(["http://portal.test/plots/1W-08"]);
  });
});

describe("a change made through the park authority's pages", () => {
  it("is seen at once by every visitor of this instance", async () => {
    // Copies that live a minute: only forgetting them explains a change seen at once.
    expect(await (await site.get("/releases")).text()).not.toContain("HSITP-2027-01");
    expect(cacheState(await site.get("/releases"))).toBe("hit");
    const published = await site.post("/admin/releases/HSITP-2027-01", { intent: "publish-now" }, await sessionCookieFor("admin@demo.hsitp.example"));
    expect(published.status).toBe(302);
    const after = await site.get("/releases");
    expect(cacheState(after)).toBe("miss");
    expect(await after.text()).toContain("HSITP-2027-01");
  });

  it("but not a post that changed nothing: from someone not signed in, refused, or a form in error", async () => {
    await site.get("/");
    expect(cacheState(await site.get("/"))).toBe("hit");
    const visitor = await site.post("/admin/releases/HSITP-2026-02", { intent: "cancel" });
    expect(visitor.status).toBe(302);
    expect(visitor.headers.get("location")).toMatch(/^\/login/);
    const proposer = await site.post("/admin/releases/HSITP-2026-02", { intent: "cancel" }, await sessionCookieFor("proposer@demo.hsitp.example"));
    expect(proposer.status).toBe(403);
    const incomplete = await site.post("/admin/releases/HSITP-2026-02", { intent: "nonsense" }, await sessionCookieFor("admin@demo.hsitp.example"));
    expect(incomplete.status).toBe(400);
    expect(cacheState(await site.get("/"))).toBe("hit");
  });
});
