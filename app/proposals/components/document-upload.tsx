import { useRevalidator } from "@remix-run/react";
import { useEffect, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { FileInput } from "~/platform/ui/file-input.tsx";
import type { UploadPlan } from "../schemas.ts";

type Status =
  | { phase: "idle" }
  | { phase: "sending"; fileName: string; sent: number; total: number }
  | { phase: "checking"; fileName: string }
  | { phase: "interrupted"; fileName: string; sent: number; total: number; problem: string }
  | { phase: "done"; fileName: string }
  | { phase: "refused"; problem: string };

class UploadProblem extends Error {
  constructor(readonly key: string) {
    super(key);
  }
}

/** Parts sent at once, and tries per part before the upload pauses for the person to resume. */
const PARALLEL_PARTS = 4;
const TRIES_PER_PART = 3;

/** A PUT with progress events; resolves with the response (status and ETag). */
function put(url: string, body: Blob, onProgress: (loaded: number) => void, signal: AbortSignal, headers: Record<string, string> = {}) {
  return new Promise<{ status: number; etag: string | null; text: string }>((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open("PUT", url);
    for (const [name, value] of Object.entries(headers)) xhr.setRequestHeader(name, value);
    xhr.upload.onprogress = (event) => onProgress(event.loaded);
    xhr.onload = () => resolve({ status: xhr.status, etag: xhr.getResponseHeader("ETag"), text: xhr.responseText });
    xhr.onerror = () => reject(new UploadProblem("proposals.upload.network"));
    xhr.onabort = () => reject(new DOMException("cancelled", "AbortError"));
    signal.addEventListener("abort", () => xhr.abort(), { once: true });
    xhr.send(body);
  });
}

async function api<T>(proposalId: string, body: Record<string, unknown>, signal?: AbortSignal): Promise<T> {
  let response: Response;
  try {
    response = await fetch(`/proposals/${proposalId}/uploads`, { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(body), signal });
  } catch (error) {
    if ((error as Error).name === "AbortError") throw error;
    throw new UploadProblem("proposals.upload.network");
  }
  const result = (await response.json().catch(() => ({ problem: "proposals.upload.failed" }))) as T & { problem?: string };
  if (!response.ok) throw new UploadProblem(result.problem ?? "proposals.upload.failed");
  return result;
}

const wait = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Sends a file's missing parts to S3, a few at a time, each retried; every part S3 accepts is
 * recorded by the server with its ETag, so a resumed upload sends only what is not there yet.
 */
async function sendParts(proposalId: string, file: File, plan: Extract<UploadPlan, { method: "multipart" }>, onProgress: (sent: number) => void, signal: AbortSignal) {
  const done = new Set((await api<{ parts: number[] }>(proposalId, { intent: "status", documentId: plan.documentId }, signal)).parts);
  const sizeOf = (n: number) => Math.min(plan.partSize, file.size - (n - 1) * plan.partSize);
  const inFlight = new Map<number, number>();
  let confirmed = [...done].reduce((sum, n) => sum + sizeOf(n), 0);
  const report = () => onProgress(confirmed + [...inFlight.values()].reduce((a, b) => a + b, 0));
  report();
  const queue = Array.from({ length: plan.partCount }, (_, i) => i + 1).filter((n) => !done.has(n));
  const worker = async () => {
    for (let next = queue.shift(); next !== undefined; next = queue.shift()) {
      const partNumber = next;
      for (let attempt = 1; ; attempt++) {
        try {
          const { urls } = await api<{ urls: { partNumber: number; url: string }[] }>(proposalId, { intent: "parts", documentId: plan.documentId, partNumbers: [partNumber] }, signal);
          const blob = file.slice((partNumber - 1) * plan.partSize, (partNumber - 1) * plan.partSize + sizeOf(partNumber));
          const response = await put(urls[0]!.url, blob, (loaded) => { inFlight.set(partNumber, loaded); report(); }, signal);
          if (response.status !== 200 || !response.etag) throw new UploadProblem("proposals.upload.network");
          await api(proposalId, { intent: "part", documentId: plan.documentId, partNumber, etag: response.etag, size: blob.size }, signal);
          inFlight.delete(partNumber);
          confirmed += blob.size;
          report();
          break;
        } catch (error) {
          inFlight.delete(partNumber);
          if ((error as Error).name === "AbortError" || attempt >= TRIES_PER_PART) throw error;
          await wait(500 * 2 ** attempt);
        }
      }
    }
  };
  await Promise.all(Array.from({ length: PARALLEL_PARTS }, worker));
}

/** One required document: its file input, a progress bar while sending, cancel and resume. */
export function DocumentUpload({ proposalId, requiredDocumentId, label, accept, describedBy }: { proposalId: string; requiredDocumentId: string; label: string; accept: string; describedBy: string }) {
  const { t } = useTranslation();
  const revalidator = useRevalidator();
  const [status, setStatus] = useState<Status>({ phase: "idle" });
  const [hydrated, setHydrated] = useState(false);
  const controller = useRef<AbortController | null>(null);
  const current = useRef<{ file: File; plan: UploadPlan } | null>(null);
  const inputId = `upload-${requiredDocumentId}`;
  useEffect(() => setHydrated(true), []);
  useEffect(() => () => controller.current?.abort(), []);

  async function send(file: File, plan: UploadPlan) {
    const abort = new AbortController();
    controller.current = abort;
    current.current = { file, plan };
    const progress = (sent: number) => setStatus({ phase: "sending", fileName: file.name, sent, total: file.size });
    progress(0);
    try {
      if (plan.method === "disk") {
        const response = await put(plan.url, file, progress, abort.signal, { "Content-Type": "application/octet-stream" });
        if (response.status !== 200) {
          const problem = (JSON.parse(response.text || "{}") as { problem?: string }).problem;
          throw new UploadProblem(problem ?? "proposals.upload.failed");
        }
      } else {
        if (plan.method === "put") {
          const response = await put(plan.url, file, progress, abort.signal, { "Content-Type": plan.contentType });
          if (response.status !== 200) throw new UploadProblem("proposals.upload.network");
        } else {
          await sendParts(proposalId, file, plan, progress, abort.signal);
        }
        setStatus({ phase: "checking", fileName: file.name });
        await api(proposalId, { intent: "confirm", documentId: plan.documentId }, abort.signal);
      }
      current.current = null;
      setStatus({ phase: "done", fileName: file.name });
      revalidator.revalidate();
    } catch (error) {
      if ((error as Error).name === "AbortError") return;
      const problem = error instanceof UploadProblem ? error.key : "proposals.upload.failed";
      // A lost connection or an unreachable store can be resumed; a refused file cannot (the server has removed it).
      if (["proposals.upload.network", "proposals.errors.partsMissing", "proposals.errors.storageUnavailable"].includes(problem)) {
        setStatus((s) => ({ phase: "interrupted", fileName: file.name, sent: s.phase === "sending" ? s.sent : 0, total: file.size, problem }));
      } else {
        current.current = null;
        setStatus({ phase: "refused", problem });
      }
    }
  }

  async function start(file: File) {
    try {
      const plan = await api<UploadPlan>(proposalId, { intent: "start", requiredDocumentId, fileName: file.name, size: file.size });
      await send(file, plan);
    } catch (error) {
      setStatus({ phase: "refused", problem: error instanceof UploadProblem ? error.key : "proposals.upload.failed" });
    }
  }

  /** A multipart upload goes on from the parts S3 has; a single request starts again. */
  async function resume() {
    const upload = current.current!;
    if (upload.plan.method === "multipart") await send(upload.file, upload.plan);
    else await start(upload.file);
  }

  async function cancel() {
    controller.current?.abort();
    const upload = current.current;
    current.current = null;
    setStatus({ phase: "idle" });
    if (upload) await api(proposalId, { intent: "cancel", documentId: upload.plan.documentId }).catch(() => {});
  }

  const busy = status.phase === "sending" || status.phase === "checking";
  const percent = status.phase === "sending" || status.phase === "interrupted" ? Math.floor((status.sent / Math.max(status.total, 1)) * 100) : 0;
  if (!hydrated) return <p className="text-sm text-slate-700">{t("proposals.upload.needsScript")}</p>;
  return (
    <div className="space-y-2">
      <label htmlFor={inputId} className="block text-sm font-medium">{label}</label>
      <FileInput
        id={inputId}
        accept={accept}
        disabled={busy}
        aria-describedby={describedBy}
        // The progress and the outcome below say which file is on its way.
        showChosen={false}
        onChange={(event) => {
          const file = event.currentTarget.files?.[0];
          event.currentTarget.value = "";
          if (file) void start(file);
        }}
      />
      {status.phase === "sending" || status.phase === "interrupted" ? (
        <div className="space-y-1">
          <progress max={100} value={percent} aria-label={t("proposals.upload.progress", { name: status.fileName })} className="h-3 w-full max-w-md" />
          <p className="text-sm" aria-live="polite">
            {t("proposals.upload.sent", { name: status.fileName, percent })}
          </p>
        </div>
      ) : null}
      {status.phase === "checking" ? <p className="text-sm" aria-live="polite">{t("proposals.upload.checking", { name: status.fileName })}</p> : null}
      {status.phase === "done" ? <p className="text-sm text-park-800" aria-live="polite">{t("proposals.upload.done", { name: status.fileName })}</p> : null}
      {status.phase === "refused" ? <p role="alert" className="text-sm text-red-800">{t(status.problem)}</p> : null}
      {status.phase === "interrupted" ? <p role="alert" className="text-sm text-red-800">{t(status.problem)}</p> : null}
      <div className="flex gap-2">
        {busy || status.phase === "interrupted" ? (
          <button type="button" onClick={() => void cancel()} className="rounded border border-slate-600 px-3 py-1 text-sm">
            {t("proposals.upload.cancel")}
          </button>
        ) : null}
        {status.phase === "interrupted" && current.current ? (
          <button type="button" onClick={() => void resume()} className="rounded bg-park-700 px-3 py-1 text-sm text-white">
            {t("proposals.upload.resume")}
          </button>
        ) : null}
      </div>
    </div>
  );
}
