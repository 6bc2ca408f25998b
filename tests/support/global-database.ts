import { randomBytes } from "node:crypto";
import { rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import type { TestProject } from "vitest/node";
import { startEmbeddedDatabase } from "../../server/embedded-database.ts";
import { applyMigrations } from "../../server/migrations.ts";
import { withDatabase } from "./database-kind.ts";

const ABANDONED_AFTER_MS = 6 * 3_600_000;

/**
 * Test databases are named portal_test_[tpl_]<base-36 time>_…; ones from runs that were killed
 * more than six hours ago are dropped, so a machine does not fill up with them.
 */
async function dropAbandonedDatabases(admin: pg.Client) {
  const { rows } = await admin.query<{ datname: string }>("SELECT datname FROM pg_database WHERE datname LIKE 'portal\\_test\\_%'");
  for (const { datname } of rows) {
    const stamp = datname.match(/^portal_test_(?:tpl_)?([0-9a-z]+)_/)?.[1];
    if (stamp && Date.now() - parseInt(stamp, 36) > ABANDONED_AFTER_MS) {
      await admin.query(`DROP DATABASE IF EXISTS "${datname}" WITH (FORCE)`).catch(() => {});
    }
  }
}

/**
 * Runs once per test run: migrates one template database with the real migration path; every test
 * file then gets its own copy of it (see database.ts), dropped when the file is done.
 */
export default async function setup(project: TestProject) {
  const adminUrl = process.env.TEST_DATABASE_URL;
  const runId = `${Date.now().toString(36)}_${randomBytes(3).toString("hex")}`;
  if (adminUrl) {
    const template = `portal_test_tpl_${runId}`;
    const admin = new pg.Client({ connectionString: adminUrl });
    await admin.connect();
    await dropAbandonedDatabases(admin);
    await admin.query(`CREATE DATABASE "${template}"`);
    try {
      await applyMigrations(withDatabase(adminUrl, template));
    } catch (error) {
      await admin.query(`DROP DATABASE IF EXISTS "${template}" WITH (FORCE)`);
      await admin.end();
      throw error;
    }
    project.provide("testDatabaseServer", { kind: "postgres", adminUrl, template });
    return async () => {
      await admin.query(`DROP DATABASE IF EXISTS "${template}" WITH (FORCE)`);
      await admin.end();
    };
  }
  const embedded = await startEmbeddedDatabase({});
  await applyMigrations(embedded.url);
  const dumpPath = path.join(os.tmpdir(), `portal-test-template-${runId}.tar`);
  await writeFile(dumpPath, Buffer.from(await (await embedded.dump()).arrayBuffer()));
  await embedded.stop();
  project.provide("testDatabaseServer", { kind: "embedded", dumpPath });
  return () => rm(dumpPath, { force: true });
}
