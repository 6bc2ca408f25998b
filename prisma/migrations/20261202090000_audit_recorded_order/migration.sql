-- The order entries were recorded in, as the chainer's tiebreaker: entries of one transaction (or of
-- the demo's replayed history) often share a millisecond, and were then chained in the order of their
-- random ids. Entries already in the table are numbered in the order the table holds them.
ALTER TABLE "AuditEvent" ADD COLUMN     "recordedOrder" BIGSERIAL NOT NULL;
