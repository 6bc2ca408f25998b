import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { findNodeChild, freePort, machineLoad, root, rssKiB, stopGroup } from "./support.ts";

/**
 * Milliseconds from spawning `npm start` (installed and built) to the first 200 on `/`,
 * polling every 25 ms, on the embedded database in `dataDir`; and the server's memory then (the
 * embedded database, PGlite, runs inside that process).
 */
async function timeToFirstPage(dataDir: string): Promise<{ ms: number; rssMiB: number }> {
  const port = await freePort();
  const started = performance.now();
  const child = spawn("npm", ["start", "--silent"], {
    cwd: root,
    env: { ...process.env, EMBEDDED_DB_DIR: dataDir, PORT: String(port), HOST: "127.0.0.1", DATABASE_URL: "", LOG_LEVEL: "warn" },
    stdio: process.env.BENCH_DEBUG ? "inherit" : "ignore",
    detached: true,
  });
  try {
    const deadline = started + 120_000;
    while (performance.now() < deadline) {
      const status = await fetch(`http://127.0.0.1:${port}/`).then((r) => r.status, () => 0);
      if (status === 200) {
        const ms = performance.now() - started;
        const server = findNodeChild(child.pid!, "build/server/main.js");
        return { ms, rssMiB: server ? Math.round(rssKiB(server) / 1024) : NaN };
      }
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
    throw new Error("the portal did not answer within 120 s");
  } finally {
    await stopGroup(child.pid!);
  }
}

export async function startupBenchmark(runs = 3) {
  const rows: { case: string; runs: number; median_ms: number; max_ms: number; goal_ms: number; server_rss_mib: number }[] = [];
  const fresh: number[] = [];
  const warm: number[] = [];
  const freshMemory: number[] = [];
  const memory: number[] = [];
  for (let i = 0; i < runs; i++) {
    const dataDir = mkdtempSync(path.join(os.tmpdir(), "portal-bench-"));
    try {
      const first = await timeToFirstPage(dataDir);
      fresh.push(first.ms);
      freshMemory.push(first.rssMiB);
      const loaded = await timeToFirstPage(dataDir);
      warm.push(loaded.ms);
      memory.push(loaded.rssMiB);
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  }
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
  // The goals (5 s and 2 s) are for an idle machine: the load average is printed beside them.
  console.log(`[startup] ${machineLoad()}`);
  rows.push({ case: "npm start → first 200 on / (empty data folder: migrate + seed)", runs, median_ms: Math.round(median(fresh)), max_ms: Math.round(Math.max(...fresh)), goal_ms: 5_000, server_rss_mib: median(freshMemory) });
  rows.push({ case: "npm start → first 200 on / (demo park already loaded)", runs, median_ms: Math.round(median(warm)), max_ms: Math.round(Math.max(...warm)), goal_ms: 2_000, server_rss_mib: median(memory) });
  return rows;
}
