import {
  unstable_composeUploadHandlers,
  unstable_createMemoryUploadHandler,
  unstable_parseMultipartFormData,
  type UploadHandler,
} from "@remix-run/node";
import { whenRefused } from "./refusals.server.ts";

/**
 * Reads a form whose `documents` files stream to storage as they arrive (each stored and checked by
 * `store`), the text fields (small) staying in memory. At most `max` documents; the first refusal
 * is the form's `problem` and the files after it are read past, never stored. A plain
 * (non-multipart) form is read as it is. The caller discards `stored` when it refuses the form.
 */
export async function readFormWithDocuments<T extends { key: string }>(
  request: Request,
  options: { max: number; tooMany: string; store: (fileName: string, data: AsyncIterable<Uint8Array>) => Promise<T> },
): Promise<{ form: FormData | null; stored: T[]; problem: string | undefined }> {
  if (!(request.headers.get("Content-Type") ?? "").startsWith("multipart/form-data")) {
    return { form: await request.formData().catch(() => null), stored: [], problem: undefined };
  }
  const stored: T[] = [];
  let problem: string | undefined;
  const documents: UploadHandler = async ({ name, filename, data }) => {
    if (name !== "documents" || !filename) return undefined;
    if (problem || stored.length >= options.max) {
      problem ??= options.tooMany;
      for await (const chunk of data) void chunk;
      return filename;
    }
    try {
      stored.push(await options.store(filename, data));
    } catch (error) {
      problem = whenRefused(error, ({ code }) => code);
      for await (const chunk of data) void chunk;
    }
    return filename;
  };
  const form = await unstable_parseMultipartFormData(request, unstable_composeUploadHandlers(documents, unstable_createMemoryUploadHandler({ maxPartSize: 64_000 }))).catch(() => null);
  return { form, stored, problem };
}
