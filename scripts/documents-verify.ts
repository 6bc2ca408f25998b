// npm run documents:verify — reads every stored document back from storage (STORAGE_DIR or the S3
// bucket) and checks its SHA-256 against the database in DATABASE_URL (or the embedded one in
// EMBEDDED_DB_DIR, when the portal is not running on it). After a restore, with audit:verify.
import { getConfig } from "../app/platform/config.server.ts";
import { createDatabase } from "../app/platform/database/db.server.ts";
import { verifyStoredDocuments } from "../app/platform/storage/document-check.server.ts";
import { startEmbeddedDatabase } from "../server/embedded-database.ts";

const config = getConfig();
const embedded = config.DATABASE_URL ? undefined : await startEmbeddedDatabase({ dataDir: config.EMBEDDED_DB_DIR });
const db = createDatabase(config.DATABASE_URL ?? embedded!.url, 1);
try {
  const result = await verifyStoredDocuments(db);
  if (result.problems.length === 0) {
    console.log(`Stored documents intact: ${result.checked} checked, every SHA-256 as recorded.`);
  } else {
    for (const p of result.problems) console.error(`${p.storageKey}: recorded ${p.expected}, found ${p.found}`);
    console.error(`${result.problems.length} of ${result.checked} stored documents are missing or altered.`);
    process.exitCode = 1;
  }
} finally {
  await db.$disconnect();
  await embedded?.stop();
}
