import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { packageDigest, sealedPackage, sealVersion } from "~/proposals/sealing.server.ts";

// Rule 3: the receipt's digest covers the proposal's fields and every document's own SHA-256.
const proposal = {
  release: { code: "HSITP-2026-02", structuredCommitments: false },
  plot: { code: "1W-07" },
  organisation: { id: "00000000-0000-4000-8000-000000000001", name: "Harbour BioLabs Limited", registrationNumber: "HK-CR-3125467" },
  developmentScheme: "A wet-lab building of six storeys.",
  intendedSectors: ["life_health_technology" as const],
  grossFloorAreaM2: 20_000,
  programme: "Works start in 2027.",
  trackRecord: "Two laboratories delivered.",
  jobsTalentPlan: "300 research jobs.",
  researchPosts: 300,
  graduatePlaces: 40,
  designApprovalBy: new Date("2027-09-30T00:00:00Z"),
  constructionStartBy: new Date("2028-01-15T00:00:00Z"),
  toppingOutBy: new Date("2029-03-31T00:00:00Z"),
  completionBy: new Date("2029-12-31T00:00:00Z"),
  openingBy: new Date("2030-03-31T00:00:00Z"),
  landPremiumHkd: 900_000_000n,
  investmentCommitmentHkd: 1_500_000_000n,
};
const requirement = { position: 0, nameEn: "Development scheme drawings", envelope: "technical" };
const bytes = (text: string) => createHash("sha256").update(text).digest("hex");
// The same name and the same size: only the bytes (and so their SHA-256) differ.
const document = (content: string) => ({ requiredDocument: requirement, fileName: "scheme.pdf", size: 24n, sha256: bytes(content) });

describe("the sealed package's digest", () => {
  it("holds each document's own SHA-256", () => {
    const sealed = sealedPackage(proposal, 1, [document("%PDF-1.7 the first plan.")]);
    expect(sealed.documents).toEqual([expect.objectContaining({ fileName: "scheme.pdf", size: "24", sha256: bytes("%PDF-1.7 the first plan.") })]);
  });

  it("changes when a document's bytes are replaced, though its name and size stay the same", () => {
    const before = packageDigest(sealedPackage(proposal, 1, [document("%PDF-1.7 the first plan.")]));
    const after = packageDigest(sealedPackage(proposal, 1, [document("%PDF-1.7 a second plan.")]));
    expect(after).not.toBe(before);
    // And so does the digest the receipt carries and signs.
    const receipt = (content: string) => sealVersion(proposal, 1, [document(content)], new Date("2026-11-20T03:00:00Z"), proposal.organisation.id).receipt.packageDigest;
    expect(receipt("%PDF-1.7 a second plan.")).not.toBe(receipt("%PDF-1.7 the first plan."));
  });

  it("seals the countable promises only where the release asks for them, so earlier receipts keep verifying", () => {
    const earlier = sealedPackage(proposal, 1, []);
    expect(earlier.technical).not.toHaveProperty("commitments");
    // The package of a release published before the promises existed: exactly the fields it always had.
    expect(Object.keys(earlier.technical).sort()).toEqual(["developmentScheme", "grossFloorAreaM2", "intendedSectors", "jobsTalentPlan", "programme", "trackRecord"]);
    const structured = sealedPackage({ ...proposal, release: { ...proposal.release, structuredCommitments: true } }, 1, []);
    expect(structured.technical.commitments).toEqual({
      researchPosts: 300,
      graduatePlaces: 40,
      designApprovalBy: "2027-09-30",
      constructionStartBy: "2028-01-15",
      toppingOutBy: "2029-03-31",
      completionBy: "2029-12-31",
      openingBy: "2030-03-31",
    });
    expect(packageDigest(structured)).not.toBe(packageDigest(earlier));
  });
});
