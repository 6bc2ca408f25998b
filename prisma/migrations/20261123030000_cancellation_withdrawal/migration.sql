-- AlterTable
ALTER TABLE "Release" ADD COLUMN     "cancellationReasonEn" TEXT,
ADD COLUMN     "cancellationReasonZhHant" TEXT,
ADD COLUMN     "cancelledAt" TIMESTAMP(3);

-- AlterTable
ALTER TABLE "ReleasePlot" ADD COLUMN     "withdrawalReasonEn" TEXT,
ADD COLUMN     "withdrawalReasonZhHant" TEXT,
ADD COLUMN     "withdrawnAt" TIMESTAMP(3);
