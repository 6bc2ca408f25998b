import { redirect, type LoaderFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { notFound } from "~/web/error-boundary.tsx";
import { releaseCodeSchema } from "~/releases/schemas.ts";
import { publicDocumentLink } from "~/releases/tender-documents.server.ts";

/** A tender document of a published release: a redirect to a link that works for five minutes. */
export async function loader({ params }: LoaderFunctionArgs) {
  const code = releaseCodeSchema.safeParse(params.code);
  const id = z.uuid().safeParse(params.id);
  const link = code.success && id.success ? await publicDocumentLink(code.data, id.data) : null;
  if (!link) throw notFound();
  return redirect(link, { headers: { "Cache-Control": "no-store" } });
}
