import { randomBytes } from "node:crypto";
import { rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import type { TestProject } from "vitest/node";
import { startEmbeddedDatabase } from "../../server/embedded-database.ts";
import { applyMigrations } from "../../server/migrations.ts";
import { withDatabase } from "./database-kind.ts";

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
    await admin.query(`CREATE DATABASE "${template}"`);
    await applyMigrations(withDatabase(adminUrl, template));
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
