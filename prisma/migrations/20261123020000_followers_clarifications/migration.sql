-- CreateTable
CREATE TABLE "ReleaseFollower" (
    "releaseId" UUID NOT NULL,
    "userId" UUID NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ReleaseFollower_pkey" PRIMARY KEY ("releaseId","userId")
);

-- CreateTable
CREATE TABLE "Clarification" (
    "id" UUID NOT NULL,
    "releaseId" UUID NOT NULL,
    "askedById" UUID NOT NULL,
    "question" TEXT NOT NULL,
    "askedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "answer" TEXT,
    "answeredById" UUID,
    "answeredAt" TIMESTAMP(3),

    CONSTRAINT "Clarification_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "ReleaseFollower_userId_idx" ON "ReleaseFollower"("userId");

-- CreateIndex
CREATE INDEX "Clarification_releaseId_answeredAt_idx" ON "Clarification"("releaseId", "answeredAt");

-- AddForeignKey
ALTER TABLE "ReleaseFollower" ADD CONSTRAINT "ReleaseFollower_releaseId_fkey" FOREIGN KEY ("releaseId") REFERENCES "Release"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ReleaseFollower" ADD CONSTRAINT "ReleaseFollower_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Clarification" ADD CONSTRAINT "Clarification_releaseId_fkey" FOREIGN KEY ("releaseId") REFERENCES "Release"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Clarification" ADD CONSTRAINT "Clarification_askedById_fkey" FOREIGN KEY ("askedById") REFERENCES "User"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

