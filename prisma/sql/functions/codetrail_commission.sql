-- The commission one reportable order (or p_orders of them) earns an influencer in a campaign: the
-- most specific rule (influencer+campaign, influencer, campaign, shop-wide), then the newest
-- (createdAt, then id); percent of net sales or fixed per order. PL/pgSQL so its plan is kept for
-- the session. app/lib/commission.ts is the same rule in TypeScript, kept as the tests' oracle.
CREATE OR REPLACE FUNCTION codetrail_commission(p_shop TEXT, p_influencer TEXT, p_campaign TEXT, p_orders INTEGER, p_net NUMERIC)
RETURNS NUMERIC LANGUAGE plpgsql STABLE AS $$
DECLARE
  v_kind TEXT;
  v_rate NUMERIC;
BEGIN
  IF p_orders = 0 THEN
    RETURN 0::numeric;
  END IF;
  SELECT r."kind"::text, r."rate" INTO v_kind, v_rate
    FROM "CommissionRule" r
   WHERE r."shopId" = p_shop
     AND (r."influencerId" IS NULL OR r."influencerId" = p_influencer)
     AND (r."campaignId" IS NULL OR r."campaignId" = p_campaign)
   ORDER BY (CASE WHEN r."influencerId" IS NOT NULL THEN 2 ELSE 0 END + CASE WHEN r."campaignId" IS NOT NULL THEN 1 ELSE 0 END) DESC,
            r."createdAt" DESC, r."id" COLLATE "C" DESC
   LIMIT 1;
  IF NOT FOUND THEN
    RETURN 0::numeric;
  END IF;
  RETURN CASE WHEN v_kind = 'PERCENT_OF_NET_SALES' THEN p_net * v_rate * 0.01 ELSE v_rate * p_orders END;
END
$$;
