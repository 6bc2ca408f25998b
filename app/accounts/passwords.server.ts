import { availableParallelism } from "node:os";
import { hash, verify } from "@node-rs/argon2";
import { dictionary } from "@zxcvbn-ts/language-common";

/** OWASP's argon2id recommendation: 19 MiB of memory, 2 iterations, 1 lane. */
export const ARGON2ID = { algorithm: 2, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

export const PASSWORD_MIN = 12;
/** argon2 takes any length; a cap keeps a megabyte "password" from costing us a megabyte of hashing. */
export const PASSWORD_MAX = 256;

let common: Set<string> | undefined;
function commonPasswords(): Set<string> {
  common ??= new Set((dictionary["passwords-common"] as string[]).map((p) => p.toLowerCase()));
  return common;
}

/**
 * Why a password is refused, as a catalog key, or null when it is acceptable: too short, one of the
 * ~49,000 most common passwords (also with digits or symbols added at the end), or the email itself.
 */
export function passwordProblem(password: string, email?: string): string | null {
  if (password.length < PASSWORD_MIN) return "errors.passwordTooShort";
  if (password.length > PASSWORD_MAX) return "errors.passwordTooLong";
  const lower = password.toLowerCase();
  const stem = lower.replace(/[\d\W_]+$/, "");
  if (commonPasswords().has(lower) || (stem.length >= 6 && commonPasswords().has(stem))) return "errors.passwordCommon";
  if (new Set(lower).size <= 2) return "errors.passwordCommon";
  const local = email?.split("@")[0]?.toLowerCase();
  if (local && local.length >= 4 && lower.includes(local)) return "errors.passwordLikeEmail";
  return null;
}

/**
 * Hashes at a time. @node-rs/argon2 already hashes in libuv's thread pool, off the event loop, but
 * that pool has four threads: twenty people signing in at once kept four cores' worth of hashing
 * runnable, and on a two-core server the event loop (every page for everyone else) waited its turn
 * for a CPU. One core is left to the event loop; sign-ins queue for the others.
 */
export const HASHING_AT_ONCE = Math.max(1, availableParallelism() - 1);
let hashing = 0;
const waiting: (() => void)[] = [];

/** Runs `work` when fewer than HASHING_AT_ONCE hashes are running. */
async function inTurn<T>(work: () => Promise<T>): Promise<T> {
  if (hashing >= HASHING_AT_ONCE) await new Promise<void>((resolve) => waiting.push(resolve));
  else hashing++;
  try {
    return await work();
  } finally {
    // The turn passes straight to the next in line (the count stays), or is given back.
    const next = waiting.shift();
    if (next) next();
    else hashing--;
  }
}

/** Hashes running now and waiting for their turn (for tests and the sign-in benchmark). */
export const hashingQueue = () => ({ running: hashing, waiting: waiting.length });

export const hashPassword = (password: string) => inTurn(() => hash(password, ARGON2ID));

// Verifying against this when no account matches keeps both answers equally slow, so timing does not
// tell whether an email is registered.
let dummyHash: Promise<string> | undefined;

export async function verifyPassword(passwordHash: string | undefined, password: string): Promise<boolean> {
  if (!passwordHash) {
    dummyHash ??= hashPassword("no account has this password, it only costs time");
    const dummy = await dummyHash;
    await inTurn(() => verify(dummy, password)).catch(() => false);
    return false;
  }
  return inTurn(() => verify(passwordHash, password)).catch(() => false);
}
