-- An organisation's registration key is derived from its registration number, in the database, so
-- that every way a row is written (the portal, the demo seed, scripts) compares numbers alike:
-- Unicode NFKC (full-width "ＨＫ－ＣＲ" is "HK-CR"), letters and digits only, upper case. The portal's
-- own check (app/organisations/registration-number.ts) computes the same key to say so politely.
-- A key is never written directly: it follows the number, or stays (a look-alike that the
-- migration 20261130120000_registration_key marked keeps its mark until its number changes).
CREATE OR REPLACE FUNCTION registration_key(number text) RETURNS text LANGUAGE sql IMMUTABLE STRICT AS $$
  SELECT upper(regexp_replace(normalize(number, NFKC), '[^A-Za-z0-9]', '', 'g'))
$$;
CREATE OR REPLACE FUNCTION organisation_registration_key() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' OR NEW."registrationNumber" IS DISTINCT FROM OLD."registrationNumber" THEN
    NEW."registrationKey" := registration_key(NEW."registrationNumber");
  ELSE
    NEW."registrationKey" := OLD."registrationKey";
  END IF;
  RETURN NEW;
END;
$$;
DROP TRIGGER IF EXISTS organisation_registration_key ON "Organisation";
CREATE TRIGGER organisation_registration_key BEFORE INSERT OR UPDATE ON "Organisation"
  FOR EACH ROW EXECUTE FUNCTION organisation_registration_key();
