import type { LoaderFunctionArgs } from "@remix-run/node";
import { inclusionProofOf } from "~/receipts/commitments.server.ts";
import { findOwnReceipt } from "~/receipts/records.server.ts";
import { notFound } from "~/web/error-boundary.tsx";
import { requireUser } from "~/web/require.server.ts";

/**
 * The proof that a receipt is in its release's committed set, as a JSON file a bidder can check
 * without the portal (docs/transparency.md). Members of the organisation only, after the deadline.
 */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const found = await findOwnReceipt(await requireUser(request), params);
  if (!found) throw notFound();
  const proof = await inclusionProofOf(found.receipt, found.proposal.releaseId);
  if (!proof) throw notFound();
  // What the portal concluded is left out: the file is for checking without it.
  const { receiptDigest, leafIndex, treeSize, path, receiptSet } = proof;
  return new Response(JSON.stringify({ receipt: found.receipt, receiptDigest, leafIndex, treeSize, path, receiptSet }, null, 2), {
    headers: {
      "Content-Type": "application/json; charset=utf-8",
      "Content-Disposition": `attachment; filename="proof-${found.receipt.receiptNumber}.json"`,
      "Cache-Control": "no-store",
    },
  });
}
