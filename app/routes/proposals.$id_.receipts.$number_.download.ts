import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireUser } from "~/web/require.server.ts";
import { notFound } from "~/web/error-boundary.tsx";
import { findOwnReceipt } from "~/receipts/records.server.ts";
import { receiptText } from "~/receipts/signing.server.ts";

/** The signed receipt as a JSON file, for members of the organisation only. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const found = await findOwnReceipt(await requireUser(request), params);
  if (!found) throw notFound();
  const { receipt } = found;
  return new Response(receiptText(receipt), {
    headers: {
      "Content-Type": "application/json; charset=utf-8",
      "Content-Disposition": `attachment; filename="receipt-${receipt.receiptNumber}.json"`,
      "Cache-Control": "no-store",
    },
  });
}
