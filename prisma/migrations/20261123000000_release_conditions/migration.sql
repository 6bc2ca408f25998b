-- CreateEnum
CREATE TYPE "Envelope" AS ENUM ('technical', 'financial');

-- CreateEnum
CREATE TYPE "FinancialFormula" AS ENUM ('premium_relative_to_highest');

-- AlterTable
ALTER TABLE "Release" ADD COLUMN     "eligibilityEn" TEXT NOT NULL DEFAULT '',
ADD COLUMN     "eligibilityZhHant" TEXT NOT NULL DEFAULT '',
ADD COLUMN     "financialFormula" "FinancialFormula" NOT NULL DEFAULT 'premium_relative_to_highest',
ADD COLUMN     "passMarkPercent" INTEGER NOT NULL DEFAULT 60,
ADD COLUMN     "publishedAt" TIMESTAMP(3);

-- CreateTable
CREATE TABLE "Criterion" (
    "id" UUID NOT NULL,
    "releaseId" UUID NOT NULL,
    "position" INTEGER NOT NULL,
    "nameEn" TEXT NOT NULL,
    "nameZhHant" TEXT NOT NULL,
    "descriptionEn" TEXT NOT NULL DEFAULT '',
    "descriptionZhHant" TEXT NOT NULL DEFAULT '',
    "envelope" "Envelope" NOT NULL,
    "weight" INTEGER NOT NULL,
    "maxScore" INTEGER NOT NULL,

    CONSTRAINT "Criterion_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "RequiredDocument" (
    "id" UUID NOT NULL,
    "releaseId" UUID NOT NULL,
    "position" INTEGER NOT NULL,
    "nameEn" TEXT NOT NULL,
    "nameZhHant" TEXT NOT NULL,
    "envelope" "Envelope" NOT NULL,
    "acceptedTypes" TEXT[],
    "maxSizeMb" INTEGER NOT NULL,
    "mandatory" BOOLEAN NOT NULL DEFAULT true,

    CONSTRAINT "RequiredDocument_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "Criterion_releaseId_position_key" ON "Criterion"("releaseId", "position");

-- CreateIndex
CREATE UNIQUE INDEX "RequiredDocument_releaseId_position_key" ON "RequiredDocument"("releaseId", "position");

-- AddForeignKey
ALTER TABLE "Criterion" ADD CONSTRAINT "Criterion_releaseId_fkey" FOREIGN KEY ("releaseId") REFERENCES "Release"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "RequiredDocument" ADD CONSTRAINT "RequiredDocument_releaseId_fkey" FOREIGN KEY ("releaseId") REFERENCES "Release"("id") ON DELETE CASCADE ON UPDATE CASCADE;


-- Releases published before this migration were public from their publication time.
UPDATE "Release" SET "publishedAt" = "publicationAt" WHERE state NOT IN ('draft', 'scheduled');
