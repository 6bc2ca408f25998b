import { execFile } from "node:child_process";
import { createHash } from "node:crypto";
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDatabase, type Database } from "~/platform/database/db.server.ts";
import pg from "pg";
import { seedDemoPark } from "../../prisma/seed.ts";
import { applyMigrations, databaseIsEmpty, pendingMigrations } from "../../server/migrations.ts";
import { createTestDatabase, type TestDatabase } from "../support/database.ts";

/** What start-up asks before loading the demo park, on a connection of its own. */
async function isEmpty(url: string) {
  const session = new pg.Client({ connectionString: url });
  await session.connect();
  try {
    return await databaseIsEmpty(session);
  } finally {
    await session.end();
  }
}

/** Every row of the public side, in a stable order, to compare whole states of the database. */
async function snapshot(db: Database) {
  return {
    phases: await db.phase.findMany({ orderBy: { code: "asc" } }),
    plots: await db.plot.findMany({ orderBy: { code: "asc" } }),
    releases: await db.release.findMany({ orderBy: { code: "asc" } }),
    releasePlots: await db.releasePlot.findMany({ orderBy: [{ releaseId: "asc" }, { position: "asc" }] }),
    users: await db.user.findMany({ orderBy: { email: "asc" } }),
    criteria: await db.criterion.findMany({ orderBy: [{ releaseId: "asc" }, { position: "asc" }] }),
    requiredDocuments: await db.requiredDocument.findMany({ orderBy: [{ releaseId: "asc" }, { position: "asc" }] }),
    organisations: await db.organisation.findMany({ orderBy: { name: "asc" } }),
    memberships: await db.membership.findMany({ orderBy: [{ userId: "asc" }, { organisationId: "asc" }] }),
  };
}

describe("migrations and the demo park", () => {
  let database: TestDatabase;
  let db: Database;

  beforeAll(async () => {
    database = await createTestDatabase({ empty: true });
  });
  afterAll(async () => {
    await db?.$disconnect();
    await database.drop();
  });

  it("migrates an empty database, and a second run has nothing to do", async () => {
    expect((await pendingMigrations(database.url)).length).toBeGreaterThan(0);
    const applied = await applyMigrations(database.url);
    expect(applied.length).toBeGreaterThan(0);
    expect(await pendingMigrations(database.url)).toEqual([]);
    expect(await applyMigrations(database.url)).toEqual([]);
    db = createDatabase(database.url, 1);
    expect(await isEmpty(database.url)).toBe(true);
  });

  it("keeps Prisma's migration history as Prisma does: its CLI finds every migration applied", async () => {
    // Prisma 6.19's CLI, as operators run it (`npm run prisma6 -- migrate status`): Prisma 7's `migrate`
    // needs a native engine these machines cannot download (decision 0017). Not spawnSync: the embedded
    // database lives in this process and must keep answering.
    const status = await promisify(execFile)(process.execPath, ["--import", "tsx", "scripts/prisma6.ts", "migrate", "status"], {
      env: { ...process.env, DATABASE_URL: database.url },
      encoding: "utf8",
      timeout: 60_000,
    });
    expect(status.stdout).toContain("Database schema is up to date");
    const rows = await db.$queryRaw<{ migration_name: string; checksum: string }[]>`SELECT migration_name, checksum FROM "_prisma_migrations" ORDER BY migration_name`;
    const files = (await readdir(path.resolve("prisma/migrations"), { withFileTypes: true })).filter((e) => e.isDirectory()).map((e) => e.name).sort();
    expect(rows.map((r) => r.migration_name)).toEqual(files);
    for (const row of rows) {
      const sql = await readFile(path.resolve("prisma/migrations", row.migration_name, "migration.sql"));
      expect(row.checksum).toBe(createHash("sha256").update(sql).digest("hex"));
    }
  }, 90_000);

  it("loads the demo park as DOMAIN.md describes it", async () => {
    await seedDemoPark(db, new Date("2026-11-21T00:00:00Z"));
    expect(await isEmpty(database.url)).toBe(false);
    const phases = await db.phase.findMany({ include: { _count: { select: { plots: true } } }, orderBy: { ordinal: "asc" } });
    expect(phases.map((p) => [p.nameEn, p._count.plots])).toEqual([["Phase 1 West", 16], ["Phase 2 East", 16]]);

    const releases = await db.release.findMany({ include: { _count: { select: { plots: true } } } });
    const open = releases.filter((r) => r.state === "open");
    expect(open).toHaveLength(1);
    expect(open[0]!._count.plots).toBe(10);
    expect(open[0]!.submissionDeadline.getTime() - Date.parse("2026-11-21T00:00:00Z")).toBeGreaterThan(21 * 86_400_000);
    expect(releases.filter((r) => r.state === "closed").map((r) => r.code)).toEqual(["HSITP-2026-03"]);
    expect(releases.filter((r) => r.state === "concluded").map((r) => r.code)).toEqual(["HSITP-2026-01"]);
    expect(releases.filter((r) => r.state === "draft")).toHaveLength(1);

    // The first batch awarded four plots (a year on, one is under construction and one completed); the other two were offered again in HSITP-2026-03.
    const states = await db.plot.groupBy({ by: ["state"], _count: true });
    expect(Object.fromEntries(states.map((s) => [s.state, s._count]))).toEqual({ awarded: 2, under_construction: 1, completed: 1, in_release: 12, inventory: 16 });
    // Seven demo accounts, two more evaluators, and the owners of nine bidding firms.
    expect(await db.user.count()).toBe(18);
    expect(await db.user.count({ where: { emailVerifiedAt: null } })).toBe(0);
    const members = await db.membership.findMany({ include: { user: true }, where: { organisation: { registrationNumber: "HK-CR-3125467" } } });
    expect(members.map((m) => [m.user.email.split("@")[0], m.role]).sort()).toEqual([
      ["contributor", "contributor"],
      ["proposer", "owner"],
      ["submitter", "submitter"],
    ]);
  });

  it("seeds a concluded evaluation that agrees with the ranking, and a closed release waiting to be opened", async () => {
    const concluded = await db.release.findUniqueOrThrow({ where: { code: "HSITP-2026-01" }, include: { evaluation: true, panel: true, proposals: { include: { decision: true, currentVersion: true, plot: true } } } });
    expect(concluded.proposals).toHaveLength(9);
    expect(concluded.panel).toHaveLength(4);
    expect(concluded.evaluation).toMatchObject({ technicalOpenedAt: expect.any(Date), financialOpenedAt: expect.any(Date), resultsPublishedAt: expect.any(Date) });
    const opened = concluded.evaluation!;
    expect(opened.technicalOpenedAt!.getTime()).toBeGreaterThan(concluded.submissionDeadline.getTime());
    expect(opened.financialOpenedAt!.getTime()).toBeGreaterThan(opened.technicalOpenedAt!.getTime());
    expect(opened.resultsPublishedAt!.getTime()).toBeGreaterThan(opened.financialOpenedAt!.getTime());
    for (const p of concluded.proposals) expect(p.currentVersion!.receivedAt.getTime()).toBeLessThan(concluded.submissionDeadline.getTime());
    expect(await db.conflictDeclaration.count({ where: { conflicted: true, proposal: { releaseId: concluded.id } } })).toBe(1);
    expect(await db.moderatedScore.count({ where: { proposal: { releaseId: concluded.id } } })).toBe(1);
    const outcomes = concluded.proposals.map((p) => p.decision!.outcome);
    expect(outcomes.filter((o) => o === "shortlisted")).toHaveLength(4);
    expect(outcomes.filter((o) => o === "reserve")).toHaveLength(2);
    const awarded = await db.plot.findMany({ where: { state: { in: ["awarded", "under_construction", "completed"] } }, orderBy: { code: "asc" } });
    expect(awarded.map((p) => p.code)).toEqual(concluded.proposals.filter((p) => p.decision!.outcome === "shortlisted").map((p) => p.plot.code).sort());

    const awaiting = await db.release.findUniqueOrThrow({ where: { code: "HSITP-2026-03" }, include: { evaluation: true, panel: true, proposals: true, plots: { include: { plot: true } } } });
    expect(awaiting.proposals).toHaveLength(6);
    expect(awaiting.plots.map((p) => [p.plot.code, p.plot.state])).toEqual([["1W-04", "in_release"], ["1W-06", "in_release"]]);
    expect(awaiting.panel).toHaveLength(4);
    expect(awaiting.evaluation).toMatchObject({ technicalOpenedAt: null });
    expect(awaiting.submissionDeadline.getTime()).toBeLessThan(Date.parse("2026-11-21T00:00:00Z"));
  });

  it("gives plots closed polygons whose areas add up to a park of about 87 ha", async () => {
    const plots = await db.plot.findMany();
    for (const plot of plots) {
      const ring = (plot.polygon as { coordinates: [number, number][][] }).coordinates[0]!;
      expect(ring.length).toBeGreaterThanOrEqual(4);
      expect(ring[0]).toEqual(ring.at(-1));
      expect(plot.maxGfaM2).toBeGreaterThan(plot.siteAreaM2);
    }
    const hectares = plots.reduce((sum, p) => sum + p.siteAreaM2, 0) / 10_000;
    // Plots are the developable part; roads and open space make up the rest of the 87 ha.
    expect(hectares).toBeGreaterThan(50);
    expect(hectares).toBeLessThan(87);
  });

  it("changes nothing when the seed runs again", async () => {
    const before = await snapshot(db);
    await seedDemoPark(db, new Date("2027-03-01T00:00:00Z"));
    expect(await snapshot(db)).toEqual(before);
  });
});
