import { createHash } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { canonicalJson } from "~/platform/canonical-json.ts";
import { knownPortalKeys, statementSigned } from "~/platform/portal-key.server.ts";
import { inclusionProofOf, receiptSetOf, receiptSets } from "~/receipts/commitments.server.ts";
import { receiptOfVersion } from "~/receipts/records.server.ts";
import { runReleaseClock } from "~/releases/clock.server.ts";
import { verifyInclusion } from "~/platform/merkle.server.ts";
import { loader as proofRoute } from "~/routes/proposals.$id_.receipts.$number_.proof.ts";
import { seedDemoPark } from "../../prisma/seed.ts";
import { testContext } from "../support/routes.ts";
import { sessionCookieFor } from "../support/users.ts";
import { chainedAuditLog } from "../support/audit.ts";
import { withTestDatabase } from "../support/database.ts";

const db = withTestDatabase();

beforeAll(async () => {
  await seedDemoPark(db());
});

async function countingReceipts(code: string) {
  const proposals = await db().proposal.findMany({
    where: { release: { code }, currentVersionId: { not: null } },
    include: { currentVersion: true, release: true, plot: true },
  });
  return proposals.map((p) => ({ proposal: p, receipt: receiptOfVersion(p.currentVersion!, { release: p.release.code, plot: p.plot.code }) }));
}

/** The RFC 6962 tree written out again here, so the test does not check the portal's tree with itself. */
function independentRoot(digests: string[]): string {
  const h = (...parts: Buffer[]) => createHash("sha256").update(Buffer.concat(parts)).digest();
  const mth = (leaves: Buffer[]): Buffer => {
    if (leaves.length === 1) return h(Buffer.from([0]), leaves[0]!);
    let k = 1;
    while (k * 2 < leaves.length) k *= 2;
    return h(Buffer.from([1]), mth(leaves.slice(0, k)), mth(leaves.slice(k)));
  };
  return mth(digests.map((d) => Buffer.from(d, "hex"))).toString("hex");
}

describe("the commitment to the set of bids received", () => {
  it("is made when the clock closes a release, signed, with the number of receipts and their Merkle root", async () => {
    const release = await db().release.findUniqueOrThrow({ where: { code: "HSITP-2026-02" } });
    expect(await receiptSetOf(release.code)).toBeNull();
    // Two demo bids move into the open release, as if they had been submitted there.
    const moved = await db().proposal.findMany({ where: { release: { code: "HSITP-2026-01" } }, take: 2, orderBy: { createdAt: "asc" } });
    await db().proposal.updateMany({ where: { id: { in: moved.map((p) => p.id) } }, data: { releaseId: release.id } });
    await db().release.update({ where: { id: release.id }, data: { submissionDeadline: new Date(Date.now() - 1_000) } });
    expect((await runReleaseClock()).closed).toContain(release.code);
    const receiptSet = await receiptSetOf(release.code);
    const receipts = await countingReceipts(release.code);
    expect(receiptSet).toMatchObject({ statement: "receipt-set", release: release.code, receipts: 2 });
    const digests = receipts.map(({ receipt }) => createHash("sha256").update(canonicalJson(receipt)).digest("hex")).sort();
    expect(receiptSet!.root).toBe(independentRoot(digests));
    expect(statementSigned(receiptSet!, await knownPortalKeys())).toBe(true);
    const closed = await (await chainedAuditLog(db())).findFirstOrThrow({ where: { action: "release.closed", subjectId: release.code } });
    expect(closed.data).toMatchObject({ receipts: 2, receiptSetRoot: receiptSet!.root });
    expect(await db().publishedChainHead.count({ where: { digest: closed.digest! } })).toBe(1);
    // A second tick changes nothing.
    await runReleaseClock();
    expect(await receiptSetOf(release.code)).toEqual(receiptSet);
  });

  it("lists every release's signed set for the transparency page, each naming its release by code", async () => {
    const sets = await receiptSets();
    expect(sets.map((set) => set.release).sort()).toEqual(["HSITP-2026-01", "HSITP-2026-02", "HSITP-2026-03"]);
    for (const set of sets) expect(statementSigned(set, await knownPortalKeys())).toBe(true);
  });

  it("gives every bidder a proof that verifies against the signed root", async () => {
    const receipts = await countingReceipts("HSITP-2026-03");
    expect(receipts.length).toBeGreaterThan(2);
    for (const { proposal, receipt } of receipts) {
      const proof = await inclusionProofOf(receipt, proposal.releaseId);
      expect(proof).toMatchObject({ verified: true, treeSize: receipts.length, receiptSet: { receipts: receipts.length } });
    }
  });

  it("gives the bidder, and only the bidder, a proof file that checks without the portal", async () => {
    const { proposal, receipt } = (await countingReceipts("HSITP-2026-03"))[0]!;
    const owner = await db().user.findUniqueOrThrow({ where: { id: proposal.createdById } });
    const get = async (email: string | null) => {
      const headers = email ? { Cookie: await sessionCookieFor(email) } : undefined;
      const request = new Request(`http://portal.test/proposals/${proposal.id}/receipts/${receipt.receiptNumber}/proof`, { headers });
      return proofRoute({ request, params: { id: proposal.id, number: receipt.receiptNumber }, context: testContext }).catch((thrown: unknown) => thrown as Response);
    };
    const response = (await get(owner.email)) as Response;
    expect(response.status).toBe(200);
    const file = (await response.json()) as { receipt: object; receiptDigest: string; leafIndex: number; treeSize: number; path: string[]; receiptSet: { root: string; receipts: number; keyId: string; signature: string } };
    expect(file.receiptDigest).toBe(createHash("sha256").update(canonicalJson(file.receipt)).digest("hex"));
    expect(file.treeSize).toBe(file.receiptSet.receipts);
    const leaf = createHash("sha256").update(Buffer.concat([Buffer.from([0]), Buffer.from(file.receiptDigest, "hex")])).digest();
    expect(verifyInclusion({ leaf, index: file.leafIndex, treeSize: file.treeSize, path: file.path.map((h) => Buffer.from(h, "hex")), root: Buffer.from(file.receiptSet.root, "hex") })).toBe(true);
    expect(statementSigned(file.receiptSet, await knownPortalKeys())).toBe(true);
    expect(((await get("evaluator@demo.hsitp.example")) as Response).status).toBe(404);
    expect(((await get(null)) as Response).status).toBe(302);
  });

  it("shows every bidder a bid removed or altered after the deadline", async () => {
    const receipts = await countingReceipts("HSITP-2026-03");
    const [first, second] = receipts;
    await db().proposal.update({ where: { id: second!.proposal.id }, data: { currentVersionId: null } });
    expect(await inclusionProofOf(first!.receipt, first!.proposal.releaseId)).toMatchObject({ verified: false });
    await db().proposal.update({ where: { id: second!.proposal.id }, data: { currentVersionId: second!.proposal.currentVersionId } });
    expect(await inclusionProofOf(first!.receipt, first!.proposal.releaseId)).toMatchObject({ verified: true });
    // As someone with direct database access would alter a sealed version: triggers off.
    await db().$transaction([
      db().$executeRawUnsafe(`ALTER TABLE "ProposalVersion" DISABLE TRIGGER USER`),
      db().$executeRawUnsafe(`UPDATE "ProposalVersion" SET "packageDigest" = '${"0".repeat(64)}' WHERE id = '${second!.proposal.currentVersionId}'`),
      db().$executeRawUnsafe(`ALTER TABLE "ProposalVersion" ENABLE TRIGGER USER`),
    ]);
    expect(await inclusionProofOf(first!.receipt, first!.proposal.releaseId)).toMatchObject({ verified: false });
  });
});
