import type { PgBoss } from "pg-boss";
import { db } from "~/platform/database/db.server.ts";
import { discardAbandonedUploads } from "~/proposals/uploads.server.ts";
import { pruneRateLimits } from "~/platform/rate-limit.server.ts";

export const PRUNE = "maintenance.prune";

/**
 * Removes what can no longer matter: ended sessions, used or expired link tokens, old rate windows,
 * proposal uploads abandoned half-way.
 */
export async function pruneExpired(now = new Date()) {
  const [sessions, tokens, rateLimits, uploads] = await Promise.all([
    db().session.deleteMany({ where: { expiresAt: { lt: now } } }),
    db().accountToken.deleteMany({ where: { expiresAt: { lt: new Date(now.getTime() - 7 * 86_400_000) } } }),
    pruneRateLimits(),
    discardAbandonedUploads(now),
  ]);
  return { sessions: sessions.count, tokens: tokens.count, rateLimits, uploads };
}

export async function startMaintenance(boss: PgBoss): Promise<void> {
  await boss.createQueue(PRUNE, { policy: "singleton" });
  await boss.work(PRUNE, async () => {
    await pruneExpired();
  });
  await boss.schedule(PRUNE, "17 * * * *");
}
