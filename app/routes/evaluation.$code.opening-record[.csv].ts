import type { LoaderFunctionArgs } from "@remix-run/node";
import { notFound } from "~/web/error-boundary.tsx";
import { requireRecordsReader } from "~/web/evaluation-records.server.ts";
import { openingRecord } from "~/evaluation/opening.server.ts";
import { toCsv } from "~/platform/csv.ts";

/** The opening record (every proposal received) as CSV, for administrators and the panel chair after opening. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  // The whole record: it names every bidder, which each panel member must see to declare.
  const { code } = await requireRecordsReader(request, params.code);
  const record = await openingRecord(code);
  if (!record) throw notFound();
  const csv = toCsv([
    ["opened at", record.openedAt.toISOString()],
    ...(record.receiptSet
      ? [["receipts that counted at the deadline", String(record.receiptSet.receipts), "Merkle root (RFC 9162)", record.receiptSet.root, "fixed at", record.receiptSet.committedAt]]
      : []),
    ["organisation", "registration number", "plot", "receipt", "received at", "version"],
    ...record.lines.map((l) => [l.organisation, l.registrationNumber, l.plot, l.receiptNumber, l.receivedAt, l.version]),
  ]);
  return new Response(csv, { headers: { "Content-Type": "text/csv; charset=utf-8", "Content-Disposition": `attachment; filename="${code}-opening-record.csv"`, "Cache-Control": "no-store" } });
}
