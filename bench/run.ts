import { auditChainBenchmark } from "./audit-chain.ts";
import { deadlineHourBenchmark } from "./deadline-hour.ts";
import { deadlineRushBenchmark } from "./deadline-rush.ts";
import { pagesBenchmark } from "./pages.ts";
import { publicPagesBenchmark } from "./public-pages.ts";
import { rankingBenchmark } from "./ranking.ts";
import { startupBenchmark } from "./startup.ts";
import { uploadBenchmark } from "./upload.ts";

// Every benchmark in bench/, one table. Run after `npm run build` (the benchmarks start `npm start`).
//   npm run bench                       all of them
//   npm run bench -- upload startup     only these
//
// deadline-rush and upload create (and drop) a database on the local PostgreSQL:
//   BENCH_DATABASE_URL          the server to use (default postgresql://root@/postgres?host=/var/run/postgresql)
// deadline-rush:
//   BENCH_RUSH_PROPOSERS (500), BENCH_RUSH_LATE_PERCENT (10), BENCH_RUSH_POOL_SIZE (20, the portal's DATABASE_POOL_SIZE),
//   BENCH_RUSH_DEADLINE_IN_MS (65000: the deadline, after the drafts are ready), BENCH_RUSH_LEAD_MS (45000: the
//   on-time burst fires this long before it), BENCH_RUSH_LATE_MS (1000: the late burst, this long after it),
//   BENCH_LOG_LEVEL (warn), BENCH_KEEP_LOGS (keep the portal's log; always kept on failure)
// upload:
//   BENCH_UPLOAD_MIB (1024), BENCH_UPLOAD_ROUNDS (2), BENCH_KEEP_UPLOAD_FILE (keep the generated file in the temp folder)
// deadline-hour:
//   BENCH_HOUR_SECONDS (300), BENCH_HOUR_PROPOSERS (60), BENCH_HOUR_VISITORS (10)
// public-pages:
//   BENCH_PUBLIC_SECONDS (10: the measured run per page, after 2 s of warm-up)
// pages:
//   BENCH_PAGES_SECONDS (8: the measured run per page, after 2 s of warm-up), BENCH_PAGES_CONNECTIONS (10),
//   BENCH_PAGES_ONLY ("proposal,moderation": only the pages whose names contain these, no sign-in burst: for profiling)
// audit-chain:
//   BENCH_AUDIT_ENTRIES (100000)
// Both: BENCH_PORTAL_NODE_ARGS runs the server with node options instead of npm start (e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof").
const benchmarks: Record<string, () => Promise<object[]>> = {
  startup: () => startupBenchmark(),
  "deadline-rush": () => deadlineRushBenchmark(),
  upload: () => uploadBenchmark(),
  ranking: () => rankingBenchmark(),
  pages: () => pagesBenchmark(),
  "public-pages": () => publicPagesBenchmark(),
  "deadline-hour": () => deadlineHourBenchmark(),
  "audit-chain": () => auditChainBenchmark(),
};

const names = process.argv.slice(2);
const unknown = names.filter((name) => !(name in benchmarks));
if (unknown.length > 0) {
  console.error(`Unknown benchmark: ${unknown.join(", ")}. Choose from: ${Object.keys(benchmarks).join(", ")}.`);
  process.exit(2);
}

const rows: object[] = [];
let failed = false;
for (const name of names.length > 0 ? names : Object.keys(benchmarks)) {
  try {
    rows.push(...(await benchmarks[name]!()).map((row) => ({ benchmark: name, ...row })));
  } catch (error) {
    failed = true;
    console.error(`Benchmark ${name} failed:`, error);
    rows.push({ benchmark: name, case: "did not complete", value: String(error instanceof Error ? error.message : error).split("\n")[0] });
  }
}
console.table(rows);
if (failed || rows.some((row) => (row as { pass?: string }).pass === "NO")) process.exitCode = 1;
