import { createHash, randomBytes } from "node:crypto";

/** A secret for a link or a cookie: 256 random bits, URL-safe. */
export const newSecret = () => randomBytes(32).toString("base64url");

/** What the database keeps of a secret: its SHA-256, so a leaked table opens no account. */
export const hashSecret = (secret: string) => createHash("sha256").update(secret).digest("hex");

/** Secrets we issue are 43 base64url characters; anything else is not worth a database lookup. */
export const looksLikeSecret = (value: unknown): value is string =>
  typeof value === "string" && /^[A-Za-z0-9_-]{43}$/.test(value);
