-- What codetrail_reattribute would do under a proposed precedence and choice of crediting orders
-- the survey alone names (decisions 037, 038), read only: per influencer, the reportable orders,
-- net sales and commission of the orders with a shop day from p_from to p_to (either NULL for no
-- bound) as stored now and as they would be, and how many orders would move to and away from
-- them. Orders on a commission statement keep their influencer; a moved order's commission is
-- what the term in force on its shop day for its new influencer pays (codetrail_accrue would
-- accrue it so). Orders not kept that the survey alone would credit are counted from the shop's
-- order facts (ShopOrder) as the Admin API read will bring them in.
CREATE OR REPLACE FUNCTION codetrail_attribution_preview(
  p_shop TEXT, p_precedence TEXT[], p_survey_alone BOOLEAN, p_from DATE, p_to DATE)
RETURNS TABLE (influencer_id TEXT, orders_before INTEGER, orders_after INTEGER, net_before NUMERIC, net_after NUMERIC,
               commission_before NUMERIC, commission_after NUMERIC, moved_in INTEGER, moved_out INTEGER)
LANGUAGE plpgsql STABLE AS $$
BEGIN
  RETURN QUERY
  WITH stored AS (
    SELECT x."influencerId" AS b_inf, x."campaignId" AS b_camp, x."commission" AS b_comm, x."shopDate" AS day,
           codetrail_is_reportable(x."cancelledAt", x."test") AS rep, x."sales" - x."refunded" AS net,
           x."source"::text AS b_source, w.influencer_id AS w_inf, COALESCE(lk.link_campaign_id, w.campaign_id) AS w_camp,
           EXISTS (SELECT 1 FROM "CommissionStatementLine" s
                    WHERE s."shopId" = p_shop AND s."shopifyOrderId" = x."shopifyOrderId") AS on_statement
      FROM "AttributedOrder" x
      LEFT JOIN LATERAL codetrail_attribution_winner(p_shop, x."evidence"->'candidates',
             codetrail_survey_influencer(p_shop, x."shopifyOrderId"), p_precedence, p_survey_alone) w ON TRUE
      LEFT JOIN LATERAL codetrail_order_link(p_shop, w.influencer_id, x."evidence"->'link') lk ON TRUE
     WHERE x."shopId" = p_shop
       AND (p_from IS NULL OR x."shopDate" >= p_from) AND (p_to IS NULL OR x."shopDate" <= p_to)
  ), chosen AS (
    -- Without a winner an order keeps its influencer, unless its survey answer alone credited it.
    SELECT s.b_inf, s.b_camp, s.b_comm, s.day, s.rep, s.net,
           CASE WHEN s.on_statement THEN s.b_inf WHEN s.w_inf IS NOT NULL THEN s.w_inf
                WHEN s.b_source = 'SURVEY' THEN NULL ELSE s.b_inf END AS a_inf,
           CASE WHEN s.on_statement THEN s.b_camp WHEN s.w_inf IS NOT NULL THEN s.w_camp
                WHEN s.b_source = 'SURVEY' THEN NULL ELSE s.b_camp END AS a_camp
      FROM stored s
    UNION ALL
    SELECT NULL, NULL, 0::numeric, o."shopDate", NOT o."cancelled" AND NOT o."test", o."sales" - o."refunded", i."id", NULL
      FROM "SurveyResponse" r
      JOIN "ShopOrder" o ON o."shopId" = p_shop AND o."shopifyOrderId" = r."shopifyOrderId"
      JOIN "Influencer" i ON i."shopId" = p_shop AND i."id" = codetrail_survey_influencer(p_shop, r."shopifyOrderId")
     WHERE p_survey_alone AND r."shopId" = p_shop
       AND NOT EXISTS (SELECT 1 FROM "AttributedOrder" x WHERE x."shopId" = p_shop AND x."shopifyOrderId" = r."shopifyOrderId")
       AND (p_from IS NULL OR o."shopDate" >= p_from) AND (p_to IS NULL OR o."shopDate" <= p_to)
  ), priced AS (
    SELECT c.*,
           CASE WHEN c.a_inf IS NOT DISTINCT FROM c.b_inf AND c.a_camp IS NOT DISTINCT FROM c.b_camp THEN c.b_comm
                WHEN NOT c.rep THEN 0
                ELSE COALESCE((SELECT CAST(codetrail_commission(t.kind, t.rate, 1, c.net) AS DECIMAL(28,8))
                                 FROM codetrail_commission_term(p_shop, c.a_inf, c.a_camp, c.day) t), 0) END AS a_comm
      FROM chosen c
  ), sides AS (
    SELECT p.b_inf AS inf, CASE WHEN p.rep THEN 1 ELSE 0 END AS ob, 0 AS oa, CASE WHEN p.rep THEN p.net ELSE 0 END AS nb,
           0::numeric AS na, p.b_comm AS cb, 0::numeric AS ca, 0 AS mi,
           CASE WHEN p.a_inf IS DISTINCT FROM p.b_inf THEN 1 ELSE 0 END AS mo
      FROM priced p WHERE p.b_inf IS NOT NULL
    UNION ALL
    SELECT p.a_inf, 0, CASE WHEN p.rep THEN 1 ELSE 0 END, 0, CASE WHEN p.rep THEN p.net ELSE 0 END,
           0, p.a_comm, CASE WHEN p.a_inf IS DISTINCT FROM p.b_inf THEN 1 ELSE 0 END, 0
      FROM priced p WHERE p.a_inf IS NOT NULL
  )
  SELECT s.inf, sum(s.ob)::int, sum(s.oa)::int, sum(s.nb), sum(s.na), sum(s.cb), sum(s.ca), sum(s.mi)::int, sum(s.mo)::int
    FROM sides s
   GROUP BY s.inf
   ORDER BY s.inf COLLATE "C";
END
$$;
