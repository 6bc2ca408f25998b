import { redirect, type LoaderFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { reportDocumentLink } from "~/developments/reports.server.ts";
import { notFound } from "~/web/error-boundary.tsx";
import { requireUser } from "~/web/require.server.ts";

/** A progress report's evidence document, for the report's readers: a 5-minute link. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const ids = z.object({ id: z.uuid(), reportId: z.uuid(), documentId: z.uuid() }).safeParse(params);
  const link = ids.success ? await reportDocumentLink(user, ids.data.id, ids.data.reportId, ids.data.documentId) : null;
  if (!link) throw notFound();
  return redirect(link, { headers: { "Cache-Control": "no-store" } });
}
