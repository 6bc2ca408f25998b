import { publishedHeads } from "~/platform/audit-heads.server.ts";
import { getConfig } from "~/platform/config.server.ts";
import { receiptSets } from "~/receipts/commitments.server.ts";
import { xml } from "./atom.server.ts";

/**
 * The Atom feed of what the portal commits to (decision 0013): every published head of the audit
 * chain and every release's set of bids received, each entry holding the signed statement as JSON,
 * so a feed reader or archive keeps copies the portal cannot change later.
 */
export async function transparencyAtomFeed(): Promise<string> {
  const { PUBLIC_URL } = getConfig();
  const [heads, sets] = await Promise.all([publishedHeads(200), receiptSets()]);
  const entry = (id: string, title: string, updated: string, statement: object) =>
    [
      "  <entry>",
      `    <id>${xml(id)}</id>`,
      `    <title>${xml(title)}</title>`,
      `    <link rel="alternate" type="text/html" href="${xml(`${PUBLIC_URL}/transparency`)}"/>`,
      `    <updated>${updated}</updated>`,
      `    <content type="text">${xml(JSON.stringify(statement))}</content>`,
      "  </entry>",
    ].join("\n");
  const entries = [
    ...heads.map((head) => ({ updated: head.publishedAt, text: entry(`urn:sha256:${head.digest}`, `Audit chain head (${head.reason})`, head.publishedAt, head) })),
    ...sets.map((set) => ({ updated: set.committedAt, text: entry(`urn:sha256:${set.root}:${set.release}`, `Bids received for ${set.release}: ${set.receipts}`, set.committedAt, set) })),
  ].sort((a, b) => b.updated.localeCompare(a.updated));
  return [
    '<?xml version="1.0" encoding="utf-8"?>',
    '<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="en">',
    `  <id>${xml(`${PUBLIC_URL}/feeds/transparency.atom`)}</id>`,
    "  <title>HSITP Plot Tender Portal: audit chain heads and bids received</title>",
    `  <link rel="self" type="application/atom+xml" href="${xml(`${PUBLIC_URL}/feeds/transparency.atom`)}"/>`,
    `  <link rel="alternate" type="text/html" href="${xml(`${PUBLIC_URL}/transparency`)}"/>`,
    `  <updated>${entries[0]?.updated ?? new Date(0).toISOString()}</updated>`,
    "  <author><name>Hong Kong-Shenzhen Innovation and Technology Park Limited</name></author>",
    ...entries.map((e) => e.text),
    "</feed>",
    "",
  ].join("\n");
}
