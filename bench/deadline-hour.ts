import { verifyAuditChain } from "../app/platform/audit.server.ts";
import { createDatabase, type Database } from "../app/platform/database/db.server.ts";
import { client, createProposers, fields, formOf, prepareDraft, submitPath, type Proposer } from "./deadline-rush.ts";
import { createBenchDatabase, machineLoad, mapLimit, percentile, portalFilesIn, removeAll, round, sleep, startPortal, summariseProblems, tempDir, type BenchRow, type RunningPortal } from "./support.ts";

/**
 * The last minutes before a deadline, everything at once (issue 7): visitors browse the public
 * pages, proposers save their drafts, upload documents and submit (and submit again), against the
 * production build on PostgreSQL, for five minutes. The deadline falls 30 s before the end, so the
 * last writes must be refused for it, and nothing else may fail. Figures per kind of request.
 */

const RELEASE = "HSITP-2026-02";
const settings = {
  seconds: Number(process.env.BENCH_HOUR_SECONDS) || 300,
  proposers: Number(process.env.BENCH_HOUR_PROPOSERS) || 60,
  visitors: Number(process.env.BENCH_HOUR_VISITORS) || 10,
  afterDeadlineSeconds: 30,
  poolSize: 20,
};

type Kind = "browse" | "save" | "upload" | "submit";
interface Answer {
  kind: Kind;
  ms: number;
  /** ok, refused for the deadline, or anything else (an error). */
  outcome: "ok" | "deadline" | "error";
  detail: string;
}

export async function deadlineHourBenchmark(): Promise<BenchRow[]> {
  const log = (message: string) => console.log(`[deadline-hour] ${message}`);
  const dir = tempDir("portal-bench-hour-");
  const benchDb = await createBenchDatabase("hour");
  let portal: RunningPortal | undefined;
  let database: Database | undefined;
  try {
    portal = await startPortal({ DATABASE_URL: benchDb.url, DATABASE_POOL_SIZE: String(settings.poolSize), LOG_LEVEL: "warn", S3_BUCKET: "", SMTP_URL: "", ...portalFilesIn(dir) }, { logDir: dir });
    database = createDatabase(benchDb.url, 8);
    const db = database;
    const http = client(portal);
    const release = await db.release.findUniqueOrThrow({
      where: { code: RELEASE },
      include: { plots: { include: { plot: true } }, requiredDocuments: { where: { mandatory: true }, orderBy: { position: "asc" } } },
    });
    const plots = release.plots.filter((p) => !p.withdrawnAt && p.plot.maxGfaM2 >= Number(fields.grossFloorAreaM2)).map((p) => p.plot.code);
    const required = release.requiredDocuments.map((r) => ({ id: r.id, nameEn: r.nameEn, kind: r.acceptedTypes[0]! }));
    const people = await createProposers(db, settings.proposers, plots);
    const proposers = await mapLimit(people, 8, (p) => prepareDraft(http, p, required));
    log(`${proposers.length} proposers with complete drafts; ${settings.visitors} visitors; ${settings.seconds} s, the deadline ${settings.afterDeadlineSeconds} s before the end`);

    const [set] = await db.$queryRaw<{ deadline: Date }[]>`
      UPDATE "Release" SET "submissionDeadline" = date_trunc('milliseconds', clock_timestamp()) + make_interval(secs => ${settings.seconds - settings.afterDeadlineSeconds})
      WHERE id = ${release.id}::uuid RETURNING "submissionDeadline" AS deadline`;
    const deadline = set!.deadline.getTime();
    const end = Date.now() + settings.seconds * 1000;
    const answers: Answer[] = [];
    const timed = async (kind: Kind, run: () => Promise<{ status: number; ok: boolean; body?: string }>) => {
      const start = performance.now();
      try {
        const { status, ok, body = "" } = await run();
        const deadlineRefusal = status === 409 && /deadline|截止/i.test(body);
        answers.push({ kind, ms: performance.now() - start, outcome: ok ? "ok" : deadlineRefusal ? "deadline" : "error", detail: ok ? "" : `${status} ${body.replace(/\s+/g, " ").slice(0, 160)}` });
      } catch (error) {
        answers.push({ kind, ms: performance.now() - start, outcome: "error", detail: String(error).slice(0, 160) });
      }
    };
    const pages = ["/", "/releases", `/releases/${RELEASE}`, `/plots/${plots[0]}`, "/releases/HSITP-2026-01"];
    const visitor = async (n: number) => {
      for (let i = n; Date.now() < end; i++) {
        const page = pages[i % pages.length]!;
        await timed("browse", async () => {
          const response = await fetch(`${portal!.url}${page}`);
          return { status: response.status, ok: response.status === 200, body: response.ok ? "" : await response.text() };
        });
      }
    };
    const draftOf = (p: Proposer) => db.proposal.findUniqueOrThrow({ where: { id: p.proposalId }, include: { documents: { where: { inDraft: true, state: "stored" } } } });
    const proposerLoop = async (p: Proposer) => {
      for (let i = 0; Date.now() < end; i++) {
        await sleep(500 + ((p.index * 7919 + i * 104_729) % 2_500));
        const roll = (p.index + i * 31) % 10;
        if (roll < 6) {
          const draft = await draftOf(p);
          await timed("save", async () => {
            const response = await http.form(p.cookie, `/proposals/${p.proposalId}`, formOf(draft.revision, "save"));
            return { status: response.status, ok: response.status === 302, body: response.status === 302 ? "" : await response.text() };
          });
        } else if (roll < 8) {
          const document = required[i % required.length]!;
          const bytes = document.kind === "pdf" ? Buffer.from(`%PDF-1.7\n% ${document.nameEn} ${p.index} ${i}\n%%EOF\n`) : Buffer.from(`PK\x03\x04 ${document.nameEn} ${p.index} ${i}`, "latin1");
          await timed("upload", async () => {
            const started = await fetch(`${portal!.url}/proposals/${p.proposalId}/uploads`, {
              method: "POST",
              headers: { Origin: portal!.url, Cookie: p.cookie, "Content-Type": "application/json" },
              body: JSON.stringify({ intent: "start", requiredDocumentId: document.id, fileName: `${document.nameEn}.${document.kind}`, size: bytes.length }),
            });
            if (!started.ok) return { status: started.status, ok: false, body: await started.text() };
            const plan = (await started.json()) as { url: string };
            const put = await fetch(`${portal!.url}${plan.url}`, { method: "PUT", headers: { Origin: portal!.url, Cookie: p.cookie, "Content-Type": "application/octet-stream" }, body: new Uint8Array(bytes) });
            return { status: put.status, ok: put.ok, body: put.ok ? "" : await put.text() };
          });
        } else {
          const draft = await draftOf(p);
          await timed("submit", async () => {
            const response = await http.form(p.cookie, submitPath(p.proposalId), formOf(draft.revision, "submit", draft.documents.map((d) => d.id)));
            const location = response.headers.get("location") ?? "";
            const ok = response.status === 302 && location.includes("/submitted/");
            return { status: response.status, ok, body: ok ? "" : `${location} ${await response.text()}` };
          });
        }
      }
    };
    const started = performance.now();
    await Promise.all([...Array.from({ length: settings.visitors }, (_, n) => visitor(n)), ...proposers.map(proposerLoop)]);
    const seconds = (performance.now() - started) / 1000;

    const late = await db.proposalVersion.count({ where: { proposal: { releaseId: release.id }, receivedAt: { gte: new Date(deadline) } } });
    const chain = await verifyAuditChain(db);
    const problems = portal.problems();
    const kinds: Kind[] = ["browse", "save", "upload", "submit"];
    const stats = kinds.map((kind) => {
      const of = answers.filter((a) => a.kind === kind);
      const ms = of.map((a) => a.ms);
      return { kind, count: of.length, ok: of.filter((a) => a.outcome === "ok").length, deadline: of.filter((a) => a.outcome === "deadline").length, errors: of.filter((a) => a.outcome === "error"), p50: percentile(ms, 50), p99: percentile(ms, 99), perSecond: of.length / seconds };
    });
    const errors = stats.reduce((sum, s) => sum + s.errors.length, 0);
    console.log(`
Deadline hour — ${seconds.toFixed(0)} s, ${proposers.length} proposers (save 60 %, upload 20 %, submit 20 % of their actions, every 0.5–3 s), ${settings.visitors} visitors browsing without pause; ${machineLoad()}
${stats.map((s) => `  ${s.kind.padEnd(7)} ${String(s.count).padStart(6)} requests (${round(s.perSecond, 1)}/s): ${s.ok} ok, ${s.deadline} refused for the deadline, ${s.errors.length} errors; p50 ${Math.round(s.p50)} ms, p99 ${Math.round(s.p99)} ms`).join("\n")}
  versions received at or after the deadline: ${late}; audit chain ${chain.valid ? `valid (${chain.entries} entries)` : "BROKEN"}`);
    for (const s of stats) for (const e of s.errors.slice(0, 3)) console.log(`    ${s.kind} error e.g.: ${e.detail}`);
    for (const [problem, count] of summariseProblems(problems)) console.log(`  server log: ${count} × ${problem}`);
    const row = (name: string, value: string | number, unit: string, goal = "", ok?: boolean): BenchRow => ({ case: name, value, unit, goal, pass: ok === undefined ? "" : ok ? "yes" : "NO" });
    return [
      ...stats.map((s) => row(`${s.kind}: requests/s, p50 / p99`, `${round(s.perSecond, 1)}, ${Math.round(s.p50)} / ${Math.round(s.p99)}`, "/s, ms")),
      row("errors other than refusals after the deadline", errors, "requests", "0", errors === 0),
      row("versions received after the deadline / audit chain broken / server errors", `${late} / ${chain.valid ? 0 : 1} / ${problems.length}`, "", "0 / 0 / 0", late === 0 && chain.valid && problems.length === 0),
    ];
  } finally {
    await database?.$disconnect();
    await portal?.stop();
    await benchDb.drop();
    removeAll(dir);
  }
}
