-- DailyRollup follows one order's change (decision 006): its contribution before (b) taken away,
-- after (a) added, each counted only when the order exists (id not NULL) and is reportable, with
-- the commission stored on the order (codetrail_accrue). Rows in a stable order: two transactions never lock the same
-- rows in opposite orders. The caller holds the shop's rollups lock (shared) and the order's lock.
CREATE OR REPLACE FUNCTION codetrail_rollup_delta(p_shop TEXT, b "AttributedOrder", a "AttributedOrder")
RETURNS VOID LANGUAGE plpgsql AS $$
DECLARE
  r RECORD;
BEGIN
  FOR r IN
    SELECT k_date, k_inf, k_camp, k_code,
           sum(d_orders)::int AS d_orders, sum(d_new)::int AS d_new, sum(d_sales) AS d_sales,
           sum(d_disc) AS d_disc, sum(d_ref) AS d_ref, sum(d_comm) AS d_comm
      FROM (
        SELECT b."shopDate" AS k_date, COALESCE(b."influencerId", '') AS k_inf, COALESCE(b."campaignId", '') AS k_camp,
               COALESCE(b."discountCodeId", '') AS k_code,
               -1 AS d_orders, CASE WHEN b."newCustomer" THEN -1 ELSE 0 END AS d_new, -b."sales" AS d_sales, -b."discounts" AS d_disc,
               -b."refunded" AS d_ref, -b."commission" AS d_comm
         WHERE b."id" IS NOT NULL AND codetrail_is_reportable(b."cancelledAt", b."test")
        UNION ALL
        SELECT a."shopDate", COALESCE(a."influencerId", ''), COALESCE(a."campaignId", ''), COALESCE(a."discountCodeId", ''),
               1, CASE WHEN a."newCustomer" THEN 1 ELSE 0 END, a."sales", a."discounts", a."refunded",
               a."commission"
         WHERE a."id" IS NOT NULL AND codetrail_is_reportable(a."cancelledAt", a."test")
      ) AS contributions
     GROUP BY k_date, k_inf, k_camp, k_code
     ORDER BY to_char(k_date, 'YYYY-MM-DD') COLLATE "C", k_inf COLLATE "C", k_camp COLLATE "C", k_code COLLATE "C"
  LOOP
    CONTINUE WHEN r.d_orders = 0 AND r.d_new = 0 AND r.d_sales = 0 AND r.d_disc = 0 AND r.d_ref = 0 AND r.d_comm = 0;
    INSERT INTO "DailyRollup" ("shopId", "shopDate", "influencerId", "campaignId", "discountCodeId",
      "orders", "newCustomers", "sales", "discounts", "refunds", "commission")
    VALUES (p_shop, r.k_date, r.k_inf, r.k_camp, r.k_code, r.d_orders, r.d_new,
      CAST(r.d_sales AS DECIMAL(18,4)), CAST(r.d_disc AS DECIMAL(18,4)), CAST(r.d_ref AS DECIMAL(18,4)),
      CAST(r.d_comm AS DECIMAL(28,8)))
    ON CONFLICT ("shopId", "shopDate", "influencerId", "campaignId", "discountCodeId") DO UPDATE SET
      "orders" = "DailyRollup"."orders" + EXCLUDED."orders",
      "newCustomers" = "DailyRollup"."newCustomers" + EXCLUDED."newCustomers",
      "sales" = "DailyRollup"."sales" + EXCLUDED."sales",
      "discounts" = "DailyRollup"."discounts" + EXCLUDED."discounts",
      "refunds" = "DailyRollup"."refunds" + EXCLUDED."refunds",
      "commission" = "DailyRollup"."commission" + EXCLUDED."commission";
  END LOOP;
END
$$;
