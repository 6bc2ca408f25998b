import { createHash } from "node:crypto";
import { readdir } from "node:fs/promises";
import path from "node:path";
import { Readable } from "node:stream";
import { beforeAll, describe, expect, it } from "vitest";
import { getCurrentUser, type CurrentUser } from "~/accounts/sessions.server.ts";
import { checkDiskLink } from "~/platform/storage/disk.server.ts";
import { storage } from "~/platform/storage/storage.server.ts";
import { addTenderDocument, publicDocumentLink, storeTenderDocument, TENDER_DOCUMENT_MAX_BYTES } from "~/releases/tender-documents.server.ts";
import { seedDemoPark } from "../../prisma/seed.ts";
import { withTestDatabase } from "../support/database.ts";
import { sessionCookieFor } from "../support/users.ts";

const db = withTestDatabase();
let admin: CurrentUser;
const pdf = Buffer.from("%PDF-1.7\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n");
const titles = { titleEn: "Conditions of tender", titleZhHant: "招標條件" };

beforeAll(async () => {
  await seedDemoPark(db());
  admin = (await getCurrentUser(new Request("http://portal.test/", { headers: { Cookie: await sessionCookieFor("admin@demo.hsitp.example") } })))!;
});

describe("tender documents", () => {
  it("are stored with the size and SHA-256 of their bytes, under a key of ours, with a safe name", async () => {
    const stored = await storeTenderDocument("../../etc/Conditions\u0000 of tender.pdf", Readable.from([pdf]));
    expect(stored).toMatchObject({ fileName: "Conditions of tender.pdf", kind: "pdf", size: pdf.length, sha256: createHash("sha256").update(pdf).digest("hex") });
    expect(stored.key).toMatch(/^tender-documents\/\d{4}-\d{2}\/[0-9a-f-]{36}$/);
    const document = await addTenderDocument(admin, "HSITP-2027-01", titles, stored);
    expect(await db().auditEvent.count({ where: { action: "release.document_added", subjectId: "HSITP-2027-01" } })).toBe(1);
    // The release is a draft: no public link.
    expect(await publicDocumentLink("HSITP-2027-01", document.id)).toBeNull();
  });

  it("refuses an executable named .pdf, and keeps nothing of it", async () => {
    const before = await storageObjects();
    expect(before.length).toBeGreaterThan(0);
    await expect(storeTenderDocument("scheme.pdf", Readable.from([Buffer.from("MZ\x90\x00 this is a program")]))).rejects.toThrow("documents.errors.contentMismatch");
    await expect(storeTenderDocument("scheme.exe", Readable.from([pdf]))).rejects.toThrow("documents.errors.kind");
    expect(await storageObjects()).toEqual(before);
  });

  it("stops an upload larger than 100 MB while it streams", async () => {
    const chunk = Buffer.alloc(8 * 1024 * 1024);
    const chunks = Math.ceil(TENDER_DOCUMENT_MAX_BYTES / chunk.length) + 1;
    async function* huge() {
      yield pdf;
      for (let i = 0; i < chunks; i++) yield chunk;
    }
    await expect(storeTenderDocument("big.pdf", huge())).rejects.toThrow("documents.errors.tooLarge");
  });

  it("of a published release change only through an addendum, and have short-lived public links", async () => {
    const stored = await storeTenderDocument("addendum.pdf", Readable.from([pdf]));
    await expect(addTenderDocument(admin, "HSITP-2026-02", titles, stored)).rejects.toThrow("documents.errors.useAddendum");
    expect(await storage().size(stored.key)).toBeNull();

    // A document recorded before publication is public once the release is.
    const earlier = await storeTenderDocument("conditions.pdf", Readable.from([pdf]));
    const release = await db().release.findUniqueOrThrow({ where: { code: "HSITP-2026-02" } });
    const document = await db().tenderDocument.create({
      data: { releaseId: release.id, ...titles, fileName: "conditions.pdf", contentType: "application/pdf", size: earlier.size, sha256: earlier.sha256, storageKey: earlier.key, uploadedById: admin.id },
    });
    const link = await publicDocumentLink("HSITP-2026-02", document.id);
    const check = checkDiskLink(storage().linkSecret!, new URL(link!).searchParams);
    expect(check).toEqual({ ok: true, key: earlier.key, fileName: "conditions.pdf", contentType: "application/pdf", inline: false });
    expect(new URL(link!).searchParams.get("expires")).toMatch(/^\d+$/);
    expect(Number(new URL(link!).searchParams.get("expires")) * 1000 - Date.now()).toBeLessThanOrEqual(300_000);
  });
});

/** Every file the disk storage holds (the tests run on the disk driver, in a folder of their own). */
async function storageObjects() {
  const entries = await readdir(process.env.STORAGE_DIR!, { recursive: true, withFileTypes: true }).catch(() => []);
  return entries.filter((e) => e.isFile() && e.name !== ".link-secret").map((e) => path.join(e.parentPath, e.name)).sort();
}
