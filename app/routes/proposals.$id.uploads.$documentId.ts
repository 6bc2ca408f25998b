import { Readable } from "node:stream";
import type { ReadableStream as NodeReadableStream } from "node:stream/web";
import type { ActionFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { requireUser } from "~/web/require.server.ts";
import { notFound } from "~/web/error-boundary.tsx";
import { receiveUpload } from "~/proposals/uploads.server.ts";
import { uploadRefusal } from "~/web/upload-refusals.server.ts";

/**
 * The disk driver's upload: the browser PUTs the file's bytes here and they stream to storage,
 * checked as they pass (size, type by content, SHA-256). Never held whole in memory.
 */
export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireUser(request); // not a permission check: for anyone outside the organisation the proposal does not exist (404)
  if (request.method !== "PUT") return Response.json({ problem: "proposals.upload.badRequest" }, { status: 405, headers: { Allow: "PUT" } });
  const ids = z.object({ id: z.uuid(), documentId: z.uuid() }).safeParse(params);
  if (!ids.success) throw notFound();
  if (!request.body) return Response.json({ problem: "proposals.errors.sizeMismatch" }, { status: 400 });
  try {
    const body = Readable.fromWeb(request.body as unknown as NodeReadableStream<Uint8Array>);
    return Response.json(await receiveUpload(user, ids.data.id, ids.data.documentId, body));
  } catch (error) {
    return uploadRefusal(error);
  }
}

/** Uploads are written, never read, here. */
export function loader() {
  throw notFound();
}
