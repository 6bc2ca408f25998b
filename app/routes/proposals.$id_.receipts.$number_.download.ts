import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireUser } from "~/accounts/sessions.server.ts";
import { findOwnReceipt } from "~/proposals/proposals.server.ts";
import { receiptText } from "~/receipts/signing.server.ts";

/** The signed receipt as a JSON file, for members of the organisation only. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { receipt } = await findOwnReceipt(await requireUser(request), params);
  return new Response(receiptText(receipt), {
    headers: {
      "Content-Type": "application/json; charset=utf-8",
      "Content-Disposition": `attachment; filename="receipt-${receipt.receiptNumber}.json"`,
      "Cache-Control": "no-store",
    },
  });
}
