import { randomBytes } from "node:crypto";
import { readFile } from "node:fs/promises";
import pg from "pg";
import { afterAll, beforeAll, inject } from "vitest";
import { db, disconnectDatabase, type Database } from "~/platform/database/db.server.ts";
import { startEmbeddedDatabase } from "../../server/embedded-database.ts";
import { withDatabase } from "./database-kind.ts";

export interface TestDatabase {
  url: string;
  drop(): Promise<void>;
}

/**
 * A database of this test's own: a copy of the migrated template, or with `empty`, a database
 * with nothing in it (for testing migrations themselves).
 */
export async function createTestDatabase(options: { empty?: boolean } = {}): Promise<TestDatabase> {
  const server = inject("testDatabaseServer");
  if (server.kind === "postgres") {
    const name = `portal_test_${Date.now().toString(36)}_${randomBytes(4).toString("hex")}`;
    const admin = new pg.Client({ connectionString: server.adminUrl });
    await admin.connect();
    try {
      await admin.query(options.empty ? `CREATE DATABASE "${name}"` : `CREATE DATABASE "${name}" TEMPLATE "${server.template}"`);
    } finally {
      await admin.end();
    }
    return {
      url: withDatabase(server.adminUrl!, name),
      async drop() {
        const dropper = new pg.Client({ connectionString: server.adminUrl });
        await dropper.connect();
        await dropper.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
        await dropper.end();
      },
    };
  }
  const loadDataDir = options.empty ? undefined : new Blob([await readFile(server.dumpPath!)]);
  const embedded = await startEmbeddedDatabase(loadDataDir ? { loadDataDir } : {});
  return { url: embedded.url, drop: () => embedded.stop() };
}

/**
 * Gives the test file a migrated database of its own and points the app's database module at it.
 * Returns a getter for the app's client on that database (for arranging and inspecting data).
 */
export function withTestDatabase(): () => Database {
  let database: TestDatabase | undefined;
  beforeAll(async () => {
    database = await createTestDatabase();
    await disconnectDatabase();
    process.env.DATABASE_URL = database.url;
    // One connection, as the app uses with the embedded database (PGlite interleaves connections).
    process.env.DATABASE_POOL_SIZE = "1";
  });
  afterAll(async () => {
    await disconnectDatabase();
    await database?.drop();
  });
  return () => {
    if (!database) throw new Error("withTestDatabase: the database is ready only inside tests and hooks");
    return db();
  };
}
