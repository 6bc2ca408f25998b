-- CreateTable
CREATE TABLE "Addendum" (
    "id" UUID NOT NULL,
    "releaseId" UUID NOT NULL,
    "number" INTEGER NOT NULL,
    "notesEn" TEXT NOT NULL,
    "notesZhHant" TEXT NOT NULL,
    "changes" JSONB NOT NULL,
    "issuedById" UUID NOT NULL,
    "issuedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Addendum_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "Addendum_releaseId_number_key" ON "Addendum"("releaseId", "number");

-- AddForeignKey
ALTER TABLE "Addendum" ADD CONSTRAINT "Addendum_releaseId_fkey" FOREIGN KEY ("releaseId") REFERENCES "Release"("id") ON DELETE CASCADE ON UPDATE CASCADE;
