import { Transform } from "node:stream";

/** What the first bytes of a file say it is. Office files and zip archives share the zip container. */
export type ContentKind = "pdf" | "zip" | "png" | "jpeg";

export function contentKindOf(head: Uint8Array): ContentKind | null {
  const starts = (...bytes: number[]) => bytes.every((b, i) => head[i] === b);
  if (starts(0x25, 0x50, 0x44, 0x46, 0x2d)) return "pdf"; // %PDF-
  if (starts(0x50, 0x4b, 0x03, 0x04)) return "zip"; // PK\x03\x04 (also xlsx, docx)
  if (starts(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a)) return "png";
  if (starts(0xff, 0xd8, 0xff)) return "jpeg";
  return null;
}

/** The content kind each accepted file kind must have. */
export const CONTENT_OF: Record<string, ContentKind> = { pdf: "pdf", xlsx: "zip", docx: "zip", zip: "zip", png: "png", jpeg: "jpeg" };

/** The file kind a name claims by its extension, or null. */
export function claimedKind(fileName: string): string | null {
  const extension = fileName.toLowerCase().match(/\.([a-z0-9]+)$/)?.[1];
  if (!extension) return null;
  return extension === "jpg" ? "jpeg" : extension in CONTENT_OF ? extension : null;
}

export const MIME: Record<string, string> = {
  pdf: "application/pdf",
  xlsx: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
  docx: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
  zip: "application/zip",
  png: "image/png",
  jpeg: "image/jpeg",
};

/** A name fit to show and to offer as a download name: no path, no control characters, not too long. */
export function safeFileName(name: string): string {
  // eslint-disable-next-line no-control-regex -- removing control characters is the point
  const base = name.split(/[\\/]/).pop()!.replace(/[\u0000-\u001f\u007f]/g, "").trim();
  // By characters, not UTF-16 units: a cut must not split an emoji.
  return Array.from(base || "document").slice(-200).join("");
}

export class FileTooLargeError extends Error {}

/**
 * Passes a file through, remembering its first bytes and refusing it once it exceeds `maxBytes`
 * (the upload stops there: nothing larger is ever stored whole).
 */
export function inspectingStream(maxBytes: number) {
  let head = Buffer.alloc(0);
  let size = 0;
  const stream = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      size += chunk.length;
      if (size > maxBytes) return done(new FileTooLargeError(`larger than ${maxBytes} bytes`));
      if (head.length < 16) head = Buffer.concat([head, chunk.subarray(0, 16 - head.length)]);
      done(null, chunk);
    },
  });
  return { stream, head: () => head };
}
