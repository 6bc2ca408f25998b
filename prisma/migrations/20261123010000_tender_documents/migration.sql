-- CreateTable
CREATE TABLE "TenderDocument" (
    "id" UUID NOT NULL,
    "releaseId" UUID NOT NULL,
    "titleEn" TEXT NOT NULL,
    "titleZhHant" TEXT NOT NULL,
    "fileName" TEXT NOT NULL,
    "contentType" TEXT NOT NULL,
    "size" INTEGER NOT NULL,
    "sha256" TEXT NOT NULL,
    "storageKey" TEXT NOT NULL,
    "uploadedById" UUID NOT NULL,
    "uploadedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "TenderDocument_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "TenderDocument_storageKey_key" ON "TenderDocument"("storageKey");

-- CreateIndex
CREATE INDEX "TenderDocument_releaseId_idx" ON "TenderDocument"("releaseId");

-- AddForeignKey
ALTER TABLE "TenderDocument" ADD CONSTRAINT "TenderDocument_releaseId_fkey" FOREIGN KEY ("releaseId") REFERENCES "Release"("id") ON DELETE CASCADE ON UPDATE CASCADE;

