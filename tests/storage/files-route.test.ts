import { expect, it } from "vitest";
import { loader } from "~/routes/files.ts";
import { newObjectKey } from "~/platform/storage/object-storage.server.ts";
import { storage } from "~/platform/storage/storage.server.ts";
import { loaderArgs, statusOf } from "../support/routes.ts";

const get = (link: string) => loader(loaderArgs(new URL(link).pathname + new URL(link).search));

it("serves a stored document from its signed link, as an attachment that browsers will not sniff", async () => {
  const key = newObjectKey("tender-documents");
  await storage().put(key, Buffer.from("%PDF-1.7 conditions of tender"), "application/pdf");
  const link = await storage().downloadUrl(key, { fileName: "Conditions of tender.pdf", contentType: "application/pdf", expiresInSeconds: 60 });
  const response = await get(link);
  expect(response.status).toBe(200);
  expect(await response.text()).toBe("%PDF-1.7 conditions of tender");
  expect(response.headers.get("Content-Type")).toBe("application/pdf");
  expect(response.headers.get("Content-Disposition")).toContain('attachment; filename="Conditions of tender.pdf"');
  expect(response.headers.get("X-Content-Type-Options")).toBe("nosniff");
  expect(response.headers.get("Cache-Control")).toBe("private, no-store");

  const tampered = new URL(link);
  tampered.searchParams.set("type", "text/html");
  expect((await get(tampered.toString())).status).toBe(403);
});

it("says when a link has expired", async () => {
  const key = newObjectKey("tender-documents");
  await storage().put(key, Buffer.from("old"), "text/plain");
  const link = await storage().downloadUrl(key, { fileName: "old.txt", contentType: "text/plain", expiresInSeconds: -1 });
  const response = await get(link);
  expect(response.status).toBe(410);
  expect(await response.text()).toContain("expired");
});

it("answers 404 for a validly signed link to a file that is gone", async () => {
  const key = newObjectKey("tender-documents");
  const link = await storage().downloadUrl(key, { fileName: "gone.pdf", contentType: "application/pdf", expiresInSeconds: 60 });
  expect(await statusOf(() => get(link))).toBe(404);
});
