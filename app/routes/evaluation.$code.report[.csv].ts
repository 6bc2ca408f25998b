import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireUser } from "~/auth.server.ts";
import { notFound } from "~/components/error-boundary.tsx";
import { mayReadRecords, reportCsv } from "~/evaluation.server.ts";
import { releaseCodeSchema } from "~/releases.server.ts";

/** The evaluation report's full score matrix as CSV, for administrators and the panel chair after opening. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const code = releaseCodeSchema.safeParse(params.code);
  if (!code.success || !(await mayReadRecords(user, code.data))) throw notFound();
  const csv = await reportCsv(code.data);
  if (!csv) throw notFound();
  return new Response(csv, { headers: { "Content-Type": "text/csv; charset=utf-8", "Content-Disposition": `attachment; filename="${code.data}-evaluation.csv"`, "Cache-Control": "no-store" } });
}
