import { readFile } from "node:fs/promises";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "../support/database.ts";

const MIGRATION = new URL("../../prisma/migrations/20261130000000_decision_reason_templates/migration.sql", import.meta.url);

/**
 * The migration from free-text reasons, run on the Decision table as the earlier migrations left it
 * (prisma/migrations/20261125000000_evaluation), with reasons as chairs and the demo wrote them.
 */
describe("decision reasons written before the templates", () => {
  let database: TestDatabase;
  let client: pg.Client;

  beforeAll(async () => {
    database = await createTestDatabase({ empty: true });
    client = new pg.Client({ connectionString: database.url });
    await client.connect();
    await client.query(`
      CREATE TYPE "Outcome" AS ENUM ('shortlisted', 'reserve', 'not_shortlisted');
      CREATE TABLE "Decision" ("proposalId" UUID NOT NULL PRIMARY KEY, "outcome" "Outcome" NOT NULL, "reason" TEXT NOT NULL, "proposedById" UUID NOT NULL, "proposedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP)`);
  });
  afterAll(async () => {
    await client?.end();
    await database?.drop();
  });

  it("become the templates they state, and anything else stays word for word as the panel's note", async () => {
    const legacy: [string, string][] = [
      ["shortlisted", "Highest total for plot 1W-01 (81.274647): technical 56.27, financial 25.02."],
      ["reserve", "Second for plot 1W-01 (72.5): the reserve should the shortlisted proposer not proceed."],
      ["not_shortlisted", "Technical score 42.67 below the pass mark of 45: the financial envelope was not opened."],
      ["not_shortlisted", "Ranked 3 for plot 1W-02 (60.1)."],
      ["shortlisted", "Chosen for its wet-lab programme."],
      // A template's words under another outcome claim something else: kept as the chair wrote it.
      ["reserve", "Highest total for plot 1W-01 (81.27)."],
    ];
    for (const [i, [outcome, reason]] of legacy.entries()) {
      await client.query(`INSERT INTO "Decision" ("proposalId", outcome, reason, "proposedById") VALUES ($1, $2, $3, $1)`, [`00000000-0000-4000-8000-00000000000${i}`, outcome, reason]);
    }
    await client.query(await readFile(MIGRATION, "utf8"));
    const { rows } = await client.query<{ reason: string; noteEn: string | null; noteZhHant: string | null }>(`SELECT reason::text, "noteEn", "noteZhHant" FROM "Decision" ORDER BY "proposalId"`);
    expect(rows).toEqual([
      { reason: "highest_total", noteEn: null, noteZhHant: null },
      { reason: "reserve", noteEn: null, noteZhHant: null },
      { reason: "below_pass_mark", noteEn: null, noteZhHant: null },
      { reason: "below_other_total", noteEn: null, noteZhHant: null },
      { reason: "panel_note", noteEn: "Chosen for its wet-lab programme.", noteZhHant: "Chosen for its wet-lab programme." },
      { reason: "panel_note", noteEn: "Highest total for plot 1W-01 (81.27).", noteZhHant: "Highest total for plot 1W-01 (81.27)." },
    ]);
    const columns = await client.query<{ column_name: string }>(`SELECT column_name FROM information_schema.columns WHERE table_name = 'Decision' ORDER BY column_name`);
    expect(columns.rows.map((c) => c.column_name)).not.toContain("legacyReason");
  });
});
