import { releasesAtomFeed } from "~/open-data/atom.server.ts";

/** /feeds/releases.atom: new and changed releases, for feed readers. */
export async function loader() {
  return new Response(await releasesAtomFeed(), {
    headers: { "Content-Type": "application/atom+xml; charset=utf-8", "Cache-Control": "public, max-age=300" },
  });
}
