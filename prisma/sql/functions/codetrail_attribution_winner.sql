-- Attribution under a shop's precedence (decisions 004, 037): among the order's evidence (code
-- candidates in strength order, each from the order's discount codes or its landing page, and the
-- influencer its survey answer names) the first signal in p_precedence that names one of the
-- shop's influencers wins; within a signal, the strongest candidate. The survey credits an order
-- on its own only when p_survey_alone (the shop's choice, decision 038); otherwise an order is
-- attributed only when a code or link of the shop is among its evidence, and the survey decides
-- between influencers. No row when nothing wins. Plain SQL without a CTE, so the planner inlines it
-- into the calling statement, and each candidate is one index probe (LATERAL … LIMIT 1): a join
-- there was planned as a hash of the shop's every code per order (15× slower in the bulk import).
CREATE OR REPLACE FUNCTION codetrail_attribution_winner(
  p_shop TEXT, p_candidates JSONB, p_survey_influencer TEXT, p_precedence TEXT[], p_survey_alone BOOLEAN)
RETURNS TABLE (code_id TEXT, influencer_id TEXT, campaign_id TEXT, used_code TEXT, source TEXT)
LANGUAGE sql STABLE AS $$
  SELECT k.code_id, k.influencer_id, k.campaign_id, k.used_code, k.source
    FROM (
      SELECT d."id" AS code_id, d."influencerId" AS influencer_id, d."campaignId" AS campaign_id, c.e->>'used' AS used_code,
             CASE WHEN c.e->>'source' = 'TRACKING_LINK' THEN 'TRACKING_LINK' ELSE 'DISCOUNT_CODE' END AS source,
             array_position(p_precedence, CASE WHEN c.e->>'source' = 'TRACKING_LINK' THEN 'LINK' ELSE 'CODE' END) AS rank,
             c.ord
        FROM jsonb_array_elements(CASE WHEN jsonb_typeof(p_candidates) = 'array' THEN p_candidates ELSE '[]'::jsonb END)
             WITH ORDINALITY AS c(e, ord)
        CROSS JOIN LATERAL (SELECT x."id", x."influencerId", x."campaignId" FROM "DiscountCode" x
                             WHERE x."shopId" = p_shop AND x."code" = c.e->>'code' LIMIT 1) d
      UNION ALL
      SELECT NULL, i."id", NULL, NULL, 'SURVEY', array_position(p_precedence, 'SURVEY'), 0
        FROM "Influencer" i
       WHERE i."shopId" = p_shop AND i."id" = p_survey_influencer
         AND (p_survey_alone OR EXISTS (
               SELECT 1 FROM jsonb_array_elements(CASE WHEN jsonb_typeof(p_candidates) = 'array' THEN p_candidates ELSE '[]'::jsonb END) AS o(e)
                WHERE EXISTS (SELECT 1 FROM "DiscountCode" od WHERE od."shopId" = p_shop AND od."code" = o.e->>'code')))
    ) k
   WHERE k.rank IS NOT NULL
   ORDER BY k.rank, k.ord
   LIMIT 1
$$;
