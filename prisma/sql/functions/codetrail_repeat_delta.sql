-- RepeatPurchaseRollup follows one order's change (decision 010, docs/metrics.md). The order's
-- customer, creation time, attribution and new-customer flag never change once it is stored, so
-- its part in those figures changes only with its reportable state and its net sales. As a later
-- purchase it counts for each earlier acquisition of its customer; as an acquisition (new
-- customer, influencer present) its key holds every later reportable order of the customer.
-- Orders of other customers are untouched; the caller holds the customer's lock.
CREATE OR REPLACE FUNCTION codetrail_repeat_delta(p_shop TEXT, b "AttributedOrder", a "AttributedOrder")
RETURNS VOID LANGUAGE plpgsql AS $$
DECLARE
  b_rep BOOLEAN := b."id" IS NOT NULL AND codetrail_is_reportable(b."cancelledAt", b."test");
  a_rep BOOLEAN := a."id" IS NOT NULL AND codetrail_is_reportable(a."cancelledAt", a."test");
  v_rep_orders INTEGER;
  v_rep_net NUMERIC;
  v_sign INTEGER;
  r RECORD;
BEGIN
  IF (a."id" IS NOT NULL AND a."customerId" IS NOT NULL
      AND (b_rep IS DISTINCT FROM a_rep OR (a_rep AND (a."sales" - a."refunded") <> (b."sales" - b."refunded")))) IS NOT TRUE THEN
    RETURN;
  END IF;
  v_rep_orders := (CASE WHEN a_rep THEN 1 ELSE 0 END) - (CASE WHEN b_rep THEN 1 ELSE 0 END);
  v_rep_net := (CASE WHEN a_rep THEN a."sales" - a."refunded" ELSE 0 END) - (CASE WHEN b_rep THEN b."sales" - b."refunded" ELSE 0 END);
  v_sign := CASE WHEN b_rep IS DISTINCT FROM a_rep THEN v_rep_orders ELSE 0 END;
  FOR r IN
    SELECT k_date, k_inf, k_camp, sum(d_o)::int AS d_o, sum(d_n) AS d_n
      FROM (
        SELECT e."shopDate" AS k_date, e."influencerId" AS k_inf, COALESCE(e."campaignId", '') AS k_camp,
               v_rep_orders AS d_o, v_rep_net AS d_n
          FROM "AttributedOrder" e
         WHERE e."shopId" = p_shop AND e."customerId" = a."customerId" AND e."newCustomer"
           AND codetrail_is_reportable(e."cancelledAt", e."test") AND e."influencerId" IS NOT NULL
           AND (e."orderCreatedAt", e."shopifyOrderId") < (a."orderCreatedAt", a."shopifyOrderId")
        UNION ALL
        SELECT a."shopDate", a."influencerId", COALESCE(a."campaignId", ''), v_sign * count(*)::int, v_sign * COALESCE(sum(l."sales" - l."refunded"), 0)
          FROM "AttributedOrder" l
         WHERE v_sign <> 0 AND a."newCustomer" AND a."influencerId" IS NOT NULL
           AND l."shopId" = p_shop AND l."customerId" = a."customerId" AND codetrail_is_reportable(l."cancelledAt", l."test")
           AND (l."orderCreatedAt", l."shopifyOrderId") > (a."orderCreatedAt", a."shopifyOrderId")
        HAVING count(*) > 0
      ) AS contributions
     GROUP BY k_date, k_inf, k_camp
     ORDER BY to_char(k_date, 'YYYY-MM-DD') COLLATE "C", k_inf COLLATE "C", k_camp COLLATE "C"
  LOOP
    CONTINUE WHEN r.d_o = 0 AND r.d_n = 0;
    INSERT INTO "RepeatPurchaseRollup" ("shopId", "shopDate", "influencerId", "campaignId", "orders", "netSales")
    VALUES (p_shop, r.k_date, r.k_inf, r.k_camp, r.d_o, CAST(r.d_n AS DECIMAL(18,4)))
    ON CONFLICT ("shopId", "shopDate", "influencerId", "campaignId") DO UPDATE SET
      "orders" = "RepeatPurchaseRollup"."orders" + EXCLUDED."orders",
      "netSales" = "RepeatPurchaseRollup"."netSales" + EXCLUDED."netSales";
  END LOOP;
END
$$;
