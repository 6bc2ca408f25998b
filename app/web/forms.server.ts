import { data } from "@remix-run/node";
import type { SubmissionResult } from "@conform-to/react";

/** Reads a request's form, or an empty one when the body is not a form (never a 500). */
export async function readForm(request: Request): Promise<FormData> {
  return request.formData().catch(() => new FormData());
}

/** A refused submission: the form comes back with its messages (and what was typed) and a 4xx status. */
export function refused(result: SubmissionResult<string[]>, status = 400, headers?: HeadersInit) {
  return data(result, { status, headers });
}

/**
 * A request body as text, or null when it is larger than `maxBytes` (then reading stops there:
 * nobody can make the server hold a large body).
 */
export async function readLimitedText(request: Request, maxBytes: number): Promise<string | null> {
  if (Number(request.headers.get("Content-Length") ?? 0) > maxBytes || !request.body) return null;
  const chunks: Uint8Array[] = [];
  let size = 0;
  const reader = request.body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.length;
    if (size > maxBytes) {
      await reader.cancel();
      return null;
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString("utf8");
}
