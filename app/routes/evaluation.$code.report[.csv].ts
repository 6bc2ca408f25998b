import type { LoaderFunctionArgs } from "@remix-run/node";
import { notFound } from "~/web/error-boundary.tsx";
import { requireRecordsReader } from "~/web/evaluation-records.server.ts";
import { reportCsv } from "~/evaluation/records.server.ts";

/** The evaluation report's full score matrix as CSV, for administrators and the panel chair after opening. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { code, maySeePlot } = await requireRecordsReader(request, params.code);
  const csv = await reportCsv(code, maySeePlot);
  if (!csv) throw notFound();
  return new Response(csv, { headers: { "Content-Type": "text/csv; charset=utf-8", "Content-Disposition": `attachment; filename="${code}-evaluation.csv"`, "Cache-Control": "no-store" } });
}
