import { execFile } from "node:child_process";
import { writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { publishedHeads, publishHourlyHead, verifyChainAndHeads, verifyHeads } from "~/platform/audit-heads.server.ts";
import { HEAD_ACTIONS, recordAuditEvent, verifyAuditChain } from "~/platform/audit.server.ts";
import { withTestDatabase } from "../support/database.ts";

const db = withTestDatabase();
const root = path.resolve(import.meta.dirname, "../..");

const record = (action: string, n: number) =>
  db().$transaction((tx) => recordAuditEvent(tx, { actorId: null, action, subjectType: "test", subjectId: `subject-${n}`, data: { n } }));

/** As someone with direct database access would: triggers off, edit, triggers on. */
async function tamper(...statements: string[]) {
  await db().$transaction([
    db().$executeRawUnsafe(`ALTER TABLE "AuditEvent" DISABLE TRIGGER USER`),
    ...statements.map((sql) => db().$executeRawUnsafe(sql)),
    db().$executeRawUnsafe(`ALTER TABLE "AuditEvent" ENABLE TRIGGER USER`),
  ]);
}

function runVerifyCommand(...args: string[]): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ["--import", "tsx", "scripts/audit-verify.ts", ...args],
      { cwd: root, env: { PATH: process.env.PATH ?? "", NODE_ENV: "production", DATABASE_URL: process.env.DATABASE_URL ?? "" }, timeout: 30_000 },
      (error, stdout, stderr) => resolve({ status: error ? (typeof error.code === "number" ? error.code : null) : 0, stdout, stderr }),
    );
  });
}

describe("published heads of the audit chain", () => {
  it("are published, signed, at milestones and every hour, and never for a proposal's entry", async () => {
    await record("test.event", 1);
    await record("release.published", 2);
    await record("proposal.submitted", 3);
    await publishHourlyHead();
    const heads = await publishedHeads();
    expect(heads.map((head) => head.reason)).toEqual(["audit.hourly_head", "release.published"]);
    expect(heads[0]).toMatchObject({ statement: "audit-chain-head", keyId: expect.stringMatching(/^[0-9a-f]{16}$/), signature: expect.any(String) });
    expect(Object.keys(heads[0]!).sort()).toEqual(["digest", "keyId", "publishedAt", "reason", "signature", "statement"]);
    expect([...HEAD_ACTIONS].filter((action) => action.startsWith("proposal."))).toEqual([]);
    expect(await verifyChainAndHeads(db())).toMatchObject({ chain: { valid: true, entries: 4 }, heads: { valid: true, heads: 2 } });
    const result = await runVerifyCommand();
    expect(result.stdout).toContain("2 Published heads match the chain.");
    expect(result.status).toBe(0);
  });

  it("name the head whose signature no longer holds", async () => {
    const [latest] = await publishedHeads(1);
    await db().$executeRawUnsafe(`UPDATE "PublishedChainHead" SET reason = 'release.cancelled' WHERE digest = '${latest!.digest}'`);
    expect((await verifyChainAndHeads(db())).heads).toMatchObject({ valid: false, problem: "signature", firstMismatch: { digest: latest!.digest } });
    await db().$executeRawUnsafe(`UPDATE "PublishedChainHead" SET reason = 'audit.hourly_head' WHERE digest = '${latest!.digest}'`);
  });

  it("show a cut tail, which the chain alone cannot", async () => {
    const kept = await publishedHeads();
    const hourly = await db().auditEvent.findFirstOrThrow({ where: { action: "audit.hourly_head" } });
    await tamper(`DELETE FROM "AuditEvent" WHERE sequence >= ${hourly.sequence}`);
    expect(await verifyAuditChain(db())).toEqual({ valid: true, entries: Number(hourly.sequence) - 1 });
    const { heads } = await verifyChainAndHeads(db());
    expect(heads).toMatchObject({ valid: false, problem: "missing", firstMismatch: { reason: "audit.hourly_head", digest: hourly.digest } });
    const result = await runVerifyCommand();
    expect(result.status).toBe(1);
    expect(result.stderr).toContain(`(audit.hourly_head, digest ${hourly.digest}) NO LONGER MATCHES: missing`);
    // Put back as it was, for the next case.
    await tamper(`INSERT INTO "AuditEvent" SELECT * FROM json_populate_record(NULL::"AuditEvent", '${JSON.stringify({ ...hourly, sequence: Number(hourly.sequence), recordedOrder: Number(hourly.recordedOrder), occurredAt: hourly.occurredAt.toISOString() })}')`);
    expect((await verifyHeads(db(), kept)).valid).toBe(true);
  });

  it("show a rewrite of the whole chain to anyone who kept a head, though the portal's own copies were rewritten too", async () => {
    const kept = await publishedHeads();
    const entries = await db().auditEvent.findMany({ orderBy: { sequence: "asc" } });
    await tamper(`DELETE FROM "AuditEvent"`, `DELETE FROM "PublishedChainHead"`);
    // History written again, every digest recomputed, one entry changed.
    for (const entry of entries) {
      await db().$transaction((tx) =>
        recordAuditEvent(tx, { actorId: entry.actorId, action: entry.action, subjectType: entry.subjectType, subjectId: entry.subjectId, data: entry.sequence === 1n ? { n: 99 } : (entry.data as Record<string, unknown>) }),
      );
    }
    expect(await verifyChainAndHeads(db())).toMatchObject({ chain: { valid: true }, heads: { valid: true } });
    expect(await verifyHeads(db(), kept)).toMatchObject({ valid: false, problem: "missing", firstMismatch: { digest: kept.at(-1)!.digest } });
    const file = path.join(os.tmpdir(), `kept-heads-${process.pid}.json`);
    writeFileSync(file, JSON.stringify(kept));
    const result = await runVerifyCommand("--heads", file);
    expect(result.stdout).toContain("Published heads match the chain.");
    expect(result.stderr).toContain("Kept head published at");
    expect(result.status).toBe(1);
  });
});
