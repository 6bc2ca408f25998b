-- CreateSchema
CREATE SCHEMA IF NOT EXISTS "public";

-- CreateEnum
CREATE TYPE "PlotState" AS ENUM ('inventory', 'in_release', 'awarded', 'withdrawn');

-- CreateEnum
CREATE TYPE "PermittedUse" AS ENUM ('wet_lab_rnd', 'dry_lab_rnd', 'pilot_production', 'talent_accommodation', 'commercial_support');

-- CreateEnum
CREATE TYPE "ReleaseState" AS ENUM ('draft', 'scheduled', 'open', 'closed', 'concluded', 'cancelled');

-- CreateEnum
CREATE TYPE "StaffRole" AS ENUM ('administrator', 'evaluator');

-- CreateTable
CREATE TABLE "Phase" (
    "id" UUID NOT NULL,
    "code" TEXT NOT NULL,
    "nameEn" TEXT NOT NULL,
    "nameZhHant" TEXT NOT NULL,
    "ordinal" INTEGER NOT NULL,

    CONSTRAINT "Phase_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Plot" (
    "id" UUID NOT NULL,
    "code" TEXT NOT NULL,
    "phaseId" UUID NOT NULL,
    "siteAreaM2" INTEGER NOT NULL,
    "maxGfaM2" INTEGER NOT NULL,
    "permittedUses" "PermittedUse"[],
    "polygon" JSONB NOT NULL,
    "state" "PlotState" NOT NULL DEFAULT 'inventory',
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Plot_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Release" (
    "id" UUID NOT NULL,
    "code" TEXT NOT NULL,
    "titleEn" TEXT NOT NULL,
    "titleZhHant" TEXT NOT NULL,
    "phaseId" UUID NOT NULL,
    "state" "ReleaseState" NOT NULL DEFAULT 'draft',
    "publicationAt" TIMESTAMP(3) NOT NULL,
    "clarificationEndsAt" TIMESTAMP(3) NOT NULL,
    "submissionDeadline" TIMESTAMP(3) NOT NULL,
    "openingAt" TIMESTAMP(3) NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Release_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ReleasePlot" (
    "releaseId" UUID NOT NULL,
    "plotId" UUID NOT NULL,
    "position" INTEGER NOT NULL,

    CONSTRAINT "ReleasePlot_pkey" PRIMARY KEY ("releaseId","plotId")
);

-- CreateTable
CREATE TABLE "User" (
    "id" UUID NOT NULL,
    "email" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "passwordHash" TEXT NOT NULL,
    "staffRole" "StaffRole",
    "locale" TEXT NOT NULL DEFAULT 'en',
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "User_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "Phase_code_key" ON "Phase"("code");

-- CreateIndex
CREATE UNIQUE INDEX "Phase_ordinal_key" ON "Phase"("ordinal");

-- CreateIndex
CREATE UNIQUE INDEX "Plot_code_key" ON "Plot"("code");

-- CreateIndex
CREATE INDEX "Plot_phaseId_idx" ON "Plot"("phaseId");

-- CreateIndex
CREATE UNIQUE INDEX "Release_code_key" ON "Release"("code");

-- CreateIndex
CREATE INDEX "Release_state_submissionDeadline_idx" ON "Release"("state", "submissionDeadline");

-- CreateIndex
CREATE INDEX "ReleasePlot_plotId_idx" ON "ReleasePlot"("plotId");

-- CreateIndex
CREATE UNIQUE INDEX "User_email_key" ON "User"("email");

-- AddForeignKey
ALTER TABLE "Plot" ADD CONSTRAINT "Plot_phaseId_fkey" FOREIGN KEY ("phaseId") REFERENCES "Phase"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Release" ADD CONSTRAINT "Release_phaseId_fkey" FOREIGN KEY ("phaseId") REFERENCES "Phase"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ReleasePlot" ADD CONSTRAINT "ReleasePlot_releaseId_fkey" FOREIGN KEY ("releaseId") REFERENCES "Release"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ReleasePlot" ADD CONSTRAINT "ReleasePlot_plotId_fkey" FOREIGN KEY ("plotId") REFERENCES "Plot"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

