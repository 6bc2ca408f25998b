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

export const hashPassword = (password: string) => hash(password, ARGON2ID);

// Verifying against this when no account matches keeps both answers equally slow, so timing does not
// tell whether an email is registered.
let dummyHash: Promise<string> | undefined;

export async function verifyPassword(passwordHash: string | undefined, password: string): Promise<boolean> {
  if (!passwordHash) {
    dummyHash ??= hashPassword("no account has this password, it only costs time");
    await verify(await dummyHash, password).catch(() => false);
    return false;
  }
  return verify(passwordHash, password).catch(() => false);
}
