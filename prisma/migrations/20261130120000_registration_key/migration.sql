-- Registration numbers are compared in a normalised form, so that "HK CR 3125467" cannot be
-- registered beside "HK-CR-3125467": the key is the number in Unicode NFKC (full-width forms become
-- ASCII), without anything but letters and digits, in upper case. The number stays as typed.
-- prisma/repeatable/organisation-registration-key.sql keeps the key from now on (a trigger).
DROP INDEX "Organisation_registrationNumber_key";

ALTER TABLE "Organisation" ADD COLUMN "registrationKey" TEXT;

-- Look-alikes registered before this migration keep working: the earliest keeps the plain key and
-- each later one gets "~" and its own id appended (find them with "registrationKey" LIKE '%~%'),
-- for an administrator to settle with the organisations, since neither number may be dropped here.
UPDATE "Organisation" o
SET "registrationKey" = k.key || CASE WHEN k.rank > 1 THEN '~' || o.id::text ELSE '' END
FROM (
  SELECT id,
         upper(regexp_replace(normalize("registrationNumber", NFKC), '[^A-Za-z0-9]', '', 'g')) AS key,
         row_number() OVER (PARTITION BY upper(regexp_replace(normalize("registrationNumber", NFKC), '[^A-Za-z0-9]', '', 'g')) ORDER BY "createdAt", id) AS rank
  FROM "Organisation"
) k
WHERE k.id = o.id;

ALTER TABLE "Organisation" ALTER COLUMN "registrationKey" SET NOT NULL;

CREATE UNIQUE INDEX "Organisation_registrationKey_key" ON "Organisation"("registrationKey");
