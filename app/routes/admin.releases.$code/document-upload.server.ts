import {
  data,
  unstable_composeUploadHandlers,
  unstable_createMemoryUploadHandler,
  unstable_parseMultipartFormData,
  type UploadHandler,
} from "@remix-run/node";
import { storage } from "~/platform/storage/storage.server.ts";
import { storeTenderDocument, type StoredUpload } from "~/releases/tender-documents.server.ts";
import { whenRefused } from "~/web/refusals.server.ts";

/**
 * A form with a tender document: the file goes to storage as it streams; the other fields (which
 * come first in the form) are small and kept in memory.
 */
export async function readDocumentForm(request: Request) {
  let stored: StoredUpload | undefined;
  let problem: string | undefined;
  const fileHandler: UploadHandler = async ({ name, filename, data }) => {
    if (name !== "file" || !filename) return undefined;
    if (stored || problem) {
      // One document per form: a second file part is refused, and the first removed with it.
      problem = "documents.errors.oneFile";
      if (stored) await storage().delete(stored.key);
      stored = undefined;
      for await (const chunk of data) void chunk;
      return filename;
    }
    try {
      stored = await storeTenderDocument(filename, data);
    } catch (error) {
      problem = whenRefused(error, ({ code }) => code);
      for await (const chunk of data) void chunk; // drain what is left of the refused file
    }
    return filename;
  };
  const form = await unstable_parseMultipartFormData(
    request,
    unstable_composeUploadHandlers(fileHandler, unstable_createMemoryUploadHandler({ maxPartSize: 20_000 })),
  ).catch(() => null);
  return { form, stored, problem: form ? problem : "documents.errors.upload" };
}

/**
 * Refuses with the problem's message (and the control it concerns), removing any stored file that
 * will not be recorded.
 */
export async function refuseDocument(stored: StoredUpload | undefined, key: string, target?: string) {
  await discardUpload(stored);
  return data({ problems: [{ key, target }] }, { status: 400 });
}

/** Removes a stored file that will not be recorded. */
export async function discardUpload(stored: StoredUpload | undefined) {
  if (stored) await storage().delete(stored.key);
}
