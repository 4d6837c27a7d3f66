-- The commission term in force on a shop-local day for orders of an influencer in a campaign: among
-- the terms whose dates cover p_date (startsOn <= p_date <= endsOn, endsOn null while open), the
-- most specific (influencer+campaign, influencer, campaign, shop-wide), then the newest (createdAt,
-- then id). No row when none applies. PL/pgSQL so its plan is kept for the session.
CREATE OR REPLACE FUNCTION codetrail_commission_term(p_shop TEXT, p_influencer TEXT, p_campaign TEXT, p_date DATE)
RETURNS TABLE (rule_id TEXT, kind TEXT, rate NUMERIC) LANGUAGE plpgsql STABLE AS $$
BEGIN
  RETURN QUERY
  SELECT r."id", r."kind"::text, r."rate"::numeric
    FROM "CommissionRule" r
   WHERE r."shopId" = p_shop
     AND (r."influencerId" IS NULL OR r."influencerId" = p_influencer)
     AND (r."campaignId" IS NULL OR r."campaignId" = p_campaign)
     AND r."startsOn" <= p_date AND (r."endsOn" IS NULL OR r."endsOn" >= p_date)
   ORDER BY (CASE WHEN r."influencerId" IS NOT NULL THEN 2 ELSE 0 END + CASE WHEN r."campaignId" IS NOT NULL THEN 1 ELSE 0 END) DESC,
            r."createdAt" DESC, r."id" COLLATE "C" DESC
   LIMIT 1;
END
$$;
