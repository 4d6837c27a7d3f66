-- Attribution under a shop's precedence (decisions 004, 037): among the order's evidence (code
-- candidates in strength order, each from the order's discount codes or its landing page, and the
-- influencer its survey answer names) the first signal in p_precedence that names one of the
-- shop's influencers wins; within a signal, the strongest candidate. The survey credits an order
-- on its own only when p_survey_alone (the shop's choice, decision 038); otherwise an order is
-- attributed only when a code or link of the shop is among its evidence, and the survey decides
-- between influencers. No row when nothing wins.
CREATE OR REPLACE FUNCTION codetrail_attribution_winner(
  p_shop TEXT, p_candidates JSONB, p_survey_influencer TEXT, p_precedence TEXT[], p_survey_alone BOOLEAN)
RETURNS TABLE (code_id TEXT, influencer_id TEXT, campaign_id TEXT, used_code TEXT, source TEXT)
LANGUAGE plpgsql STABLE AS $$
BEGIN
  RETURN QUERY
  WITH codes AS (
    SELECT d."id" AS code_id, d."influencerId" AS influencer_id, d."campaignId" AS campaign_id,
           c.e->>'used' AS used_code,
           CASE WHEN c.e->>'source' = 'TRACKING_LINK' THEN 'TRACKING_LINK' ELSE 'DISCOUNT_CODE' END AS source,
           c.ord
      FROM jsonb_array_elements(CASE WHEN jsonb_typeof(p_candidates) = 'array' THEN p_candidates ELSE '[]'::jsonb END)
           WITH ORDINALITY AS c(e, ord)
      JOIN "DiscountCode" d ON d."shopId" = p_shop AND d."code" = c.e->>'code'
  ), signals AS (
    SELECT k.code_id, k.influencer_id, k.campaign_id, k.used_code, k.source, k.ord,
           array_position(p_precedence, CASE WHEN k.source = 'DISCOUNT_CODE' THEN 'CODE' ELSE 'LINK' END) AS rank
      FROM codes k
    UNION ALL
    SELECT NULL, i."id", NULL, NULL, 'SURVEY', 0, array_position(p_precedence, 'SURVEY')
      FROM "Influencer" i
     WHERE i."shopId" = p_shop AND i."id" = p_survey_influencer AND (p_survey_alone OR EXISTS (SELECT 1 FROM codes))
  )
  SELECT s.code_id, s.influencer_id, s.campaign_id, s.used_code, s.source
    FROM signals s
   WHERE s.rank IS NOT NULL
   ORDER BY s.rank, s.ord
   LIMIT 1;
END
$$;
