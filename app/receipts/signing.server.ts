import { randomBytes } from "node:crypto";
import { z } from "zod";
import { portalPublicKey, signStatement, statementSigned } from "~/platform/portal-key.server.ts";

/**
 * The canonical form a receipt's signature is made over, named in the receipt itself (and signed
 * with it), so anyone knows how to check it without the portal: RFC 8785, the JSON
 * Canonicalization Scheme (app/platform/canonical-json.ts).
 */
export const RECEIPT_CANONICALIZATION = "RFC8785";

/**
 * What a receipt says. The signature covers the canonical JSON of exactly these fields, so a
 * receipt can be checked by anyone holding the public key, with or without this portal.
 * `canonicalization` is absent from receipts issued before it was added: those were made over the
 * same canonical form (decision 0007) and verify over exactly the fields they carry.
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
  // Any text here, so that a value the portal does not know is told apart from an unreadable receipt.
  canonicalization: z.string().max(100).optional(),
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

export function signReceipt(content: Omit<ReceiptContent, "keyId" | "canonicalization">): SignedReceipt {
  return signStatement({ ...content, canonicalization: RECEIPT_CANONICALIZATION });
}

export type ReceiptCheck =
  | { genuine: true; receipt: SignedReceipt }
  | { genuine: false; reason: "unreadable" | "unexpectedFields" | "unknownCanonicalization" | "unknownKey" | "badSignature" };

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
  // A canonical form the portal never signs with cannot be checked: say so, not "bad signature".
  if (receipt.data.canonicalization !== undefined && receipt.data.canonicalization !== RECEIPT_CANONICALIZATION) return { genuine: false, reason: "unknownCanonicalization" };
  if (receipt.data.keyId !== portalPublicKey().keyId && !publicKeys[receipt.data.keyId]) return { genuine: false, reason: "unknownKey" };
  const signatureBytes = Buffer.from(receipt.data.signature, "base64url");
  const ok = statementSigned(receipt.data, publicKeys);
  // Base64url's last character may carry unused bits: the same signature can be written several
  // ways. The receipt goes on with the one spelling the portal writes.
  return ok ? { genuine: true, receipt: { ...receipt.data, signature: signatureBytes.toString("base64url") } } : { genuine: false, reason: "badSignature" };
}

/** The receipt as people keep it: pretty JSON with the fields in a stable order (an older receipt without its canonical form stays without). */
export function receiptText(receipt: SignedReceipt): string {
  const { receiptNumber, release, plot, organisation, version, receivedAt, packageDigest, keyId, canonicalization, signature } = receipt;
  return JSON.stringify({ receiptNumber, release, plot, organisation, version, receivedAt, packageDigest, keyId, canonicalization, signature }, null, 2);
}
