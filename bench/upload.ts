import { execFileSync, spawn } from "node:child_process";
import { createHash, randomBytes } from "node:crypto";
import { createReadStream, createWriteStream, existsSync, mkdirSync, readSync, openSync, closeSync, statSync, writeFileSync, rmSync } from "node:fs";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import { pipeline } from "node:stream/promises";
import { startSession } from "../app/accounts/sessions.server.ts";
import { createDatabase, type Database } from "../app/platform/database/db.server.ts";
import {
  createBenchDatabase,
  demand,
  freePort,
  machineLoad,
  mainThreadSchedule,
  portalFilesIn,
  removeAll,
  root,
  round,
  rssSampler,
  sleep,
  startPortal,
  stopGroup,
  summariseProblems,
  tempDir,
  type BenchRow,
  type RunningPortal,
} from "./support.ts";

/**
 * One large file (1 GiB by default) into a proposal, the way the browser sends it: (a) S3 multipart
 * with presigned part URLs, 4 parts at a time, then the server's confirmation (it joins the parts,
 * reads the object back and hashes it); (b) the disk driver, one streamed PUT through the portal.
 * Watched: the portal's memory (VmRSS of its node process every 50 ms) and throughput, against
 * `aws s3 cp` of the same file to the same s3rver.
 */

const RELEASE = "HSITP-2026-02";
const BUCKET = "portal-bench";
const MiB = 1024 * 1024;
const settings = {
  sizeMiB: Number(process.env.BENCH_UPLOAD_MIB) || 1024,
  keepFile: Boolean(process.env.BENCH_KEEP_UPLOAD_FILE),
  memoryGoalMiB: 64,
  ratioGoal: 0.8,
  parallelParts: 4,
  /** Portal upload and `aws s3 cp`, alternately, this many times each (the medians count): a shared machine is noisy. */
  rounds: Math.max(1, Number(process.env.BENCH_UPLOAD_ROUNDS) || 2),
  /** The first upload after the portal starts (not measured against the goal), 3 parts of 16 MiB. */
  warmUpMiB: 48,
};

/** The test file: "%PDF-1.7" then random bytes; made once (kept between runs only with BENCH_KEEP_UPLOAD_FILE). */
async function testFile(): Promise<{ file: string; size: number; sha256: string; generated: boolean }> {
  const size = settings.sizeMiB * MiB;
  const file = path.join(os.tmpdir(), `portal-bench-upload-${settings.sizeMiB}MiB.pdf`);
  const header = Buffer.from("%PDF-1.7\n%\xe2\xe3\xcf\xd3\n", "latin1");
  if (existsSync(file) && statSync(file).size === size) {
    const fd = openSync(file, "r");
    const head = Buffer.alloc(header.length);
    readSync(fd, head, 0, head.length, 0);
    closeSync(fd);
    if (head.equals(header)) {
      const hash = createHash("sha256");
      await pipeline(createReadStream(file, { highWaterMark: 4 * MiB }), hash);
      return { file, size, sha256: hash.digest("hex"), generated: false };
    }
  }
  const hash = createHash("sha256");
  const out = createWriteStream(file);
  const write = (chunk: Buffer) => {
    hash.update(chunk);
    return new Promise<void>((resolve, reject) => out.write(chunk, (error) => (error ? reject(error) : resolve())));
  };
  await write(header);
  for (let written = header.length; written < size; ) {
    const chunk = randomBytes(Math.min(4 * MiB, size - written));
    await write(chunk);
    written += chunk.length;
  }
  await new Promise<void>((resolve, reject) => out.end((error?: Error | null) => (error ? reject(error) : resolve())));
  return { file, size, sha256: hash.digest("hex"), generated: true };
}

// ——— s3rver, in a process of its own (so it competes with neither the client nor the portal's event loop) ———

async function startS3rver(directory: string) {
  const port = await freePort();
  const child = spawn(process.execPath, [path.join(root, "node_modules/s3rver/bin/s3rver.js"), "-d", directory, "-a", "127.0.0.1", "-p", String(port), "-s", "--configure-bucket", BUCKET], {
    cwd: root,
    stdio: ["ignore", "ignore", "inherit"],
    detached: true,
  });
  const endpoint = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 20_000;
  while ((await fetch(endpoint).then((r) => r.status, () => 0)) === 0) {
    if (Date.now() > deadline) throw new Error("s3rver did not start");
    await sleep(50);
  }
  return { endpoint, pid: child.pid!, stop: () => stopGroup(child.pid!) };
}

// ——— HTTP, as the browser does it ———

/** PUTs bytes [start, end) of the file with a Content-Length, streamed from disk; answers status, ETag and body. */
function putFileRange(url: string, file: string, start: number, end: number, headers: Record<string, string> = {}) {
  return new Promise<{ status: number; etag: string | null; body: string }>((resolve, reject) => {
    const request = http.request(url, { method: "PUT", headers: { ...headers, "Content-Length": String(end - start) } }, (response) => {
      const chunks: Buffer[] = [];
      response.on("data", (chunk: Buffer) => chunks.push(chunk));
      response.on("end", () => resolve({ status: response.statusCode ?? 0, etag: (response.headers.etag as string | undefined) ?? null, body: Buffer.concat(chunks).toString() }));
      response.on("error", reject);
    });
    request.on("error", reject);
    pipeline(createReadStream(file, { start, end: end - 1, highWaterMark: MiB }), request).catch(reject);
  });
}

function api(portal: RunningPortal, cookie: string, proposalId: string) {
  return async <T>(body: Record<string, unknown>): Promise<T> => {
    const response = await fetch(`${portal.url}/proposals/${proposalId}/uploads`, {
      method: "POST",
      headers: { Origin: portal.url, Cookie: cookie, "Content-Type": "application/json" },
      body: JSON.stringify(body),
    });
    const text = await response.text();
    if (!response.ok) throw new Error(`uploads ${String(body.intent)}: ${response.status} ${text.slice(0, 300)}`);
    return JSON.parse(text) as T;
  };
}

async function startProposal(portal: RunningPortal, cookie: string, plot: string): Promise<string> {
  const response = await fetch(`${portal.url}/proposals`, {
    method: "POST",
    headers: { Origin: portal.url, Cookie: cookie },
    body: new URLSearchParams({ release: RELEASE, plot }),
    redirect: "manual",
  });
  const id = response.headers.get("location")?.match(/^\/proposals\/([0-9a-f-]{36})$/)?.[1];
  if (!id) throw new Error(`starting a proposal: ${response.status} ${await response.text()}`);
  return id;
}

type Plan = { documentId: string; method: "disk"; url: string } | { documentId: string; method: "put"; url: string; contentType: string } | { documentId: string; method: "multipart"; partSize: number; partCount: number };

interface Measured {
  documentId: string;
  transferSeconds: number;
  confirmSeconds: number;
  transferGrowthMiB: number;
  confirmGrowthMiB: number;
  baselineMiB: number;
  /** The portal's event loop during the transfer: % of a core used, and used + waited for. */
  portal: { runPercent: number; demandPercent: number };
  s3rver: { runPercent: number; demandPercent: number } | null;
  /** Multipart: per part, the mean time in the portal's API calls (presign + record) and in the PUT to S3. */
  perPart: { apiMs: number; putMs: number } | null;
  sha256: string;
}

/** The browser's multipart upload: start, status, 4 workers (presign one part, PUT it, record it with its ETag), confirm. */
async function uploadMultipart(portal: RunningPortal, cookie: string, proposalId: string, requiredDocumentId: string, data: { file: string; size: number }, s3rverPid: number): Promise<Measured> {
  const call = api(portal, cookie, proposalId);
  const memory = rssSampler(portal.serverPid);
  try {
    await sleep(1_000);
    const baseline = memory.now();
    memory.reset();
    const before = { portal: mainThreadSchedule(portal.serverPid), s3rver: mainThreadSchedule(s3rverPid) };
    const t0 = performance.now();
    const plan = await call<Plan>({ intent: "start", requiredDocumentId, fileName: "development-scheme.pdf", size: data.size });
    if (plan.method !== "multipart") throw new Error(`expected a multipart plan, got ${plan.method}`);
    const done = new Set((await call<{ parts: number[] }>({ intent: "status", documentId: plan.documentId })).parts);
    const queue = Array.from({ length: plan.partCount }, (_, i) => i + 1).filter((n) => !done.has(n));
    let apiMs = 0;
    let putMs = 0;
    const worker = async () => {
      for (let partNumber = queue.shift(); partNumber !== undefined; partNumber = queue.shift()) {
        let mark = performance.now();
        const { urls } = await call<{ urls: { partNumber: number; url: string }[] }>({ intent: "parts", documentId: plan.documentId, partNumbers: [partNumber] });
        const start = (partNumber - 1) * plan.partSize;
        const end = Math.min(start + plan.partSize, data.size);
        apiMs += performance.now() - mark;
        mark = performance.now();
        const sent = await putFileRange(urls[0]!.url, data.file, start, end);
        if (sent.status !== 200 || !sent.etag) throw new Error(`part ${partNumber}: ${sent.status} ${sent.body.slice(0, 300)}`);
        putMs += performance.now() - mark;
        mark = performance.now();
        await call({ intent: "part", documentId: plan.documentId, partNumber, etag: sent.etag, size: end - start });
        apiMs += performance.now() - mark;
      }
    };
    await Promise.all(Array.from({ length: settings.parallelParts }, worker));
    const t1 = performance.now();
    const after = { portal: mainThreadSchedule(portal.serverPid), s3rver: mainThreadSchedule(s3rverPid) };
    const transferPeak = memory.peak();
    memory.reset();
    const confirmed = await call<{ size: number; sha256: string }>({ intent: "confirm", documentId: plan.documentId });
    const t2 = performance.now();
    const confirmPeak = memory.peak();
    if (confirmed.size !== data.size) throw new Error(`confirmed ${confirmed.size} bytes, sent ${data.size}`);
    const transferSeconds = (t1 - t0) / 1000;
    return {
      documentId: plan.documentId,
      transferSeconds,
      confirmSeconds: (t2 - t1) / 1000,
      transferGrowthMiB: (transferPeak - baseline) / 1024,
      confirmGrowthMiB: (confirmPeak - baseline) / 1024,
      baselineMiB: baseline / 1024,
      portal: demand(before.portal, after.portal, transferSeconds),
      s3rver: demand(before.s3rver, after.s3rver, transferSeconds),
      perPart: { apiMs: apiMs / plan.partCount, putMs: putMs / plan.partCount },
      sha256: confirmed.sha256,
    };
  } finally {
    await memory.stop();
  }
}

/** The disk driver: start, then one PUT of the whole file to the portal, which streams it to storage. */
async function uploadToDisk(portal: RunningPortal, cookie: string, proposalId: string, requiredDocumentId: string, data: { file: string; size: number }): Promise<Measured> {
  const call = api(portal, cookie, proposalId);
  const memory = rssSampler(portal.serverPid);
  try {
    await sleep(1_000);
    const baseline = memory.now();
    memory.reset();
    const before = mainThreadSchedule(portal.serverPid);
    const t0 = performance.now();
    const plan = await call<Plan>({ intent: "start", requiredDocumentId, fileName: "development-scheme.pdf", size: data.size });
    if (plan.method !== "disk") throw new Error(`expected the disk driver, got ${plan.method}`);
    const sent = await putFileRange(`${portal.url}${plan.url}`, data.file, 0, data.size, { Origin: portal.url, Cookie: cookie, "Content-Type": "application/octet-stream" });
    const t1 = performance.now();
    const peak = memory.peak();
    if (sent.status !== 200) throw new Error(`disk upload: ${sent.status} ${sent.body.slice(0, 300)}`);
    const stored = JSON.parse(sent.body) as { size: number; sha256: string };
    if (stored.size !== data.size) throw new Error(`stored ${stored.size} bytes, sent ${data.size}`);
    const transferSeconds = (t1 - t0) / 1000;
    return {
      documentId: plan.documentId,
      transferSeconds,
      confirmSeconds: 0,
      transferGrowthMiB: (peak - baseline) / 1024,
      confirmGrowthMiB: 0,
      baselineMiB: baseline / 1024,
      portal: demand(before, mainThreadSchedule(portal.serverPid), transferSeconds),
      s3rver: null,
      perPart: null,
      sha256: stored.sha256,
    };
  } finally {
    await memory.stop();
  }
}

/** A client's GET of the stored object (through the portal's download link) with its SHA-256: the scale of the confirmation's read-back. */
async function timedDownload(portal: RunningPortal, cookie: string, proposalId: string, documentId: string) {
  const link = await fetch(`${portal.url}/proposals/${proposalId}/documents/${documentId}`, { headers: { Cookie: cookie }, redirect: "manual" });
  const url = link.headers.get("location");
  if (link.status !== 302 || !url) throw new Error(`download link: ${link.status}`);
  const t0 = performance.now();
  const hash = createHash("sha256");
  await new Promise<void>((resolve, reject) => {
    http
      .get(url, (response) => {
        if (response.statusCode !== 200) reject(new Error(`download: ${response.statusCode}`));
        response.on("data", (chunk: Buffer) => hash.update(chunk));
        response.on("end", resolve);
        response.on("error", reject);
      })
      .on("error", reject);
  });
  return { seconds: (performance.now() - t0) / 1000, sha256: hash.digest("hex") };
}

function awsCli(dir: string, name: string, s3Settings: string | null) {
  const aws = execFileSync("sh", ["-c", "command -v aws"], { encoding: "utf8" }).trim();
  const config = path.join(dir, `aws-config-${name}`);
  writeFileSync(config, `[default]\nregion = us-east-1\n${s3Settings ? `s3 =\n${s3Settings}\n` : ""}`);
  const env = { ...process.env, AWS_ACCESS_KEY_ID: "S3RVER", AWS_SECRET_ACCESS_KEY: "S3RVER", AWS_DEFAULT_REGION: "us-east-1", AWS_CONFIG_FILE: config, AWS_SHARED_CREDENTIALS_FILE: path.join(dir, "no-credentials") };
  return { aws, env };
}

/** `aws s3 cp` of the file to the s3rver, with its own configuration (its defaults, or the s3 settings given). */
async function awsCopy(dir: string, endpoint: string, file: string, key: string, s3rverPid: number, s3Settings: string | null) {
  const { aws, env } = awsCli(dir, key, s3Settings);
  const before = mainThreadSchedule(s3rverPid);
  const t0 = performance.now();
  await new Promise<void>((resolve, reject) => {
    const child = spawn(aws, ["s3", "cp", file, `s3://${BUCKET}/${key}`, "--endpoint-url", endpoint, "--region", "us-east-1", "--only-show-errors", "--no-progress"], { env, stdio: ["ignore", "inherit", "inherit"] });
    child.on("error", reject);
    child.on("exit", (code) => (code === 0 ? resolve() : reject(new Error(`aws s3 cp exited with ${code}`))));
  });
  const seconds = (performance.now() - t0) / 1000;
  const s3rver = demand(before, mainThreadSchedule(s3rverPid), seconds);
  const head = execFileSync(aws, ["s3api", "head-object", "--bucket", BUCKET, "--key", key, "--endpoint-url", endpoint, "--region", "us-east-1"], { env, encoding: "utf8" });
  const size = (JSON.parse(head) as { ContentLength: number }).ContentLength;
  return { seconds, s3rver, size };
}

function awsRemove(dir: string, endpoint: string, key: string) {
  const { aws, env } = awsCli(dir, `rm-${key}`, null);
  execFileSync(aws, ["s3", "rm", `s3://${BUCKET}/${key}`, "--endpoint-url", endpoint, "--region", "us-east-1", "--only-show-errors"], { env });
}

const median = (xs: number[]) => {
  const sorted = [...xs].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
};

export async function uploadBenchmark(): Promise<BenchRow[]> {
  const log = (message: string) => console.log(`[upload] ${message}`);
  const dir = tempDir("portal-bench-upload-");
  const s3Dir = path.join(dir, "s3rver");
  mkdirSync(s3Dir);
  let data: Awaited<ReturnType<typeof testFile>> | undefined;
  const benchDb = await createBenchDatabase("upload");
  let portal: RunningPortal | undefined;
  let s3: Awaited<ReturnType<typeof startS3rver>> | undefined;
  let database: Database | undefined;
  try {
    const t = performance.now();
    data = await testFile();
    log(`${data.generated ? "generated" : "reused"} ${data.file} (${settings.sizeMiB} MiB) in ${Math.round(performance.now() - t)} ms`);
    s3 = await startS3rver(s3Dir);
    const s3Env = { S3_BUCKET: BUCKET, S3_ENDPOINT: s3.endpoint, S3_FORCE_PATH_STYLE: "true", S3_REGION: "us-east-1", S3_ACCESS_KEY_ID: "S3RVER", S3_SECRET_ACCESS_KEY: "S3RVER" };
    const common = { DATABASE_URL: benchDb.url, DATABASE_POOL_SIZE: "10", SEED_DEMO_DATA: "true", LOG_LEVEL: "warn", SMTP_URL: "", ...portalFilesIn(dir) };

    // (a) S3 multipart, on a portal configured for the s3rver.
    portal = await startPortal({ ...common, ...s3Env }, { logDir: dir });
    database = createDatabase(benchDb.url, 2);
    const required = await database.requiredDocument.findFirstOrThrow({ where: { release: { code: RELEASE }, acceptedTypes: { has: "pdf" }, mandatory: true }, orderBy: { position: "asc" } });
    await database.requiredDocument.update({ where: { id: required.id }, data: { maxSizeMb: Math.max(1100, settings.sizeMiB + 10) } });
    const proposer = await database.user.findUniqueOrThrow({ where: { email: "proposer@demo.hsitp.example" } });
    const cookie = (await database.$transaction((tx) => startSession(tx, proposer.id, { userAgent: "bench/upload", ipAddress: "127.0.0.1" }))).split(";")[0]!;
    const s3Proposal = await startProposal(portal, cookie, "1W-07");
    // Alternately: the portal's upload (a new file for the same document each time: the portal deletes
    // the one it replaces), then aws s3 cp of the same file (deleted after).
    // A first, small upload warms the portal up (its first requests compile code and fill caches, which
    // grows any process whatever the file): the goal is about what a large file costs, so the measured
    // rounds follow it. Its own growth is reported too.
    log(`warm-up: ${settings.warmUpMiB} MiB through the same S3 path`);
    const s3WarmUp = await uploadMultipart(portal, cookie, s3Proposal, required.id, { file: data.file, size: settings.warmUpMiB * MiB }, s3.pid);
    const viaS3Rounds: Measured[] = [];
    const awsRounds: Awaited<ReturnType<typeof awsCopy>>[] = [];
    let readBack: Awaited<ReturnType<typeof timedDownload>> | undefined;
    for (let n = 1; n <= settings.rounds; n++) {
      log(`round ${n}/${settings.rounds}: S3 multipart upload through the portal (${settings.parallelParts} parts at a time) to ${s3.endpoint}`);
      const viaS3 = await uploadMultipart(portal, cookie, s3Proposal, required.id, data, s3.pid);
      if (viaS3.sha256 !== data.sha256) throw new Error("the S3 upload's SHA-256 differs from the file's");
      viaS3Rounds.push(viaS3);
      if (!readBack) {
        readBack = await timedDownload(portal, cookie, s3Proposal, viaS3.documentId);
        if (readBack.sha256 !== data.sha256) throw new Error("the object read back differs from the file");
      }
      log(`round ${n}/${settings.rounds}: aws s3 cp (defaults: 8 MiB parts, 10 at a time)`);
      const aws = await awsCopy(dir, s3.endpoint, data.file, `aws-default-${n}.pdf`, s3.pid, null);
      if (aws.size !== data.size) throw new Error(`aws s3 cp stored ${aws.size} bytes`);
      awsRounds.push(aws);
      awsRemove(dir, s3.endpoint, `aws-default-${n}.pdf`);
    }
    const s3Problems = portal.problems();
    await portal.stop();
    portal = undefined;
    log("aws s3 cp (16 MiB parts, 4 at a time, like the portal)");
    const awsMatched = await awsCopy(dir, s3.endpoint, data.file, "aws-matched.pdf", s3.pid, "  multipart_chunksize = 16MB\n  max_concurrent_requests = 4");
    await s3.stop();
    s3 = undefined;
    rmSync(s3Dir, { recursive: true, force: true });

    // (b) The disk driver, on a portal without S3.
    portal = await startPortal({ ...common, S3_BUCKET: "" }, { logDir: dir });
    const diskProposal = await startProposal(portal, cookie, "1W-08");
    log(`warm-up: ${settings.warmUpMiB} MiB through the same disk path`);
    const diskWarmUp = await uploadToDisk(portal, cookie, diskProposal, required.id, { file: data.file, size: settings.warmUpMiB * MiB });
    log("disk upload (one streamed PUT through the portal)");
    const viaDisk = await uploadToDisk(portal, cookie, diskProposal, required.id, data);
    if (viaDisk.sha256 !== data.sha256) throw new Error("the disk upload's SHA-256 differs from the file's");
    const diskProblems = portal.problems();

    const mb = data.size / MiB;
    const rate = (seconds: number) => mb / seconds;
    const s3Rate = median(viaS3Rounds.map((m) => rate(m.transferSeconds)));
    const s3EndToEnd = median(viaS3Rounds.map((m) => rate(m.transferSeconds + m.confirmSeconds)));
    const confirmSeconds = median(viaS3Rounds.map((m) => m.confirmSeconds));
    const awsRate = median(awsRounds.map((a) => rate(a.seconds)));
    const awsMatchedRate = rate(awsMatched.seconds);
    const diskRate = rate(viaDisk.transferSeconds);
    const ratio = s3Rate / awsRate;
    const s3Growth = { transfer: Math.max(...viaS3Rounds.map((m) => m.transferGrowthMiB)), confirm: Math.max(...viaS3Rounds.map((m) => m.confirmGrowthMiB)) };
    const s3MemoryOk = Math.max(s3Growth.transfer, s3Growth.confirm) < settings.memoryGoalMiB;
    const diskMemoryOk = viaDisk.transferGrowthMiB < settings.memoryGoalMiB;
    const s3rverPortal = median(viaS3Rounds.map((m) => m.s3rver!.demandPercent));
    const s3rverAws = median(awsRounds.map((a) => a.s3rver.demandPercent));
    const busy = (percent: number) => percent >= 90;
    const thread = (d: { runPercent: number; demandPercent: number }) => `${round(d.runPercent)} % of a core (${round(d.demandPercent)} % with waiting for one)`;
    const list = (xs: number[], digits = 1) => xs.map((x) => round(x, digits)).join(", ");

    console.log(`
Upload of ${mb} MiB (sha256 ${data.sha256.slice(0, 16)}…), ${settings.rounds} round(s) each, medians; ${machineLoad()}
  (a) S3 multipart through the portal, ${settings.parallelParts} parts of 16 MiB at a time (presign, PUT, record each):
      transfer ${round(s3Rate, 1)} MiB/s (rounds: ${list(viaS3Rounds.map((m) => rate(m.transferSeconds)))} MiB/s)
      per part: ${list(viaS3Rounds.map((m) => m.perPart!.apiMs), 0)} ms in the portal's two API calls, ${list(viaS3Rounds.map((m) => m.perPart!.putMs), 0)} ms in the PUT to s3rver
      confirm ${round(confirmSeconds, 1)} s (rounds: ${list(viaS3Rounds.map((m) => m.confirmSeconds))} s): s3rver joins the parts, the portal reads the object back (checking and hashing it) and copies it to the document's own key
        for scale, a client's GET + SHA-256 of the stored object: ${round(readBack!.seconds, 1)} s = ${round(mb / readBack!.seconds, 1)} MiB/s
      end to end (transfer + confirm) ${round(s3EndToEnd, 1)} MiB/s
      first upload after start (${settings.warmUpMiB} MiB, warm-up): RSS growth ${round(Math.max(s3WarmUp.transferGrowthMiB, s3WarmUp.confirmGrowthMiB), 1)} MiB, whatever the file's size: code compiled and caches filled on first use
      then, portal RSS before: ${list(viaS3Rounds.map((m) => m.baselineMiB), 0)} MiB; growth during the transfer ${list(viaS3Rounds.map((m) => m.transferGrowthMiB))} MiB, during the confirmation ${list(viaS3Rounds.map((m) => m.confirmGrowthMiB))} MiB (goal < ${settings.memoryGoalMiB})
      event loops during the transfer: portal ${viaS3Rounds.map((m) => thread(m.portal)).join(", ")}; s3rver ${viaS3Rounds.map((m) => thread(m.s3rver!)).join(", ")}
  aws s3 cp, defaults (8 MiB parts, 10 at a time): ${round(awsRate, 1)} MiB/s (rounds: ${list(awsRounds.map((a) => rate(a.seconds)))} MiB/s), its join of the parts included; s3rver ${awsRounds.map((a) => thread(a.s3rver)).join(", ")}
  aws s3 cp, 16 MiB parts 4 at a time (once):      ${round(awsMatchedRate, 1)} MiB/s; s3rver ${thread(awsMatched.s3rver)}
  portal ÷ aws s3 cp: transfer ${round(ratio, 2)} (goal ≥ ${settings.ratioGoal}); end to end, with the portal's confirmation, ${round(s3EndToEnd / awsRate, 2)}
  (b) disk driver, one streamed PUT through the portal: ${round(viaDisk.transferSeconds, 1)} s = ${round(diskRate, 1)} MiB/s (stored, checked, hashed, recorded)
      first upload after start (${settings.warmUpMiB} MiB, warm-up): RSS growth ${round(diskWarmUp.transferGrowthMiB, 1)} MiB
      then, portal RSS ${round(viaDisk.baselineMiB)} MiB before; growth ${round(viaDisk.transferGrowthMiB, 1)} MiB (goal < ${settings.memoryGoalMiB}); portal event loop ${thread(viaDisk.portal)}
  ${
    busy(s3rverPortal) && busy(s3rverAws)
      ? "s3rver is the bottleneck: its single event loop wanted a CPU all the time, for the portal's upload and for aws s3 cp alike."
      : busy(s3rverPortal) || busy(s3rverAws)
        ? `s3rver was busy (event loop running or waiting to run ${round(s3rverPortal)} % / ${round(s3rverAws)} % of the time): it limits ${busy(s3rverAws) ? "aws s3 cp" : "the portal's upload"}.`
        : `s3rver was not the bottleneck (event loop running or waiting to run ${round(s3rverPortal)} % of the time during the portal's upload, ${round(s3rverAws)} % during aws s3 cp).`
  }`);
    for (const [problem, count] of summariseProblems([...s3Problems, ...diskProblems])) console.log(`  server log: ${count} × ${problem}`);
    const passed = s3MemoryOk && diskMemoryOk && ratio >= settings.ratioGoal && s3Problems.length + diskProblems.length === 0;
    console.log(`UPLOAD: ${passed ? "PASS" : "FAIL"}\n`);

    const row = (name: string, value: string | number, unit: string, goal = "", ok?: boolean): BenchRow => ({ case: `upload ${mb} MiB: ${name}`, value, unit, goal, pass: ok === undefined ? "" : ok ? "yes" : "NO" });
    return [
      row("S3 multipart transfer throughput (median)", round(s3Rate, 1), "MiB/s"),
      row("S3 confirm (join + read-back, SHA-256, copy)", round(confirmSeconds, 1), "s"),
      row(`S3 portal RSS growth, first upload after start (${settings.warmUpMiB} MiB)`, round(Math.max(s3WarmUp.transferGrowthMiB, s3WarmUp.confirmGrowthMiB), 1), "MiB"),
      row("S3 portal RSS growth, transfer / confirm (max)", `${round(s3Growth.transfer, 1)} / ${round(s3Growth.confirm, 1)}`, "MiB", `< ${settings.memoryGoalMiB}`, s3MemoryOk),
      row("aws s3 cp throughput (defaults / 16 MiB×4)", `${round(awsRate, 1)} / ${round(awsMatchedRate, 1)}`, "MiB/s"),
      row("S3 transfer ÷ aws s3 cp (defaults)", round(ratio, 2), "ratio", `≥ ${settings.ratioGoal}`, ratio >= settings.ratioGoal),
      row("S3 transfer + confirm ÷ aws s3 cp (end to end)", round(s3EndToEnd / awsRate, 2), "ratio"),
      row("s3rver event loop busy, portal upload / aws s3 cp", `${round(s3rverPortal)} / ${round(s3rverAws)}`, "% of wall", "< 90 (else s3rver bound)"),
      row("disk driver streamed PUT throughput", round(diskRate, 1), "MiB/s"),
      row("disk driver portal RSS growth", round(viaDisk.transferGrowthMiB, 1), "MiB", `< ${settings.memoryGoalMiB}`, diskMemoryOk),
    ];
  } finally {
    await database?.$disconnect();
    await portal?.stop();
    await s3?.stop();
    await benchDb.drop();
    removeAll(dir);
    if (data && !settings.keepFile) rmSync(data.file, { force: true });
  }
}
