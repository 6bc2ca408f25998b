import { chainAuditEntries } from "~/platform/audit.server.ts";
import type { Database } from "~/platform/database/db.server.ts";

/**
 * The audit log as any reader of the chain sees it: after the chainer has run, so every committed
 * entry has its sequence, previous digest and digest (decision 0015). For tests that read those.
 */
export async function chainedAuditLog(database: Database) {
  await chainAuditEntries(database);
  return database.auditEvent;
}
