import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireUser } from "~/auth.server.ts";
import { notFound } from "~/components/error-boundary.tsx";
import { evaluationReportPdf } from "~/evaluation-report.server.ts";
import { mayReadRecords, reportContents } from "~/evaluation.server.ts";
import { getLanguage } from "~/i18n.server.ts";
import { releaseCodeSchema } from "~/releases.server.ts";

/** The evaluation report as a PDF, in the reader's language, for administrators and the panel chair after opening. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const code = releaseCodeSchema.safeParse(params.code);
  if (!code.success || !(await mayReadRecords(user, code.data))) throw notFound();
  const contents = await reportContents(code.data);
  if (!contents) throw notFound();
  const pdf = await evaluationReportPdf(contents, await getLanguage(request), new Date());
  return new Response(new Uint8Array(pdf), { headers: { "Content-Type": "application/pdf", "Content-Disposition": `attachment; filename="${code.data}-evaluation-report.pdf"`, "Cache-Control": "no-store" } });
}
