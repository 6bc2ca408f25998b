import { redirect, type LoaderFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { requirePermission } from "~/web/require.server.ts";
import { notFound } from "~/web/error-boundary.tsx";
import { evaluatorDocumentLink } from "~/evaluation/scoring.server.ts";

/**
 * A technical document for an evaluator allowed to see its proposal: a redirect to a 5-minute link.
 * `?show=inline` asks for a PDF to be shown (inside the scoring page) rather than saved.
 */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requirePermission(request, "evaluation:take-part");
  const id = z.uuid().safeParse(params.documentId);
  const inline = new URL(request.url).searchParams.get("show") === "inline";
  const link = id.success ? await evaluatorDocumentLink(user.id, id.data, inline) : null;
  if (!link) throw notFound();
  return redirect(link, { headers: { "Cache-Control": "no-store" } });
}
