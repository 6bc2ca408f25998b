-- A variation's decision note is written in English and in Traditional Chinese, like its reasons:
-- content staff type is read in the reader's language (DESIGN.md). Notes written before keep their
-- text as the English one; pages show it where no Chinese one exists.
ALTER TABLE "Variation" RENAME COLUMN "decisionNote" TO "decisionNoteEn";
ALTER TABLE "Variation" ADD COLUMN "decisionNoteZhHant" TEXT;
