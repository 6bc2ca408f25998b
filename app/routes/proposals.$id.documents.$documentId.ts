import { redirect, type LoaderFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { requireUser } from "~/web/require.server.ts";
import { notFound } from "~/web/error-boundary.tsx";
import { ownDocumentLink } from "~/proposals/documents.server.ts";

/** A file of our own proposal: a redirect to a 5-minute link. Anyone outside the organisation gets 404. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request); // not a permission check: for anyone outside the organisation the proposal does not exist (404)
  const ids = z.object({ id: z.uuid(), documentId: z.uuid() }).safeParse(params);
  const link = ids.success ? await ownDocumentLink(user, ids.data.id, ids.data.documentId) : null;
  if (!link) throw notFound();
  return redirect(link, { headers: { "Cache-Control": "no-store" } });
}
