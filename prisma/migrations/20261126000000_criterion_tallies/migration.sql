-- CreateTable
CREATE TABLE "CriterionTally" (
    "proposalId" UUID NOT NULL,
    "criterionId" UUID NOT NULL,
    "sum" INTEGER NOT NULL,
    "count" INTEGER NOT NULL,

    CONSTRAINT "CriterionTally_pkey" PRIMARY KEY ("proposalId","criterionId")
);

-- AddForeignKey
ALTER TABLE "CriterionTally" ADD CONSTRAINT "CriterionTally_proposalId_fkey" FOREIGN KEY ("proposalId") REFERENCES "Proposal"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CriterionTally" ADD CONSTRAINT "CriterionTally_criterionId_fkey" FOREIGN KEY ("criterionId") REFERENCES "Criterion"("id") ON DELETE CASCADE ON UPDATE CASCADE;


-- Tallies of the scores submitted before this migration (the trigger keeps them from now on)
INSERT INTO "CriterionTally" ("proposalId", "criterionId", "sum", "count")
SELECT s."proposalId", s."criterionId", SUM(s.score)::int, COUNT(*)::int
FROM "Score" s
JOIN "ScoreSubmission" sub ON sub."proposalId" = s."proposalId" AND sub."evaluatorId" = s."evaluatorId"
GROUP BY s."proposalId", s."criterionId";
