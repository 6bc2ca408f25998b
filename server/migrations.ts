import { createHash, randomUUID } from "node:crypto";
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import pg from "pg";
import { projectRoot } from "./project-root.ts";

const root = projectRoot();
const migrationsDir = path.join(root, "prisma", "migrations");
const repeatableDir = path.join(root, "prisma", "repeatable");

async function migrationNames(): Promise<string[]> {
  const entries = await readdir(migrationsDir, { withFileTypes: true });
  return entries.filter((e) => e.isDirectory()).map((e) => e.name).sort();
}

/** Migrations in prisma/migrations that the database has not recorded as applied. */
export async function pendingMigrations(databaseUrl: string): Promise<string[]> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const { rows } = await client.query<{ exists: boolean }>(
      "SELECT to_regclass('_prisma_migrations') IS NOT NULL AS exists",
    );
    const applied = new Set<string>();
    if (rows[0]?.exists) {
      const result = await client.query<{ migration_name: string }>(
        "SELECT migration_name FROM _prisma_migrations WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL",
      );
      for (const row of result.rows) applied.add(row.migration_name);
    }
    return (await migrationNames()).filter((name) => !applied.has(name));
  } finally {
    await client.end();
  }
}

/**
 * Applies the idempotent scripts of prisma/repeatable (functions and triggers), in name order, each
 * in one transaction. They live outside prisma/migrations because Prisma's driver adapter splits a
 * migration at every semicolon, which breaks function bodies.
 */
async function applyRepeatableScripts(client: pg.Client): Promise<void> {
  const names = (await readdir(repeatableDir)).filter((name) => name.endsWith(".sql")).sort();
  for (const name of names) {
    const sql = await readFile(path.join(repeatableDir, name), "utf8");
    await client.query(`BEGIN;\n${sql}\nCOMMIT;`).catch(async (error: Error) => {
      await client.query("ROLLBACK").catch(() => {});
      throw new Error(`prisma/repeatable/${name} failed: ${error.message}`);
    });
  }
}

/** Prisma's own table, as `prisma migrate deploy` creates it, so its CLI and this runner agree on what is applied. */
const MIGRATIONS_TABLE = `CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
  "id" VARCHAR(36) PRIMARY KEY NOT NULL,
  "checksum" VARCHAR(64) NOT NULL,
  "finished_at" TIMESTAMPTZ,
  "migration_name" VARCHAR(255) NOT NULL,
  "logs" TEXT,
  "rolled_back_at" TIMESTAMPTZ,
  "started_at" TIMESTAMPTZ NOT NULL DEFAULT now(),
  "applied_steps_count" INTEGER NOT NULL DEFAULT 0
)`;

/**
 * Applies pending migrations of prisma/migrations in name order, then the repeatable scripts.
 * Each migration runs in one transaction with its row in `_prisma_migrations` (the checksum Prisma
 * computes: SHA-256 of the file), so a failing one changes nothing and names itself, and
 * `prisma migrate status`/`deploy` see the same history. Running the SQL here instead of spawning
 * `prisma migrate deploy` saves start-up the CLI's load and its WebAssembly engine (decision 0015).
 */
export async function applyMigrations(database: string | pg.Client): Promise<string[]> {
  // A start passes the connection its lock is held on: one connection fewer to open.
  const client = typeof database === "string" ? new pg.Client({ connectionString: database }) : database;
  if (typeof database === "string") await client.connect();
  try {
    await client.query(MIGRATIONS_TABLE);
    const { rows } = await client.query<{ migration_name: string; finished_at: Date | null; rolled_back_at: Date | null }>(
      `SELECT migration_name, finished_at, rolled_back_at FROM "_prisma_migrations"`,
    );
    const unfinished = rows.find((row) => row.finished_at === null && row.rolled_back_at === null);
    if (unfinished) {
      throw new Error(`migration ${unfinished.migration_name} started earlier and did not finish: resolve it (npm run prisma6 -- migrate resolve) before starting`);
    }
    const applied = new Set(rows.filter((row) => row.finished_at !== null && row.rolled_back_at === null).map((row) => row.migration_name));
    const pending = (await migrationNames()).filter((name) => !applied.has(name));
    for (const name of pending) {
      const sql = await readFile(path.join(migrationsDir, name, "migration.sql"), "utf8");
      const checksum = createHash("sha256").update(sql).digest("hex");
      try {
        await client.query("BEGIN");
        await client.query(
          `INSERT INTO "_prisma_migrations" (id, checksum, migration_name, started_at) VALUES ($1, $2, $3, now())`,
          [randomUUID(), checksum, name],
        );
        await client.query(sql);
        await client.query(`UPDATE "_prisma_migrations" SET finished_at = now(), applied_steps_count = 1 WHERE migration_name = $1`, [name]);
        await client.query("COMMIT");
      } catch (error) {
        await client.query("ROLLBACK").catch(() => {});
        throw new Error(`prisma/migrations/${name} failed (nothing of it was applied): ${(error as Error).message}`);
      }
    }
    await applyRepeatableScripts(client);
    return pending;
  } finally {
    if (typeof database === "string") await client.end();
  }
}

/** Not the key `prisma migrate deploy` locks with (72707369), so an operator's CLI run waits too. */
const STARTUP_LOCK = 7_301_226;

/**
 * Runs the start-up work that must happen once however many instances start together (migrations,
 * repeatable scripts, the demo data into an empty database) under a PostgreSQL advisory lock: a
 * second instance waits, then finds the work done.
 */
export async function underStartupLock<T>(databaseUrl: string, work: (session: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    await client.query("SELECT pg_advisory_lock($1)", [STARTUP_LOCK]);
    return await work(client);
  } finally {
    await client.end(); // ending the session releases its advisory lock
  }
}


/**
 * Whether the database holds no park yet (no phase, no account): then a start loads the demo park.
 * One statement on a connection already open: a start with the park loaded asks only this, and
 * loads neither the seed's modules nor a client of its own (docs/performance.md).
 */
export async function databaseIsEmpty(session: pg.ClientBase): Promise<boolean> {
  const { rows } = await session.query<{ empty: boolean }>(`SELECT NOT EXISTS (SELECT 1 FROM "Phase") AND NOT EXISTS (SELECT 1 FROM "User") AS empty`);
  return rows[0]!.empty;
}
