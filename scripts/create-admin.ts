// npm run admin:create — creates an administrator account:
//   ADMIN_EMAIL=ops@park.example ADMIN_NAME="Ops Lead" ADMIN_PASSWORD='a long passphrase' npm run admin:create
// Uses DATABASE_URL, or the embedded database in EMBEDDED_DB_DIR (stop the portal first: one process at a time).
import { getConfig } from "../app/platform/config.server.ts";
import { createDatabase } from "../app/platform/database/db.server.ts";
import { createAdministrator } from "../app/accounts/staff.server.ts";
import { startEmbeddedDatabase } from "../server/embedded-database.ts";
import { applyMigrations } from "../server/migrations.ts";

const config = getConfig();
const embedded = config.DATABASE_URL ? undefined : await startEmbeddedDatabase({ dataDir: config.EMBEDDED_DB_DIR });
const url = config.DATABASE_URL ?? embedded!.url;
const db = createDatabase(url, 1);
try {
  await applyMigrations(url);
  await createAdministrator(db, { email: process.env.ADMIN_EMAIL, name: process.env.ADMIN_NAME, password: process.env.ADMIN_PASSWORD });
  console.log(`Administrator ${process.env.ADMIN_EMAIL} created. Sign in at ${config.PUBLIC_URL}/login`);
} catch (error) {
  console.error(`Could not create the administrator: ${(error as Error).message}`);
  process.exitCode = 1;
} finally {
  await db.$disconnect();
  await embedded?.stop();
}
