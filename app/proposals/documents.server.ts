import type { CurrentUser } from "~/accounts/sessions.server.ts";
import { db } from "~/platform/database/db.server.ts";
import type { Tx } from "~/platform/database/transactions.server.ts";
import { DomainError } from "~/platform/domain-error.ts";
import { storage } from "~/platform/storage/storage.server.ts";
import { lockOpenProposal, ownedBy } from "./gate.server.ts";

/** Takes documents out of the draft; those no sealed version refers to are deleted. Returns the keys to delete after commit. */
export async function detachFromDraft(tx: Tx, documents: { id: string; storageKey: string; versions: unknown[] }[]) {
  const unsealed = documents.filter((d) => d.versions.length === 0);
  await tx.proposalDocument.updateMany({ where: { id: { in: documents.filter((d) => d.versions.length > 0).map((d) => d.id) } }, data: { inDraft: false } });
  await tx.proposalDocument.deleteMany({ where: { id: { in: unsealed.map((d) => d.id) } } });
  return unsealed.map((d) => d.storageKey);
}

/** Deletes bytes no record refers to any more, after the commit; one that fails to go is only wasted space. */
export async function deleteBytes(keys: (string | null)[]) {
  await Promise.all(keys.filter((key): key is string => key !== null).map((key) => storage().delete(key).catch(() => {})));
}

/** Deletes a file from the draft; a sealed version that includes it keeps it. */
export async function removeDocument(user: CurrentUser, proposalId: string, documentId: string) {
  const keys = await db().$transaction(async (tx) => {
    await lockOpenProposal(tx, user, proposalId);
    const document = await tx.proposalDocument.findFirst({ where: { id: documentId, proposalId, inDraft: true, state: "stored" }, include: { versions: { select: { versionId: true }, take: 1 } } });
    if (!document) throw new DomainError("proposals.errors.unknownDocument");
    return detachFromDraft(tx, [document]);
  });
  await deleteBytes(keys);
}

/** A 5-minute download link to a file of our own proposal (draft or sealed), or null. */
export async function ownDocumentLink(user: CurrentUser, proposalId: string, documentId: string): Promise<string | null> {
  const owner = ownedBy(user);
  if (!owner) return null;
  const document = await db().proposalDocument.findFirst({ where: { id: documentId, state: "stored", proposal: { id: proposalId, ...owner } } });
  if (!document) return null;
  return storage().downloadUrl(document.storageKey, { fileName: document.fileName, contentType: document.contentType, expiresInSeconds: 300 });
}
