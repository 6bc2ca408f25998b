import { publishedHeads } from "~/platform/audit-heads.server.ts";

/**
 * /transparency/heads.json: every published head of the audit chain, signed: the file to keep, and
 * to give `npm run audit:verify -- --heads` later.
 */
export async function loader() {
  return new Response(JSON.stringify(await publishedHeads(), null, 2), {
    headers: { "Content-Type": "application/json; charset=utf-8", "Cache-Control": "public, max-age=300" },
  });
}
