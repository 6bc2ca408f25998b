-- The audit log is append-only: refuse every UPDATE, DELETE and TRUNCATE, whoever asks.
-- Applied after `prisma migrate deploy` on every start (idempotent): Prisma's driver adapter splits
-- migration scripts at every semicolon, which breaks function bodies (see docs/stack.md).
CREATE OR REPLACE FUNCTION audit_event_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'AuditEvent is append-only: % refused', TG_OP;
END;
$$;
DROP TRIGGER IF EXISTS audit_event_no_update_or_delete ON "AuditEvent";
CREATE TRIGGER audit_event_no_update_or_delete BEFORE UPDATE OR DELETE ON "AuditEvent"
  FOR EACH ROW EXECUTE FUNCTION audit_event_append_only();
DROP TRIGGER IF EXISTS audit_event_no_truncate ON "AuditEvent";
CREATE TRIGGER audit_event_no_truncate BEFORE TRUNCATE ON "AuditEvent"
  FOR EACH STATEMENT EXECUTE FUNCTION audit_event_append_only();
