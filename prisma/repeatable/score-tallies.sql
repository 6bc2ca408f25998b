-- When an evaluator submits their scores for a proposal, they join the proposal's tallies (sum and
-- count per criterion) in the same transaction: the ranking reads the tallies, never all the scores.
-- Submitted scores are locked, so a tally is only ever added to.
CREATE OR REPLACE FUNCTION score_submission_tally() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO "CriterionTally" ("proposalId", "criterionId", "sum", "count")
  SELECT s."proposalId", s."criterionId", s.score, 1
  FROM "Score" s
  WHERE s."proposalId" = NEW."proposalId" AND s."evaluatorId" = NEW."evaluatorId"
  ON CONFLICT ("proposalId", "criterionId")
    DO UPDATE SET "sum" = "CriterionTally"."sum" + EXCLUDED."sum", "count" = "CriterionTally"."count" + 1;
  RETURN NEW;
END;
$$;
DROP TRIGGER IF EXISTS score_submission_tally ON "ScoreSubmission";
CREATE TRIGGER score_submission_tally AFTER INSERT ON "ScoreSubmission"
  FOR EACH ROW EXECUTE FUNCTION score_submission_tally();

-- A submitted score is locked: the tally counted it as it was.
CREATE OR REPLACE FUNCTION score_locked() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF EXISTS (SELECT 1 FROM "ScoreSubmission" WHERE "proposalId" = OLD."proposalId" AND "evaluatorId" = OLD."evaluatorId") THEN
    RAISE EXCEPTION 'Score of a submission is locked: % refused', TG_OP;
  END IF;
  IF TG_OP = 'DELETE' THEN
    RETURN OLD;
  END IF;
  RETURN NEW;
END;
$$;
DROP TRIGGER IF EXISTS score_locked ON "Score";
CREATE TRIGGER score_locked BEFORE UPDATE OR DELETE ON "Score"
  FOR EACH ROW EXECUTE FUNCTION score_locked();
