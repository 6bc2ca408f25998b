import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { closeSync, mkdtempSync, openSync, readdirSync, readFileSync, readlinkSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import os from "node:os";
import path from "node:path";
import { Worker } from "node:worker_threads";
import pg from "pg";

export const root = path.resolve(import.meta.dirname, "..");

/** One line of the table `npm run bench` prints. */
export interface BenchRow {
  case: string;
  value: string | number;
  unit: string;
  goal?: string;
  pass?: "yes" | "NO" | "";
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, Math.max(0, ms)));

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
    server.on("error", reject);
  });
}

function groupAlive(pid: number): boolean {
  try {
    process.kill(-pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Signals a whole process group (npm does not wait for its child) and waits until it is gone. */
export async function stopGroup(pid: number, timeoutMs = 30_000) {
  if (groupAlive(pid)) process.kill(-pid, "SIGTERM");
  const deadline = Date.now() + timeoutMs;
  while (groupAlive(pid)) {
    if (Date.now() > deadline) {
      process.kill(-pid, "SIGKILL");
      await sleep(200);
      break;
    }
    await sleep(50);
  }
}

export function tempDir(prefix: string) {
  return mkdtempSync(path.join(os.tmpdir(), prefix));
}

export function percentile(values: number[], p: number): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}

export const round = (value: number, digits = 0) => Number(value.toFixed(digits));

// ——— Processes ———

/** The processes in a process group (from /proc), with their executable and command line. */
function groupMembers(pgid: number): { pid: number; exe: string; argv: string[] }[] {
  const members: { pid: number; exe: string; argv: string[] }[] = [];
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, "utf8");
      // Fields after the command name (which may contain spaces): state ppid pgrp ...
      const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      if (Number(fields[2]) !== pgid) continue;
      members.push({ pid: Number(entry), exe: readlinkSync(`/proc/${entry}/exe`), argv: readFileSync(`/proc/${entry}/cmdline`, "utf8").split("\0") });
    } catch {
      // The process ended while we looked.
    }
  }
  return members;
}

/** The node process running `script` in the group of `npm start` (not npm, not the shell). */
export function findNodeChild(pgid: number, script: string): number | null {
  const found = groupMembers(pgid).find((p) => path.basename(p.exe) === "node" && p.argv.includes(script));
  return found?.pid ?? null;
}

export function rssKiB(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, "utf8");
  return Number(status.match(/^VmRSS:\s+(\d+) kB/m)?.[1] ?? NaN);
}

/**
 * A process's main thread (its JavaScript event loop, for node) from the scheduler's view: seconds
 * on a CPU and seconds waiting for one. On a shared machine, run + wait close to the wall time
 * means the thread wanted a CPU all along: it was the bottleneck, however little CPU it got.
 */
export function mainThreadSchedule(pid: number): { run: number; wait: number } {
  const [run, wait] = readFileSync(`/proc/${pid}/task/${pid}/schedstat`, "utf8").trim().split(/\s+/).map(Number);
  return { run: run! / 1e9, wait: wait! / 1e9 };
}

/** Share of the wall time a thread spent running, and running or waiting to run, between two readings. */
export function demand(before: { run: number; wait: number }, after: { run: number; wait: number }, seconds: number) {
  return { runPercent: (100 * (after.run - before.run)) / seconds, demandPercent: (100 * (after.run - before.run + after.wait - before.wait)) / seconds };
}

/** The machine's load: benchmarks on a shared machine say how shared it was. */
export function machineLoad(): string {
  return `load average ${os.loadavg().map((l) => l.toFixed(1)).join(" ")} on ${os.cpus().length} CPUs`;
}

/**
 * Samples a process's VmRSS every `intervalMs` on a thread of its own (the benchmark's own event
 * loop is busy sending the file). `mark()` returns the peak since the previous mark.
 */
export function rssSampler(pid: number, intervalMs = 50) {
  const shared = new Int32Array(new SharedArrayBuffer(16));
  // [0]: stop flag, [1]: peak KiB since the last reset, [2]: last KiB, [3]: samples taken
  const worker = new Worker(
    `
    const { workerData } = require("node:worker_threads");
    const fs = require("node:fs");
    const { shared, pid, intervalMs } = workerData;
    const sleeper = new Int32Array(new SharedArrayBuffer(4));
    while (Atomics.load(shared, 0) === 0) {
      try {
        const kib = Number(fs.readFileSync("/proc/" + pid + "/status", "utf8").match(/^VmRSS:\\s+(\\d+) kB/m)[1]);
        Atomics.store(shared, 2, kib);
        if (kib > Atomics.load(shared, 1)) Atomics.store(shared, 1, kib);
        Atomics.add(shared, 3, 1);
      } catch {
        break;
      }
      Atomics.wait(sleeper, 0, 0, intervalMs);
    }
    `,
    { eval: true, workerData: { shared, pid, intervalMs } },
  );
  worker.unref();
  return {
    /** The current VmRSS (KiB), read now. */
    now: () => rssKiB(pid),
    /** Starts a new peak from the current value. */
    reset() {
      Atomics.store(shared, 1, rssKiB(pid));
    },
    /** The peak VmRSS (KiB) since the last reset. */
    peak: () => Atomics.load(shared, 1),
    samples: () => Atomics.load(shared, 3),
    async stop() {
      Atomics.store(shared, 0, 1);
      await worker.terminate();
    },
  };
}

// ——— PostgreSQL ———

/** The server the benchmarks create their databases on (a database there, not the one in this URL). */
export const adminDatabaseUrl = () => process.env.BENCH_DATABASE_URL || "postgresql://root@/postgres?host=/var/run/postgresql";

/** The same server URL with another database name (socket URLs are not WHATWG URLs: no `new URL`). */
export function withDatabase(url: string, database: string): string {
  const match = url.match(/^(postgres(?:ql)?:\/\/[^/?]*)(?:\/[^?]*)?(\?.*)?$/);
  if (!match) throw new Error("BENCH_DATABASE_URL must be a postgresql:// URL");
  return `${match[1]}/${database}${match[2] ?? ""}`;
}

/** A new, empty database for one benchmark run; `drop()` removes it (connections and all). */
export async function createBenchDatabase(purpose: string) {
  const name = `portal_bench_${purpose}_${Date.now().toString(36)}_${randomBytes(3).toString("hex")}`;
  const admin = new pg.Client({ connectionString: adminDatabaseUrl() });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE "${name}"`);
  } finally {
    await admin.end();
  }
  return {
    name,
    url: withDatabase(adminDatabaseUrl(), name),
    async drop() {
      const dropper = new pg.Client({ connectionString: adminDatabaseUrl() });
      await dropper.connect();
      try {
        await dropper.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      } finally {
        await dropper.end();
      }
    },
  };
}

// ——— The portal ———

export interface RunningPortal {
  url: string;
  port: number;
  /** The npm process (leader of the process group). */
  groupPid: number;
  /** The node process that serves (`node build/server/main.js`). */
  serverPid: number;
  logFile: string;
  stop(): Promise<void>;
  /** Lines of the server's output at level error (50) or above, and other non-JSON output. */
  problems(): string[];
}

/**
 * Starts the production build with `npm start` (as an operator would) on a free port, with `env`
 * over the benchmark's environment, and waits until /healthz answers 200. The server's output goes
 * to a log file in `logDir`.
 */
export async function startPortal(env: Record<string, string>, options: { logDir: string; timeoutMs?: number }): Promise<RunningPortal> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const logFile = path.join(options.logDir, `portal-${port}.log`);
  const fd = openSync(logFile, "a");
  let child: ChildProcess;
  try {
    // BENCH_PORTAL_NODE_ARGS (e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof") runs the server as npm start
    // would, but with those node options (which NODE_OPTIONS does not accept).
    const nodeArgs = process.env.BENCH_PORTAL_NODE_ARGS?.split(/\s+/).filter(Boolean);
    const [command, args] = nodeArgs ? [process.execPath, [...nodeArgs, "build/server/main.js"]] : ["npm", ["start", "--silent"]];
    child = spawn(command, args, {
      cwd: root,
      env: { ...process.env, PORT: String(port), HOST: "127.0.0.1", PUBLIC_URL: url, NODE_ENV: "production", ...env },
      stdio: ["ignore", fd, fd],
      detached: true,
    });
  } finally {
    closeSync(fd);
  }
  const groupPid = child.pid!;
  let exited: number | null = null;
  child.on("exit", (code) => (exited = code ?? -1));
  const stop = () => stopGroup(groupPid);
  const tail = () => readFileSync(logFile, "utf8").split("\n").slice(-20).join("\n");
  try {
    const deadline = Date.now() + (options.timeoutMs ?? 180_000);
    for (;;) {
      if (exited !== null) throw new Error(`npm start exited (${exited}) before answering:\n${tail()}`);
      const status = await fetch(`${url}/healthz`).then((r) => r.status, () => 0);
      if (status === 200) break;
      if (Date.now() > deadline) throw new Error(`the portal did not answer on ${url} in time:\n${tail()}`);
      await sleep(100);
    }
    const serverPid = findNodeChild(groupPid, "build/server/main.js");
    if (!serverPid) throw new Error("cannot find the node process of npm start");
    return {
      url,
      port,
      groupPid,
      serverPid,
      logFile,
      stop,
      problems() {
        const lines = readFileSync(logFile, "utf8").split("\n").filter(Boolean);
        return lines.filter((line) => {
          if (!line.startsWith("{")) return false;
          try {
            return (JSON.parse(line) as { level?: number }).level! >= 50;
          } catch {
            return true;
          }
        });
      },
    };
  } catch (error) {
    await stop();
    throw error;
  }
}

/** Server errors by message and the first frame of our own code (server build or app/). */
export function summariseProblems(lines: string[]): [string, number][] {
  const counts = new Map<string, number>();
  for (const line of lines) {
    let key = line.slice(0, 300);
    try {
      const entry = JSON.parse(line) as { msg?: string; err?: { message?: string; stack?: string } };
      const frame = entry.err?.stack?.split("\n").find((f) => /build\/server|\/app\//.test(f))?.trim().replace(/^at (async )?/, "").replace(/ \(.*\)$/, "");
      key = `${entry.msg ?? ""}: ${entry.err?.message?.split("\n")[0] ?? ""}${frame ? ` (in ${frame})` : ""}`;
    } catch {
      // Not JSON: the line itself.
    }
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return [...counts].sort((a, b) => b[1] - a[1]);
}

/** The environment that keeps a portal's files (outbox, receipt key, disk storage) in `dir`. */
export function portalFilesIn(dir: string): Record<string, string> {
  return {
    STORAGE_DIR: path.join(dir, "files"),
    OUTBOX_DIR: path.join(dir, "outbox"),
    RECEIPT_KEY_FILE: path.join(dir, "receipt-signing-key.pem"),
  };
}

/** Runs `fn` over `items` with at most `limit` at a time; results in order. */
export async function mapLimit<T, R>(items: readonly T[], limit: number, fn: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await fn(items[index]!, index);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

export function removeAll(...paths: string[]) {
  for (const p of paths) rmSync(p, { recursive: true, force: true });
}

/** Inserts rows in batches of 1,000 with one parameterised statement each. */
export async function insertMany(client: pg.Client, table: string, columns: string[], rows: unknown[][]) {
  for (let i = 0; i < rows.length; i += 1_000) {
    const chunk = rows.slice(i, i + 1_000);
    const values = chunk.map((row, r) => `(${row.map((_, c) => `$${r * columns.length + c + 1}`).join(",")})`).join(",");
    await client.query(`INSERT INTO "${table}" (${columns.map((c) => `"${c}"`).join(",")}) VALUES ${values}`, chunk.flat());
  }
}

/**
 * Samples, every `intervalMs`, what the database's connections to `database` are doing: how many
 * are busy (in a statement or a transaction), how many of those wait for an advisory lock (the
 * audit chain's), for another lock (rows), or are idle in a transaction (waiting for the app to
 * send the next statement). `stop()` returns the share of busy connection-samples spent waiting for
 * the advisory lock, and the counts.
 */
export function advisoryLockSampler(database: string, intervalMs = 100) {
  const client = new pg.Client({ connectionString: adminDatabaseUrl() });
  let busy = 0;
  let advisory = 0;
  let otherLocks = 0;
  let idleInTransaction = 0;
  let running = true;
  const done = (async () => {
    await client.connect();
    while (running) {
      const { rows } = await client.query<{ busy: string; advisory: string; other_locks: string; idle_in_transaction: string }>(
        `SELECT count(*) FILTER (WHERE state <> 'idle') AS busy,
                count(*) FILTER (WHERE state = 'active' AND wait_event_type = 'Lock' AND wait_event = 'advisory') AS advisory,
                count(*) FILTER (WHERE state = 'active' AND wait_event_type = 'Lock' AND wait_event <> 'advisory') AS other_locks,
                count(*) FILTER (WHERE state = 'idle in transaction') AS idle_in_transaction
         FROM pg_stat_activity WHERE datname = $1 AND backend_type = 'client backend'`,
        [database],
      );
      busy += Number(rows[0]!.busy);
      advisory += Number(rows[0]!.advisory);
      otherLocks += Number(rows[0]!.other_locks);
      idleInTransaction += Number(rows[0]!.idle_in_transaction);
      await sleep(intervalMs);
    }
    await client.end();
  })();
  return {
    async stop() {
      running = false;
      await done;
      return { busy, advisory, otherLocks, idleInTransaction, share: busy > 0 ? advisory / busy : 0 };
    },
  };
}
