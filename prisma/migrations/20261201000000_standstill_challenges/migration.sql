-- CreateEnum
CREATE TYPE "AwardStatus" AS ENUM ('pending', 'active', 'suspended', 'cancelled');

-- CreateEnum
CREATE TYPE "ChallengeState" AS ENUM ('open', 'dismissed', 'upheld');

-- CreateEnum
CREATE TYPE "ReopenStage" AS ENUM ('moderation', 'decisions');

-- AlterTable
ALTER TABLE "Release" ADD COLUMN     "resultsPublishedAt" TIMESTAMP(3),
ADD COLUMN     "standstillDays" INTEGER NOT NULL DEFAULT 10,
ADD COLUMN     "standstillEndsAt" TIMESTAMP(3);

-- CreateTable
CREATE TABLE "Award" (
    "id" UUID NOT NULL,
    "releaseId" UUID NOT NULL,
    "plotId" UUID NOT NULL,
    "proposalId" UUID NOT NULL,
    "status" "AwardStatus" NOT NULL DEFAULT 'pending',
    "publishedAt" TIMESTAMP(3) NOT NULL,
    "standstillEndsAt" TIMESTAMP(3) NOT NULL,
    "finalAt" TIMESTAMP(3),
    "suspendedAt" TIMESTAMP(3),
    "cancelledAt" TIMESTAMP(3),

    CONSTRAINT "Award_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Challenge" (
    "id" UUID NOT NULL,
    "awardId" UUID NOT NULL,
    "organisationId" UUID NOT NULL,
    "lodgedById" UUID NOT NULL,
    "grounds" TEXT NOT NULL,
    "receiptNumber" TEXT NOT NULL,
    "lodgedAt" TIMESTAMP(3) NOT NULL,
    "state" "ChallengeState" NOT NULL DEFAULT 'open',
    "response" TEXT,
    "decidedById" UUID,
    "decidedAt" TIMESTAMP(3),
    "reopenedStage" "ReopenStage",

    CONSTRAINT "Challenge_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ChallengeDocument" (
    "id" UUID NOT NULL,
    "challengeId" UUID NOT NULL,
    "fileName" TEXT NOT NULL,
    "contentType" TEXT NOT NULL,
    "size" INTEGER NOT NULL,
    "sha256" TEXT NOT NULL,
    "storageKey" TEXT NOT NULL,
    "uploadedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ChallengeDocument_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "Award_status_standstillEndsAt_idx" ON "Award"("status", "standstillEndsAt");

-- CreateIndex
CREATE INDEX "Award_releaseId_idx" ON "Award"("releaseId");

-- CreateIndex
CREATE UNIQUE INDEX "Challenge_receiptNumber_key" ON "Challenge"("receiptNumber");

-- CreateIndex
CREATE INDEX "Challenge_organisationId_idx" ON "Challenge"("organisationId");

-- CreateIndex
CREATE UNIQUE INDEX "Challenge_awardId_organisationId_key" ON "Challenge"("awardId", "organisationId");

-- CreateIndex
CREATE UNIQUE INDEX "ChallengeDocument_storageKey_key" ON "ChallengeDocument"("storageKey");

-- CreateIndex
CREATE INDEX "ChallengeDocument_challengeId_idx" ON "ChallengeDocument"("challengeId");

-- AddForeignKey
ALTER TABLE "Award" ADD CONSTRAINT "Award_releaseId_fkey" FOREIGN KEY ("releaseId") REFERENCES "Release"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Award" ADD CONSTRAINT "Award_plotId_fkey" FOREIGN KEY ("plotId") REFERENCES "Plot"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Award" ADD CONSTRAINT "Award_proposalId_fkey" FOREIGN KEY ("proposalId") REFERENCES "Proposal"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Challenge" ADD CONSTRAINT "Challenge_awardId_fkey" FOREIGN KEY ("awardId") REFERENCES "Award"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Challenge" ADD CONSTRAINT "Challenge_organisationId_fkey" FOREIGN KEY ("organisationId") REFERENCES "Organisation"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Challenge" ADD CONSTRAINT "Challenge_lodgedById_fkey" FOREIGN KEY ("lodgedById") REFERENCES "User"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ChallengeDocument" ADD CONSTRAINT "ChallengeDocument_challengeId_fkey" FOREIGN KEY ("challengeId") REFERENCES "Challenge"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- One live award per plot of a release: a replaced one is cancelled first.
CREATE UNIQUE INDEX "Award_one_live_per_plot" ON "Award"("releaseId", "plotId") WHERE "status" <> 'cancelled';

-- Results published before standstills existed: public from their publication, their awards final
-- at once (no standstill was stated for them).
UPDATE "Release" r SET "resultsPublishedAt" = e."resultsPublishedAt", "standstillEndsAt" = e."resultsPublishedAt"
FROM "Evaluation" e WHERE e."releaseId" = r.id AND e."resultsPublishedAt" IS NOT NULL;
INSERT INTO "Award" ("id", "releaseId", "plotId", "proposalId", "status", "publishedAt", "standstillEndsAt", "finalAt")
SELECT DISTINCT ON (p."releaseId", p."plotId") gen_random_uuid(), p."releaseId", p."plotId", p.id, 'active', e."resultsPublishedAt", e."resultsPublishedAt", e."resultsPublishedAt"
FROM "Proposal" p
JOIN "Decision" d ON d."proposalId" = p.id AND d.outcome = 'shortlisted'
JOIN "Evaluation" e ON e."releaseId" = p."releaseId" AND e."resultsPublishedAt" IS NOT NULL
WHERE p."currentVersionId" IS NOT NULL
ORDER BY p."releaseId", p."plotId", p.id;
