import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireUser } from "~/auth.server.ts";
import { notFound } from "~/components/error-boundary.tsx";
import { mayReadRecords, openingRecord, toCsv } from "~/evaluation.server.ts";
import { releaseCodeSchema } from "~/releases.server.ts";

/** The opening record (every proposal received) as CSV, for administrators and the panel chair after opening. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const code = releaseCodeSchema.safeParse(params.code);
  if (!code.success || !(await mayReadRecords(user, code.data))) throw notFound();
  const record = await openingRecord(code.data);
  if (!record) throw notFound();
  const csv = toCsv([
    ["opened at", record.openedAt.toISOString()],
    ["organisation", "registration number", "plot", "receipt", "received at", "version"],
    ...record.lines.map((l) => [l.organisation, l.registrationNumber, l.plot, l.receiptNumber, l.receivedAt, l.version]),
  ]);
  return new Response(csv, { headers: { "Content-Type": "text/csv; charset=utf-8", "Content-Disposition": `attachment; filename="${code.data}-opening-record.csv"`, "Cache-Control": "no-store" } });
}
