import { beforeAll, expect, it } from "vitest";
import { pruneExpired } from "~/runtime/maintenance.server.ts";
import { startProposal } from "~/proposals/drafts.server.ts";
import { startUpload } from "~/proposals/uploads.server.ts";
import { storage } from "~/platform/storage/storage.server.ts";
import { seedDemoPark } from "../../prisma/seed.ts";
import { withTestDatabase } from "../support/database.ts";
import { currentUserFor } from "../support/users.ts";

const db = withTestDatabase();

beforeAll(async () => {
  await seedDemoPark(db());
});

it("removes uploads started more than a day ago and never confirmed, bytes included, and nothing else", async () => {
  const owner = await currentUserFor("proposer@demo.hsitp.example");
  const proposalId = await startProposal(owner, "HSITP-2026-02", "1W-09");
  const required = await db().requiredDocument.findFirstOrThrow({ where: { release: { code: "HSITP-2026-02" }, acceptedTypes: { has: "pdf" } } });
  const start = () => startUpload(owner, proposalId, { requiredDocumentId: required.id, fileName: "scheme.pdf", size: 9 });
  const [old, fresh] = [await start(), await start()];
  const oldRow = await db().proposalDocument.update({ where: { id: old.documentId }, data: { createdAt: new Date(Date.now() - 25 * 3_600_000) } });
  // Half of it arrived before the browser went away.
  await storage().put(oldRow.storageKey, Buffer.from("%PDF-1.7"), "application/pdf");

  const pruned = await pruneExpired();

  expect(pruned.uploads).toBe(1);
  expect(await db().proposalDocument.findUnique({ where: { id: old.documentId } })).toBeNull();
  expect(await storage().size(oldRow.storageKey)).toBeNull();
  expect(await db().proposalDocument.findUnique({ where: { id: fresh.documentId } })).not.toBeNull();
});
