import type { LoaderFunctionArgs } from "@remix-run/node";
import { notFound } from "~/web/error-boundary.tsx";
import { requireRecordsReader } from "~/web/evaluation-records.server.ts";
import { evaluationReportPdf } from "~/evaluation/report-pdf.server.ts";
import { reportContents } from "~/evaluation/records.server.ts";
import { getLanguage } from "~/platform/i18n/i18n.server.ts";

/** The evaluation report as a PDF, in the reader's language, for administrators and the panel chair after opening. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { code, maySeePlot } = await requireRecordsReader(request, params.code);
  const contents = await reportContents(code, maySeePlot);
  if (!contents) throw notFound();
  const pdf = await evaluationReportPdf(contents, await getLanguage(request), new Date());
  return new Response(new Uint8Array(pdf), { headers: { "Content-Type": "application/pdf", "Content-Disposition": `attachment; filename="${code}-evaluation-report.pdf"`, "Cache-Control": "no-store" } });
}
