-- CreateEnum
CREATE TYPE "MilestoneKind" AS ENUM ('design_approval', 'construction_start', 'topping_out', 'completion', 'opening');

-- CreateEnum
CREATE TYPE "VariationSubject" AS ENUM ('gross_floor_area', 'sectors', 'investment', 'research_posts', 'graduate_places', 'milestone');

-- CreateEnum
CREATE TYPE "VariationState" AS ENUM ('requested', 'approved', 'refused');

-- CreateEnum
CREATE TYPE "ProgressReportState" AS ENUM ('submitted', 'verified', 'queried');

-- CreateEnum
CREATE TYPE "ReminderKind" AS ENUM ('report_due', 'report_overdue');

-- CreateEnum
CREATE TYPE "TargetMetric" AS ENUM ('gross_floor_area_m2', 'sector_share_percent', 'origin_share_percent', 'research_posts', 'investment_hkd', 'occupancy_percent');

-- AlterEnum
ALTER TYPE "PlotState" ADD VALUE 'under_construction';
ALTER TYPE "PlotState" ADD VALUE 'completed';

-- AlterTable
ALTER TABLE "Release" ADD COLUMN     "structuredCommitments" BOOLEAN NOT NULL DEFAULT true;

-- Releases already published keep the conditions they were published with
UPDATE "Release" SET "structuredCommitments" = false WHERE "publishedAt" IS NOT NULL;

-- AlterTable
ALTER TABLE "Proposal" ADD COLUMN     "completionBy" DATE,
ADD COLUMN     "constructionStartBy" DATE,
ADD COLUMN     "designApprovalBy" DATE,
ADD COLUMN     "graduatePlaces" INTEGER,
ADD COLUMN     "openingBy" DATE,
ADD COLUMN     "researchPosts" INTEGER,
ADD COLUMN     "toppingOutBy" DATE;

-- CreateTable
CREATE TABLE "Development" (
    "id" UUID NOT NULL,
    "awardId" UUID NOT NULL,
    "plotId" UUID NOT NULL,
    "organisationId" UUID NOT NULL,
    "proposalVersionId" UUID NOT NULL,
    "promisedGfaM2" INTEGER NOT NULL,
    "promisedSectors" "FocusSector"[],
    "promisedInvestmentHkd" BIGINT NOT NULL,
    "promisedResearchPosts" INTEGER,
    "promisedGraduatePlaces" INTEGER,
    "reportingIntervalMonths" INTEGER NOT NULL DEFAULT 3,
    "firstReportDue" DATE NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Development_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "DevelopmentMilestone" (
    "id" UUID NOT NULL,
    "developmentId" UUID NOT NULL,
    "kind" "MilestoneKind" NOT NULL,
    "promisedBy" DATE NOT NULL,
    "reachedOn" DATE,
    "reachedInReportId" UUID,
    "overdueNotifiedFor" DATE,

    CONSTRAINT "DevelopmentMilestone_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Variation" (
    "id" UUID NOT NULL,
    "developmentId" UUID NOT NULL,
    "subject" "VariationSubject" NOT NULL,
    "milestoneKind" "MilestoneKind",
    "fromValue" JSONB NOT NULL,
    "toValue" JSONB NOT NULL,
    "reasonEn" TEXT NOT NULL,
    "reasonZhHant" TEXT NOT NULL,
    "requestedById" UUID NOT NULL,
    "requestedAt" TIMESTAMP(3) NOT NULL,
    "state" "VariationState" NOT NULL DEFAULT 'requested',
    "decidedById" UUID,
    "decidedAt" TIMESTAMP(3),
    "decisionNote" TEXT,

    CONSTRAINT "Variation_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ProgressReport" (
    "id" UUID NOT NULL,
    "developmentId" UUID NOT NULL,
    "dueOn" DATE NOT NULL,
    "submittedAt" TIMESTAMP(3) NOT NULL,
    "submittedById" UUID NOT NULL,
    "investmentSpentHkd" BIGINT NOT NULL,
    "researchPostsFilled" INTEGER NOT NULL,
    "graduatePlacesFilled" INTEGER NOT NULL,
    "gfaCompletedM2" INTEGER NOT NULL,
    "gfaLetM2" INTEGER NOT NULL,
    "narrative" TEXT NOT NULL DEFAULT '',
    "state" "ProgressReportState" NOT NULL DEFAULT 'submitted',
    "reviewedById" UUID,
    "reviewedAt" TIMESTAMP(3),
    "reviewNote" TEXT,

    CONSTRAINT "ProgressReport_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ProgressReportMilestone" (
    "reportId" UUID NOT NULL,
    "milestoneId" UUID NOT NULL,
    "reachedOn" DATE NOT NULL,

    CONSTRAINT "ProgressReportMilestone_pkey" PRIMARY KEY ("reportId","milestoneId")
);

-- CreateTable
CREATE TABLE "ProgressReportDocument" (
    "id" UUID NOT NULL,
    "reportId" UUID NOT NULL,
    "fileName" TEXT NOT NULL,
    "contentType" TEXT NOT NULL,
    "size" INTEGER NOT NULL,
    "sha256" TEXT NOT NULL,
    "storageKey" TEXT NOT NULL,
    "uploadedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ProgressReportDocument_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ReportReminder" (
    "id" UUID NOT NULL,
    "developmentId" UUID NOT NULL,
    "dueOn" DATE NOT NULL,
    "kind" "ReminderKind" NOT NULL,
    "sentAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "ReportReminder_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ParkTarget" (
    "id" UUID NOT NULL,
    "metric" "TargetMetric" NOT NULL,
    "phaseId" UUID,
    "sector" "FocusSector",
    "origin" "Origin",
    "value" DECIMAL(20,2) NOT NULL,
    "updatedById" UUID,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "ParkTarget_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "Development_awardId_key" ON "Development"("awardId");

-- CreateIndex
CREATE INDEX "Development_plotId_idx" ON "Development"("plotId");

-- CreateIndex
CREATE INDEX "Development_organisationId_idx" ON "Development"("organisationId");

-- CreateIndex
CREATE UNIQUE INDEX "DevelopmentMilestone_developmentId_kind_key" ON "DevelopmentMilestone"("developmentId", "kind");

-- CreateIndex
CREATE INDEX "Variation_developmentId_state_idx" ON "Variation"("developmentId", "state");

-- CreateIndex
CREATE INDEX "ProgressReport_developmentId_dueOn_idx" ON "ProgressReport"("developmentId", "dueOn");

-- CreateIndex
CREATE UNIQUE INDEX "ProgressReportDocument_storageKey_key" ON "ProgressReportDocument"("storageKey");

-- CreateIndex
CREATE INDEX "ProgressReportDocument_reportId_idx" ON "ProgressReportDocument"("reportId");

-- CreateIndex
CREATE UNIQUE INDEX "ReportReminder_developmentId_dueOn_kind_key" ON "ReportReminder"("developmentId", "dueOn", "kind");

-- CreateIndex
-- One target per metric and scope: NULLS NOT DISTINCT, so the whole-park target is unique too
CREATE UNIQUE INDEX "ParkTarget_metric_phaseId_sector_origin_key" ON "ParkTarget"("metric", "phaseId", "sector", "origin") NULLS NOT DISTINCT;

-- AddForeignKey
ALTER TABLE "Development" ADD CONSTRAINT "Development_awardId_fkey" FOREIGN KEY ("awardId") REFERENCES "Award"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Development" ADD CONSTRAINT "Development_plotId_fkey" FOREIGN KEY ("plotId") REFERENCES "Plot"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Development" ADD CONSTRAINT "Development_organisationId_fkey" FOREIGN KEY ("organisationId") REFERENCES "Organisation"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "DevelopmentMilestone" ADD CONSTRAINT "DevelopmentMilestone_developmentId_fkey" FOREIGN KEY ("developmentId") REFERENCES "Development"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Variation" ADD CONSTRAINT "Variation_developmentId_fkey" FOREIGN KEY ("developmentId") REFERENCES "Development"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ProgressReport" ADD CONSTRAINT "ProgressReport_developmentId_fkey" FOREIGN KEY ("developmentId") REFERENCES "Development"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ProgressReportMilestone" ADD CONSTRAINT "ProgressReportMilestone_reportId_fkey" FOREIGN KEY ("reportId") REFERENCES "ProgressReport"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ProgressReportMilestone" ADD CONSTRAINT "ProgressReportMilestone_milestoneId_fkey" FOREIGN KEY ("milestoneId") REFERENCES "DevelopmentMilestone"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ProgressReportDocument" ADD CONSTRAINT "ProgressReportDocument_reportId_fkey" FOREIGN KEY ("reportId") REFERENCES "ProgressReport"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ReportReminder" ADD CONSTRAINT "ReportReminder_developmentId_fkey" FOREIGN KEY ("developmentId") REFERENCES "Development"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ParkTarget" ADD CONSTRAINT "ParkTarget_phaseId_fkey" FOREIGN KEY ("phaseId") REFERENCES "Phase"("id") ON DELETE SET NULL ON UPDATE CASCADE;

