import { spawn } from "node:child_process";
import { readdir, readFile } from "node:fs/promises";
import { createRequire } from "node:module";
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

const SUCCESS = /All migrations have been successfully applied|No pending migrations to apply/;

/**
 * Applies the idempotent scripts of prisma/repeatable (functions and triggers), in name order, each
 * in one transaction. They live outside prisma/migrations because Prisma's driver adapter splits a
 * migration at every semicolon, which breaks function bodies.
 */
async function applyRepeatableScripts(databaseUrl: string): Promise<void> {
  const names = (await readdir(repeatableDir)).filter((name) => name.endsWith(".sql")).sort();
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    for (const name of names) {
      const sql = await readFile(path.join(repeatableDir, name), "utf8");
      await client.query(`BEGIN;\n${sql}\nCOMMIT;`).catch(async (error: Error) => {
        await client.query("ROLLBACK").catch(() => {});
        throw new Error(`prisma/repeatable/${name} failed: ${error.message}`);
      });
    }
  } finally {
    await client.end();
  }
}

/**
 * Applies pending migrations with `prisma migrate deploy`, the tool that owns the migration table,
 * then the repeatable scripts.
 * Prisma 6.19's WebAssembly schema engine leaves a 10-second timer behind after it has finished,
 * so once the CLI reports success (its work is committed by then) the process is stopped rather
 * than waited for.
 */
export async function applyMigrations(databaseUrl: string): Promise<string[]> {
  const pending = await pendingMigrations(databaseUrl);
  if (pending.length > 0) await migrateDeploy(databaseUrl);
  await applyRepeatableScripts(databaseUrl);
  return pending;
}

async function migrateDeploy(databaseUrl: string): Promise<void> {
  const cli = path.join(path.dirname(createRequire(import.meta.url).resolve("prisma/package.json")), "build", "index.js");
  await new Promise<void>((resolve, reject) => {
    const child = spawn(process.execPath, [cli, "migrate", "deploy"], {
      cwd: root,
      env: { ...process.env, DATABASE_URL: databaseUrl, CHECKPOINT_DISABLE: "1", PRISMA_HIDE_UPDATE_MESSAGE: "1" },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    let succeeded = false;
    const collect = (chunk: Buffer) => {
      output += chunk.toString();
      if (!succeeded && SUCCESS.test(output)) {
        succeeded = true;
        child.kill("SIGTERM");
      }
    };
    child.stdout.on("data", collect);
    child.stderr.on("data", collect);
    child.on("error", reject);
    child.on("close", (code) => {
      if (succeeded || code === 0) resolve();
      else reject(new Error(`prisma migrate deploy failed (exit ${code}):\n${output.trim()}`));
    });
  });
}

/** Not the key `prisma migrate deploy` locks with (72707369): ours is held around it. */
const STARTUP_LOCK = 7_301_226;

/**
 * Runs the start-up work that must happen once however many instances start together (migrations,
 * repeatable scripts, the demo data into an empty database) under a PostgreSQL advisory lock: a
 * second instance waits, then finds the work done.
 */
export async function underStartupLock<T>(databaseUrl: string, work: () => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    await client.query("SELECT pg_advisory_lock($1)", [STARTUP_LOCK]);
    return await work();
  } finally {
    await client.end(); // ending the session releases its advisory lock
  }
}

