import { redirect, type LoaderFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { challengeDocumentLink } from "~/results/challenges.server.ts";
import { notFound } from "~/web/error-boundary.tsx";
import { requireUser } from "~/web/require.server.ts";

/** A document of a challenge, for its organisation's members and administrators: a 5-minute link. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const ids = z.object({ id: z.uuid(), documentId: z.uuid() }).safeParse(params);
  const link = ids.success ? await challengeDocumentLink(user, ids.data.id, ids.data.documentId) : null;
  if (!link) throw notFound();
  return redirect(link, { headers: { "Cache-Control": "no-store" } });
}
