import { randomUUID } from "node:crypto";
import path from "node:path";
import { createRequestHandler } from "@remix-run/express";
import { createRequestHandler as createFetchHandler, type AppLoadContext, type ServerBuild } from "@remix-run/node";
import compression from "compression";
import express from "express";
import type {} from "../app/load-context.ts";
// The one app module the server runs itself: the configuration is read before the app loads (a pure
// function of the environment, so the app's own copy reads the same).
import { ConfigError, parseConfig, type Config } from "../app/platform/config.server.ts";
import type * as AppRuntime from "../app/runtime/runtime.server.ts";
import { withOutagePage } from "./database-outage.ts";
import { announcingPublicChanges, publicPageCache } from "./public-page-cache.ts";
import { startEmbeddedDatabase, type EmbeddedDatabase } from "./embedded-database.ts";
import { applyMigrations, databaseIsEmpty, underStartupLock } from "./migrations.ts";
import { projectRoot } from "./project-root.ts";
import { privatePagesNotStored, sameOriginWrites, securityHeaders } from "./security.ts";

type Runtime = typeof AppRuntime;

// The server imports the app only as types: it takes every service from the Remix build's
// `runtime` export, so the process holds one copy of each (one pool, one queue, one logger).
const root = projectRoot();

function fail(message: string): never {
  // One clear line for the operator; the details, if any, are in the structured log above it.
  console.error(`\nStart-up failed: ${message}\n`);
  process.exit(1);
}

/** The URL without its password, for messages. */
function describeDatabase(url: string): string {
  return url.replace(/^(postgres(?:ql)?:\/\/[^:/@]*):[^@/]*@/, "$1:***@");
}

/**
 * Without DATABASE_URL, the embedded database, started before the app is loaded: on its own thread,
 * PGlite's start (about a second of CPU) overlaps loading the app (docs/performance.md).
 */
function startEmbeddedFirst(config: Config): Promise<EmbeddedDatabase> | undefined {
  if (config.DATABASE_URL) return undefined;
  const starting = startEmbeddedDatabase({
    dataDir: path.resolve(root, config.EMBEDDED_DB_DIR),
    template: path.join(root, "build", "embedded-database"),
    // Every page needs it: a portal without its database stops, saying why, rather than answering with outage pages.
    onLost: (reason) => {
      startupLogger?.error({ reason }, "embedded database lost");
      console.error(`\nThe portal stopped: ${reason}.\n`);
      process.exit(1);
    },
  });
  // Awaited once the app is loaded; a failure meanwhile is reported then, not as an unhandled rejection.
  starting.catch(() => {});
  return starting;
}

async function prepareDatabase(config: Config, app: Runtime, embeddedStarting: Promise<EmbeddedDatabase> | undefined): Promise<{ url: string; embedded?: EmbeddedDatabase }> {
  if (!embeddedStarting) return { url: config.DATABASE_URL! };
  const embedded = await embeddedStarting;
  app.logger.info({ dataDir: config.EMBEDDED_DB_DIR }, "embedded PostgreSQL (PGlite) started");
  return { url: embedded.url, embedded };
}

/** What every loader and action receives besides the request (see app/load-context.ts). */
function getLoadContext(req: express.Request, res: express.Response): AppLoadContext {
  return { cspNonce: String(res.locals.cspNonce), clientIp: req.ip ?? "unknown", arrivedAt: Number(res.locals.arrivedAt ?? performance.now()) };
}

/** The app's services, exported by app/entry.server.tsx as `runtime`. */
function runtimeOf(build: ServerBuild): Runtime {
  const runtime = (build.entry.module as { runtime?: Runtime }).runtime;
  if (!runtime) fail("the server build has no runtime export: run `npm run build` again.");
  return runtime;
}

/** The Remix build (compiled, or Vite's in development) and the request handler around it. */
async function loadApp(development: boolean) {
  if (development) {
    const vite = await import("vite");
    const devServer = await vite.createServer({ root, server: { middlewareMode: true } });
    const load = async () => (await devServer.ssrLoadModule("virtual:remix/server-build")) as ServerBuild;
    // Services start once from the first load; pages then follow the code as it changes.
    const app = runtimeOf(await load());
    return {
      app,
      assets: devServer.middlewares,
      // Pages change as the code does: no copies are kept in development.
      handler: (_config: Config) => ({
        pageCache: null,
        handle: createRequestHandler({ build: async () => withOutagePage(await load()), mode: "development", getLoadContext }),
      }),
    };
  }
  const buildPath = path.join(root, "build", "server", "index.js");
  const build = (await import(buildPath).catch((error: Error & { code?: string }) => {
    if (error.code === "ERR_MODULE_NOT_FOUND" && error.message.includes(buildPath)) fail(`no production build at ${buildPath}. Run \`npm run build\` first.`);
    throw error;
  })) as ServerBuild;
  const app = runtimeOf(build);
  return {
    app,
    assets: [
      express.static(path.join(root, "build", "client", "assets"), { immutable: true, maxAge: "1y" }),
      express.static(path.join(root, "build", "client"), { maxAge: "1h" }),
    ],
    handler: (config: Config) => {
      const pageCache = publicPageCache({
        maxAgeMs: config.PUBLIC_PAGE_CACHE_SECONDS * 1000,
        publicUrl: config.PUBLIC_URL,
        app,
        render: (request, context) => renderPage(request, context),
      });
      // Public data signed-in pages read is shared as briefly as the visitors' page copies, and
      // forgotten with them when staff change public content.
      app.shareReadsFor(config.PUBLIC_PAGE_CACHE_SECONDS * 1000);
      const served = withOutagePage(
        announcingPublicChanges(build, () => {
          pageCache.forgetAll();
          app.forgetSharedReads();
        }),
      );
      const renderPage = createFetchHandler(served, "production");
      return { pageCache, handle: createRequestHandler({ build: served, mode: "production", getLoadContext }) };
    },
  };
}

let startupLogger: Runtime["logger"] | undefined;

async function main() {
  const startedAt = performance.now();
  // The configuration first: a bad variable stops the start before anything is touched.
  let config: Config;
  try {
    config = parseConfig(process.env);
  } catch (error) {
    if (error instanceof ConfigError) fail(error.message);
    throw error;
  }
  // Before the app loads: React and Remix choose their builds by NODE_ENV when loaded (production:
  // React's production build, no stack traces in responses); Express reads it when created.
  process.env.NODE_ENV = config.NODE_ENV;
  const development = config.NODE_ENV === "development";
  const embeddedStarting = startEmbeddedFirst(config);
  const { app, assets, handler } = await loadApp(development);
  startupLogger = app.logger;
  const { logger, requestContext } = app;

  const { url, embedded } = await prepareDatabase(config, app, embeddedStarting).catch((error: Error) =>
    fail(`could not start the embedded database: ${error.message}`),
  );
  process.env.DATABASE_URL = url;
  process.env.DATABASE_POOL_SIZE = String(embedded ? 1 : config.DATABASE_POOL_SIZE);

  await underStartupLock(url, async (session) => {
    const applied = await applyMigrations(session);
    if (applied.length > 0) logger.info({ migrations: applied }, "applied pending migrations");
    if (config.SEED_DEMO_DATA && (await databaseIsEmpty(session))) {
      await app.loadDemoData(url);
      logger.info("loaded the demo park into the empty database");
    }
  }).catch((error: Error & { code?: string }) => {
    const reason = error.code ?? error.message.split("\n")[0];
    return fail(`cannot reach, migrate or prepare the database at ${describeDatabase(url)} (${reason}). Check DATABASE_URL.`);
  });

  // The job queue: requests need none of it (callers without a running queue leave their jobs to
  // the sweep). On the embedded database its start (half a second of statements) would share
  // PGlite's one-statement-at-a-time queue with the first page, so there it waits for the first
  // answer, or a second of listening, whichever comes first. Beside a PostgreSQL server it starts now.
  let firstAnswered = () => {};
  const answered = new Promise<void>((resolve) => (firstAnswered = resolve));
  const starting = (embedded ? answered : Promise.resolve()).then(() =>
    app.startBackground(config, { databaseUrl: url, embedded: Boolean(embedded), root }),
  );
  starting.catch((error: Error) => fail(`could not start the job queue: ${error.message}`));

  const server = express();
  server.disable("x-powered-by");
  server.set("trust proxy", config.TRUST_PROXY);
  server.use((req, res, next) => {
    // Only a proxy we trust may name the request; from anyone else the header is ignored.
    const requestId = app.requestIdFrom(config.TRUST_PROXY > 0 ? req.get("x-request-id") : undefined, randomUUID);
    res.setHeader("X-Request-Id", requestId);
    const start = performance.now();
    res.locals.arrivedAt = start;
    const context: { requestId: string; auditRecorded?: boolean } = { requestId };
    // Answered, so what the request recorded is committed (or rolled back): chain it now, not
    // waiting for the periodic chainer.
    res.on("close", () => {
      if (context.auditRecorded) app.chainAuditEntriesSoon();
    });
    res.on("finish", () => {
      firstAnswered();
      requestContext.run({ requestId }, () =>
        logger.info(
          // Link secrets (invitations) are cut out of logged paths.
          { method: req.method, path: req.path.replace(/[A-Za-z0-9_-]{43}/g, "…"), status: res.statusCode, ms: Math.round(performance.now() - start) },
          "request",
        ),
      );
    });
    requestContext.run(context, next);
  });
  server.use((req, _res, next) => {
    // A path that is not valid percent-encoding cannot name anything here: answer it with the
    // portal's own 404 page rather than letting the static file server fail on it with a 400.
    try {
      decodeURIComponent(req.path);
    } catch {
      req.url = "/not-found";
    }
    next();
  });
  server.use(securityHeaders({ development, https: config.PUBLIC_URL.startsWith("https:"), storageOrigin: await app.storageOrigin() }));
  server.use(sameOriginWrites(config.PUBLIC_URL));
  server.use(privatePagesNotStored(app.sessionCookie.name));
  server.use(compression());
  server.use(assets);
  const { pageCache, handle } = handler(config);
  if (pageCache) server.use(pageCache.middleware);
  server.all("*", handle);
  server.use((error: Error, _req: express.Request, res: express.Response, next: express.NextFunction) => {
    logger.error({ err: error }, "unhandled error outside Remix");
    if (res.headersSent) return next(error);
    res.status(500).type("text/plain").send("The portal could not complete your request. Please try again.");
  });

  const accounts = config.SEED_DEMO_DATA ? await app.demoAccounts() : [];
  setTimeout(firstAnswered, 1_000).unref();
  const listening = server.listen(config.PORT, config.HOST, async () => {
    const background = await starting;
    const shown = config.HOST === "0.0.0.0" || config.HOST === "::" ? "localhost" : config.HOST;
    const lines = [
      "",
      `Plot tender portal ready at http://${shown}:${config.PORT} (${Math.round(performance.now() - startedAt)} ms)`,
      embedded
        ? `Database: embedded PostgreSQL in ${config.EMBEDDED_DB_DIR}`
        : `Database: ${describeDatabase(url)}`,
      `Email: ${background.email}`,
    ];
    if (accounts.length > 0) {
      lines.push("Demo accounts (demo data only):");
      for (const account of accounts) {
        lines.push(`  ${account.role.padEnd(18)} ${account.email.padEnd(31)} ${account.password}`);
      }
    }
    console.log(lines.join("\n") + "\n");
  });
  listening.on("error", (error: NodeJS.ErrnoException) =>
    fail(error.code === "EADDRINUSE" ? `port ${config.PORT} is already in use. Set PORT to another one.` : error.message),
  );

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, "shutting down");
    const closed = new Promise((resolve) => listening.close(resolve));
    // Idle keep-alive connections would otherwise hold the shutdown open until they time out.
    listening.closeIdleConnections();
    await closed;
    await (await starting).stop();
    await embedded?.stop();
    process.exit(0);
  };
  process.on("SIGINT", () => void stop("SIGINT"));
  process.on("SIGTERM", () => void stop("SIGTERM"));
}

main().catch((error: unknown) => {
  // The details go to the structured log (stdout) once the app's logger is there; stderr gets one line.
  startupLogger?.error({ err: error }, "start-up failed");
  fail(error instanceof Error ? error.message : String(error));
});
