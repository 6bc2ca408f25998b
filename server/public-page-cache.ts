import { randomBytes } from "node:crypto";
import { promisify } from "node:util";
import { gzip } from "node:zlib";
import type { AppLoadContext, ServerBuild } from "@remix-run/node";
import type { NextFunction, Request, Response } from "express";
import type * as AppRuntime from "../app/runtime/runtime.server.ts";
import { withRouteModules } from "./route-modules.ts";

type Runtime = typeof AppRuntime;

const gzipped = promisify(gzip);

/**
 * The public pages every visitor sees alike: the home page, the list of releases, a release, a plot.
 * Nothing else is ever kept: no query string (a status message, a redirect target), no other page.
 */
const PUBLIC_PAGES = [/^\/$/, /^\/releases$/, /^\/releases\/[A-Za-z0-9-]{1,40}$/, /^\/plots\/[A-Za-z0-9-]{1,40}$/];

/**
 * How long a shared cache in front may keep serving a copy past its lifetime while it fetches the
 * next (RFC 5861): behind such a proxy a visitor may see a public change up to this much later.
 */
export const STALE_WHILE_REVALIDATE_SECONDS = 10;

/** Response headers a copy does not keep: set per response, or meaningless for a stored body. */
const PER_RESPONSE = new Set(["content-length", "content-encoding", "transfer-encoding", "date", "connection", "keep-alive", "x-request-id", "content-security-policy"]);

interface Rendered {
  status: number;
  headers: [string, string][];
  setCookies: string[];
  body: Buffer;
  /** The nonce the page's scripts carry (each rendering gets a fresh one). */
  nonce: string;
  /** When the rendering began (Date.now()): about the server time the page shows. */
  renderedAt: number;
}

interface Copy extends Rendered {
  /** The body compressed (in the thread pool): those asking meanwhile wait for it, rather than each compressing the page. */
  gzip?: Promise<Buffer>;
  gzipBytes?: number;
}

interface Refresh {
  generation: number;
  startedAt: number;
  done: Promise<Rendered>;
}

export interface PublicPageCacheOptions {
  /**
   * How long before a visitor asked their page's data may have been read (ms): the oldest copy they
   * may be given, or the oldest rendering they may wait for. From half of it on, a copy is rendered
   * again while it is served. 0: no cache.
   */
  maxAgeMs: number;
  /** Renders a page as a visitor who is not signed in (the Remix request handler). */
  render: (request: globalThis.Request, context: AppLoadContext) => Promise<globalThis.Response>;
  /** The portal's own address (PUBLIC_URL): pages are rendered for it, never for the Host a request names. */
  publicUrl: string;
  maxEntries?: number;
  maxBytes?: number;
  /** The app's language choice and logger, from the server build's runtime. */
  app: Pick<Runtime, "languageCookie" | "languageOf" | "logger">;
}

/** Whether the request may be answered with (and its page kept as) a copy every visitor shares. */
function sharedPageRequest(req: Request, languageCookieName: string): boolean {
  if (req.method !== "GET" || !PUBLIC_PAGES.some((page) => page.test(req.path))) return false;
  if (req.originalUrl.includes("?")) return false;
  // Anyone with a cookie but the language's (a session, a message to show) sees a page of their own.
  const cookie = req.get("cookie");
  return !cookie || cookie.split(";").every((part) => part.split("=")[0]!.trim() === languageCookieName);
}

/**
 * A short-lived shared cache of the public pages as a visitor who is not signed in sees them, one
 * copy per page and language, in this instance's memory (decision 0009). Under load (a release's
 * last hour, an announcement) a page is rendered about once a second however many people ask for
 * it; a visitor's page was rendered less than `maxAgeMs` before they asked, and says how old it is
 * (`Age`, and `Server-Timing` "age", which the countdown adds to the server time the page carries).
 * One rendering serves every request that waits for it; an old copy is served while its successor
 * renders. `forgetAll` drops every copy (staff changed public content: `announcingPublicChanges`).
 *
 * A copy keeps the Content-Security-Policy nonce it was rendered with: its markup was fixed before
 * the nonce existed, so no markup injected into it can carry the nonce.
 */
export function publicPageCache(options: PublicPageCacheOptions) {
  const maxEntries = options.maxEntries ?? 500;
  const maxBytes = options.maxBytes ?? 64 * 1024 * 1024;
  const copies = new Map<string, Copy>();
  const refreshes = new Map<string, Refresh>();
  let bytes = 0;
  // Bumped when staff change public content: a rendering begun before the change is not kept.
  let generation = 0;

  function forget(key: string) {
    const copy = copies.get(key);
    if (!copy) return;
    copies.delete(key);
    bytes -= copy.body.length + (copy.gzipBytes ?? 0);
  }

  function keep(key: string, copy: Copy) {
    forget(key);
    copies.set(key, copy);
    bytes += copy.body.length;
    // Map order is insertion order: the first key is the copy used least recently.
    for (const oldest of copies.keys()) {
      if (copies.size <= maxEntries && bytes <= maxBytes) break;
      forget(oldest);
    }
  }

  async function render(path: string, headers: Headers, clientIp: string): Promise<Rendered> {
    const nonce = randomBytes(16).toString("base64");
    const renderedAt = Date.now();
    const request = new globalThis.Request(new URL(path, options.publicUrl), { headers });
    const response = await options.render(request, { cspNonce: nonce, clientIp, arrivedAt: performance.now() });
    const kept = [...response.headers].filter(([name]) => !PER_RESPONSE.has(name) && name !== "set-cookie");
    return { status: response.status, headers: kept, setCookies: response.headers.getSetCookie(), body: Buffer.from(await response.arrayBuffer()), nonce, renderedAt };
  }

  function cacheable(page: Rendered): boolean {
    if (page.status !== 200 || page.setCookies.length > 0) return false;
    const header = (name: string) => page.headers.find(([n]) => n === name)?.[1] ?? "";
    return header("content-type").startsWith("text/html") && !/no-store|private/.test(header("cache-control"));
  }

  /** Renders the page once for everyone asking at the same time, and keeps it if it may be shared. */
  function refresh(key: string, req: Request): Refresh & { joined: boolean } {
    const running = refreshes.get(key);
    // A rendering begun too long ago (a slow database) or before staff changed public content is
    // not waited for: its page would be older than this visitor may be given.
    if (running && running.generation === generation && Date.now() - running.startedAt < options.maxAgeMs) return { ...running, joined: true };
    const path = req.path;
    const started: Refresh = { generation, startedAt: Date.now(), done: render(path, renderHeaders(req), req.ip ?? "unknown") };
    refreshes.set(key, started);
    void started.done
      .then(async (page) => {
        if (started.generation !== generation || Date.now() - page.renderedAt >= options.maxAgeMs) return;
        if (!cacheable(page)) return forget(key);
        const compressing = gzipped(page.body);
        const copy: Copy = { ...page, gzip: compressing };
        keep(key, copy);
        const compressed = await compressing;
        if (copies.get(key) !== copy) return;
        copy.gzipBytes = compressed.length;
        bytes += compressed.length;
      })
      .catch((error: unknown) => options.app.logger.error({ err: error, path }, "rendering a public page failed"))
      .finally(() => {
        if (refreshes.get(key) === started) refreshes.delete(key);
      });
    return { ...started, joined: false };
  }

  // What a shared cache in front (a CDN, nginx: docs/operations.md) may do with a copy: keep it as
  // long as we do, and serve it a while longer while it fetches the next one in the background.
  const sharedLifetime = Math.max(1, Math.round(options.maxAgeMs / 1000));
  const publicCacheControl = `public, max-age=0, s-maxage=${sharedLifetime}, stale-while-revalidate=${STALE_WHILE_REVALIDATE_SECONDS}`;

  async function send(req: Request, res: Response, page: Copy, state: "hit" | "stale" | "miss", ageMs: number) {
    res.status(page.status);
    for (const [name, value] of page.headers) res.setHeader(name, value);
    // Only a page every visitor shares (a missing release's 404 is not kept, nor shared further).
    // Browsers keep nothing (max-age=0): the back button and a reload show the page as it is now.
    if (cacheable(page)) res.setHeader("Cache-Control", publicCacheControl);
    const policy = res.getHeader("Content-Security-Policy");
    if (typeof policy === "string") res.setHeader("Content-Security-Policy", policy.replace(`'nonce-${String(res.locals.cspNonce)}'`, `'nonce-${page.nonce}'`));
    res.setHeader("Vary", "Accept-Encoding, Accept-Language, Cookie");
    res.setHeader("Age", String(Math.floor(ageMs / 1000)));
    res.setHeader("Server-Timing", `page-cache;desc="${state}", age;dur=${Math.round(ageMs)}`);
    if (page.gzip && req.acceptsEncodings("gzip") === "gzip") {
      const compressed = await page.gzip;
      res.setHeader("Content-Encoding", "gzip");
      res.setHeader("Content-Length", compressed.length);
      res.end(compressed);
    } else {
      res.setHeader("Content-Length", page.body.length);
      res.end(page.body);
    }
  }

  const middleware = async (req: Request, res: Response, next: NextFunction) => {
    if (options.maxAgeMs <= 0 || !sharedPageRequest(req, options.app.languageCookie.name)) return next();
    try {
      const language = await options.app.languageOf(req.get("cookie") ?? null, req.get("accept-language") ?? null);
      const key = `${language} ${req.path}`;
      const copy = copies.get(key);
      const age = copy ? Date.now() - copy.renderedAt : Infinity;
      if (copy && age < options.maxAgeMs) {
        // Used now: to the end of the least-recently-used order.
        copies.delete(key);
        copies.set(key, copy);
        // From half its lifetime on, a copy is served while its successor renders.
        if (age >= options.maxAgeMs / 2) refresh(key, req);
        return await send(req, res, copy, age < options.maxAgeMs / 2 ? "hit" : "stale", age);
      }
      const started = refresh(key, req);
      const page = await started.done;
      // A page that sets a cookie belongs to the request that had it rendered; anyone else who
      // waited for it has a page made for them. Any other page (a missing release's 404, the
      // database-outage 503) is the same for every visitor, though not kept.
      if (page.setCookies.length > 0) {
        if (started.joined) return next();
        for (const cookie of page.setCookies) res.append("Set-Cookie", cookie);
      }
      // The copy, once kept (its compression under way), is this very rendering.
      const kept = copies.get(key);
      return await send(req, res, kept?.nonce === page.nonce ? kept : page, "miss", Date.now() - page.renderedAt);
    } catch (error) {
      next(error);
    }
  };

  /** Staff changed what public pages show: forget every copy, and keep no rendering begun before. */
  function forgetAll() {
    generation++;
    copies.clear();
    bytes = 0;
  }

  return { middleware, forgetAll };
}

/**
 * The routes whose actions change what the public pages show: the park authority's (releases,
 * inventory, answers to questions, addenda, cancellations) and the evaluation's (published results).
 */
const PUBLIC_CONTENT_WRITERS = /^routes\/(admin|evaluation)[._]/;

/** Whether an action returned (not threw: refusals of who is asking are thrown) a success. */
function succeeded(result: unknown): boolean {
  if (result instanceof globalThis.Response) return result.status < 400;
  const init = (result as { type?: string; init?: { status?: number } | null } | null)?.type === "DataWithResponseInit" ? (result as { init?: { status?: number } | null }).init : null;
  return (init?.status ?? 200) < 400;
}

/**
 * The build with every staff action that succeeds telling the cache (`changed`), once its
 * transaction is committed, so this instance's visitors see the change at once. Only an action that
 * got past its permission check and did its work counts: a request from someone not signed in, or
 * refused, is answered by a thrown response, and a refused form returns a 4xx.
 */
export function announcingPublicChanges(build: ServerBuild, changed: () => void): ServerBuild {
  return withRouteModules(build, (id, module) => {
    const action = module.action;
    if (!action || !PUBLIC_CONTENT_WRITERS.test(id)) return module;
    const announcing: typeof action = async (args) => {
      const result: unknown = await action(args);
      if (succeeded(result)) changed();
      return result;
    };
    return { ...module, action: announcing };
  });
}

/** The headers a page is rendered with: those its language is chosen by, nothing else of the visitor's. */
function renderHeaders(req: Request): Headers {
  const headers = new Headers();
  for (const name of ["cookie", "accept-language"]) {
    const value = req.get(name);
    if (value) headers.set(name, value);
  }
  return headers;
}
