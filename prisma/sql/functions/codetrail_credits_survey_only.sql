-- Whether the shop credits an order its survey answer alone names (decision 038); off when the
-- shop has not chosen.
CREATE OR REPLACE FUNCTION codetrail_credits_survey_only(p_shop TEXT)
RETURNS BOOLEAN LANGUAGE sql STABLE AS $$
  SELECT COALESCE((SELECT s."creditSurveyOnly" FROM "Shop" s WHERE s."id" = p_shop), FALSE)
$$;
