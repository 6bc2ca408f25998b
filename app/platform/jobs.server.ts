import type { PgBoss } from "pg-boss";
import { logger } from "./logger.server.ts";

/**
 * The job queue: pg-boss on the portal's own PostgreSQL, so jobs survive restarts and are shared by
 * every app instance. server/main.ts starts it through app/runtime.
 */
let running: PgBoss | undefined;

export async function startJobQueue(connectionString: string, options: { poolSize: number }): Promise<PgBoss> {
  // Loaded here, not with the app: the queue starts after the first page on the embedded database,
  // and pg-boss's modules took 0.1–0.2 s of start-up (docs/performance.md).
  const { PgBoss } = await import("pg-boss");
  const boss = new PgBoss({ connectionString, max: options.poolSize, application_name: "plot-tender-portal" });
  boss.on("error", (error) => logger.error({ err: error }, "job queue error"));
  await boss.start();
  running = boss;
  return boss;
}

/** The queue if this process runs one (tests of domain code may not); callers then rely on the sweep. */
export function optionalJobQueue(): PgBoss | undefined {
  return running;
}

export function jobQueue(): PgBoss {
  if (!running) throw new Error("The job queue has not been started");
  return running;
}

export async function stopJobQueue(): Promise<void> {
  const boss = running;
  running = undefined;
  await boss?.stop({ graceful: true, timeout: 10_000 });
}
