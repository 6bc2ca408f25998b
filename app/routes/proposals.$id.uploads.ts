import type { ActionFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { requireUser } from "~/web/require.server.ts";
import { notFound } from "~/web/error-boundary.tsx";
import { PART_SIZE, startUploadSchema } from "~/proposals/schemas.ts";
import { checkRateLimits, RATE_LIMITS } from "~/platform/rate-limit.server.ts";
import { readLimitedText } from "~/web/forms.server.ts";
import { cancelUpload, confirmUpload, presignParts, recordPart, startUpload, uploadedParts } from "~/proposals/uploads.server.ts";
import { uploadRefusal } from "~/web/upload-refusals.server.ts";
import { storageUnavailable } from "~/platform/storage/storage.server.ts";

const documentId = z.uuid();
const uploadRequestSchema = z.discriminatedUnion("intent", [
  startUploadSchema.extend({ intent: z.literal("start") }),
  z.object({ intent: z.literal("parts"), documentId, partNumbers: z.array(z.number().int().min(1).max(10_000)).min(1).max(100) }),
  z.object({ intent: z.literal("part"), documentId, partNumber: z.number().int().min(1).max(10_000), etag: z.string().regex(/^"?[A-Za-z0-9-]{1,80}"?$/), size: z.number().int().min(1).max(PART_SIZE) }),
  z.object({ intent: z.literal("status"), documentId }),
  z.object({ intent: z.literal("confirm"), documentId }),
  z.object({ intent: z.literal("cancel"), documentId }),
]);

/** Signed requests are small; nothing larger is read. */
const MAX_BODY_BYTES = 16 * 1024;

// Resource routes answer with Response.json: with single fetch, `data()` would lose the status.

/**
 * The upload conversation of a proposal's documents (JSON): start a file, get presigned part URLs,
 * record sent parts, ask which parts are there, confirm, cancel. Members of the organisation only.
 */
export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireUser(request); // not a permission check: for anyone outside the organisation the proposal does not exist (404)
  const proposalId = z.uuid().safeParse(params.id);
  if (!proposalId.success) throw notFound();
  const text = await readLimitedText(request, MAX_BODY_BYTES);
  let body: unknown = null;
  try {
    body = text === null ? null : JSON.parse(text);
  } catch {
    body = null;
  }
  const parsed = uploadRequestSchema.safeParse(body);
  if (!parsed.success) {
    // A file name with hidden characters is the person's to fix (rename the file): say so.
    const hidden = parsed.error.issues.find((issue) => issue.message.startsWith("text.hidden."));
    return Response.json({ problem: hidden?.message ?? "proposals.upload.badRequest" }, { status: 400 });
  }
  const id = proposalId.data;
  const input = parsed.data;
  try {
    switch (input.intent) {
      case "start": {
        const limited = await checkRateLimits([[RATE_LIMITS.uploadStartByAccount, user.id]]);
        if (!limited.allowed) return Response.json({ problem: "errors.rateLimited" }, { status: 429, headers: { "Retry-After": String(limited.retryAfter) } });
        return Response.json(await startUpload(user, id, input));
      }
      case "parts":
        return Response.json({ urls: await presignParts(user, id, input.documentId, input.partNumbers) });
      case "part":
        await recordPart(user, id, input.documentId, { partNumber: input.partNumber, etag: input.etag, size: input.size });
        return Response.json({ recorded: input.partNumber });
      case "status":
        return Response.json({ parts: await uploadedParts(user, id, input.documentId) });
      case "confirm": {
        const checked = await confirmUpload(user, id, input.documentId);
        return Response.json({ size: checked.size, sha256: checked.sha256 });
      }
      case "cancel":
        await cancelUpload(user, id, input.documentId);
        return Response.json({ cancelled: true });
    }
  } catch (error) {
    if (storageUnavailable(error)) return Response.json({ problem: "proposals.errors.storageUnavailable" }, { status: 503, headers: { "Retry-After": "30" } });
    return uploadRefusal(error);
  }
}

/** Uploads are written, never read, here. */
export function loader() {
  throw notFound();
}
