-- The influencer an order's survey answer names (decisions 028, 037, 038): the one the buyer chose,
-- else the free-text match once the owner confirmed it; after customers/redact deleted the answer,
-- the influencer it named, kept in the order's evidence (no personal data), so the order's
-- attribution outlives the answer. NULL without an answer or a name.
CREATE OR REPLACE FUNCTION codetrail_survey_influencer(p_shop TEXT, p_order_id BIGINT)
RETURNS TEXT LANGUAGE sql STABLE AS $$
  SELECT COALESCE(
    (SELECT COALESCE(s."influencerId", CASE WHEN s."confirmedAt" IS NOT NULL THEN s."matchedInfluencerId" END)
       FROM "SurveyResponse" s
      WHERE s."shopId" = p_shop AND s."shopifyOrderId" = p_order_id),
    (SELECT x."evidence"->>'survey'
       FROM "AttributedOrder" x
      WHERE x."shopId" = p_shop AND x."shopifyOrderId" = p_order_id))
$$;
