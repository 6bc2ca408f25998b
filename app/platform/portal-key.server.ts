import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync, sign, verify, type KeyObject } from "node:crypto";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { canonicalJson } from "./canonical-json.ts";
import { getConfig } from "./config.server.ts";
import { db } from "./database/db.server.ts";

/**
 * The portal's Ed25519 key. It signs what the portal states to people who must be able to check it
 * without trusting the portal afterwards: receipts, published audit-chain heads and the commitment
 * to the set of bids received at a deadline. Every statement is signed over its RFC 8785 canonical JSON.
 */
interface PortalKey {
  privateKey: KeyObject;
  publicKeyPem: string;
  /** The first 16 hex digits of the SHA-256 of the public key (DER): names the key in statements. */
  keyId: string;
}

function loadKey(pem: string): PortalKey {
  const privateKey = createPrivateKey(pem);
  if (privateKey.asymmetricKeyType !== "ed25519") throw new Error("RECEIPT_SIGNING_KEY must be an Ed25519 key");
  const publicKey = createPublicKey(privateKey);
  const der = publicKey.export({ type: "spki", format: "der" });
  return {
    privateKey,
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

let loaded: PortalKey | undefined;
function portalKey(): PortalKey {
  loaded ??= loadKey(keyPem());
  return loaded;
}

export const portalPublicKey = () => ({ pem: portalKey().publicKeyPem, keyId: portalKey().keyId });

let registered: Promise<unknown> | undefined;
/**
 * Records this instance's public key once per process, so what it signs verifies on every
 * instance (and after a key change). Instances should share RECEIPT_SIGNING_KEY all the same.
 */
export function registerPortalKey(): Promise<unknown> {
  const { pem, keyId } = portalPublicKey();
  registered ??= db()
    .receiptSigningKey.createMany({ data: [{ keyId, publicKeyPem: pem }], skipDuplicates: true })
    .catch((error: unknown) => {
      registered = undefined;
      throw error;
    });
  return registered;
}

/**
 * Records the key inside a transaction that stores something it signed, so whoever checks the
 * statement later, on any instance or with the verify command, finds the key.
 */
export async function recordPortalKey(tx: Pick<ReturnType<typeof db>, "receiptSigningKey">): Promise<void> {
  const { pem, keyId } = portalPublicKey();
  await tx.receiptSigningKey.createMany({ data: [{ keyId, publicKeyPem: pem }], skipDuplicates: true });
}

/** Every portal key that has signed statements, by key id. */
export async function knownPortalKeys(): Promise<Record<string, string>> {
  const keys = await db().receiptSigningKey.findMany();
  return Object.fromEntries(keys.map((k) => [k.keyId, k.publicKeyPem]));
}

/**
 * Signs a statement: the key id is added to it, and the signature (base64url) covers the canonical
 * JSON of the statement with its key id.
 */
export function signStatement<T extends object>(content: T): T & { keyId: string; signature: string } {
  const key = portalKey();
  const statement = { ...content, keyId: key.keyId };
  return { ...statement, signature: sign(null, Buffer.from(canonicalJson(statement)), key.privateKey).toString("base64url") };
}

/**
 * Whether a signed statement (as signStatement returns it) carries the named portal key's signature:
 * this instance's key, or another the portal has used (`publicKeys`, by key id).
 */
export function statementSigned(signed: { keyId: string; signature: string }, publicKeys: Record<string, string> = {}): boolean {
  const { signature, ...statement } = signed;
  const own = portalKey();
  const pem = signed.keyId === own.keyId ? own.publicKeyPem : publicKeys[signed.keyId];
  if (!pem) return false;
  return verify(null, Buffer.from(canonicalJson(statement)), createPublicKey(pem), Buffer.from(signature, "base64url"));
}
