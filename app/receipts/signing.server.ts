import { randomBytes } from "node:crypto";
import { z } from "zod";
import { portalPublicKey, signStatement, statementSigned } from "~/platform/portal-key.server.ts";

/**
 * What a receipt says. The signature covers the canonical JSON of exactly these fields, so a
 * receipt can be checked by anyone holding the public key, with or without this portal.
 */
export const receiptSchema = z.object({
  receiptNumber: z.string().regex(/^R-[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}$/),
  release: z.string().min(1).max(40),
  plot: z.string().min(1).max(40),
  organisation: z.string().min(1).max(300),
  version: z.number().int().min(1),
  receivedAt: z.iso.datetime(),
  packageDigest: z.string().regex(/^[0-9a-f]{64}$/),
  keyId: z.string().regex(/^[0-9a-f]{16}$/),
});
export type ReceiptContent = z.infer<typeof receiptSchema>;

/** Strict: a receipt carrying a field the portal never signs is refused, not silently trimmed. */
export const signedReceiptSchema = receiptSchema.extend({ signature: z.string().regex(/^[A-Za-z0-9_-]{86}$/) }).strict();
export type SignedReceipt = z.infer<typeof signedReceiptSchema>;

/** Receipt numbers are random (not a sequence), so they reveal nothing about how many bids came in. */
export function newReceiptNumber(): string {
  const alphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"; // Crockford's base 32: no I, L, O, U
  const chars = Array.from(randomBytes(12), (byte) => alphabet[byte % 32]).join("");
  return `R-${chars.slice(0, 4)}-${chars.slice(4, 8)}-${chars.slice(8, 12)}`;
}

export function signReceipt(content: Omit<ReceiptContent, "keyId">): SignedReceipt {
  return signStatement(content);
}

export type ReceiptCheck =
  | { genuine: true; receipt: SignedReceipt }
  | { genuine: false; reason: "unreadable" | "unexpectedFields" | "unknownKey" | "badSignature" };

/**
 * Checks a receipt as pasted by anyone: its form, the key it names (this instance's, or another
 * portal key among `publicKeys`, by key id) and its signature.
 */
export function checkReceipt(text: string, publicKeys: Record<string, string> = {}): ReceiptCheck {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return { genuine: false, reason: "unreadable" };
  }
  const receipt = signedReceiptSchema.safeParse(parsed);
  if (!receipt.success) return { genuine: false, reason: receipt.error.issues.some((issue) => issue.code === "unrecognized_keys") ? "unexpectedFields" : "unreadable" };
  if (receipt.data.keyId !== portalPublicKey().keyId && !publicKeys[receipt.data.keyId]) return { genuine: false, reason: "unknownKey" };
  const signatureBytes = Buffer.from(receipt.data.signature, "base64url");
  const ok = statementSigned(receipt.data, publicKeys);
  // Base64url's last character may carry unused bits: the same signature can be written several
  // ways. The receipt goes on with the one spelling the portal writes.
  return ok ? { genuine: true, receipt: { ...receipt.data, signature: signatureBytes.toString("base64url") } } : { genuine: false, reason: "badSignature" };
}

/** The receipt as people keep it: pretty JSON with the fields in a stable order. */
export function receiptText(receipt: SignedReceipt): string {
  const { receiptNumber, release, plot, organisation, version, receivedAt, packageDigest, keyId, signature } = receipt;
  return JSON.stringify({ receiptNumber, release, plot, organisation, version, receivedAt, packageDigest, keyId, signature }, null, 2);
}
