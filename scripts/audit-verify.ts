// npm run audit:verify — checks the whole audit chain of the database in DATABASE_URL (or the
// embedded one in EMBEDDED_DB_DIR, when the portal is not running on it).
import { verifyAuditChain } from "../app/platform/audit.server.ts";
import { createDatabase } from "../app/platform/database/db.server.ts";
import { getConfig } from "../app/platform/config.server.ts";
import { startEmbeddedDatabase } from "../server/embedded-database.ts";

const config = getConfig();
const embedded = config.DATABASE_URL ? undefined : await startEmbeddedDatabase({ dataDir: config.EMBEDDED_DB_DIR });
const db = createDatabase(config.DATABASE_URL ?? embedded!.url, 1);
try {
  const result = await verifyAuditChain(db);
  if (result.valid) {
    console.log(`Audit chain intact: ${result.entries} entries verified.`);
  } else {
    console.error(`Audit chain BROKEN at entry ${result.firstBroken} (${result.reason}); the ${result.entries} entries before it verify.`);
    process.exitCode = 1;
  }
} finally {
  await db.$disconnect();
  await embedded?.stop();
}
