-- customers/redact: forgets the customer on their orders (and on the orders named), moving
-- RepeatPurchaseRollup by the difference of codetrail_repeat_contributions before and after.
CREATE OR REPLACE FUNCTION codetrail_redact_customer(p_shop TEXT, p_customer BIGINT, p_orders BIGINT[])
RETURNS INTEGER LANGUAGE plpgsql AS $$
DECLARE
  v_customers BIGINT[];
  v_before JSONB;
  v_count INTEGER;
  c BIGINT;
  r RECORD;
BEGIN
  PERFORM pg_advisory_xact_lock_shared(codetrail_lock_key('rollups', p_shop));
  SELECT array_agg(DISTINCT x ORDER BY x) INTO v_customers
    FROM (SELECT p_customer AS x
          UNION ALL
          SELECT e."customerId" FROM "AttributedOrder" e
           WHERE e."shopId" = p_shop AND e."customerId" IS NOT NULL AND e."shopifyOrderId" = ANY(p_orders)) AS t
   WHERE x IS NOT NULL;
  FOREACH c IN ARRAY COALESCE(v_customers, ARRAY[]::bigint[]) LOOP
    PERFORM pg_advisory_xact_lock(codetrail_lock_key('customer', p_shop, c::text));
  END LOOP;

  SELECT COALESCE(jsonb_agg(jsonb_build_object('k_date', b.k_date, 'k_inf', b.k_inf, 'k_camp', b.k_camp, 'd_o', b.d_o, 'd_n', b.d_n)), '[]'::jsonb)
    INTO v_before FROM codetrail_repeat_contributions(p_shop, v_customers) b;
  -- Only orders of the locked customers (an order stored meanwhile for another customer counts
  -- as arriving after the redaction).
  UPDATE "AttributedOrder" SET "customerId" = NULL
   WHERE "shopId" = p_shop AND "customerId" = ANY(v_customers)
     AND ("customerId" = p_customer OR "shopifyOrderId" = ANY(p_orders));
  GET DIAGNOSTICS v_count = ROW_COUNT;

  FOR r IN
    SELECT k_date, k_inf, k_camp, sum(d_o)::int AS d_o, sum(d_n) AS d_n
      FROM (
        SELECT k_date, k_inf, k_camp, d_o, d_n FROM codetrail_repeat_contributions(p_shop, v_customers)
        UNION ALL
        SELECT (e->>'k_date')::date, e->>'k_inf', e->>'k_camp', -(e->>'d_o')::int, -(e->>'d_n')::numeric
          FROM jsonb_array_elements(v_before) AS e
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
  RETURN v_count;
END
$$;
