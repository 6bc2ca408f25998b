-- A submitted proposal version is sealed: nothing in it may change and it is never deleted. The one
-- thing that may happen to it later is its withdrawal (withdrawnAt and withdrawnById, set once).
-- A document of a sealed version keeps its bytes' identity (name, size, digest, storage key).
CREATE OR REPLACE FUNCTION proposal_version_sealed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' THEN
    RAISE EXCEPTION 'ProposalVersion is sealed: DELETE refused';
  END IF;
  IF OLD."withdrawnAt" IS NOT NULL
     OR (to_jsonb(NEW) - 'withdrawnAt' - 'withdrawnById') IS DISTINCT FROM (to_jsonb(OLD) - 'withdrawnAt' - 'withdrawnById') THEN
    RAISE EXCEPTION 'ProposalVersion is sealed: UPDATE refused';
  END IF;
  RETURN NEW;
END;
$$;
DROP TRIGGER IF EXISTS proposal_version_sealed ON "ProposalVersion";
CREATE TRIGGER proposal_version_sealed BEFORE UPDATE OR DELETE ON "ProposalVersion"
  FOR EACH ROW EXECUTE FUNCTION proposal_version_sealed();

CREATE OR REPLACE FUNCTION proposal_version_document_sealed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'ProposalVersionDocument is sealed: % refused', TG_OP;
END;
$$;
DROP TRIGGER IF EXISTS proposal_version_document_sealed ON "ProposalVersionDocument";
CREATE TRIGGER proposal_version_document_sealed BEFORE UPDATE OR DELETE ON "ProposalVersionDocument"
  FOR EACH ROW EXECUTE FUNCTION proposal_version_document_sealed();

CREATE OR REPLACE FUNCTION proposal_document_sealed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF EXISTS (SELECT 1 FROM "ProposalVersionDocument" WHERE "documentId" = OLD.id) THEN
    IF TG_OP = 'DELETE'
       OR (NEW."fileName", NEW.size, NEW.sha256, NEW."storageKey", NEW.state)
          IS DISTINCT FROM (OLD."fileName", OLD.size, OLD.sha256, OLD."storageKey", OLD.state) THEN
      RAISE EXCEPTION 'ProposalDocument % belongs to a sealed version: % refused', OLD.id, TG_OP;
    END IF;
  END IF;
  IF TG_OP = 'DELETE' THEN
    RETURN OLD;
  END IF;
  RETURN NEW;
END;
$$;
DROP TRIGGER IF EXISTS proposal_document_sealed ON "ProposalDocument";
CREATE TRIGGER proposal_document_sealed BEFORE UPDATE OR DELETE ON "ProposalDocument"
  FOR EACH ROW EXECUTE FUNCTION proposal_document_sealed();
