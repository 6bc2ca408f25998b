-- The commitment to the set of receipts that count, made at each release's deadline.
CREATE TABLE "ReceiptSetCommitment" (
    "releaseId" UUID NOT NULL,
    "receiptCount" INTEGER NOT NULL,
    "root" TEXT NOT NULL,
    "committedAt" TIMESTAMP(3) NOT NULL,
    "keyId" TEXT NOT NULL,
    "signature" TEXT NOT NULL,

    CONSTRAINT "ReceiptSetCommitment_pkey" PRIMARY KEY ("releaseId")
);

ALTER TABLE "ReceiptSetCommitment" ADD CONSTRAINT "ReceiptSetCommitment_releaseId_fkey" FOREIGN KEY ("releaseId") REFERENCES "Release"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- Published heads of the audit chain.
CREATE TABLE "PublishedChainHead" (
    "digest" TEXT NOT NULL,
    "sequence" BIGINT NOT NULL,
    "publishedAt" TIMESTAMP(3) NOT NULL,
    "reason" TEXT NOT NULL,
    "keyId" TEXT NOT NULL,
    "signature" TEXT NOT NULL,

    CONSTRAINT "PublishedChainHead_pkey" PRIMARY KEY ("digest")
);

CREATE UNIQUE INDEX "PublishedChainHead_sequence_key" ON "PublishedChainHead"("sequence");
