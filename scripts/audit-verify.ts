// npm run audit:verify [-- --heads <file>] — checks the whole audit chain of the database in
// DATABASE_URL (or the embedded one in EMBEDDED_DB_DIR, when the portal is not running on it), then
// every head the portal published; with --heads, also the heads in a file someone kept (the JSON of
// /transparency/heads.json), which is what shows a rewrite that replaced the portal's own copies too.
import { readFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { verifyChainAndHeads, verifyHeads, type HeadsVerification, type PublicHead } from "../app/platform/audit-heads.server.ts";
import { createDatabase } from "../app/platform/database/db.server.ts";
import { getConfig } from "../app/platform/config.server.ts";
import { startEmbeddedDatabase } from "../server/embedded-database.ts";

const { values } = parseArgs({ options: { heads: { type: "string" } } });
const config = getConfig();
const embedded = config.DATABASE_URL ? undefined : await startEmbeddedDatabase({ dataDir: config.EMBEDDED_DB_DIR });
const db = createDatabase(config.DATABASE_URL ?? embedded!.url, 1);

function report(heads: HeadsVerification, whose: string) {
  if (heads.valid) {
    console.log(`${heads.heads} ${whose} heads match the chain.`);
    return;
  }
  const { firstMismatch: head, problem } = heads;
  console.error(`${whose} head published at ${head.publishedAt} (${head.reason}, digest ${head.digest}) NO LONGER MATCHES: ${problem}.`);
  process.exitCode = 1;
}

try {
  const { chain, heads } = await verifyChainAndHeads(db);
  if (chain.valid) {
    console.log(`Audit chain intact: ${chain.entries} entries verified.`);
  } else {
    console.error(`Audit chain BROKEN at entry ${chain.firstBroken} (${chain.reason}); the ${chain.entries} entries before it verify.`);
    process.exitCode = 1;
  }
  report(heads, "Published");
  if (values.heads) report(await verifyHeads(db, JSON.parse(readFileSync(values.heads, "utf8")) as PublicHead[]), "Kept");
} finally {
  await db.$disconnect();
  await embedded?.stop();
}
