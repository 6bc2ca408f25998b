import type { Prisma } from "~/platform/database/generated/prisma/client.ts";

/** What evaluation reads of a sealed package (app/proposals seals it at submission). */
interface SealedPackage {
  organisation: { name: string; registrationNumber: string };
  technical: Record<string, unknown>;
  financial: { landPremiumHkd: string | null; investmentCommitmentHkd: string | null };
}
export const sealedOf = (version: { sealedPackage: unknown }) => version.sealedPackage as SealedPackage;

/** The proposals that count: those whose last submitted version was not withdrawn. */
export const counted = (releaseId: string) => ({ releaseId, currentVersionId: { not: null } }) satisfies Prisma.ProposalWhereInput;
