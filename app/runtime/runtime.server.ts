import path from "node:path";
import { startHeadPublishing } from "~/platform/audit-heads.server.ts";
import { chainAuditEntries, startAuditChainer } from "~/platform/audit.server.ts";
import type { Config } from "~/platform/config.server.ts";
import { createDatabase, disconnectDatabase } from "~/platform/database/db.server.ts";
import { createMailTransport, startEmailWorkers } from "~/platform/email.server.ts";
import { startJobQueue, stopJobQueue } from "~/platform/jobs.server.ts";
import { startReleaseClock } from "~/releases/clock.server.ts";
import { startProgressReminders } from "~/developments/reminders.server.ts";
import { startMaintenance } from "./maintenance.server.ts";

/*
 * What the process (server/main.ts) needs of the app, handed over by the Remix server build
 * (app/entry.server.tsx exports this module as `runtime`). The server takes these from the build
 * instead of importing app modules itself, so the process holds one copy of each: one database
 * pool, one job queue, one logger whose request context the loaders see.
 */
export { logger, requestContext, requestIdFrom } from "~/platform/logger.server.ts";
export { languageCookie, languageOf } from "~/platform/i18n/i18n.server.ts";
export { storageOrigin } from "~/platform/storage/storage.server.ts";
export { sessionCookie } from "~/accounts/sessions.server.ts";
export { forgetSharedReads, shareReadsFor } from "~/platform/shared-reads.server.ts";
export { chainAuditEntriesSoon } from "~/platform/audit.server.ts";

/**
 * Loads the demo park (start-up asks first whether the database is empty). The demo data and its seed are imported only here,
 * so a portal started without demo data never loads them.
 */
export async function loadDemoData(url: string): Promise<void> {
  const { seedDemoPark } = await import("../../prisma/seed.ts");
  const seedClient = createDatabase(url, 1);
  try {
    await seedDemoPark(seedClient);
    await chainAuditEntries(seedClient);
  } finally {
    await seedClient.$disconnect();
  }
}

/** The demo accounts printed at start, one per role. */
export async function demoAccounts() {
  return (await import("../../prisma/demo-park.ts")).demoAccounts;
}

/**
 * Starts what runs beside the requests: the job queue on PostgreSQL, the email workers, the
 * release clock, the progress reminders, the hourly maintenance, the hourly published head of the
 * audit chain and its chainer.
 * Returns how emails go out and how to stop it all.
 */
export async function startBackground(config: Config, options: { databaseUrl: string; embedded: boolean; root: string }) {
  const boss = await startJobQueue(options.databaseUrl, { poolSize: options.embedded ? 1 : 4 });
  const transport = createMailTransport({ smtpUrl: config.SMTP_URL, outboxDir: path.resolve(options.root, config.OUTBOX_DIR) });
  await startEmailWorkers(boss, { transport, from: config.MAIL_FROM });
  await startMaintenance(boss);
  await startReleaseClock(boss);
  await startProgressReminders(boss);
  await startHeadPublishing(boss);
  await startAuditChainer(boss);
  return {
    email: transport.describe(),
    async stop() {
      await stopJobQueue();
      await disconnectDatabase();
    },
  };
}
