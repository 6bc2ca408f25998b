-- AlterTable
ALTER TABLE "TenderDocument" ADD COLUMN     "addendumNumber" INTEGER;
