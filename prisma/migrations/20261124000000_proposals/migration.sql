-- CreateEnum
CREATE TYPE "ProposalDocumentState" AS ENUM ('uploading', 'receiving', 'stored');

-- CreateTable
CREATE TABLE "Proposal" (
    "id" UUID NOT NULL,
    "releaseId" UUID NOT NULL,
    "plotId" UUID NOT NULL,
    "organisationId" UUID NOT NULL,
    "createdById" UUID NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "revision" INTEGER NOT NULL DEFAULT 1,
    "updatedAt" TIMESTAMP(3) NOT NULL,
    "updatedById" UUID,
    "developmentScheme" TEXT NOT NULL DEFAULT '',
    "intendedSectors" "FocusSector"[],
    "grossFloorAreaM2" INTEGER,
    "programme" TEXT NOT NULL DEFAULT '',
    "trackRecord" TEXT NOT NULL DEFAULT '',
    "jobsTalentPlan" TEXT NOT NULL DEFAULT '',
    "landPremiumHkd" BIGINT,
    "investmentCommitmentHkd" BIGINT,
    "currentVersionId" UUID,

    CONSTRAINT "Proposal_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ProposalDocument" (
    "id" UUID NOT NULL,
    "proposalId" UUID NOT NULL,
    "requiredDocumentId" UUID NOT NULL,
    "fileName" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "contentType" TEXT NOT NULL,
    "size" BIGINT NOT NULL,
    "sha256" TEXT,
    "storageKey" TEXT NOT NULL,
    "uploadKey" TEXT,
    "multipartUploadId" TEXT,
    "state" "ProposalDocumentState" NOT NULL DEFAULT 'uploading',
    "inDraft" BOOLEAN NOT NULL DEFAULT true,
    "uploadedById" UUID NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "confirmedAt" TIMESTAMP(3),

    CONSTRAINT "ProposalDocument_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ProposalDocumentPart" (
    "documentId" UUID NOT NULL,
    "partNumber" INTEGER NOT NULL,
    "etag" TEXT NOT NULL,
    "size" INTEGER NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ProposalDocumentPart_pkey" PRIMARY KEY ("documentId","partNumber")
);

-- CreateTable
CREATE TABLE "ProposalVersion" (
    "id" UUID NOT NULL,
    "proposalId" UUID NOT NULL,
    "number" INTEGER NOT NULL,
    "sealedPackage" JSONB NOT NULL,
    "packageDigest" TEXT NOT NULL,
    "receiptNumber" TEXT NOT NULL,
    "receivedAt" TIMESTAMP(3) NOT NULL,
    "signature" TEXT NOT NULL,
    "signingKeyId" TEXT NOT NULL,
    "submittedById" UUID NOT NULL,
    "withdrawnAt" TIMESTAMP(3),
    "withdrawnById" UUID,

    CONSTRAINT "ProposalVersion_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ProposalVersionDocument" (
    "versionId" UUID NOT NULL,
    "documentId" UUID NOT NULL,

    CONSTRAINT "ProposalVersionDocument_pkey" PRIMARY KEY ("versionId","documentId")
);

-- CreateTable
CREATE TABLE "ReceiptSigningKey" (
    "keyId" TEXT NOT NULL,
    "publicKeyPem" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ReceiptSigningKey_pkey" PRIMARY KEY ("keyId")
);

-- CreateIndex
CREATE UNIQUE INDEX "Proposal_currentVersionId_key" ON "Proposal"("currentVersionId");

-- CreateIndex
CREATE INDEX "Proposal_organisationId_idx" ON "Proposal"("organisationId");

-- CreateIndex
CREATE UNIQUE INDEX "Proposal_releaseId_plotId_organisationId_key" ON "Proposal"("releaseId", "plotId", "organisationId");

-- CreateIndex
CREATE UNIQUE INDEX "ProposalDocument_storageKey_key" ON "ProposalDocument"("storageKey");

-- CreateIndex
CREATE UNIQUE INDEX "ProposalDocument_uploadKey_key" ON "ProposalDocument"("uploadKey");

-- CreateIndex
CREATE INDEX "ProposalDocument_proposalId_inDraft_idx" ON "ProposalDocument"("proposalId", "inDraft");

-- CreateIndex
CREATE UNIQUE INDEX "ProposalVersion_receiptNumber_key" ON "ProposalVersion"("receiptNumber");

-- CreateIndex
CREATE UNIQUE INDEX "ProposalVersion_proposalId_number_key" ON "ProposalVersion"("proposalId", "number");

-- CreateIndex
CREATE INDEX "ProposalVersionDocument_documentId_idx" ON "ProposalVersionDocument"("documentId");

-- AddForeignKey
ALTER TABLE "Proposal" ADD CONSTRAINT "Proposal_releaseId_fkey" FOREIGN KEY ("releaseId") REFERENCES "Release"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Proposal" ADD CONSTRAINT "Proposal_plotId_fkey" FOREIGN KEY ("plotId") REFERENCES "Plot"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Proposal" ADD CONSTRAINT "Proposal_organisationId_fkey" FOREIGN KEY ("organisationId") REFERENCES "Organisation"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Proposal" ADD CONSTRAINT "Proposal_currentVersionId_fkey" FOREIGN KEY ("currentVersionId") REFERENCES "ProposalVersion"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ProposalDocument" ADD CONSTRAINT "ProposalDocument_proposalId_fkey" FOREIGN KEY ("proposalId") REFERENCES "Proposal"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ProposalDocument" ADD CONSTRAINT "ProposalDocument_requiredDocumentId_fkey" FOREIGN KEY ("requiredDocumentId") REFERENCES "RequiredDocument"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ProposalDocumentPart" ADD CONSTRAINT "ProposalDocumentPart_documentId_fkey" FOREIGN KEY ("documentId") REFERENCES "ProposalDocument"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ProposalVersion" ADD CONSTRAINT "ProposalVersion_proposalId_fkey" FOREIGN KEY ("proposalId") REFERENCES "Proposal"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ProposalVersionDocument" ADD CONSTRAINT "ProposalVersionDocument_versionId_fkey" FOREIGN KEY ("versionId") REFERENCES "ProposalVersion"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ProposalVersionDocument" ADD CONSTRAINT "ProposalVersionDocument_documentId_fkey" FOREIGN KEY ("documentId") REFERENCES "ProposalDocument"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

