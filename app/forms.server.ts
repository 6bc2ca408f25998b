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
