import { randomUUID } from "node:crypto";
import path from "node:path";
import { createRequestHandler } from "@remix-run/express";
import { createRequestHandler as createFetchHandler, type AppLoadContext, type ServerBuild } from "@remix-run/node";
import "../app/load-context.ts";
import compression from "compression";
import express from "express";
import { ConfigError, getConfig, type Config } from "../app/platform/config.server.ts";
import { createDatabase, disconnectDatabase } from "../app/platform/database/db.server.ts";
import { createMailTransport, startEmailWorkers } from "../app/platform/email.server.ts";
import { startJobQueue, stopJobQueue } from "../app/platform/jobs.server.ts";
import { logger, requestContext, requestIdFrom } from "../app/platform/logger.server.ts";
import { startMaintenance } from "../app/runtime/maintenance.server.ts";
import { startReleaseClock } from "../app/releases/builder.server.ts";
import { storageOrigin } from "../app/platform/storage/storage.server.ts";
import { demoAccounts } from "../prisma/demo-park.ts";
import { databaseIsEmpty, seedDemoPark } from "../prisma/seed.ts";
import { withOutagePage } from "./database-outage.ts";
import { announcingPublicChanges, publicPageCache } from "./public-page-cache.ts";
import { startEmbeddedDatabase, type EmbeddedDatabase } from "./embedded-database.ts";
import { applyMigrations, underStartupLock } from "./migrations.ts";
import { sameOriginWrites, securityHeaders } from "./security.ts";

const root = path.resolve(import.meta.dirname, "..");

function fail(message: string): never {
  // One clear line for the operator; the details, if any, are in the structured log above it.
  console.error(`\nStart-up failed: ${message}\n`);
  process.exit(1);
}

/** The URL without its password, for messages. */
function describeDatabase(url: string): string {
  return url.replace(/^(postgres(?:ql)?:\/\/[^:/@]*):[^@/]*@/, "$1:***@");
}

async function prepareDatabase(config: Config): Promise<{ url: string; embedded?: EmbeddedDatabase }> {
  if (config.DATABASE_URL) return { url: config.DATABASE_URL };
  const embedded = await startEmbeddedDatabase({ dataDir: path.resolve(root, config.EMBEDDED_DB_DIR) });
  logger.info({ dataDir: config.EMBEDDED_DB_DIR }, "embedded PostgreSQL (PGlite) started");
  return { url: embedded.url, embedded };
}

async function loadDemoData(url: string): Promise<boolean> {
  const seedClient = createDatabase(url, 1);
  try {
    if (!(await databaseIsEmpty(seedClient))) return false;
    await seedDemoPark(seedClient);
    return true;
  } finally {
    await seedClient.$disconnect();
  }
}

/** What every loader and action receives besides the request (see app/load-context.ts). */
function getLoadContext(req: express.Request, res: express.Response): AppLoadContext {
  return { cspNonce: String(res.locals.cspNonce), clientIp: req.ip ?? "unknown", arrivedAt: Number(res.locals.arrivedAt ?? performance.now()) };
}

async function remixHandler(config: Config) {
  if (config.NODE_ENV === "development") {
    const vite = await import("vite");
    const devServer = await vite.createServer({ root, server: { middlewareMode: true } });
    return {
      // Pages change as the code does: nothing is kept in development.
      pageCache: null,
      assets: devServer.middlewares,
      handler: createRequestHandler({
        build: async () => withOutagePage((await devServer.ssrLoadModule("virtual:remix/server-build")) as ServerBuild),
        mode: "development",
        getLoadContext,
      }),
    };
  }
  const buildPath = path.join(root, "build", "server", "index.js");
  const build = (await import(buildPath).catch(() =>
    fail(`no production build at ${buildPath}. Run \`npm run build\` first.`),
  )) as ServerBuild;
  const pageCache = publicPageCache({
    maxAgeMs: config.PUBLIC_PAGE_CACHE_SECONDS * 1000,
    publicUrl: config.PUBLIC_URL,
    render: (request, context) => renderPage(request, context),
  });
  const served = withOutagePage(announcingPublicChanges(build, pageCache.forgetAll));
  const renderPage = createFetchHandler(served, "production");
  return {
    pageCache: pageCache as typeof pageCache | null,
    assets: [
      express.static(path.join(root, "build", "client", "assets"), { immutable: true, maxAge: "1y" }),
      express.static(path.join(root, "build", "client"), { maxAge: "1h" }),
    ],
    handler: createRequestHandler({ build: served, mode: "production", getLoadContext }),
  };
}

async function main() {
  const startedAt = performance.now();
  let config: Config;
  try {
    config = getConfig();
  } catch (error) {
    if (error instanceof ConfigError) fail(error.message);
    throw error;
  }
  // Express, React and Remix read NODE_ENV themselves: production mode means no stack traces in
  // responses and React's production build.
  process.env.NODE_ENV = config.NODE_ENV;

  const { url, embedded } = await prepareDatabase(config).catch((error: Error) =>
    fail(`could not start the embedded database: ${error.message}`),
  );
  process.env.DATABASE_URL = url;
  process.env.DATABASE_POOL_SIZE = String(embedded ? 1 : config.DATABASE_POOL_SIZE);

  await underStartupLock(url, async () => {
    const applied = await applyMigrations(url);
    if (applied.length > 0) logger.info({ migrations: applied }, "applied pending migrations");
    const seeded = config.SEED_DEMO_DATA && (await loadDemoData(url));
    if (seeded) logger.info("loaded the demo park into the empty database");
  }).catch((error: Error & { code?: string }) => {
    const reason = error.code ?? error.message.split("\n")[0];
    return fail(`cannot reach, migrate or prepare the database at ${describeDatabase(url)} (${reason}). Check DATABASE_URL.`);
  });

  const boss = await startJobQueue(url, { poolSize: embedded ? 1 : 4 });
  const transport = createMailTransport({ smtpUrl: config.SMTP_URL, outboxDir: path.resolve(root, config.OUTBOX_DIR) });
  await startEmailWorkers(boss, { transport, from: config.MAIL_FROM });
  await startMaintenance(boss);
  await startReleaseClock(boss);

  const app = express();
  app.disable("x-powered-by");
  app.set("trust proxy", config.TRUST_PROXY);
  app.use((req, res, next) => {
    // Only a proxy we trust may name the request; from anyone else the header is ignored.
    const requestId = requestIdFrom(config.TRUST_PROXY > 0 ? req.get("x-request-id") : undefined, randomUUID);
    res.setHeader("X-Request-Id", requestId);
    const start = performance.now();
    res.locals.arrivedAt = start;
    res.on("finish", () => {
      requestContext.run({ requestId }, () =>
        logger.info(
          // Link secrets (invitations) are cut out of logged paths.
          { method: req.method, path: req.path.replace(/[A-Za-z0-9_-]{43}/g, "…"), status: res.statusCode, ms: Math.round(performance.now() - start) },
          "request",
        ),
      );
    });
    requestContext.run({ requestId }, next);
  });
  app.use((req, _res, next) => {
    // A path that is not valid percent-encoding cannot name anything here: answer it with the
    // portal's own 404 page rather than letting the static file server fail on it with a 400.
    try {
      decodeURIComponent(req.path);
    } catch {
      req.url = "/not-found";
    }
    next();
  });
  app.use(securityHeaders({ development: config.NODE_ENV === "development", https: config.PUBLIC_URL.startsWith("https:"), storageOrigin: await storageOrigin() }));
  app.use(sameOriginWrites(config.PUBLIC_URL));
  app.use(compression());
  const { assets, handler, pageCache } = await remixHandler(config);
  app.use(assets);
  if (pageCache) app.use(pageCache.middleware);
  app.all("*", handler);
  app.use((error: Error, _req: express.Request, res: express.Response, next: express.NextFunction) => {
    logger.error({ err: error }, "unhandled error outside Remix");
    if (res.headersSent) return next(error);
    res.status(500).type("text/plain").send("The portal could not complete your request. Please try again.");
  });

  const server = app.listen(config.PORT, config.HOST, () => {
    const shown = config.HOST === "0.0.0.0" || config.HOST === "::" ? "localhost" : config.HOST;
    const lines = [
      "",
      `Plot tender portal ready at http://${shown}:${config.PORT} (${Math.round(performance.now() - startedAt)} ms)`,
      embedded
        ? `Database: embedded PostgreSQL in ${config.EMBEDDED_DB_DIR}`
        : `Database: ${describeDatabase(url)}`,
      `Email: ${transport.describe()}`,
    ];
    if (config.SEED_DEMO_DATA) {
      lines.push("Demo accounts (demo data only):");
      for (const account of demoAccounts) {
        lines.push(`  ${account.role.padEnd(18)} ${account.email.padEnd(31)} ${account.password}`);
      }
    }
    console.log(lines.join("\n") + "\n");
  });
  server.on("error", (error: NodeJS.ErrnoException) =>
    fail(error.code === "EADDRINUSE" ? `port ${config.PORT} is already in use. Set PORT to another one.` : error.message),
  );

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, "shutting down");
    const closed = new Promise((resolve) => server.close(resolve));
    // Idle keep-alive connections would otherwise hold the shutdown open until they time out.
    server.closeIdleConnections();
    await closed;
    await stopJobQueue();
    await disconnectDatabase();
    await embedded?.stop();
    process.exit(0);
  };
  process.on("SIGINT", () => void stop("SIGINT"));
  process.on("SIGTERM", () => void stop("SIGTERM"));
}

main().catch((error: unknown) => {
  logger.error({ err: error }, "start-up failed");
  fail(error instanceof Error ? error.message : String(error));
});
