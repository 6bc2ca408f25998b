import { spawn } from "node:child_process";
import { readdir } from "node:fs/promises";
import { createRequire } from "node:module";
import path from "node:path";
import pg from "pg";

const root = path.resolve(import.meta.dirname, "..");
const migrationsDir = path.join(root, "prisma", "migrations");

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
 * Applies pending migrations with `prisma migrate deploy`, the tool that owns the migration table.
 * Prisma 6.19's WebAssembly schema engine leaves a 10-second timer behind after it has finished,
 * so once the CLI reports success (its work is committed by then) the process is stopped rather
 * than waited for.
 */
export async function applyMigrations(databaseUrl: string): Promise<string[]> {
  const pending = await pendingMigrations(databaseUrl);
  if (pending.length === 0) return [];
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
  return pending;
}
