import { randomUUID } from "node:crypto";
import { performance } from "node:perf_hooks";
import pg from "pg";
import { checkWholeChain, verifyChainSinceCheckpoint } from "../app/platform/audit-checkpoint.server.ts";
import { auditDigest, GENESIS_DIGEST, verifyAuditChain } from "../app/platform/audit.server.ts";
import { createDatabase } from "../app/platform/database/db.server.ts";
import { applyMigrations } from "../server/migrations.ts";
import { createBenchDatabase, insertMany, round, type BenchRow } from "./support.ts";

// How long checking the audit chain takes as it grows (issue 16): the whole chain recomputed from
// the first entry, as `npm run audit:verify` and the hourly check do, at 25,000 and 100,000
// entries; then the audit page's check, which recomputes only the entries after the checkpoint
// (here 1,000, about a busy day's). The entries are written straight into the table by a generator
// of this benchmark (a digest chain like the portal's, entries shaped like a submission's), not
// through the portal: only checking is measured.
//   BENCH_AUDIT_ENTRIES (100000)

const ENTRIES = Number(process.env.BENCH_AUDIT_ENTRIES) || 100_000;
const RUNS = 3;

/** Appends `count` chained entries after the last one; returns the last sequence and digest. */
async function appendEntries(client: pg.Client, count: number, after: { sequence: bigint; digest: string }) {
  let { sequence, digest } = after;
  const start = Date.now() - count * 1_000;
  for (let written = 0; written < count; written += 1_000) {
    const rows: unknown[][] = [];
    for (let i = written; i < Math.min(count, written + 1_000); i++) {
      sequence += 1n;
      const entry = {
        actorId: randomUUID(),
        action: "proposal.submitted",
        subjectType: "proposal",
        subjectId: randomUUID(),
        data: { release: "HSITP-2026-02", plot: "1W-07", version: 1, supersedes: null, receiptNumber: `R-BENCH-${sequence}`, receivedAt: new Date(start + i * 1_000).toISOString(), packageDigest: "a".repeat(64) },
        sequence,
        occurredAt: new Date(start + i * 1_000),
        previousDigest: digest,
      };
      digest = auditDigest(entry);
      rows.push([entry.sequence, entry.occurredAt, entry.actorId, entry.action, entry.subjectType, entry.subjectId, JSON.stringify(entry.data), entry.previousDigest, digest]);
    }
    await insertMany(client, "AuditEvent", ["sequence", "occurredAt", "actorId", "action", "subjectType", "subjectId", "data", "previousDigest", "digest"], rows);
  }
  return { sequence, digest };
}

async function timed<T>(fn: () => Promise<T>) {
  const times: number[] = [];
  let result: T | undefined;
  for (let run = 0; run < RUNS; run++) {
    const start = performance.now();
    result = await fn();
    times.push(performance.now() - start);
  }
  return { ms: Math.min(...times), result: result! };
}

export async function auditChainBenchmark(): Promise<BenchRow[]> {
  const database = await createBenchDatabase("audit");
  const client = new pg.Client({ connectionString: database.url });
  const rows: BenchRow[] = [];
  try {
    await applyMigrations(database.url);
    await client.connect();
    const db = createDatabase(database.url, 1);
    try {
      let head = { sequence: 0n, digest: GENESIS_DIGEST };
      for (const size of [ENTRIES / 4, ENTRIES]) {
        head = await appendEntries(client, size - Number(head.sequence), head);
        const whole = await timed(() => verifyAuditChain(db));
        if (!whole.result.valid || whole.result.entries !== size) throw new Error(`the generated chain did not verify: ${JSON.stringify(whole.result)}`);
        rows.push({ case: `whole chain, ${size.toLocaleString("en")} entries`, value: round(whole.ms), unit: "ms" });
        rows.push({ case: `whole chain, per entry`, value: round((whole.ms * 1_000) / size, 1), unit: "µs" });
      }
      // The last entry published as a head (its signature is not what is measured), the hourly check
      // stores it as the checkpoint, and a day's entries follow.
      await client.query(`INSERT INTO "PublishedChainHead" (digest, sequence, "publishedAt", reason, "keyId", signature) VALUES ($1, $2, now(), 'audit.hourly_head', 'bench', 'bench')`, [head.digest, head.sequence]);
      await checkWholeChain(db);
      await appendEntries(client, 1_000, head);
      const page = await timed(() => verifyChainSinceCheckpoint(db));
      if (!page.result.valid || page.result.entries !== ENTRIES + 1_000) throw new Error(`the page's check did not verify: ${JSON.stringify(page.result)}`);
      rows.push({ case: `audit page, ${ENTRIES.toLocaleString("en")} entries + 1,000 after the checkpoint`, value: round(page.ms), unit: "ms" });
    } finally {
      await db.$disconnect();
    }
  } finally {
    await client.end().catch(() => {});
    await database.drop();
  }
  return rows;
}
