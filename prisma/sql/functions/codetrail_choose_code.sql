-- Attribution (decision 004): candidates arrive in the rule's order (discount codes by amount, then
-- code; then the tracking link's codes) and the first one that is an influencer code of the shop
-- wins. No row when none is.
CREATE OR REPLACE FUNCTION codetrail_choose_code(p_shop TEXT, p_candidates JSONB)
RETURNS TABLE (code_id TEXT, influencer_id TEXT, campaign_id TEXT, used_code TEXT, candidate_position BIGINT)
LANGUAGE plpgsql STABLE AS $$
BEGIN
  RETURN QUERY
  SELECT d."id", d."influencerId", d."campaignId", c.e->>'used', c.ord
    FROM jsonb_array_elements(p_candidates) WITH ORDINALITY AS c(e, ord)
    JOIN "DiscountCode" d ON d."shopId" = p_shop AND d."code" = c.e->>'code'
   ORDER BY c.ord
   LIMIT 1;
END
$$;
