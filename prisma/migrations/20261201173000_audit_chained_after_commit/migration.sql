-- Audit entries are inserted unchained, in the transaction of the change they record, without the
-- chain's lock. The chainer gives each its place in the chain (sequence, previous digest, digest)
-- after commit, in a short transaction of its own (decision 0015).
ALTER TABLE "AuditEvent" ADD COLUMN "id" UUID NOT NULL DEFAULT gen_random_uuid();
ALTER TABLE "AuditEvent" DROP CONSTRAINT "AuditEvent_pkey";
ALTER TABLE "AuditEvent" ADD CONSTRAINT "AuditEvent_pkey" PRIMARY KEY ("id");
ALTER TABLE "AuditEvent" ALTER COLUMN "sequence" DROP NOT NULL;
ALTER TABLE "AuditEvent" ALTER COLUMN "previousDigest" DROP NOT NULL;
ALTER TABLE "AuditEvent" ALTER COLUMN "digest" DROP NOT NULL;
-- The database's clock at insert, not the app's (an explicit time still overrides it).
ALTER TABLE "AuditEvent" ALTER COLUMN "occurredAt" SET DEFAULT (clock_timestamp() AT TIME ZONE 'UTC');
CREATE UNIQUE INDEX "AuditEvent_sequence_key" ON "AuditEvent"("sequence");
-- Chained whole or not at all.
ALTER TABLE "AuditEvent" ADD CONSTRAINT "AuditEvent_chained_whole" CHECK (("sequence" IS NULL) = ("digest" IS NULL) AND ("digest" IS NULL) = ("previousDigest" IS NULL));
