-- The audit log is append-only: refuse every DELETE and TRUNCATE, whoever asks, and every UPDATE but
-- the chainer's, which sets an unchained entry's place in the chain once (decision 0015).
-- Applied after `prisma migrate deploy` on every start (idempotent): Prisma's driver adapter splits
-- migration scripts at every semicolon, which breaks function bodies (see docs/stack.md).
CREATE OR REPLACE FUNCTION audit_event_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'UPDATE'
     AND OLD."sequence" IS NULL AND OLD."previousDigest" IS NULL AND OLD."digest" IS NULL
     AND NEW."sequence" IS NOT NULL AND NEW."previousDigest" IS NOT NULL AND NEW."digest" IS NOT NULL
     AND (NEW."id", NEW."occurredAt", NEW."recordedOrder", NEW."actorId", NEW."action", NEW."subjectType", NEW."subjectId", NEW."data")
         IS NOT DISTINCT FROM (OLD."id", OLD."occurredAt", OLD."recordedOrder", OLD."actorId", OLD."action", OLD."subjectType", OLD."subjectId", OLD."data") THEN
    RETURN NEW;
  END IF;
  RAISE EXCEPTION 'AuditEvent is append-only: % refused', TG_OP;
END;
$$;
DROP TRIGGER IF EXISTS audit_event_no_update_or_delete ON "AuditEvent";
CREATE TRIGGER audit_event_no_update_or_delete BEFORE UPDATE OR DELETE ON "AuditEvent"
  FOR EACH ROW EXECUTE FUNCTION audit_event_append_only();
DROP TRIGGER IF EXISTS audit_event_no_truncate ON "AuditEvent";
CREATE TRIGGER audit_event_no_truncate BEFORE TRUNCATE ON "AuditEvent"
  FOR EACH STATEMENT EXECUTE FUNCTION audit_event_append_only();
