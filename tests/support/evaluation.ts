import { randomBytes } from "node:crypto";
import { db } from "~/platform/database/db.server.ts";
import { newReceiptNumber } from "~/receipts/signing.server.ts";
import { packageDigest } from "~/proposals/sealing.server.ts";

/** A staff evaluator made directly in the database. */
export async function createEvaluator(name: string) {
  const email = `${name.toLowerCase().replace(/\W+/g, "-")}-${randomBytes(3).toString("hex")}@staff.example`;
  return db().user.create({ data: { email, name, passwordHash: "not-a-real-hash", staffRole: "evaluator", emailVerifiedAt: new Date() } });
}

/**
 * A submitted proposal made directly in the database (the submission itself is tested in
 * tests/proposals): an organisation with a verified owner, and a sealed version that counts.
 */
export async function sealedProposal(releaseCode: string, plotCode: string, organisationName: string, premium: bigint, receivedAt: Date) {
  const release = await db().release.findUniqueOrThrow({ where: { code: releaseCode } });
  const plot = await db().plot.findUniqueOrThrow({ where: { code: plotCode } });
  const suffix = randomBytes(3).toString("hex");
  const organisation = await db().organisation.create({
    data: { name: organisationName, registrationNumber: `HK-CR-E${suffix}`, origin: "hong_kong", focusSectors: ["ai_data_science"] },
  });
  const owner = await db().user.create({ data: { email: `owner-${suffix}@bidder.example`, name: `Owner of ${organisationName}`, passwordHash: "x", emailVerifiedAt: new Date() } });
  await db().membership.create({ data: { userId: owner.id, organisationId: organisation.id, role: "owner" } });
  const proposal = await db().proposal.create({
    data: { releaseId: release.id, plotId: plot.id, organisationId: organisation.id, createdById: owner.id, developmentScheme: "Scheme", landPremiumHkd: premium },
  });
  const sealed = {
    release: releaseCode,
    plot: plotCode,
    organisation: { id: organisation.id, name: organisationName, registrationNumber: organisation.registrationNumber },
    version: 1,
    technical: { developmentScheme: `Scheme of ${organisationName}`, intendedSectors: ["ai_data_science"], grossFloorAreaM2: 10_000, programme: "P", trackRecord: "T", jobsTalentPlan: "J" },
    financial: { landPremiumHkd: String(premium), investmentCommitmentHkd: "1000" },
    documents: [],
  };
  const version = await db().proposalVersion.create({
    data: { proposalId: proposal.id, number: 1, sealedPackage: sealed, packageDigest: packageDigest(sealed), receiptNumber: newReceiptNumber(), receivedAt, signature: "s".repeat(86), signingKeyId: "0".repeat(16), submittedById: owner.id },
  });
  await db().proposal.update({ where: { id: proposal.id }, data: { currentVersionId: version.id } });
  return { proposalId: proposal.id, ownerEmail: owner.email, organisationId: organisation.id };
}
