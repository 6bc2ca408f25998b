import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync, randomBytes, sign, verify, type KeyObject } from "node:crypto";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { z } from "zod";
import { canonicalJson } from "~/platform/canonical-json.ts";
import { getConfig } from "~/platform/config.server.ts";
import { db } from "~/platform/database/db.server.ts";

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

interface SigningKey {
  privateKey: KeyObject;
  publicKey: KeyObject;
  publicKeyPem: string;
  /** The first 16 hex digits of the SHA-256 of the public key (DER): names the key in receipts. */
  keyId: string;
}

function loadKey(pem: string): SigningKey {
  const privateKey = createPrivateKey(pem);
  if (privateKey.asymmetricKeyType !== "ed25519") throw new Error("RECEIPT_SIGNING_KEY must be an Ed25519 key");
  const publicKey = createPublicKey(privateKey);
  const der = publicKey.export({ type: "spki", format: "der" });
  return {
    privateKey,
    publicKey,
    publicKeyPem: publicKey.export({ type: "spki", format: "pem" }).toString(),
    keyId: createHash("sha256").update(der).digest("hex").slice(0, 16),
  };
}

/** The configured key, or the one kept in RECEIPT_KEY_FILE (made on first use, mode 600). */
function keyPem(): string {
  const config = getConfig();
  if (config.RECEIPT_SIGNING_KEY) return config.RECEIPT_SIGNING_KEY;
  const file = path.resolve(config.RECEIPT_KEY_FILE);
  try {
    return readFileSync(file, "utf8");
  } catch {
    mkdirSync(path.dirname(file), { recursive: true });
    const pem = generateKeyPairSync("ed25519").privateKey.export({ type: "pkcs8", format: "pem" }).toString();
    try {
      writeFileSync(file, pem, { mode: 0o600, flag: "wx" });
      return pem;
    } catch {
      return readFileSync(file, "utf8"); // another process made it first
    }
  }
}

let loaded: SigningKey | undefined;
function signingKey(): SigningKey {
  loaded ??= loadKey(keyPem());
  return loaded;
}

export const receiptPublicKey = () => ({ pem: signingKey().publicKeyPem, keyId: signingKey().keyId });

let registered: Promise<unknown> | undefined;
/**
 * Records this instance's public key once per process, so receipts it signs verify on every
 * instance (and after a key change). Instances should share RECEIPT_SIGNING_KEY all the same.
 */
export function registerReceiptKey(): Promise<unknown> {
  const { pem, keyId } = receiptPublicKey();
  registered ??= db()
    .receiptSigningKey.createMany({ data: [{ keyId, publicKeyPem: pem }], skipDuplicates: true })
    .catch((error: unknown) => {
      registered = undefined;
      throw error;
    });
  return registered;
}

/** Every portal key that has signed receipts, by key id. */
export async function knownReceiptKeys(): Promise<Record<string, string>> {
  const keys = await db().receiptSigningKey.findMany();
  return Object.fromEntries(keys.map((k) => [k.keyId, k.publicKeyPem]));
}

/** Receipt numbers are random (not a sequence), so they reveal nothing about how many bids came in. */
export function newReceiptNumber(): string {
  const alphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"; // Crockford's base 32: no I, L, O, U
  const chars = Array.from(randomBytes(12), (byte) => alphabet[byte % 32]).join("");
  return `R-${chars.slice(0, 4)}-${chars.slice(4, 8)}-${chars.slice(8, 12)}`;
}

export function signReceipt(content: Omit<ReceiptContent, "keyId" | "canonicalization">): SignedReceipt {
  const key = signingKey();
  const receipt: ReceiptContent = { ...content, keyId: key.keyId, canonicalization: RECEIPT_CANONICALIZATION };
  const signature = sign(null, Buffer.from(canonicalJson(receipt)), key.privateKey).toString("base64url");
  return { ...receipt, signature };
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
  const own = signingKey();
  const pem = receipt.data.keyId === own.keyId ? own.publicKeyPem : publicKeys[receipt.data.keyId];
  if (!pem) return { genuine: false, reason: "unknownKey" };
  const { signature, ...content } = receipt.data;
  const signatureBytes = Buffer.from(signature, "base64url");
  const ok = verify(null, Buffer.from(canonicalJson(content)), createPublicKey(pem), signatureBytes);
  // Base64url's last character may carry unused bits: the same signature can be written several
  // ways. The receipt goes on with the one spelling the portal writes.
  return ok ? { genuine: true, receipt: { ...receipt.data, signature: signatureBytes.toString("base64url") } } : { genuine: false, reason: "badSignature" };
}

/** The receipt as people keep it: pretty JSON with the fields in a stable order (an older receipt without its canonical form stays without). */
export function receiptText(receipt: SignedReceipt): string {
  const { receiptNumber, release, plot, organisation, version, receivedAt, packageDigest, keyId, canonicalization, signature } = receipt;
  return JSON.stringify({ receiptNumber, release, plot, organisation, version, receivedAt, packageDigest, keyId, canonicalization, signature }, null, 2);
}
