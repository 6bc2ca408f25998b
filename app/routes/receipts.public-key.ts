import type { LoaderFunctionArgs } from "@remix-run/node";
import { notFound } from "~/web/error-boundary.tsx";
import { knownPortalKeys, portalPublicKey } from "~/platform/portal-key.server.ts";

/**
 * The portal's receipt-signing public key (Ed25519, SPKI PEM): anyone can check receipts with it.
 * `?keyId=` gives an earlier key that signed receipts.
 */
export async function loader({ request }: LoaderFunctionArgs) {
  const wanted = new URL(request.url).searchParams.get("keyId");
  const own = portalPublicKey();
  const pem = wanted === null || wanted === own.keyId ? own.pem : (await knownPortalKeys())[wanted];
  if (!pem) throw notFound();
  const keyId = wanted ?? own.keyId;
  return new Response(pem, {
    headers: { "Content-Type": "application/x-pem-file; charset=utf-8", "X-Key-Id": keyId, "Cache-Control": "public, max-age=300" },
  });
}
