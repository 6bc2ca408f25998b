-- How far the audit chain is known to hold: the administrators' audit page recomputes only the
-- entries after it, the hourly check recomputes the whole chain (issue 16).
CREATE TABLE "AuditChainCheckpoint" (
    "id" INTEGER NOT NULL DEFAULT 1,
    "sequence" BIGINT NOT NULL,
    "digest" TEXT NOT NULL,
    "advancedAt" TIMESTAMP(3) NOT NULL,
    "wholeCheckedAt" TIMESTAMP(3),
    "firstBroken" BIGINT,
    "brokenReason" TEXT,

    CONSTRAINT "AuditChainCheckpoint_pkey" PRIMARY KEY ("id")
);
