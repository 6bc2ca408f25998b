import { readFile } from "node:fs/promises";
import path from "node:path";
import pg from "pg";
import { beforeAll, describe, expect, it } from "vitest";
import { organisationSchema } from "~/accounts/schemas.ts";
import { getCurrentUser } from "~/accounts/sessions.server.ts";
import { createOrganisation } from "~/organisations/organisations.server.ts";
import { isWellFormedRegistrationNumber, registrationKey } from "~/organisations/registration-number.ts";
import { action as organisationsAction } from "~/routes/organisations._index.tsx";
import { seedDemoPark } from "../../prisma/seed.ts";
import { applyMigrations } from "../../server/migrations.ts";
import { createTestDatabase, withTestDatabase } from "../support/database.ts";
import { actionArgs, routeOutcome } from "../support/routes.ts";
import { sessionCookieFor } from "../support/users.ts";

const db = withTestDatabase();
const as = async (email: string) => (await getCurrentUser(new Request("http://portal.test/", { headers: { Cookie: await sessionCookieFor(email) } })))!;
const organisationFields = (registrationNumber: string) => ({ name: "Look Alike Holdings Limited", registrationNumber, origin: "hong_kong" as const, focusSectors: ["other" as const] });

beforeAll(async () => {
  await seedDemoPark(db());
});

// Harbour BioLabs Limited, of the demo park, is registered as HK-CR-3125467.
const LOOK_ALIKES = ["HK CR 3125467", "hk-cr-3125467", "HK.CR/3125467", "HKCR3125467", "ＨＫ－ＣＲ－３１２５４６７", "HK‐CR‐3125467", "  HK - CR - 3125467  "];

describe("registration numbers are compared in a normalised form", () => {
  it("the key ignores case, spaces, dots, slashes, dashes and full-width forms, and nothing else", () => {
    for (const typed of LOOK_ALIKES) expect(registrationKey(typed), typed).toBe("HKCR3125467");
    expect(registrationKey("HK-CR-3125468")).not.toBe(registrationKey("HK-CR-3125467"));
    expect(registrationKey("HK-CR-0125467")).not.toBe(registrationKey("HK-CR-O125467"));
  });

  it("the form takes the number as typed, in half- or full-width forms, and refuses what a key could not see", () => {
    const parse = (registrationNumber: string) => organisationSchema.safeParse({ ...organisationFields(registrationNumber), focusSectors: ["other"] });
    expect(parse("hk cr 7770001").data?.registrationNumber).toBe("hk cr 7770001");
    expect(parse("ＨＫ－ＣＲ－７７７０００１").success).toBe(true);
    for (const typed of ["HK-CR\u202e-1234567", "HK-CR-123\u200b4567", "香港-1234567", "--", "A-1"]) {
      expect(isWellFormedRegistrationNumber(typed), typed).toBe(false);
      expect(parse(typed).error?.issues.map((i) => i.message), typed).toEqual(["errors.registrationNumber"]);
    }
  });

  it("a look-alike of a registered number is refused, and nothing is created", async () => {
    const proposer = await as("newcomer@demo.hsitp.example");
    const before = await db().organisation.count();
    for (const typed of LOOK_ALIKES) {
      await expect(createOrganisation(proposer, organisationFields(typed)), typed).rejects.toThrow("organisations.registrationTaken");
    }
    expect(await db().organisation.count()).toBe(before);
  });

  it("the form shows the clash beside the number, in the reader's words, and keeps what was typed", async () => {
    const cookie = await sessionCookieFor("newcomer@demo.hsitp.example");
    const outcome = await routeOutcome(() =>
      organisationsAction(actionArgs("/organisations", new URLSearchParams({ name: "Look Alike Holdings Limited", registrationNumber: "HK CR 3125467", origin: "hong_kong", focusSectors: "other" }), { headers: { Cookie: cookie } })),
    );
    expect(outcome.status).toBe(409);
    const reply = outcome.data as { error: Record<string, string[]>; initialValue: Record<string, unknown> };
    expect(reply.error.registrationNumber).toEqual(["organisations.registrationTaken"]);
    expect(reply.initialValue).toMatchObject({ name: "Look Alike Holdings Limited", registrationNumber: "HK CR 3125467" });
  });

  it("a new number is kept as typed and its key is the database's", async () => {
    const id = await createOrganisation(await as("newcomer@demo.hsitp.example"), organisationFields("hk cr 7770001"));
    expect(await db().organisation.findUniqueOrThrow({ where: { id } })).toMatchObject({ registrationNumber: "hk cr 7770001", registrationKey: "HKCR7770001" });
  });

  it("the database derives the same key as the portal, whoever writes the row, and two writers at once cannot both register one number", async () => {
    const samples = ["ＡＢ－１２３", "ab/12.3 x", "Z‐9‐9", "１２３ ４５６"];
    for (const [i, typed] of samples.entries()) {
      // Written as the seed and scripts write rows: no key given, and a key given is not taken.
      const row = await db().organisation.create({ data: { name: `Sample ${i}`, registrationNumber: typed, registrationKey: "FORGED", origin: "overseas", focusSectors: [] } });
      expect(row.registrationKey, typed).toBe(registrationKey(typed));
    }
    await expect(db().organisation.create({ data: { name: "Twin", registrationNumber: "hk cr 3125467", origin: "overseas", focusSectors: [] } })).rejects.toMatchObject({ code: "P2002" });
    // A changed number changes the key; a key is never written directly.
    const row = await db().organisation.update({ where: { registrationKey: "AB123" }, data: { registrationNumber: "AB-124" } });
    expect(row.registrationKey).toBe("AB124");
    expect((await db().organisation.update({ where: { id: row.id }, data: { registrationKey: "HKCR3125467" } })).registrationKey).toBe("AB124");
  });
});

describe("the migration to registration keys", () => {
  it("keys existing rows, and keeps look-alikes registered before it apart (the earliest keeps the plain key)", async () => {
    const database = await createTestDatabase({ empty: true });
    const client = new pg.Client({ connectionString: database.url });
    try {
      await applyMigrations(database.url);
      await client.connect();
      // Back to the state before the migration: numbers unique as typed, no key, no trigger.
      await client.query(`DROP TRIGGER organisation_registration_key ON "Organisation"`);
      await client.query(`ALTER TABLE "Organisation" DROP COLUMN "registrationKey"`);
      await client.query(`CREATE UNIQUE INDEX "Organisation_registrationNumber_key" ON "Organisation"("registrationNumber")`);
      const insert = (id: string, number: string, createdAt: string) =>
        client.query(`INSERT INTO "Organisation" (id, name, "registrationNumber", origin, "focusSectors", "createdAt", "updatedAt") VALUES ($1, $2, $3, 'hong_kong', '{}', $4, $4)`, [id, `Org ${number}`, number, createdAt]);
      await insert("00000000-0000-4000-8000-000000000002", "HK CR 3125467", "2026-11-02T00:00:00Z");
      await insert("00000000-0000-4000-8000-000000000001", "HK-CR-3125467", "2026-11-01T00:00:00Z");
      await insert("00000000-0000-4000-8000-000000000003", "ＨＫ－ＣＲ－９９", "2026-11-03T00:00:00Z");
      const sql = await readFile(path.resolve(import.meta.dirname, "../../prisma/migrations/20261130120000_registration_key/migration.sql"), "utf8");
      await client.query(`BEGIN;\n${sql}\nCOMMIT;`);
      const { rows } = await client.query<{ id: string; registrationNumber: string; registrationKey: string }>(`SELECT id, "registrationNumber", "registrationKey" FROM "Organisation" ORDER BY id`);
      expect(rows).toEqual([
        { id: "00000000-0000-4000-8000-000000000001", registrationNumber: "HK-CR-3125467", registrationKey: "HKCR3125467" },
        { id: "00000000-0000-4000-8000-000000000002", registrationNumber: "HK CR 3125467", registrationKey: "HKCR3125467~00000000-0000-4000-8000-000000000002" },
        { id: "00000000-0000-4000-8000-000000000003", registrationNumber: "ＨＫ－ＣＲ－９９", registrationKey: "HKCR99" },
      ]);
      await expect(client.query(`INSERT INTO "Organisation" (id, name, "registrationNumber", "registrationKey", origin, "focusSectors", "updatedAt") VALUES (gen_random_uuid(), 'x', 'hkcr99', 'HKCR99', 'overseas', '{}', now())`)).rejects.toThrow(/unique/);
    } finally {
      await client.end().catch(() => {});
      await database.drop();
    }
    // Migrating an empty database takes most of this, and far longer on a busy machine.
  }, 180_000);
});
