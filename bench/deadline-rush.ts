import { randomUUID } from "node:crypto";
import { copyFileSync, readFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { verifyAuditChain } from "../app/platform/audit.server.ts";
import { startSession } from "../app/accounts/sessions.server.ts";
import { createDatabase, type Database } from "../app/platform/database/db.server.ts";
import { plainSubmissions } from "./rush-baseline.ts";
import {
  createBenchDatabase,
  mapLimit,
  percentile,
  portalFilesIn,
  removeAll,
  root,
  round,
  rssSampler,
  sleep,
  startPortal,
  summariseProblems,
  demand,
  machineLoad,
  mainThreadSchedule,
  advisoryLockSampler,
  tempDir,
  type BenchRow,
  type RunningPortal,
} from "./support.ts";

/**
 * The deadline rush: N proposers (each in an organisation of their own, with a complete draft
 * for a plot of the demo's open release) all submit in the last minute before the deadline, and a
 * tenth of them just after it. Real PostgreSQL, the production build under `npm start`, every
 * submission an HTTP form POST. Afterwards the database must agree with every answer given.
 */

const RELEASE = "HSITP-2026-02";
const settings = {
  proposers: Number(process.env.BENCH_RUSH_PROPOSERS) || 500,
  latePercent: Number(process.env.BENCH_RUSH_LATE_PERCENT ?? 10),
  poolSize: Number(process.env.BENCH_RUSH_POOL_SIZE) || 20,
  /** The deadline, this long after the drafts are ready. */
  deadlineInMs: Number(process.env.BENCH_RUSH_DEADLINE_IN_MS) || 65_000,
  /** The on-time burst fires this long before the deadline. */
  leadMs: Number(process.env.BENCH_RUSH_LEAD_MS) || 45_000,
  /** The late burst fires this long after it. */
  lateMs: Number(process.env.BENCH_RUSH_LATE_MS) || 1_000,
  /** Requests at a time while the drafts are prepared. */
  prepareConcurrency: 16,
};

export const fields = {
  developmentScheme: "A wet-lab research centre of four storeys around a shared courtyard.",
  intendedSectors: ["life_health_technology", "ai_data_science"],
  grossFloorAreaM2: "1000",
  programme: "Design 2026, construction 2027 to 2029, opening 2030.",
  trackRecord: "Three laboratories built and run in Hong Kong since 2012.",
  jobsTalentPlan: "180 research posts, 40 graduate places each year.",
  // The demo's open release asks for countable promises (structured commitments), the first
  // milestone after the deadline's day.
  researchPosts: "180",
  graduatePlaces: "40",
  designApprovalBy: "2027-09-30",
  constructionStartBy: "2028-01-15",
  toppingOutBy: "2029-03-31",
  completionBy: "2029-12-31",
  openingBy: "2030-03-31",
  landPremiumHkd: "1250000000",
  investmentCommitmentHkd: "4000000000",
};

/**
 * The form as the browser sends it: saving, the proposal page's fields; submitting, the "Check your
 * proposal" page's (`/proposals/:id/check`): the revision and documents it showed, and the declaration.
 */
export function formOf(revision: number, intent: "save" | "submit", seenDocuments: string[] = []) {
  const form = new URLSearchParams();
  form.set("revision", String(revision));
  if (intent === "submit") {
    for (const id of seenDocuments) form.append("seenDocument", id);
    form.set("declaration", "on");
  } else {
    for (const [name, value] of Object.entries(fields)) {
      for (const v of Array.isArray(value) ? value : [value]) form.append(name, v);
    }
  }
  form.set("intent", intent);
  return form;
}

/** Where a submission is posted: the check page (since the proposal journey of issue 14). */
export const submitPath = (proposalId: string) => `/proposals/${proposalId}/check`;

export interface Proposer {
  index: number;
  userId: string;
  cookie: string;
  plot: string;
  proposalId: string;
  documentIds: string[];
  late: boolean;
}

interface Outcome {
  proposer: Proposer;
  sentAt: number;
  answeredAt: number;
  status: number;
  receiptNumber: string | null;
  deadlineRefusal: boolean;
  detail: string;
}

export function client(portal: RunningPortal) {
  const headers = (cookie: string, extra: Record<string, string> = {}) => ({ Origin: portal.url, Cookie: cookie, "Accept-Language": "en", ...extra });
  return {
    async form(cookie: string, pathname: string, form: URLSearchParams, signal?: AbortSignal) {
      return fetch(`${portal.url}${pathname}`, { method: "POST", headers: headers(cookie), body: form, redirect: "manual", signal });
    },
    async json<T>(cookie: string, pathname: string, body: unknown): Promise<T> {
      const response = await fetch(`${portal.url}${pathname}`, { method: "POST", headers: headers(cookie, { "Content-Type": "application/json" }), body: JSON.stringify(body) });
      if (!response.ok) throw new Error(`POST ${pathname} ${JSON.stringify(body)}: ${response.status} ${await response.text()}`);
      return (await response.json()) as T;
    },
    async put(cookie: string, pathname: string, bytes: Buffer) {
      const response = await fetch(`${portal.url}${pathname}`, { method: "PUT", headers: headers(cookie, { "Content-Type": "application/octet-stream" }), body: new Uint8Array(bytes) });
      if (!response.ok) throw new Error(`PUT ${pathname}: ${response.status} ${await response.text()}`);
      return response.json();
    },
    async get(cookie: string, pathname: string) {
      return fetch(`${portal.url}${pathname}`, { headers: headers(cookie), redirect: "manual" });
    },
  };
}

/** Accounts, organisations, memberships and sessions, straight into the database. */
export async function createProposers(database: Database, count: number, plots: string[]): Promise<Omit<Proposer, "proposalId" | "documentIds">[]> {
  const now = new Date();
  const lateEvery = settings.latePercent > 0 ? Math.round(100 / settings.latePercent) : Infinity;
  const people = Array.from({ length: count }, (_, index) => ({
    index,
    userId: randomUUID(),
    organisationId: randomUUID(),
    plot: plots[index % plots.length]!,
    // Every tenth proposer (spread over the plots) submits late.
    late: (index + 1) % lateEvery === 0,
  }));
  const tag = (i: number) => String(i + 1).padStart(4, "0");
  await database.user.createMany({
    data: people.map((p) => ({ id: p.userId, email: `rush-${tag(p.index)}@bench.example`, name: `Rush Proposer ${tag(p.index)}`, passwordHash: "not-a-hash", emailVerifiedAt: now })),
  });
  await database.organisation.createMany({
    data: people.map((p) => ({ id: p.organisationId, name: `Rush Developments ${tag(p.index)} Limited`, registrationNumber: `BENCH-RUSH-${tag(p.index)}`, origin: "hong_kong", focusSectors: ["life_health_technology"] })),
  });
  await database.membership.createMany({ data: people.map((p) => ({ userId: p.userId, organisationId: p.organisationId, role: "owner" })) });
  return mapLimit(people, 8, async (p) => {
    const setCookie = await database.$transaction((tx) => startSession(tx, p.userId, { userAgent: "bench/deadline-rush", ipAddress: "127.0.0.1" }));
    return { index: p.index, userId: p.userId, cookie: setCookie.split(";")[0]!, plot: p.plot, late: p.late };
  });
}

/** Over HTTP, as each proposer's browser would: start the proposal, upload the mandatory files, save the draft. */
export async function prepareDraft(http: ReturnType<typeof client>, proposer: Omit<Proposer, "proposalId" | "documentIds">, required: { id: string; nameEn: string; kind: string }[]): Promise<Proposer> {
  const started = await http.form(proposer.cookie, "/proposals", new URLSearchParams({ release: RELEASE, plot: proposer.plot }));
  const proposalId = started.headers.get("location")?.match(/^\/proposals\/([0-9a-f-]{36})$/)?.[1];
  if (started.status !== 302 || !proposalId) throw new Error(`starting a proposal: ${started.status} ${await started.text()}`);
  const documentIds: string[] = [];
  for (const document of required) {
    const bytes = document.kind === "pdf" ? Buffer.from(`%PDF-1.7\n% ${document.nameEn} of proposer ${proposer.index}\n%%EOF\n`) : Buffer.from(`PK\x03\x04 ${document.nameEn} ${proposer.index}`, "latin1");
    const plan = await http.json<{ method: string; url: string; documentId: string }>(proposer.cookie, `/proposals/${proposalId}/uploads`, {
      intent: "start",
      requiredDocumentId: document.id,
      fileName: `${document.nameEn}.${document.kind}`,
      size: bytes.length,
    });
    if (plan.method !== "disk") throw new Error(`expected the disk driver, got ${plan.method}`);
    await http.put(proposer.cookie, plan.url, bytes);
    documentIds.push(plan.documentId);
  }
  const saved = await http.form(proposer.cookie, `/proposals/${proposalId}`, formOf(1, "save"));
  if (saved.status !== 302) throw new Error(`saving the draft: ${saved.status} ${(await saved.text()).slice(0, 300)}`);
  return { ...proposer, proposalId, documentIds };
}

async function submit(http: ReturnType<typeof client>, proposer: Proposer, deadlineMessage: string): Promise<Outcome> {
  const sentAt = Date.now();
  try {
    const response = await http.form(proposer.cookie, submitPath(proposer.proposalId), formOf(2, "submit", proposer.documentIds), AbortSignal.timeout(180_000));
    const answeredAt = Date.now();
    const location = response.headers.get("location") ?? "";
    const receiptNumber = location.match(new RegExp(`^/proposals/${proposer.proposalId}/submitted/(R-[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4})$`))?.[1] ?? null;
    const body = await response.text();
    const deadlineRefusal = response.status === 409 && body.includes(deadlineMessage);
    // What the page says (its alerts), or the start of the body.
    const alerts = [...body.matchAll(/role="alert"[^>]*>(.*?)<\/(?:div|p|section)>/gs)].map((m) => m[1]!.replace(/<[^>]+>/g, " ").replace(/\s+/g, " ").trim());
    const detail = receiptNumber || deadlineRefusal ? "" : `${response.status} ${location} ${alerts.length ? alerts.join(" | ") : body.replace(/\s+/g, " ").slice(0, 300)}`;
    return { proposer, sentAt, answeredAt, status: response.status, receiptNumber, deadlineRefusal, detail };
  } catch (error) {
    return { proposer, sentAt, answeredAt: Date.now(), status: 0, receiptNumber: null, deadlineRefusal: false, detail: String(error) };
  }
}

export async function deadlineRushBenchmark(): Promise<BenchRow[]> {
  const log = (message: string) => console.log(`[deadline-rush] ${message}`);
  const dir = tempDir("portal-bench-rush-");
  const benchDb = await createBenchDatabase("rush");
  let portal: RunningPortal | undefined;
  let database: Database | undefined;
  try {
    log(`database ${benchDb.name}; starting the portal (migrate + seed), pool ${settings.poolSize}`);
    portal = await startPortal({ DATABASE_URL: benchDb.url, DATABASE_POOL_SIZE: String(settings.poolSize), SEED_DEMO_DATA: "true", LOG_LEVEL: process.env.BENCH_LOG_LEVEL || "warn", S3_BUCKET: "", SMTP_URL: "", ...portalFilesIn(dir) }, { logDir: dir });
    database = createDatabase(benchDb.url, 8);
    const http = client(portal);

    const release = await database.release.findUniqueOrThrow({
      where: { code: RELEASE },
      include: { plots: { include: { plot: true }, orderBy: { position: "asc" } }, requiredDocuments: { where: { mandatory: true }, orderBy: { position: "asc" } } },
    });
    const plots = release.plots.filter((p) => !p.withdrawnAt && p.plot.maxGfaM2 >= Number(fields.grossFloorAreaM2)).map((p) => p.plot.code);
    const required = release.requiredDocuments.map((r) => ({ id: r.id, nameEn: r.nameEn, kind: r.acceptedTypes[0]! }));

    let started = performance.now();
    const people = await createProposers(database, settings.proposers, plots);
    log(`${people.length} proposers with sessions in ${Math.round(performance.now() - started)} ms`);
    started = performance.now();
    const proposers = await mapLimit(people, settings.prepareConcurrency, (p) => prepareDraft(http, p, required));
    const prepareMs = performance.now() - started;
    const stored = await database.proposalDocument.count({ where: { proposal: { releaseId: release.id }, state: "stored", inDraft: true } });
    log(`${proposers.length} complete drafts (${stored} documents uploaded over HTTP) in ${Math.round(prepareMs)} ms`);
    if (stored !== proposers.length * required.length) throw new Error(`expected ${proposers.length * required.length} stored documents, found ${stored}`);

    // The deadline, set on the database's clock (the one the portal judges by).
    const [set] = await database.$queryRaw<{ deadline: Date; now: Date }[]>`
      UPDATE "Release" SET "submissionDeadline" = date_trunc('milliseconds', clock_timestamp()) + make_interval(secs => ${settings.deadlineInMs / 1000})
      WHERE id = ${release.id}::uuid RETURNING "submissionDeadline" AS deadline, clock_timestamp() AS now`;
    const localAtSet = Date.now();
    const deadline = set!.deadline.getTime();
    // The database's clock against ours (same machine: a few ms at most).
    const clockOffset = set!.now.getTime() - localAtSet;
    const localDeadline = deadline - clockOffset;
    log(`deadline ${set!.deadline.toISOString()} (in ${Math.round((localDeadline - Date.now()) / 1000)} s; database clock ${clockOffset >= 0 ? "+" : ""}${clockOffset} ms from ours)`);

    const deadlineMessage = (JSON.parse(readFileSync(path.join(root, "app/platform/i18n/locales/en/common.json"), "utf8")) as { proposals: { errors: { deadlinePassed: string } } }).proposals.errors.deadlinePassed;
    const onTime = proposers.filter((p) => !p.late);
    const late = proposers.filter((p) => p.late);

    const memory = rssSampler(portal.serverPid);
    await sleep(localDeadline - settings.leadMs - Date.now() - 1_000);
    memory.reset();
    const rssBefore = memory.now();
    await sleep(localDeadline - settings.leadMs - Date.now());
    log(`firing ${onTime.length} submissions at once, ${settings.leadMs / 1000} s before the deadline`);
    const { serverPid } = portal;
    const loopBefore = mainThreadSchedule(serverPid);
    const locks = advisoryLockSampler(benchDb.name);
    const firedAt = Date.now();
    let burstLoop: ReturnType<typeof demand> | undefined;
    // The portal's event loop over the on-time burst only: from the first submission to its last
    // answer (over the wait for the late burst too, it would read a fifth of what it is).
    const onTimeOutcomes = Promise.all(onTime.map((p) => submit(http, p, deadlineMessage))).then((answers) => {
      burstLoop = demand(loopBefore, mainThreadSchedule(serverPid), (Date.now() - firedAt) / 1000);
      return answers;
    });
    await sleep(localDeadline + settings.lateMs - Date.now());
    log(`firing ${late.length} submissions at once, ${settings.lateMs / 1000} s after the deadline`);
    const lateOutcomes = Promise.all(late.map((p) => submit(http, p, deadlineMessage)));
    const outcomes = [...(await onTimeOutcomes), ...(await lateOutcomes)];
    const loop = burstLoop!;
    const lockWaits = await locks.stop();
    const peakRss = memory.peak();
    await memory.stop();
    const lastAnswer = Math.max(...outcomes.map((o) => o.answeredAt));
    log(`all answered; the last ${Math.round(lastAnswer - localDeadline)} ms after the deadline`);

    // ——— What the database says ———
    const versions = await database.proposalVersion.findMany({
      where: { proposal: { releaseId: release.id } },
      select: { proposalId: true, receiptNumber: true, receivedAt: true, number: true },
    });
    const byReceipt = new Map(versions.map((v) => [v.receiptNumber, v]));
    const versionsOf = new Map<string, typeof versions>();
    for (const v of versions) versionsOf.set(v.proposalId, [...(versionsOf.get(v.proposalId) ?? []), v]);
    const receiptCounts = new Map<string, number>();
    for (const v of versions) receiptCounts.set(v.receiptNumber, (receiptCounts.get(v.receiptNumber) ?? 0) + 1);

    const accepted = outcomes.filter((o) => o.receiptNumber);
    const refused = outcomes.filter((o) => o.deadlineRefusal);
    const unexpected = outcomes.filter((o) => !o.receiptNumber && !o.deadlineRefusal);
    const lost = accepted.filter((o) => byReceipt.get(o.receiptNumber!)?.proposalId !== o.proposer.proposalId);
    const duplicates = [...receiptCounts.values()].filter((n) => n > 1).length;
    const twice = [...versionsOf.values()].filter((vs) => vs.length > 1).length;
    const acknowledged = new Set(accepted.map((o) => o.receiptNumber));
    const unacknowledged = versions.filter((v) => !acknowledged.has(v.receiptNumber));
    const acceptedLate = accepted.filter((o) => byReceipt.get(o.receiptNumber!)!.receivedAt.getTime() >= deadline);
    // On time: answered before the deadline, or recorded as received before it.
    const answeredBeforeDeadline = outcomes.filter((o) => o.answeredAt + clockOffset < deadline);
    const onTimeWithoutReceipt = answeredBeforeDeadline.filter((o) => !o.receiptNumber);
    const refusedWithVersion = refused.filter((o) => (versionsOf.get(o.proposer.proposalId) ?? []).length > 0);
    const lateOutcomesList = outcomes.filter((o) => o.proposer.late);
    const lateNotRefused = lateOutcomesList.filter((o) => !o.deadlineRefusal || (versionsOf.get(o.proposer.proposalId) ?? []).length > 0);
    const sentOnTimeRefused = outcomes.filter((o) => !o.proposer.late && o.deadlineRefusal);
    const outbox = await database.outboxEmail.count({ where: { template: "proposalSubmitted" } });
    // This release's only: the demo park's finished tender has submissions of its own.
    const auditSubmitted = await database.auditEvent.count({ where: { action: "proposal.submitted", data: { path: ["release"], equals: RELEASE } } });
    const chain = await verifyAuditChain(database);
    const releaseAfter = await database.release.findUniqueOrThrow({ where: { id: release.id }, select: { state: true } });
    const receiptPages = await mapLimit(accepted, 16, async (o) => (await http.get(o.proposer.cookie, `/proposals/${o.proposer.proposalId}/receipts/${o.receiptNumber}`)).status);
    const problems = portal.problems();

    const latency = (list: Outcome[]) => list.map((o) => o.answeredAt - o.sentAt);
    const onTimeLatency = latency(outcomes.filter((o) => !o.proposer.late));
    const lateLatency = latency(lateOutcomesList);
    const allLatency = latency(outcomes);
    const lastOnTimeAnswer = Math.max(...outcomes.filter((o) => !o.proposer.late).map((o) => o.answeredAt));
    const burstSeconds = (lastOnTimeAnswer - Math.min(...outcomes.filter((o) => !o.proposer.late).map((o) => o.sentAt))) / 1000;

    const checks: [string, number, number][] = [
      ["lost: answered with a receipt, no version in the database", lost.length, 0],
      ["duplicate receipt numbers", duplicates, 0],
      ["proposals with more than one version", twice, 0],
      ["versions whose submitter got no receipt (unacknowledged)", unacknowledged.length, 0],
      ["accepted with receivedAt at or after the deadline", acceptedLate.length, 0],
      ["answered before the deadline without a receipt", onTimeWithoutReceipt.length, 0],
      ["late submissions not refused with 409 (or leaving a version)", lateNotRefused.length, 0],
      ["deadline refusals that left a version", refusedWithVersion.length, 0],
      ["errors or unexpected answers (5xx, other 4xx, network)", unexpected.length, 0],
      ["receipt pages not 200 after the redirect", receiptPages.filter((s) => s !== 200).length, 0],
      ["audit chain broken", chain.valid ? 0 : 1, 0],
      ["receipt emails queued ≠ versions", Math.abs(outbox - versions.length), 0],
      ["proposal.submitted audit entries ≠ versions", Math.abs(auditSubmitted - versions.length), 0],
      ["server errors logged (level ≥ error)", problems.length, 0],
    ];
    // The plain baseline (the same reads and writes per submission through pg, as many at once over
    // the same pool size), run on the accepted proposals once every check above has been read; the
    // audit chain must still hold after it.
    const plain = await plainSubmissions(benchDb.url, accepted.map((o) => o.proposer.proposalId), settings.poolSize);
    const chainAfterPlain = await verifyAuditChain(database);
    checks.push(["plain baseline: submissions not done", accepted.length - plain.submitted, 0], ["audit chain broken after the plain baseline", chainAfterPlain.valid ? 0 : 1, 0]);
    const throughput = accepted.length / burstSeconds;
    const plainThroughput = plain.submitted / plain.seconds;
    const throughputRatio = throughput / plainThroughput;
    const failed = checks.filter(([, value, goal]) => value !== goal);
    const passed = failed.length === 0;

    console.log(`
Deadline rush — ${proposers.length} proposers, ${onTime.length} fired ${settings.leadMs / 1000} s before the deadline, ${late.length} fired ${settings.lateMs / 1000} s after it
  drafts prepared over HTTP (start, ${required.length} uploads, save each): ${round(prepareMs / 1000, 1)} s
  accepted with a receipt (302 → receipt):  ${accepted.length}
  refused at the deadline (409):            ${refused.length}  (of them sent before the deadline but reached the database after it: ${sentOnTimeRefused.length})
  other answers:                            ${unexpected.length}
  versions in the database:                 ${versions.length}; release now ${releaseAfter.state}
  on-time burst: all ${onTime.length} answered in ${round(burstSeconds, 2)} s (last answer ${round((lastOnTimeAnswer - localDeadline) / 1000, 2)} s from the deadline)
  submit latency, on-time burst: p50 ${Math.round(percentile(onTimeLatency, 50))} ms, p99 ${Math.round(percentile(onTimeLatency, 99))} ms, max ${Math.round(Math.max(...onTimeLatency))} ms
  submission throughput: ${round(throughput, 1)} a second, against ${round(plainThroughput, 1)} a second for the plain baseline (same reads and writes through pg, ${plain.submitted} at once, ${round(plain.seconds, 2)} s): ${round(throughputRatio, 2)} of it
  connections waiting for the audit chain's advisory lock: ${round(lockWaits.share * 100)} % of busy connection samples (${lockWaits.advisory} of ${lockWaits.busy}, every 100 ms)
  the other busy connection samples: ${lockWaits.otherLocks} waiting for a row or other lock, ${lockWaits.idleInTransaction} idle in a transaction (waiting for the portal's next statement)
  submit latency, late burst:    p50 ${Math.round(percentile(lateLatency, 50))} ms, p99 ${Math.round(percentile(lateLatency, 99))} ms
  server RSS: ${Math.round(rssBefore / 1024)} MiB before, peak ${Math.round(peakRss / 1024)} MiB
  server event loop over the on-time burst (first submission to last answer): ${round(loop.runPercent)} % of a core, ${round(loop.demandPercent)} % with waiting for one; ${machineLoad()}
  audit chain: ${chain.valid ? `valid (${chain.entries} entries)` : `BROKEN at ${chain.firstBroken} (${chain.reason})`}
Checks:
${checks.map(([name, value, goal]) => `  ${value === goal ? "ok  " : "FAIL"} ${name}: ${value}`).join("\n")}`);
    const byStatus = new Map<string, number>();
    for (const o of unexpected) byStatus.set(`${o.status || "no answer"} (${o.proposer.late ? "late" : "on time"})`, (byStatus.get(`${o.status || "no answer"} (${o.proposer.late ? "late" : "on time"})`) ?? 0) + 1);
    for (const [status, count] of byStatus) console.log(`  unexpected answers: ${count} × ${status}`);
    for (const o of unexpected.slice(0, 3)) console.log(`    e.g. proposer ${o.proposer.index}: ${o.detail.slice(0, 200)}`);
    for (const [problem, count] of summariseProblems(problems)) console.log(`  server log: ${count} × ${problem}`);
    if (sentOnTimeRefused.length > 0) {
      console.log(`  note: ${sentOnTimeRefused.length} submissions sent ${settings.leadMs / 1000} s before the deadline were refused: the server reached them only after it (queueing).`);
    }
    if (!passed || process.env.BENCH_KEEP_LOGS) {
      const kept = path.join(os.tmpdir(), `portal-bench-rush-${Date.now()}.log`);
      copyFileSync(portal.logFile, kept);
      console.log(`  the portal's log: ${kept}`);
    }
    console.log(`DEADLINE RUSH: ${passed ? "PASS" : `FAIL (${failed.map(([name]) => name).join("; ")})`}\n`);

    const row = (name: string, value: string | number, unit: string, goal = "", ok?: boolean): BenchRow => ({ case: `deadline rush: ${name}`, value, unit, goal, pass: ok === undefined ? "" : ok ? "yes" : "NO" });
    return [
      row("submissions accepted / refused at deadline / other", `${accepted.length} / ${refused.length} / ${unexpected.length}`, "count", `${onTime.length} on time, ${late.length} late; 0 other`, unexpected.length === 0),
      row("lost or unacknowledged submissions", lost.length + unacknowledged.length, "count", "0", lost.length + unacknowledged.length === 0),
      row("duplicate receipt numbers", duplicates + twice, "count", "0", duplicates + twice === 0),
      row("on time without receipt / late accepted", `${onTimeWithoutReceipt.length + acceptedLate.length} / ${lateNotRefused.length}`, "count", "0 / 0", onTimeWithoutReceipt.length + acceptedLate.length + lateNotRefused.length === 0),
      row("throughput ÷ plain pg baseline (submissions a second)", `${round(throughputRatio, 2)} (${round(throughput, 1)} ÷ ${round(plainThroughput, 1)})`, "ratio", "≥ 0.25", throughputRatio >= 0.25),
      row("busy connections waiting for the audit chain's lock", round(lockWaits.share * 100), "%"),
      row("submit latency p50 / p99 (on-time burst)", `${Math.round(percentile(onTimeLatency, 50))} / ${Math.round(percentile(onTimeLatency, 99))}`, "ms"),
      row("submit latency p50 / p99 (all)", `${Math.round(percentile(allLatency, 50))} / ${Math.round(percentile(allLatency, 99))}`, "ms"),
      row("all checks", passed ? "PASS" : "FAIL", "", "PASS", passed),
    ];
  } finally {
    await database?.$disconnect();
    await portal?.stop();
    await benchDb.drop();
    removeAll(dir);
  }
}
