import { execFileSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { verifyAuditChain } from "~/platform/audit.server.ts";
import { createDatabase, type Database } from "~/platform/database/db.server.ts";
import { verifyStoredDocuments } from "~/platform/storage/document-check.server.ts";
import { submitProposal } from "~/proposals/submission.server.ts";
import { seedDemoPark } from "../../prisma/seed.ts";
import { withTestDatabase } from "../support/database.ts";
import { withDatabase } from "../support/database-kind.ts";
import { completeProposal, createOrganisation, OPEN_RELEASE } from "../support/proposals.ts";

/**
 * Backup and restore as docs/operations.md tells an operator: pg_dump of the live database,
 * pg_restore into a fresh one, then the audit chain and every stored document's digest verified
 * against the restored database. PostgreSQL only (the embedded database is backed up by copying
 * its folder with the portal stopped).
 */
const server = inject("testDatabaseServer");
const onPostgres = server.kind === "postgres";
const db = withTestDatabase();
const restoredName = `portal_restore_${Date.now().toString(36)}_${randomBytes(3).toString("hex")}`;
let restored: Database | undefined;
let dir: string;

async function admin(sql: string) {
  const client = new pg.Client({ connectionString: server.adminUrl });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

beforeAll(async () => {
  if (!onPostgres) return;
  await seedDemoPark(db());
  const plots = await db().releasePlot.findMany({ where: { release: { code: OPEN_RELEASE }, withdrawnAt: null }, include: { plot: true }, take: 2 });
  for (const [n, releasePlot] of plots.entries()) {
    const organisation = await createOrganisation(`Backup Test ${n} Limited`);
    const { user, id } = await completeProposal(organisation.emails[0]!, releasePlot.plot.code);
    await submitProposal(user, id);
  }
  dir = mkdtempSync(path.join(os.tmpdir(), "portal-backup-"));
}, 120_000);

afterAll(async () => {
  await restored?.$disconnect();
  if (onPostgres) await admin(`DROP DATABASE IF EXISTS "${restoredName}" WITH (FORCE)`);
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe.runIf(onPostgres)("backup and restore", () => {
  it("a dump restored into a fresh database has an intact audit chain and every document as stored", async () => {
    const dump = path.join(dir, "portal.dump");
    execFileSync("pg_dump", ["--format=custom", "--no-owner", "--file", dump, "--dbname", process.env.DATABASE_URL!]);
    await admin(`CREATE DATABASE "${restoredName}"`);
    const restoredUrl = withDatabase(server.adminUrl!, restoredName);
    execFileSync("pg_restore", ["--no-owner", "--exit-on-error", "--dbname", restoredUrl, dump]);
    restored = createDatabase(restoredUrl, 1);

    const original = await verifyAuditChain(db());
    const chain = await verifyAuditChain(restored);
    expect(chain.valid).toBe(true);
    expect(chain.entries).toBe(original.entries);
    expect(await restored.proposalVersion.count()).toBe(await db().proposalVersion.count());

    const documents = await verifyStoredDocuments(restored);
    expect(documents.checked).toBeGreaterThan(0);
    expect(documents.problems).toEqual([]);
    // The restored database keeps its guards: sealed versions stay sealed.
    await expect(restored.$executeRaw`UPDATE "ProposalVersion" SET "receiptNumber" = 'R-XXXX-XXXX-XXXX'`).rejects.toThrow(/sealed/);
  });

  it("the document check finds a file that no longer matches its record", async () => {
    const document = await db().proposalDocument.findFirstOrThrow({ where: { state: "stored" } });
    const file = path.join(process.env.STORAGE_DIR!, ...document.storageKey.split("/"));
    writeFileSync(file, "not what was submitted");
    const result = await verifyStoredDocuments(db());
    expect(result.problems.map((p) => p.storageKey)).toEqual([document.storageKey]);
  });
});
