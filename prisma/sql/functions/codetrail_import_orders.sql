-- Bulk import (issue 16, decision 027): many orders of one shop applied with a few set-based
-- statements instead of one codetrail_apply each. The result equals applying each order with
-- codetrail_apply in creation order: the same AttributedOrder and OrderRefund rows, the same
-- DailyRollup (commission cast per order, as the per-order deltas are) and RepeatPurchaseRollup
-- figures, and one outcome per order (APPLIED, STALE, IGNORED with the same detail text). Each
-- order appears at most once in a batch (the caller sends repeats down the per-order path).
--
-- It holds the shop's rollup lock exclusively for the statement: every ledger writer of the shop
-- (webhooks, redaction, rebuilds) waits while it runs, so it needs neither order nor customer
-- locks, and its rollup difference (after minus before, over the orders and customers it touched)
-- is the sum of the per-order deltas. Commission is accrued per order by codetrail_accrue, as
-- codetrail_apply does, and summed from the rows; tests/ledger/import-orders.test.ts compares with
-- codetrail_apply.
CREATE OR REPLACE FUNCTION codetrail_import_orders(p_shop TEXT, p_orders JSONB)
RETURNS TABLE (call_index INTEGER, outcome TEXT, detail TEXT) LANGUAGE plpgsql AS $$
#variable_conflict use_column
DECLARE
  v_now TIMESTAMP(3) := timezone('UTC', now());
  v_tz TEXT;
  v_customers BIGINT[];
  v_stored BIGINT[];
  v_kept BIGINT[];
  v_repeat_before JSONB;
  v_precedence TEXT[];
  v_survey_alone BOOLEAN;
  v_repeat_after JSONB;
  -- The touched customers' repeat-purchase contributions, as JSON rows.
  v_repeat_sql CONSTANT TEXT := 'SELECT COALESCE(jsonb_agg(jsonb_build_object(''k_date'', b.k_date, ''k_inf'', b.k_inf,
      ''k_camp'', b.k_camp, ''d_o'', b.d_o, ''d_n'', b.d_n)), ''[]''::jsonb) FROM codetrail_repeat_contributions($1, $2) b';
BEGIN
  IF jsonb_typeof(p_orders) IS DISTINCT FROM 'array' THEN
    RAISE EXCEPTION 'codetrail_import_orders takes a JSON array of orders';
  END IF;
  SELECT s."ianaTimezone" INTO v_tz FROM "Shop" s WHERE s."id" = p_shop;
  IF NOT FOUND THEN
    RETURN QUERY SELECT (x.n - 1)::int, 'IGNORED'::text, 'shop not installed: nothing stored'::text
      FROM jsonb_array_elements(p_orders) WITH ORDINALITY AS x(e, n);
    RETURN;
  END IF;
  PERFORM pg_advisory_xact_lock(hashtextextended('codetrail:rollups:' || p_shop, 0));
  v_precedence := codetrail_precedence(p_shop);
  v_survey_alone := codetrail_credits_survey_only(p_shop);

  -- The batch, each order with its stored state (if any), its attribution when new (the winner of
  -- its evidence under the shop's precedence, codetrail_attribution_winner) and the tracking link it landed through
  -- (only the attributed influencer's: by slug; without one, by code and utm values when exactly
  -- one link fits).
  IF to_regclass('pg_temp.codetrail_import') IS NOT NULL THEN
    DROP TABLE pg_temp.codetrail_import;
  END IF;
  CREATE TEMP TABLE codetrail_import ON COMMIT DROP AS
  SELECT (x.n - 1)::int AS idx, x.e AS o, (x.e->>'orderId')::bigint AS order_id,
         (x.e->>'customerId')::bigint AS customer_id,
         ((x.e->>'createdAt')::timestamptz AT TIME ZONE 'UTC') AS created_at,
         ((x.e->>'updatedAt')::timestamptz AT TIME ZONE 'UTC') AS updated_at,
         (s."shopifyOrderId" IS NOT NULL) AS existed,
         s."customerId" AS stored_customer,
         c.id AS c_id, c.inf AS c_inf, c.camp AS c_camp, c.used AS c_used, c.src AS c_src,
         lk.l_id, lk.l_camp,
         NULL::boolean AS new_customer, FALSE AS applied, 0 AS new_refunds
    FROM jsonb_array_elements(p_orders) WITH ORDINALITY AS x(e, n)
    LEFT JOIN "AttributedOrder" s ON s."shopId" = p_shop AND s."shopifyOrderId" = (x.e->>'orderId')::bigint
    LEFT JOIN LATERAL (
      SELECT w.code_id AS id, w.influencer_id AS inf, w.campaign_id AS camp, w.used_code AS used, w.source AS src
        FROM codetrail_attribution_winner(p_shop, x.e->'candidates',
               codetrail_survey_influencer(p_shop, (x.e->>'orderId')::bigint), v_precedence, v_survey_alone) w
       WHERE s."shopifyOrderId" IS NULL
    ) c ON TRUE
    LEFT JOIN LATERAL (
      SELECT t."id" AS l_id, t."campaignId" AS l_camp
        FROM "TrackingLink" t
       WHERE jsonb_typeof(x.e->'link') = 'object' AND x.e->'link'->>'slug' IS NOT NULL
         AND t."slug" = x.e->'link'->>'slug' AND t."shopId" = p_shop AND t."influencerId" = c.inf
      UNION ALL
      SELECT min(t."id"), min(t."campaignId")
        FROM "TrackingLink" t
        JOIN "DiscountCode" d ON d."id" = t."discountCodeId"
       WHERE jsonb_typeof(x.e->'link') = 'object' AND x.e->'link'->>'slug' IS NULL
         AND x.e->'link'->>'code' IS NOT NULL AND x.e->'link'->>'utmSource' IS NOT NULL
         AND t."shopId" = p_shop AND t."influencerId" = c.inf AND d."code" = x.e->'link'->>'code'
         AND lower(t."platform"::text) = x.e->'link'->>'utmSource'
         AND t."utmCampaign" = x.e->'link'->>'utmCampaign' AND t."utmContent" = x.e->'link'->>'utmContent'
      HAVING count(*) = 1
    ) lk ON TRUE;

  -- A new temporary table has no statistics: without them the planner guesses its size and may
  -- scan the whole ledger to join it.
  ANALYZE codetrail_import;
  IF (SELECT count(*) <> count(DISTINCT order_id) FROM codetrail_import) THEN
    RAISE EXCEPTION 'codetrail_import_orders: an order appears twice in the batch';
  END IF;

  -- Every order's facts for shop-wide figures, attributed or not (decision 036), as
  -- codetrail_apply records them.
  PERFORM codetrail_record_shop_orders(p_shop, v_tz, p_orders);

  -- The ledger grows faster than autovacuum analyses it during an import, so its statistics say
  -- the shop has few orders and a join with the batch would scan all of them. Every statement that
  -- reads the batch's orders back also names them (= ANY on the unique index), which the planner
  -- estimates by the batch's size whatever the statistics say; see docs/benchmarks.md.
  SELECT COALESCE(array_agg(order_id) FILTER (WHERE existed), ARRAY[]::bigint[]),
         COALESCE(array_agg(order_id) FILTER (WHERE existed OR c_inf IS NOT NULL), ARRAY[]::bigint[])
    INTO v_stored, v_kept FROM codetrail_import;

  -- New customer: the payload's evidence and no earlier order of the customer in the ledger,
  -- counting the batch's own new attributed orders (creation order, as one by one would).
  UPDATE codetrail_import i SET new_customer = (i.o->>'newCustomerEvidence')::boolean
     AND NOT EXISTS (
       SELECT 1 FROM "AttributedOrder" e
        WHERE e."shopId" = p_shop AND e."customerId" = i.customer_id
          AND e."shopifyOrderId" <> i.order_id AND e."orderCreatedAt" < i.created_at)
     AND NOT EXISTS (
       SELECT 1 FROM codetrail_import j
        WHERE NOT j.existed AND j.c_inf IS NOT NULL AND j.customer_id = i.customer_id
          AND j.order_id <> i.order_id AND j.created_at < i.created_at)
   WHERE NOT i.existed AND i.c_inf IS NOT NULL;

  -- The figures before: the stored orders' report contributions and their customers' later
  -- purchases.
  IF to_regclass('pg_temp.codetrail_import_before') IS NOT NULL THEN
    DROP TABLE pg_temp.codetrail_import_before;
  END IF;
  CREATE TEMP TABLE codetrail_import_before ON COMMIT DROP AS
  SELECT a.* FROM "AttributedOrder" a JOIN codetrail_import i ON i.order_id = a."shopifyOrderId"
   WHERE a."shopId" = p_shop AND a."shopifyOrderId" = ANY(v_stored) AND i.existed;
  SELECT array_agg(DISTINCT c ORDER BY c) INTO v_customers
    FROM (SELECT COALESCE(i.stored_customer, i.customer_id) AS c FROM codetrail_import i
           WHERE i.existed OR i.c_inf IS NOT NULL) AS t
   WHERE c IS NOT NULL;
  -- EXECUTE plans this for the given customers each time: a cached generic plan cannot use the
  -- customer index through codetrail_repeat_contributions' "all customers when NULL" condition.
  EXECUTE v_repeat_sql INTO v_repeat_before USING p_shop, COALESCE(v_customers, ARRAY[]::bigint[]);

  -- Unattributed orders are not kept, nor refunds that arrived ahead of them.
  DELETE FROM "OrderRefund" f USING codetrail_import i
   WHERE f."shopId" = p_shop AND f."shopifyOrderId" = i.order_id AND NOT i.existed AND i.c_inf IS NULL;

  INSERT INTO "AttributedOrder" (
    "id", "shopId", "shopifyOrderId", "name", "influencerId", "discountCodeId", "campaignId", "trackingLinkId",
    "source", "matchedCode", "utmCampaign", "utmContent", "orderCreatedAt", "shopDate",
    "shopifyUpdatedAt", "currencyCode", "presentmentCurrency", "sales", "discounts", "refunded",
    "cancelledAt", "test", "customerId", "newCustomer", "createdAt", "updatedAt",
    "referringHost", "landingHost", "utmSource", "countryCode", "evidence")
  SELECT gen_random_uuid()::text, p_shop, i.order_id, i.o->>'name', i.c_inf, i.c_id, COALESCE(i.l_camp, i.c_camp), i.l_id,
         i.c_src::"AttributionSource",
         i.c_used, i.o->>'utmCampaign', i.o->>'utmContent', i.created_at,
         (((i.o->>'createdAt')::timestamptz) AT TIME ZONE v_tz)::date,
         i.updated_at, i.o->>'currencyCode', i.o->>'presentmentCurrency',
         (i.o->>'sales')::numeric, (i.o->>'discounts')::numeric, 0,
         ((i.o->>'cancelledAt')::timestamptz AT TIME ZONE 'UTC'), (i.o->>'test')::boolean, i.customer_id,
         i.new_customer, v_now, v_now,
         i.o->>'referringHost', i.o->>'landingHost', i.o->>'utmSource', i.o->>'countryCode',
         jsonb_build_object('candidates', COALESCE(i.o->'candidates', '[]'::jsonb), 'link', i.o->'link')
    FROM codetrail_import i
   WHERE NOT i.existed AND i.c_inf IS NOT NULL
   ORDER BY i.idx;
  UPDATE codetrail_import SET applied = TRUE WHERE NOT existed AND c_inf IS NOT NULL;

  -- Stored orders: updated unless this version is older (updated_at).
  WITH updated AS (
    UPDATE "AttributedOrder" a SET
      "name" = i.o->>'name',
      "shopifyUpdatedAt" = i.updated_at,
      "currencyCode" = i.o->>'currencyCode',
      "presentmentCurrency" = i.o->>'presentmentCurrency',
      "sales" = (i.o->>'sales')::numeric,
      "discounts" = (i.o->>'discounts')::numeric,
      "cancelledAt" = ((i.o->>'cancelledAt')::timestamptz AT TIME ZONE 'UTC'),
      "test" = (i.o->>'test')::boolean,
      "updatedAt" = v_now,
      "referringHost" = COALESCE(a."referringHost", i.o->>'referringHost'),
      "landingHost" = COALESCE(a."landingHost", i.o->>'landingHost'),
      "utmSource" = COALESCE(a."utmSource", i.o->>'utmSource'),
      "countryCode" = COALESCE(a."countryCode", i.o->>'countryCode')
      FROM codetrail_import i
     WHERE a."shopId" = p_shop AND a."shopifyOrderId" = ANY(v_stored) AND a."shopifyOrderId" = i.order_id AND i.existed
       AND a."shopifyUpdatedAt" <= i.updated_at
    RETURNING a."shopifyOrderId"
  )
  UPDATE codetrail_import i SET applied = TRUE FROM updated u WHERE u."shopifyOrderId" = i.order_id;

  -- Refunds the payloads carry, unique by refund id; then each order's refunded total (their sum,
  -- capped at its sales).
  WITH inserted AS (
    INSERT INTO "OrderRefund" ("id", "shopId", "shopifyRefundId", "shopifyOrderId", "amount", "refundedAt")
    SELECT gen_random_uuid()::text, p_shop, (e->>'refundId')::bigint, i.order_id, (e->>'amount')::numeric,
           ((e->>'refundedAt')::timestamptz AT TIME ZONE 'UTC')
      FROM codetrail_import i
      CROSS JOIN LATERAL jsonb_array_elements(COALESCE(i.o->'refunds', '[]'::jsonb)) WITH ORDINALITY AS t(e, ord)
     WHERE i.existed OR i.c_inf IS NOT NULL
     ORDER BY i.idx, t.ord
    ON CONFLICT DO NOTHING
    RETURNING "shopifyOrderId"
  )
  UPDATE codetrail_import i SET new_refunds = n.count
    FROM (SELECT "shopifyOrderId", count(*)::int AS count FROM inserted GROUP BY 1) n
   WHERE n."shopifyOrderId" = i.order_id;
  UPDATE "AttributedOrder" a SET
    "refunded" = LEAST(a."sales", COALESCE((SELECT sum(f."amount") FROM "OrderRefund" f
                                             WHERE f."shopId" = p_shop AND f."shopifyOrderId" = a."shopifyOrderId"), 0)),
    "updatedAt" = v_now
    FROM codetrail_import i
   WHERE a."shopId" = p_shop AND a."shopifyOrderId" = ANY(v_kept) AND a."shopifyOrderId" = i.order_id
     AND (i.existed OR i.c_inf IS NOT NULL);
  PERFORM codetrail_accrue(p_shop, v_kept, v_now);

  -- DailyRollup: each touched order's contribution after minus before (commission as stored on
  -- the order), summed per row and applied in a stable key order.
  WITH states AS (
    SELECT b."shopifyOrderId" AS order_id, -1 AS sign, b."shopDate", b."influencerId", b."campaignId", b."discountCodeId",
           b."newCustomer", b."sales", b."discounts", b."refunded", b."commission"
      FROM codetrail_import_before b
     WHERE b."cancelledAt" IS NULL AND NOT b."test"
    UNION ALL
    SELECT a."shopifyOrderId", 1, a."shopDate", a."influencerId", a."campaignId", a."discountCodeId",
           a."newCustomer", a."sales", a."discounts", a."refunded", a."commission"
      FROM "AttributedOrder" a JOIN codetrail_import i ON i.order_id = a."shopifyOrderId"
     WHERE a."shopId" = p_shop AND a."shopifyOrderId" = ANY(v_kept) AND (i.existed OR i.c_inf IS NOT NULL)
       AND a."cancelledAt" IS NULL AND NOT a."test"
  ),
  per_order AS (
    SELECT s."shopDate" AS k_date, COALESCE(s."influencerId", '') AS k_inf, COALESCE(s."campaignId", '') AS k_camp,
           COALESCE(s."discountCodeId", '') AS k_code,
           sum(s.sign)::int AS d_orders, sum(CASE WHEN s."newCustomer" THEN s.sign ELSE 0 END)::int AS d_new,
           sum(s.sign * s."sales") AS d_sales, sum(s.sign * s."discounts") AS d_disc, sum(s.sign * s."refunded") AS d_ref,
           sum(s.sign * s."commission") AS d_comm
      FROM states s
     GROUP BY s.order_id, 1, 2, 3, 4
  )
  INSERT INTO "DailyRollup" ("shopId", "shopDate", "influencerId", "campaignId", "discountCodeId",
    "orders", "newCustomers", "sales", "discounts", "refunds", "commission")
  SELECT p_shop, k_date, k_inf, k_camp, k_code, sum(d_orders)::int, sum(d_new)::int,
         CAST(sum(d_sales) AS DECIMAL(18,4)), CAST(sum(d_disc) AS DECIMAL(18,4)), CAST(sum(d_ref) AS DECIMAL(18,4)),
         sum(d_comm)
    FROM per_order
   GROUP BY k_date, k_inf, k_camp, k_code
  HAVING bool_or(d_orders <> 0 OR d_new <> 0 OR d_sales <> 0 OR d_disc <> 0 OR d_ref <> 0 OR d_comm <> 0)
   ORDER BY to_char(k_date, 'YYYY-MM-DD') COLLATE "C", k_inf COLLATE "C", k_camp COLLATE "C", k_code COLLATE "C"
  ON CONFLICT ("shopId", "shopDate", "influencerId", "campaignId", "discountCodeId") DO UPDATE SET
    "orders" = "DailyRollup"."orders" + EXCLUDED."orders",
    "newCustomers" = "DailyRollup"."newCustomers" + EXCLUDED."newCustomers",
    "sales" = "DailyRollup"."sales" + EXCLUDED."sales",
    "discounts" = "DailyRollup"."discounts" + EXCLUDED."discounts",
    "refunds" = "DailyRollup"."refunds" + EXCLUDED."refunds",
    "commission" = "DailyRollup"."commission" + EXCLUDED."commission";

  -- RepeatPurchaseRollup: the touched customers' later purchases after minus before.
  EXECUTE v_repeat_sql INTO v_repeat_after USING p_shop, COALESCE(v_customers, ARRAY[]::bigint[]);
  INSERT INTO "RepeatPurchaseRollup" ("shopId", "shopDate", "influencerId", "campaignId", "orders", "netSales")
  SELECT p_shop, k_date, k_inf, k_camp, sum(d_o)::int, CAST(sum(d_n) AS DECIMAL(18,4))
    FROM (
      SELECT (e->>'k_date')::date AS k_date, e->>'k_inf' AS k_inf, e->>'k_camp' AS k_camp, (e->>'d_o')::int AS d_o,
             (e->>'d_n')::numeric AS d_n
        FROM jsonb_array_elements(v_repeat_after) AS e
      UNION ALL
      SELECT (e->>'k_date')::date, e->>'k_inf', e->>'k_camp', -(e->>'d_o')::int, -(e->>'d_n')::numeric
        FROM jsonb_array_elements(v_repeat_before) AS e
    ) AS contributions
   GROUP BY k_date, k_inf, k_camp
  HAVING sum(d_o) <> 0 OR sum(d_n) <> 0
   ORDER BY to_char(k_date, 'YYYY-MM-DD') COLLATE "C", k_inf COLLATE "C", k_camp COLLATE "C"
  ON CONFLICT ("shopId", "shopDate", "influencerId", "campaignId") DO UPDATE SET
    "orders" = "RepeatPurchaseRollup"."orders" + EXCLUDED."orders",
    "netSales" = "RepeatPurchaseRollup"."netSales" + EXCLUDED."netSales";

  RETURN QUERY
  SELECT i.idx,
         CASE WHEN NOT i.existed AND i.c_inf IS NULL THEN 'IGNORED' WHEN i.applied THEN 'APPLIED' ELSE 'STALE' END,
         CASE WHEN NOT i.existed AND i.c_inf IS NULL THEN (i.o->>'name') || ': no influencer code or tracking link'
              WHEN i.applied THEN (i.o->>'name') || CASE WHEN i.existed THEN ' updated' ELSE ' attributed' END
                   || CASE WHEN COALESCE(i.o->>'flags', '') <> '' THEN ' (' || (i.o->>'flags') || ')' ELSE '' END
                   || CASE WHEN i.new_refunds > 0 THEN ', ' || i.new_refunds || ' new refund(s)' ELSE '' END
              ELSE (i.o->>'name') || ': older than the stored version'
                   || CASE WHEN i.new_refunds > 0 THEN ', ' || i.new_refunds || ' new refund(s)' ELSE '' END
         END
    FROM codetrail_import i
   ORDER BY i.idx;
END
$$;
