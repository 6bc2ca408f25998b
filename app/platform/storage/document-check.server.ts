import { createHash } from "node:crypto";
import { pipeline } from "node:stream/promises";
import type { Database } from "../database/db.server.ts";
import { storage } from "./storage.server.ts";

export interface DocumentCheck {
  checked: number;
  /** Documents whose bytes are missing from storage, or whose SHA-256 is not the one recorded. */
  problems: { storageKey: string; expected: string; found: string | "missing" }[];
}

/**
 * Reads every stored document (tender documents and proposal documents) back from storage and
 * compares its SHA-256 with the one recorded: after a restore, or any time, this says whether the
 * database and the storage still belong together.
 */
export async function verifyStoredDocuments(database: Database): Promise<DocumentCheck> {
  const recorded = [
    ...(await database.tenderDocument.findMany({ select: { storageKey: true, sha256: true } })),
    ...(await database.proposalDocument.findMany({ where: { state: "stored" }, select: { storageKey: true, sha256: true } })),
  ];
  const problems: DocumentCheck["problems"] = [];
  for (const { storageKey, sha256 } of recorded) {
    const expected = sha256 ?? "";
    if ((await storage().size(storageKey)) === null) {
      problems.push({ storageKey, expected, found: "missing" });
      continue;
    }
    const hash = createHash("sha256");
    await pipeline(await storage().read(storageKey), hash);
    const found = hash.digest("hex");
    if (found !== expected) problems.push({ storageKey, expected, found });
  }
  return { checked: recorded.length, problems };
}
