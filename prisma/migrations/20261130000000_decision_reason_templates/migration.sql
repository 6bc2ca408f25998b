-- Decision reasons become templates that exist in every language, with an optional note in both
-- languages, instead of free English text with raw decimals.
CREATE TYPE "DecisionReason" AS ENUM ('highest_total', 'reserve', 'below_pass_mark', 'below_other_total', 'panel_note');

ALTER TABLE "Decision" RENAME COLUMN "reason" TO "legacyReason";
ALTER TABLE "Decision" ADD COLUMN "reason" "DecisionReason",
ADD COLUMN "noteEn" TEXT,
ADD COLUMN "noteZhHant" TEXT;

-- Reasons written in exactly the forms the portal's demo and chairs used for the ranking's own
-- facts become those templates: their figures are shown again from the ranking, rounded as on
-- screen. Anything else a chair wrote is kept word for word as the panel's note (the only text
-- there is, so in both languages) under the "panel's note" template.
UPDATE "Decision" SET "reason" = (CASE
  WHEN "outcome" = 'shortlisted' AND "legacyReason" ~ '^Highest total for plot \S+ \([0-9.]+\)(: technical [0-9.]+, financial [0-9.]+)?\.?$' THEN 'highest_total'
  WHEN "outcome" = 'reserve' AND "legacyReason" ~ '^Second for plot \S+ \([0-9.]+\)(: the reserve should the shortlisted proposer not proceed)?\.?$' THEN 'reserve'
  WHEN "outcome" = 'not_shortlisted' AND "legacyReason" ~ '^Technical score [0-9.]+ below the pass mark of [0-9.]+(: the financial envelope was not opened)?\.?$' THEN 'below_pass_mark'
  WHEN "outcome" = 'not_shortlisted' AND "legacyReason" ~ '^Ranked [0-9]+ for plot \S+ \([0-9.]+\)\.?$' THEN 'below_other_total'
  ELSE 'panel_note'
END)::"DecisionReason";

UPDATE "Decision" SET "noteEn" = "legacyReason", "noteZhHant" = "legacyReason" WHERE "reason" = 'panel_note';

ALTER TABLE "Decision" ALTER COLUMN "reason" SET NOT NULL;
ALTER TABLE "Decision" DROP COLUMN "legacyReason";
