import { execFile } from "node:child_process";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { auditDigest, GENESIS_DIGEST, recordAuditEvent, verifyAuditChain } from "~/platform/audit.server.ts";
import { canonicalJson } from "~/platform/canonical-json.ts";
import { chainedAuditLog } from "../support/audit.ts";
import { withTestDatabase } from "../support/database.ts";

const db = withTestDatabase();
const root = path.resolve(import.meta.dirname, "../..");

const event = (n: number) => ({
  actorId: null,
  action: "test.event",
  subjectType: "test",
  subjectId: `subject-${n}`,
  data: { n, nested: { b: 2, a: [1, "x"] } },
});

/** Rewrites history as someone with direct database access would: triggers off, edit, triggers on. */
async function tamper(sql: string) {
  await db().$transaction([
    db().$executeRawUnsafe(`ALTER TABLE "AuditEvent" DISABLE TRIGGER USER`),
    db().$executeRawUnsafe(sql),
    db().$executeRawUnsafe(`ALTER TABLE "AuditEvent" ENABLE TRIGGER USER`),
  ]);
}

/** Asynchronously: with the embedded database, the server answering the command is this process. */
function runVerifyCommand(): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ["--import", "tsx", "scripts/audit-verify.ts"],
      {
        cwd: root,
        env: { PATH: process.env.PATH ?? "", NODE_ENV: "production", DATABASE_URL: process.env.DATABASE_URL ?? "" },
        timeout: 30_000,
      },
      (error, stdout, stderr) => resolve({ status: error ? (typeof error.code === "number" ? error.code : null) : 0, stdout, stderr }),
    );
  });
}

describe("canonical JSON", () => {
  it("gives the same text whatever the key order", () => {
    expect(canonicalJson({ b: 1, a: { d: [2, { f: 1, e: 0 }], c: null } })).toBe('{"a":{"c":null,"d":[2,{"e":0,"f":1}]},"b":1}');
    expect(canonicalJson({ when: new Date("2026-11-21T00:00:00Z"), n: 12n, skip: undefined })).toBe('{"n":"12","when":"2026-11-21T00:00:00.000Z"}');
  });
});

describe("the audit chain", () => {
  it("chains entries from the genesis digest and verifies them", async () => {
    for (let n = 1; n <= 5; n++) await db().$transaction((tx) => recordAuditEvent(tx, event(n)));
    const rows = await (await chainedAuditLog(db())).findMany({ orderBy: { sequence: "asc" } });
    expect(rows.map((r) => r.sequence)).toEqual([1n, 2n, 3n, 4n, 5n]);
    expect(rows[0]!.previousDigest).toBe(GENESIS_DIGEST);
    for (let i = 1; i < rows.length; i++) expect(rows[i]!.previousDigest).toBe(rows[i - 1]!.digest);
    expect(await verifyAuditChain(db())).toEqual({ valid: true, entries: 5 });
  });

  it("stays one unbroken chain with many concurrent writers", async () => {
    await Promise.all(
      Array.from({ length: 20 }, (_, i) => db().$transaction((tx) => recordAuditEvent(tx, event(100 + i)))),
    );
    expect(await verifyAuditChain(db(), 7)).toEqual({ valid: true, entries: 25 });
  });

  it("is written with the change it records, or not at all", async () => {
    await expect(
      db().$transaction(async (tx) => {
        await recordAuditEvent(tx, event(999));
        throw new Error("the change failed");
      }),
    ).rejects.toThrow("the change failed");
    expect(await db().auditEvent.count({ where: { subjectId: "subject-999" } })).toBe(0);
  });

  it("refuses updates and deletes", async () => {
    await expect(db().$executeRawUnsafe(`UPDATE "AuditEvent" SET action = 'x' WHERE sequence = 1`)).rejects.toThrow(/append-only/);
    await expect(db().$executeRawUnsafe(`DELETE FROM "AuditEvent" WHERE sequence = 1`)).rejects.toThrow(/append-only/);
  });

  it("the verify command reports an intact chain", async () => {
    const result = await runVerifyCommand();
    expect(result.stdout).toContain("Audit chain intact: 25 entries verified.");
    expect(result.status).toBe(0);
  });

  it("names the first altered entry when a row is changed in SQL", async () => {
    await tamper(`UPDATE "AuditEvent" SET data = jsonb_set(data, '{n}', '42') WHERE sequence = 3`);
    expect(await verifyAuditChain(db())).toEqual({ valid: false, entries: 2, firstBroken: 3n, reason: "digest" });
    const result = await runVerifyCommand();
    expect(result.status).toBe(1);
    expect(result.stderr).toContain("Audit chain BROKEN at entry 3 (digest)");
  });

  it("names the gap when a row is deleted in SQL", async () => {
    await tamper(`UPDATE "AuditEvent" SET data = jsonb_set(data, '{n}', '3') WHERE sequence = 3`);
    expect((await verifyAuditChain(db())).valid).toBe(true);
    await tamper(`DELETE FROM "AuditEvent" WHERE sequence = 10`);
    expect(await verifyAuditChain(db())).toMatchObject({ valid: false, firstBroken: 10n, reason: "sequence" });
  });

  it("names the entry after one edited with its digest recomputed: the link to the previous digest catches it", async () => {
    // The edited entry is consistent with itself; only the next entry's link to it tells.
    const row = await db().auditEvent.findUniqueOrThrow({ where: { sequence: 4n } });
    const { digest, ...entry } = row;
    const data = { ...(row.data as Record<string, unknown>), n: 400 };
    const recomputed = auditDigest({ ...entry, sequence: 4n, previousDigest: row.previousDigest!, data });
    expect(recomputed).not.toBe(digest);
    await tamper(`UPDATE "AuditEvent" SET data = '${JSON.stringify(data)}'::jsonb, digest = '${recomputed}' WHERE sequence = 4`);
    expect(await verifyAuditChain(db())).toEqual({ valid: false, entries: 4, firstBroken: 5n, reason: "previous-digest" });
  });
});
