import { randomUUID } from "node:crypto";
import { performance } from "node:perf_hooks";
import pg from "pg";
import { applyMigrations } from "../server/migrations.ts";
import { createBenchDatabase, insertMany, percentile, round, type BenchRow } from "./support.ts";

// Ranking a release of 2,000 proposals × 5 evaluators × 8 criteria (issue 6): the time of the
// portal's ranking (loading every score, moderation and premium, then app/evaluation/ranking.ts) against one
// plain SQL aggregate over the same scores. Goal: under 1 s, and within 3× the plain query.

const PROPOSALS = 2_000;
const EVALUATORS = 5;
const CRITERIA = 8; // 7 technical + the premium
const PLOTS = 20;
const RUNS = 7;

/** A closed release, opened, every evaluator's scores submitted: what the chair's ranking reads. */
async function prepare(client: pg.Client) {
  const phaseId = randomUUID();
  const releaseId = randomUUID();
  const now = new Date();
  await client.query(`INSERT INTO "Phase" (id, code, "nameEn", "nameZhHant", ordinal) VALUES ($1, 'BENCH', 'Bench phase', '基準', 99)`, [phaseId]);
  await client.query(
    `INSERT INTO "Release" (id, code, "titleEn", "titleZhHant", "phaseId", state, "publicationAt", "clarificationEndsAt", "submissionDeadline", "openingAt", "publishedAt", "updatedAt", "passMarkPercent")
     VALUES ($1, 'BENCH-RANKING', 'Ranking benchmark', '排名基準', $2, 'closed', $3, $3, $3, $3, $3, $3, 60)`,
    [releaseId, phaseId, new Date(now.getTime() - 86_400_000)],
  );
  const criteria = Array.from({ length: CRITERIA }, (_, i) => ({ id: randomUUID(), envelope: i === CRITERIA - 1 ? "financial" : "technical", weight: i === CRITERIA - 1 ? 30 : 10 }));
  await insertMany(client, "Criterion", ["id", "releaseId", "position", "nameEn", "nameZhHant", "envelope", "weight", "maxScore"], criteria.map((c, i) => [c.id, releaseId, i + 1, `Criterion ${i + 1}`, `準則 ${i + 1}`, c.envelope, c.weight, 10]));
  const plots = Array.from({ length: PLOTS }, (_, i) => ({ id: randomUUID(), code: `9B-${String(i + 1).padStart(2, "0")}` }));
  const square = { type: "Polygon", coordinates: [[[114.08, 22.51], [114.081, 22.51], [114.081, 22.511], [114.08, 22.511], [114.08, 22.51]]] };
  await insertMany(client, "Plot", ["id", "code", "phaseId", "siteAreaM2", "maxGfaM2", "permittedUses", "polygon", "state", "updatedAt"], plots.map((p) => [p.id, p.code, phaseId, 10_000, 50_000, "{dry_lab_rnd}", JSON.stringify(square), "in_release", now]));
  await insertMany(client, "ReleasePlot", ["releaseId", "plotId", "position"], plots.map((p, i) => [releaseId, p.id, i + 1]));
  const evaluators = Array.from({ length: EVALUATORS }, () => randomUUID());
  await insertMany(client, "User", ["id", "email", "name", "passwordHash", "staffRole", "updatedAt"], evaluators.map((id, i) => [id, `bench-evaluator-${i}@bench.example`, `Evaluator ${i}`, "x", "evaluator", now]));
  await client.query(`INSERT INTO "Evaluation" ("releaseId", "technicalOpenedAt", "financialOpenedAt") VALUES ($1, $2, $2)`, [releaseId, now]);
  const organisationId = randomUUID();
  await client.query(`INSERT INTO "Organisation" (id, name, "registrationNumber", origin, "focusSectors", "updatedAt") VALUES ($1, 'Bench Ltd', 'BENCH-1', 'hong_kong', '{}', $2)`, [organisationId, now]);
  // Each proposal has its own organisation in real life; one is enough for the ranking's reads.
  const proposals = Array.from({ length: PROPOSALS }, (_, i) => ({ id: randomUUID(), versionId: randomUUID(), plot: plots[i % PLOTS]!, i }));
  let seed = 42;
  const random = () => ((seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31);
  for (let i = 0; i < proposals.length; i += 500) {
    const chunk = proposals.slice(i, i + 500);
    // The unique (release, plot, organisation) key: one organisation, so a fresh one per proposal.
    const orgs = chunk.map(() => randomUUID());
    await insertMany(client, "Organisation", ["id", "name", "registrationNumber", "origin", "focusSectors", "updatedAt"], orgs.map((id, k) => [id, `Bidder ${i + k}`, `BENCH-${i + k + 2}`, "overseas", "{}", now]));
    await insertMany(client, "Proposal", ["id", "releaseId", "plotId", "organisationId", "createdById", "updatedAt"], chunk.map((p, k) => [p.id, releaseId, p.plot.id, orgs[k], evaluators[0], now]));
    await insertMany(
      client,
      "ProposalVersion",
      ["id", "proposalId", "number", "sealedPackage", "packageDigest", "receiptNumber", "receivedAt", "signature", "signingKeyId", "submittedById"],
      chunk.map((p, k) => [p.versionId, p.id, 1, JSON.stringify({ organisation: { name: `Bidder ${i + k}`, registrationNumber: `BENCH-${i + k + 2}` }, technical: {}, financial: { landPremiumHkd: String(500_000_000 + Math.floor(random() * 1e9)), investmentCommitmentHkd: "1" } }), "0".repeat(64), `R-B${String(p.i).padStart(11, "0")}`, new Date(now.getTime() - 3_600_000 + p.i), "s", "0", evaluators[0]]),
    );
    for (const p of chunk) await client.query(`UPDATE "Proposal" SET "currentVersionId" = $1 WHERE id = $2`, [p.versionId, p.id]);
    const scores: unknown[][] = [];
    const submissions: unknown[][] = [];
    for (const p of chunk) {
      for (const evaluatorId of evaluators) {
        submissions.push([p.id, evaluatorId, now]);
        for (const c of criteria.filter((x) => x.envelope === "technical")) scores.push([p.id, evaluatorId, c.id, Math.floor(random() * 11), "", now]);
      }
    }
    await insertMany(client, "Score", ["proposalId", "evaluatorId", "criterionId", "score", "comment", "updatedAt"], scores);
    await insertMany(client, "ScoreSubmission", ["proposalId", "evaluatorId", "submittedAt"], submissions);
  }
  // As a database that has settled after the submissions: statistics and the visibility map up to date.
  await client.query("VACUUM ANALYZE");
}

/** The plain aggregate: each proposal's weighted technical score from the mean of its scores, in one query. */
const PLAIN_QUERY = `
  SELECT s."proposalId", SUM(c.weight * s.mean / c."maxScore") AS technical
  FROM (SELECT "proposalId", "criterionId", AVG(score) AS mean FROM "Score" GROUP BY "proposalId", "criterionId") s
  JOIN "Criterion" c ON c.id = s."criterionId"
  GROUP BY s."proposalId"
  ORDER BY technical DESC`;

async function timed(run: () => Promise<unknown>) {
  const times: number[] = [];
  await run(); // warm-up: connections, plans, JIT
  for (let i = 0; i < RUNS; i++) {
    const start = performance.now();
    await run();
    times.push(performance.now() - start);
  }
  return times;
}

export async function rankingBenchmark(): Promise<BenchRow[]> {
  const database = await createBenchDatabase("ranking");
  try {
    await applyMigrations(database.url);
    const client = new pg.Client({ connectionString: database.url });
    await client.connect();
    try {
      await prepare(client);
      process.env.DATABASE_URL = database.url;
      process.env.DATABASE_POOL_SIZE = "4";
      const { releaseRanking } = await import("../app/evaluation/ranking-data.server.ts");
      const { disconnectDatabase } = await import("../app/platform/database/db.server.ts");
      const portal = await timed(async () => {
        const ranking = await releaseRanking("BENCH-RANKING");
        if ([...ranking!.ranked.values()].flat().length !== PROPOSALS) throw new Error("the ranking lost proposals");
      });
      const plain = await timed(() => client.query(PLAIN_QUERY));
      await disconnectDatabase();
      const p50 = percentile(portal, 50);
      const plainP50 = percentile(plain, 50);
      return [
        { case: `portal ranking, ${PROPOSALS} proposals × ${EVALUATORS} evaluators × ${CRITERIA} criteria (median of ${RUNS})`, value: round(p50), unit: "ms", goal: "< 1000", pass: p50 < 1_000 ? "yes" : "NO" },
        { case: "plain SQL aggregate over the same scores (median)", value: round(plainP50, 1), unit: "ms" },
        { case: "ratio portal / plain query", value: round(p50 / plainP50, 2), unit: "×", goal: "≤ 3", pass: p50 / plainP50 <= 3 ? "yes" : "NO" },
      ];
    } finally {
      await client.end();
    }
  } finally {
    await database.drop();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) console.table(await rankingBenchmark());
