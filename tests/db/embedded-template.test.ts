import { access, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startEmbeddedDatabase, writeTemplate } from "../../server/embedded-database.ts";
import { applyMigrations, pendingMigrations } from "../../server/migrations.ts";

async function query<T extends pg.QueryResultRow>(url: string, sql: string): Promise<T[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<T>(sql)).rows;
  } finally {
    await client.end();
  }
}

const exists = (file: string) => access(file).then(() => true, () => false);

// The template `npm run build` makes (scripts/embedded-template.ts) is what a first start copies.
describe("the embedded database's build-time template", () => {
  let folder: string;
  let template: string;

  beforeAll(async () => {
    folder = await mkdtemp(path.join(os.tmpdir(), "portal-template-test-"));
    template = path.join(folder, "template");
    await writeTemplate(template, applyMigrations);
  }, 120_000);
  afterAll(() => rm(folder, { recursive: true, force: true }));

  it("is written whole, without a half-made copy or the lock of the process that made it", async () => {
    expect(await exists(path.join(template, "PG_VERSION"))).toBe(true);
    expect(await exists(path.join(template, "portal.lock"))).toBe(false);
    expect(await exists(`${template}.making`)).toBe(false);
  });

  it("starts an empty data folder migrated, with nothing pending", async () => {
    const database = await startEmbeddedDatabase({ dataDir: path.join(folder, "fresh"), template });
    try {
      expect(await pendingMigrations(database.url)).toEqual([]);
      expect(await query(database.url, `SELECT count(*)::int AS n FROM "Phase"`)).toEqual([{ n: 0 }]);
    } finally {
      await database.stop();
    }
  }, 60_000);

  it("never replaces a database the data folder already holds", async () => {
    const dataDir = path.join(folder, "kept");
    const first = await startEmbeddedDatabase({ dataDir });
    try {
      await query(first.url, "CREATE TABLE kept (what text); INSERT INTO kept VALUES ('a park''s records')");
    } finally {
      await first.stop();
    }
    const again = await startEmbeddedDatabase({ dataDir, template });
    try {
      expect(await query(again.url, "SELECT what FROM kept")).toEqual([{ what: "a park's records" }]);
      // Not migrated by the copy either: this folder's history is its own.
      expect((await pendingMigrations(again.url)).length).toBeGreaterThan(0);
    } finally {
      await again.stop();
    }
  }, 60_000);
});

// The database runs on a thread of its own (server/embedded-database-thread.mjs), answering one request at a time.
describe("the embedded database's thread", () => {
  it("answers a dump and a stop asked together in turn, stops once however often asked, and unlocks its folder", async () => {
    const folder = await mkdtemp(path.join(os.tmpdir(), "portal-thread-test-"));
    try {
      const database = await startEmbeddedDatabase({ dataDir: folder });
      await query(database.url, "CREATE TABLE kept (what text)");
      const [dump] = await Promise.all([database.dump(), database.stop(), database.stop()]);
      expect(dump.size).toBeGreaterThan(0);
      await database.stop();
      expect(await exists(path.join(folder, "portal.lock"))).toBe(false);
      // Unlocked and whole: the next start opens what the first one wrote.
      const again = await startEmbeddedDatabase({ dataDir: folder });
      try {
        expect(await query(again.url, "SELECT count(*)::int AS n FROM kept")).toEqual([{ n: 0 }]);
      } finally {
        await again.stop();
      }
    } finally {
      await rm(folder, { recursive: true, force: true });
    }
  }, 120_000);

  it("refuses a folder another live process holds, with the way out, and leaves its lock alone", async () => {
    const folder = await mkdtemp(path.join(os.tmpdir(), "portal-thread-test-"));
    try {
      // This test process's parent is alive and is not this process: it stands for another portal.
      await writeFile(path.join(folder, "portal.lock"), String(process.ppid));
      await expect(startEmbeddedDatabase({ dataDir: folder })).rejects.toThrow(/in use by process \d+\. Stop that portal, or set EMBEDDED_DB_DIR/);
      expect(await readFile(path.join(folder, "portal.lock"), "utf8")).toBe(String(process.ppid));
    } finally {
      await rm(folder, { recursive: true, force: true });
    }
  });
});
