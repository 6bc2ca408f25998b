import { receiptPublicKey } from "~/receipts.server.ts";

/** The portal's receipt-signing public key (Ed25519, SPKI PEM): anyone can check receipts with it. */
export function loader() {
  const { pem, keyId } = receiptPublicKey();
  return new Response(pem, {
    headers: { "Content-Type": "application/x-pem-file; charset=utf-8", "X-Key-Id": keyId, "Cache-Control": "public, max-age=300" },
  });
}
