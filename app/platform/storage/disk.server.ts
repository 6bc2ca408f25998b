import { createHmac, randomBytes, randomUUID, timingSafeEqual } from "node:crypto";
import { createReadStream, createWriteStream, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { mkdir, rename, rm, stat } from "node:fs/promises";
import path from "node:path";
import { pipeline } from "node:stream/promises";
import { checkKey, digester, OBJECT_KEY, SHOWN_INLINE, toStream, type ObjectStorage } from "./object-storage.server.ts";

/** Signs disk download links: the key, the expiry, the name, the type and inline or not, so none can be changed. */
function linkSignature(secret: string, key: string, expires: number, fileName: string, contentType: string, inline: boolean) {
  return createHmac("sha256", secret).update(`${key}\n${expires}\n${fileName}\n${contentType}\n${inline ? "inline" : "attachment"}`).digest("base64url");
}

export type LinkCheck = { ok: true; key: string; fileName: string; contentType: string; inline: boolean } | { ok: false; reason: "invalid" | "expired" };

/** Checks a disk download link made by `downloadUrl` (the /files route serves it). */
export function checkDiskLink(secret: string, params: URLSearchParams, now = Date.now()): LinkCheck {
  const key = params.get("key") ?? "";
  const fileName = params.get("name") ?? "";
  const contentType = params.get("type") ?? "";
  const expires = Number(params.get("expires"));
  const inline = params.get("show") === "inline";
  const signature = Buffer.from(params.get("sig") ?? "");
  if (!OBJECT_KEY.test(key) || !Number.isSafeInteger(expires)) return { ok: false, reason: "invalid" };
  const expected = Buffer.from(linkSignature(secret, key, expires, fileName, contentType, inline));
  if (signature.length !== expected.length || !timingSafeEqual(signature, expected)) return { ok: false, reason: "invalid" };
  if (now > expires * 1_000) return { ok: false, reason: "expired" };
  return { ok: true, key, fileName, contentType, inline: inline && SHOWN_INLINE.has(contentType) };
}

export function diskStorage(settings: { directory: string; linkSecret: string; publicUrl: string }): ObjectStorage {
  const fileOf = (key: string) => path.join(settings.directory, ...checkKey(key).split("/"));
  return {
    driver: "disk",
    async put(key, body, _contentType) {
      const file = fileOf(key);
      await mkdir(path.dirname(file), { recursive: true });
      const partial = `${file}.${randomUUID()}.partial`;
      const digest = digester();
      const writer = createWriteStream(partial, { flags: "wx" });
      try {
        // Streamed to a temporary name and renamed: a reader never sees half a file.
        await pipeline(toStream(body), digest.stream, writer);
        await rename(partial, file);
      } catch (error) {
        // A body refused at once (too large) fails the pipeline while the file may still be
        // opening: removed before it is created, it would stay behind.
        if (!writer.closed) await new Promise<void>((closed) => writer.once("close", () => closed()));
        await rm(partial, { force: true });
        throw error;
      }
      return { key, ...digest.result() };
    },
    async size(key) {
      return stat(fileOf(key)).then((s) => s.size, () => null);
    },
    async read(key) {
      return createReadStream(fileOf(key));
    },
    async delete(key) {
      await rm(fileOf(key), { force: true });
    },
    async downloadUrl(key, options) {
      const expires = Math.floor(Date.now() / 1_000) + options.expiresInSeconds;
      const inline = Boolean(options.inline && SHOWN_INLINE.has(options.contentType));
      const params = new URLSearchParams({
        key: checkKey(key),
        name: options.fileName,
        type: options.contentType,
        expires: String(expires),
        ...(inline ? { show: "inline" } : {}),
        sig: linkSignature(settings.linkSecret, key, expires, options.fileName, options.contentType, inline),
      });
      return `${settings.publicUrl}/files?${params}`;
    },
  };
}

/** The disk driver's link secret: configured, or made once and kept beside the files (mode 600). */
export function diskLinkSecret(directory: string, configured: string | undefined): string {
  if (configured) return configured;
  const file = path.join(directory, ".link-secret");
  try {
    return readFileSync(file, "utf8").trim();
  } catch {
    mkdirSync(directory, { recursive: true });
    const secret = randomBytes(32).toString("base64url");
    writeFileSync(file, secret, { mode: 0o600, flag: "wx" });
    return secret;
  }
}
