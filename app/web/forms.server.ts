import { data } from "@remix-run/node";
import type { SubmissionResult } from "@conform-to/react";

/**
 * The most a form may send (1 MiB): far above what any of the portal's forms hold (the longest
 * free texts are a few thousand characters), so only a hostile or broken client meets it. Documents
 * are not forms: they go up through the upload routes, with their own limits.
 */
export const FORM_BODY_LIMIT = 1024 * 1024;

/**
 * Reads a request's form, or an empty one when the body is not a form (never a 500). A body over
 * `maxBytes` is refused with 413 before it is read (by its Content-Length) or as soon as it passes
 * the limit (a body without one): nobody can make the server hold a large body in memory.
 */
export async function readForm(request: Request, maxBytes = FORM_BODY_LIMIT): Promise<FormData> {
  const body = await readLimitedBytes(request, maxBytes);
  if (body === "too large") throw new Response("Too large", { status: 413, headers: { "Cache-Control": "no-store", Connection: "close" } });
  if (body.length === 0) return new FormData();
  const contentType = request.headers.get("Content-Type") ?? "";
  return new Response(new Uint8Array(body), { headers: { "Content-Type": contentType } }).formData().catch(() => new FormData());
}

/** A refused submission: the form comes back with its messages (and what was typed) and a 4xx status. */
export function refused(result: SubmissionResult<string[]>, status = 400, headers?: HeadersInit) {
  return data(result, { status, headers });
}

/** A request body's bytes, or "too large" when it is larger than `maxBytes` (then reading stops there). */
async function readLimitedBytes(request: Request, maxBytes: number): Promise<Buffer | "too large"> {
  if (Number(request.headers.get("Content-Length") ?? 0) > maxBytes) return "too large";
  if (!request.body) return Buffer.alloc(0);
  const chunks: Uint8Array[] = [];
  let size = 0;
  const reader = request.body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.length;
    if (size > maxBytes) {
      await reader.cancel();
      return "too large";
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks);
}

/**
 * A request body as text, or null when it is empty or larger than `maxBytes` (then reading stops
 * there: nobody can make the server hold a large body).
 */
export async function readLimitedText(request: Request, maxBytes: number): Promise<string | null> {
  const body = await readLimitedBytes(request, maxBytes);
  return body === "too large" || body.length === 0 ? null : body.toString("utf8");
}
