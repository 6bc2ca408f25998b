import { transparencyAtomFeed } from "~/open-data/transparency-feed.server.ts";

/** /feeds/transparency.atom: published audit-chain heads and the sets of bids received, signed. */
export async function loader() {
  return new Response(await transparencyAtomFeed(), {
    headers: { "Content-Type": "application/atom+xml; charset=utf-8", "Cache-Control": "public, max-age=300" },
  });
}
