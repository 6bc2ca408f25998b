import { db } from "./database/db.server.ts";
import { DomainError } from "./domain-error.ts";

export interface RateLimitRule {
  /** What is limited and by what, e.g. "login:ip". */
  name: string;
  limit: number;
  windowSeconds: number;
}

/** Limits on the doors attackers knock on, per client address and per account (email). */
export const RATE_LIMITS = {
  loginByIp: { name: "login:ip", limit: 30, windowSeconds: 15 * 60 },
  loginByAccount: { name: "login:account", limit: 10, windowSeconds: 15 * 60 },
  signupByIp: { name: "signup:ip", limit: 10, windowSeconds: 60 * 60 },
  /** Also spares a mailbox a flood of "someone tried to register" emails. */
  signupByAccount: { name: "signup:account", limit: 3, windowSeconds: 60 * 60 },
  resetByIp: { name: "reset:ip", limit: 10, windowSeconds: 60 * 60 },
  resetByAccount: { name: "reset:account", limit: 3, windowSeconds: 60 * 60 },
  verifyByIp: { name: "verify:ip", limit: 30, windowSeconds: 60 * 60 },
  /** Posting a reset link or accepting an invitation: the token is checked, and passwords hashed. */
  linkByIp: { name: "link:ip", limit: 30, windowSeconds: 60 * 60 },
  passwordChangeByAccount: { name: "password-change:account", limit: 10, windowSeconds: 15 * 60 },
  verifyByAccount: { name: "verify:account", limit: 5, windowSeconds: 60 * 60 },
  /** Starting proposal document uploads (each one reserves storage). */
  uploadStartByAccount: { name: "upload-start:account", limit: 200, windowSeconds: 60 * 60 },
  /** Checking receipts on the public page. */
  receiptCheckByIp: { name: "receipt-check:ip", limit: 60, windowSeconds: 15 * 60 },
  /**
   * Invitations send an email with a name the inviter chose to an address the inviter chose: an
   * owner (or administrator) may not turn the portal into a mailer.
   */
  invitationByAccount: { name: "invitation:account", limit: 20, windowSeconds: 60 * 60 },
  invitationByOrganisation: { name: "invitation:organisation", limit: 50, windowSeconds: 24 * 60 * 60 },
  /** Clarification questions reach the administrators' desk; many accounts of one organisation share its limit. */
  questionByAccount: { name: "question:account", limit: 10, windowSeconds: 60 * 60 },
  questionByOrganisation: { name: "question:organisation", limit: 30, windowSeconds: 24 * 60 * 60 },
} as const satisfies Record<string, RateLimitRule>;

export interface RateLimitVerdict {
  allowed: boolean;
  /** Seconds until the window resets. */
  retryAfter: number;
}

/**
 * Counts one attempt against a fixed window kept in PostgreSQL, so every app instance shares the
 * count. One atomic statement: concurrent attempts cannot both slip under the limit. (A transaction
 * that started just before the window's opener sees `now()` slightly earlier, hence the LEAST.)
 */
export async function hitRateLimit(rule: RateLimitRule, subject: string): Promise<RateLimitVerdict> {
  const key = `${rule.name}:${subject.toLowerCase()}`.slice(0, 300);
  const window = rule.windowSeconds;
  const [row] = await db().$queryRaw<{ count: number; retryAfter: number }[]>`
    INSERT INTO "RateLimit" (key, "windowStart", count) VALUES (${key}, now(), 1)
    ON CONFLICT (key) DO UPDATE SET
      count = CASE WHEN "RateLimit"."windowStart" <= now() - make_interval(secs => ${window}) THEN 1 ELSE "RateLimit".count + 1 END,
      "windowStart" = CASE WHEN "RateLimit"."windowStart" <= now() - make_interval(secs => ${window}) THEN now() ELSE "RateLimit"."windowStart" END
    RETURNING count, LEAST(${window}, GREATEST(1, CEIL(EXTRACT(EPOCH FROM ("windowStart" + make_interval(secs => ${window}) - now())))))::int AS "retryAfter"`;
  return { allowed: row!.count <= rule.limit, retryAfter: row!.retryAfter };
}

/** Checks several limits; the answer is the strictest. Every limit counts the attempt. */
export async function checkRateLimits(checks: [RateLimitRule, string][]): Promise<RateLimitVerdict> {
  const verdicts = await Promise.all(checks.map(([rule, subject]) => hitRateLimit(rule, subject)));
  const refused = verdicts.filter((v) => !v.allowed);
  if (refused.length === 0) return { allowed: true, retryAfter: 0 };
  return { allowed: false, retryAfter: Math.max(...refused.map((v) => v.retryAfter)) };
}

/**
 * For domain actions: counts the attempt against each limit and refuses it (a DomainError of kind
 * "too-many", answered 429) when any is exceeded.
 */
export async function refuseWhenRateLimited(checks: [RateLimitRule, string][]): Promise<void> {
  if (!(await checkRateLimits(checks)).allowed) throw new DomainError("errors.rateLimited", "too-many");
}

/**
 * Starts a subject's count again. A person who signed in with the right password was not the one
 * guessing; without this, people who sign in often (staff through a working day) would lock
 * themselves out although they never typed a wrong password.
 */
export async function forgetRateLimit(rule: RateLimitRule, subject: string): Promise<void> {
  const key = `${rule.name}:${subject.toLowerCase()}`.slice(0, 300);
  await db().rateLimit.deleteMany({ where: { key } });
}

/** Windows that ended long ago count nothing; the hourly maintenance job removes them. */
export async function pruneRateLimits(olderThanSeconds = 24 * 3_600): Promise<number> {
  const { count } = await db().rateLimit.deleteMany({ where: { windowStart: { lt: new Date(Date.now() - olderThanSeconds * 1_000) } } });
  return count;
}
