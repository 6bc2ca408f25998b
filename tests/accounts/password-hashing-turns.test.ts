import { expect, it } from "vitest";
import { HASHING_AT_ONCE, hashingQueue, hashPassword, verifyPassword } from "~/accounts/passwords.server.ts";

/**
 * Sign-ins at once take turns at hashing (argon2id, in libuv's pool), so one core stays free for
 * the event loop that renders everyone else's pages (issue 17).
 */
it("hashes at most one less than the cores at a time; the rest wait their turn and all finish", async () => {
  const stored = await hashPassword("a long enough password for the turns");
  const seen: { running: number; waiting: number }[] = [];
  const checks = Array.from({ length: HASHING_AT_ONCE + 3 }, (_, i) => verifyPassword(stored, i === 0 ? "a long enough password for the turns" : `wrong ${i}`));
  seen.push(hashingQueue());
  const results = await Promise.all(checks);
  expect(seen[0]).toEqual({ running: HASHING_AT_ONCE, waiting: 3 });
  expect(results).toEqual([true, ...Array(HASHING_AT_ONCE + 2).fill(false)]);
  expect(hashingQueue()).toEqual({ running: 0, waiting: 0 });
});
