-- CreateEnum
CREATE TYPE "PanelRole" AS ENUM ('chair', 'evaluator');

-- CreateEnum
CREATE TYPE "AssignmentMode" AS ENUM ('all', 'balanced');

-- CreateEnum
CREATE TYPE "Outcome" AS ENUM ('shortlisted', 'reserve', 'not_shortlisted');

-- CreateTable
CREATE TABLE "PanelMember" (
    "releaseId" UUID NOT NULL,
    "userId" UUID NOT NULL,
    "role" "PanelRole" NOT NULL,
    "addedById" UUID NOT NULL,
    "addedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "PanelMember_pkey" PRIMARY KEY ("releaseId","userId")
);

-- CreateTable
CREATE TABLE "Evaluation" (
    "releaseId" UUID NOT NULL,
    "assignmentMode" "AssignmentMode" NOT NULL DEFAULT 'all',
    "minEvaluatorsPerProposal" INTEGER NOT NULL DEFAULT 2,
    "technicalOpenedAt" TIMESTAMP(3),
    "technicalOpenedById" UUID,
    "financialOpenedAt" TIMESTAMP(3),
    "financialOpenedById" UUID,
    "resultsPublishedAt" TIMESTAMP(3),
    "resultsPublishedById" UUID,

    CONSTRAINT "Evaluation_pkey" PRIMARY KEY ("releaseId")
);

-- CreateTable
CREATE TABLE "Assignment" (
    "proposalId" UUID NOT NULL,
    "evaluatorId" UUID NOT NULL,

    CONSTRAINT "Assignment_pkey" PRIMARY KEY ("proposalId","evaluatorId")
);

-- CreateTable
CREATE TABLE "ConflictDeclaration" (
    "proposalId" UUID NOT NULL,
    "evaluatorId" UUID NOT NULL,
    "conflicted" BOOLEAN NOT NULL,
    "statement" TEXT,
    "declaredAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ConflictDeclaration_pkey" PRIMARY KEY ("proposalId","evaluatorId")
);

-- CreateTable
CREATE TABLE "Score" (
    "proposalId" UUID NOT NULL,
    "evaluatorId" UUID NOT NULL,
    "criterionId" UUID NOT NULL,
    "score" INTEGER NOT NULL,
    "comment" TEXT NOT NULL DEFAULT '',
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Score_pkey" PRIMARY KEY ("proposalId","evaluatorId","criterionId")
);

-- CreateTable
CREATE TABLE "ScoreSubmission" (
    "proposalId" UUID NOT NULL,
    "evaluatorId" UUID NOT NULL,
    "submittedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ScoreSubmission_pkey" PRIMARY KEY ("proposalId","evaluatorId")
);

-- CreateTable
CREATE TABLE "ModeratedScore" (
    "proposalId" UUID NOT NULL,
    "criterionId" UUID NOT NULL,
    "scoreHundredths" INTEGER NOT NULL,
    "reason" TEXT NOT NULL,
    "moderatedById" UUID NOT NULL,
    "moderatedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ModeratedScore_pkey" PRIMARY KEY ("proposalId","criterionId")
);

-- CreateTable
CREATE TABLE "Decision" (
    "proposalId" UUID NOT NULL,
    "outcome" "Outcome" NOT NULL,
    "reason" TEXT NOT NULL,
    "proposedById" UUID NOT NULL,
    "proposedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Decision_pkey" PRIMARY KEY ("proposalId")
);

-- CreateIndex
CREATE INDEX "PanelMember_userId_idx" ON "PanelMember"("userId");

-- CreateIndex
CREATE INDEX "Assignment_evaluatorId_idx" ON "Assignment"("evaluatorId");

-- AddForeignKey
ALTER TABLE "PanelMember" ADD CONSTRAINT "PanelMember_releaseId_fkey" FOREIGN KEY ("releaseId") REFERENCES "Release"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "PanelMember" ADD CONSTRAINT "PanelMember_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Evaluation" ADD CONSTRAINT "Evaluation_releaseId_fkey" FOREIGN KEY ("releaseId") REFERENCES "Release"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Assignment" ADD CONSTRAINT "Assignment_proposalId_fkey" FOREIGN KEY ("proposalId") REFERENCES "Proposal"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Assignment" ADD CONSTRAINT "Assignment_evaluatorId_fkey" FOREIGN KEY ("evaluatorId") REFERENCES "User"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ConflictDeclaration" ADD CONSTRAINT "ConflictDeclaration_proposalId_fkey" FOREIGN KEY ("proposalId") REFERENCES "Proposal"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ConflictDeclaration" ADD CONSTRAINT "ConflictDeclaration_evaluatorId_fkey" FOREIGN KEY ("evaluatorId") REFERENCES "User"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Score" ADD CONSTRAINT "Score_proposalId_fkey" FOREIGN KEY ("proposalId") REFERENCES "Proposal"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Score" ADD CONSTRAINT "Score_evaluatorId_fkey" FOREIGN KEY ("evaluatorId") REFERENCES "User"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Score" ADD CONSTRAINT "Score_criterionId_fkey" FOREIGN KEY ("criterionId") REFERENCES "Criterion"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ScoreSubmission" ADD CONSTRAINT "ScoreSubmission_proposalId_fkey" FOREIGN KEY ("proposalId") REFERENCES "Proposal"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ScoreSubmission" ADD CONSTRAINT "ScoreSubmission_evaluatorId_fkey" FOREIGN KEY ("evaluatorId") REFERENCES "User"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ModeratedScore" ADD CONSTRAINT "ModeratedScore_proposalId_fkey" FOREIGN KEY ("proposalId") REFERENCES "Proposal"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ModeratedScore" ADD CONSTRAINT "ModeratedScore_criterionId_fkey" FOREIGN KEY ("criterionId") REFERENCES "Criterion"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Decision" ADD CONSTRAINT "Decision_proposalId_fkey" FOREIGN KEY ("proposalId") REFERENCES "Proposal"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

