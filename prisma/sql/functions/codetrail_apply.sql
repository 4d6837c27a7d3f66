-- The webhook ledger (decisions 004, 006, 010, 013, 016): applies one order or refund payload
-- exactly once and moves DailyRollup and RepeatPurchaseRollup by the order's difference, in the
-- caller's transaction. Returns one outcome (APPLIED, STALE, IGNORED, DUPLICATE) and its detail.
CREATE OR REPLACE FUNCTION codetrail_apply(p JSONB)
RETURNS TABLE (outcome TEXT, detail TEXT) LANGUAGE plpgsql AS $$
#variable_conflict use_column
DECLARE
  v_now TIMESTAMP(3) := timezone('UTC', now());
  v_shop TEXT := p->>'shopId';
  v_tz TEXT;
  v_delivery TEXT;
  o JSONB := p->'order';
  rf JSONB := p->'refund';
  v_order_id BIGINT;
  v_outcome TEXT;
  v_detail TEXT;
  -- The order's report figures before and after.
  b_exists BOOLEAN;
  b_date DATE; b_inf TEXT; b_camp TEXT; b_code TEXT; b_sales NUMERIC; b_disc NUMERIC; b_ref NUMERIC;
  b_cancel TIMESTAMP(3); b_test BOOLEAN; b_new BOOLEAN;
  a_exists BOOLEAN;
  a_date DATE; a_inf TEXT; a_camp TEXT; a_code TEXT; a_sales NUMERIC; a_disc NUMERIC; a_ref NUMERIC;
  a_cancel TIMESTAMP(3); a_test BOOLEAN; a_new BOOLEAN;
  -- The order's customer (fixed once stored), its creation time and whether it is reportable.
  b_cust BIGINT; a_cust BIGINT; a_created TIMESTAMP(3);
  v_cust BIGINT;
  b_rep BOOLEAN; a_rep BOOLEAN;
  v_rep_orders INTEGER; v_rep_net NUMERIC; v_sign INTEGER;
  -- Attribution.
  c_id TEXT; c_inf TEXT; c_camp TEXT; c_used TEXT; c_ord BIGINT;
  -- The tracking link the order landed through, and its campaign.
  l JSONB := o->'link';
  l_id TEXT; l_camp TEXT;
  v_new_customer BOOLEAN;
  v_applied BOOLEAN;
  v_new_refunds BIGINT := 0;
  v_name TEXT;
  v_flags TEXT;
  r RECORD;
BEGIN
  -- The shop, installed through the app (afterAuth creates its row). A delivery naming a shop that
  -- never installed, or whose data shop/redact erased, stores nothing, not even the delivery.
  IF v_shop IS NULL THEN
    SELECT s."id", s."ianaTimezone" INTO v_shop, v_tz FROM "Shop" s WHERE s."domain" = p->>'shopDomain';
    IF v_shop IS NULL THEN
      RETURN QUERY SELECT 'IGNORED'::text, 'shop not installed: nothing stored'::text;
      RETURN;
    END IF;
  ELSE
    SELECT s."ianaTimezone" INTO v_tz FROM "Shop" s WHERE s."id" = v_shop;
  END IF;

  -- Exactly once: the delivery's webhook id and event id are unique (a concurrent copy waits here).
  IF p->'delivery' IS NOT NULL AND jsonb_typeof(p->'delivery') = 'object' THEN
    INSERT INTO "WebhookDelivery" ("id", "shopId", "shopDomain", "topic", "webhookId", "eventId", "apiVersion",
                                   "outcome", "triggeredAt")
    VALUES (gen_random_uuid()::text, v_shop, p->>'shopDomain', p->'delivery'->>'topic', p->'delivery'->>'webhookId',
            p->'delivery'->>'eventId', p->'delivery'->>'apiVersion', 'APPLIED',
            ((p->'delivery'->>'triggeredAt')::timestamptz AT TIME ZONE 'UTC'))
    ON CONFLICT DO NOTHING
    RETURNING "id" INTO v_delivery;
    IF v_delivery IS NULL THEN
      RETURN QUERY SELECT 'DUPLICATE'::text, 'already recorded'::text;
      RETURN;
    END IF;
  END IF;

  v_order_id := COALESCE(o->>'orderId', rf->>'orderId')::bigint;
  -- Every change to one order (its row and its refund total) is serialised across processes;
  -- the rollups' shared lock keeps a rebuild (exclusive) from interleaving.
  PERFORM pg_advisory_xact_lock(hashtextextended('codetrail:order:' || v_shop || ':' || v_order_id::text, 0));
  PERFORM pg_advisory_xact_lock_shared(hashtextextended('codetrail:rollups:' || v_shop, 0));

  SELECT TRUE, x."shopDate", x."influencerId", x."campaignId", x."discountCodeId", x."sales", x."discounts", x."refunded",
         x."cancelledAt", x."test", x."newCustomer", x."customerId"
    INTO b_exists, b_date, b_inf, b_camp, b_code, b_sales, b_disc, b_ref, b_cancel, b_test, b_new, b_cust
    FROM "AttributedOrder" x WHERE x."shopId" = v_shop AND x."shopifyOrderId" = v_order_id;
  b_exists := COALESCE(b_exists, FALSE);

  -- The customer's orders are serialised too (their later purchases are figures of each other's
  -- acquisitions, and the new-customer rule reads them): a stored order's customer, else the
  -- payload's. Lock order everywhere: order, shared rollups, customer, then rows.
  v_cust := CASE WHEN b_exists THEN b_cust
                 WHEN o IS NOT NULL AND jsonb_typeof(o) = 'object' THEN (o->>'customerId')::bigint END;
  IF v_cust IS NOT NULL THEN
    PERFORM pg_advisory_xact_lock(hashtextextended('codetrail:customer:' || v_shop || ':' || v_cust::text, 0));
  END IF;

  IF o IS NOT NULL AND jsonb_typeof(o) = 'object' THEN
    IF NOT b_exists THEN
      -- Candidates arrive in the rule's order (discount codes by amount, then code; then the
      -- tracking link's codes): the first one that is an influencer code of the shop wins.
      SELECT d."id", d."influencerId", d."campaignId", c.e->>'used', c.ord
        INTO c_id, c_inf, c_camp, c_used, c_ord
        FROM jsonb_array_elements(o->'candidates') WITH ORDINALITY AS c(e, ord)
        JOIN "DiscountCode" d ON d."shopId" = v_shop AND d."code" = c.e->>'code'
       ORDER BY c.ord
       LIMIT 1;
      IF c_id IS NULL THEN
        -- Unattributed orders are not kept, nor refunds that arrived ahead of them.
        DELETE FROM "OrderRefund" WHERE "shopId" = v_shop AND "shopifyOrderId" = v_order_id;
        v_outcome := 'IGNORED';
        v_detail := (o->>'name') || ': no influencer code or tracking link';
      ELSE
        v_new_customer := (o->>'newCustomerEvidence')::boolean AND NOT EXISTS (
          SELECT 1 FROM "AttributedOrder" e
           WHERE e."shopId" = v_shop AND e."customerId" = (o->>'customerId')::bigint
             AND e."shopifyOrderId" <> v_order_id
             AND e."orderCreatedAt" < ((o->>'createdAt')::timestamptz AT TIME ZONE 'UTC'));
        -- The landing's tracking link, only the attributed influencer's: by slug; without a slug,
        -- by code and utm values when exactly one link fits.
        IF l IS NOT NULL AND jsonb_typeof(l) = 'object' THEN
          IF l->>'slug' IS NOT NULL THEN
            SELECT t."id", t."campaignId" INTO l_id, l_camp
              FROM "TrackingLink" t
             WHERE t."slug" = l->>'slug' AND t."shopId" = v_shop AND t."influencerId" = c_inf;
          ELSIF l->>'code' IS NOT NULL AND l->>'utmSource' IS NOT NULL THEN
            SELECT min(t."id"), min(t."campaignId") INTO l_id, l_camp
              FROM "TrackingLink" t
              JOIN "DiscountCode" d ON d."id" = t."discountCodeId"
             WHERE t."shopId" = v_shop AND t."influencerId" = c_inf AND d."code" = l->>'code'
               AND lower(t."platform"::text) = l->>'utmSource'
               AND t."utmCampaign" = l->>'utmCampaign' AND t."utmContent" = l->>'utmContent'
            HAVING count(*) = 1;
          END IF;
        END IF;
        INSERT INTO "AttributedOrder" (
          "id", "shopId", "shopifyOrderId", "name", "influencerId", "discountCodeId", "campaignId", "trackingLinkId",
          "source", "matchedCode", "utmCampaign", "utmContent", "orderCreatedAt", "shopDate",
          "shopifyUpdatedAt", "currencyCode", "presentmentCurrency", "sales", "discounts", "refunded",
          "cancelledAt", "test", "customerId", "newCustomer", "createdAt", "updatedAt",
          "referringHost", "landingHost", "utmSource", "countryCode")
        VALUES (
          gen_random_uuid()::text, v_shop, v_order_id, o->>'name', c_inf, c_id, COALESCE(l_camp, c_camp), l_id,
          CASE WHEN c_ord <= (o->>'discountCodeCount')::int THEN 'DISCOUNT_CODE' ELSE 'TRACKING_LINK' END::"AttributionSource",
          c_used, o->>'utmCampaign', o->>'utmContent', ((o->>'createdAt')::timestamptz AT TIME ZONE 'UTC'),
          (((o->>'createdAt')::timestamptz) AT TIME ZONE v_tz)::date,
          ((o->>'updatedAt')::timestamptz AT TIME ZONE 'UTC'), o->>'currencyCode', o->>'presentmentCurrency',
          (o->>'sales')::numeric, (o->>'discounts')::numeric, 0,
          ((o->>'cancelledAt')::timestamptz AT TIME ZONE 'UTC'), (o->>'test')::boolean, (o->>'customerId')::bigint,
          v_new_customer, v_now, v_now,
          o->>'referringHost', o->>'landingHost', o->>'utmSource', o->>'countryCode')
        ON CONFLICT ("shopId", "shopifyOrderId") DO UPDATE SET
          "name" = EXCLUDED."name",
          "shopifyUpdatedAt" = EXCLUDED."shopifyUpdatedAt",
          "currencyCode" = EXCLUDED."currencyCode",
          "presentmentCurrency" = EXCLUDED."presentmentCurrency",
          "sales" = EXCLUDED."sales",
          "discounts" = EXCLUDED."discounts",
          "cancelledAt" = EXCLUDED."cancelledAt",
          "test" = EXCLUDED."test",
          "updatedAt" = EXCLUDED."updatedAt",
          "referringHost" = COALESCE("AttributedOrder"."referringHost", EXCLUDED."referringHost"),
          "landingHost" = COALESCE("AttributedOrder"."landingHost", EXCLUDED."landingHost"),
          "utmSource" = COALESCE("AttributedOrder"."utmSource", EXCLUDED."utmSource"),
          "countryCode" = COALESCE("AttributedOrder"."countryCode", EXCLUDED."countryCode")
        WHERE "AttributedOrder"."shopifyUpdatedAt" <= EXCLUDED."shopifyUpdatedAt";
        v_applied := FOUND;
      END IF;
    ELSE
      -- The row exists: update it unless this version is older (updated_at).
      UPDATE "AttributedOrder" SET
        "name" = o->>'name',
        "shopifyUpdatedAt" = ((o->>'updatedAt')::timestamptz AT TIME ZONE 'UTC'),
        "currencyCode" = o->>'currencyCode',
        "presentmentCurrency" = o->>'presentmentCurrency',
        "sales" = (o->>'sales')::numeric,
        "discounts" = (o->>'discounts')::numeric,
        "cancelledAt" = ((o->>'cancelledAt')::timestamptz AT TIME ZONE 'UTC'),
        "test" = (o->>'test')::boolean,
        "updatedAt" = v_now,
        "referringHost" = COALESCE("referringHost", o->>'referringHost'),
        "landingHost" = COALESCE("landingHost", o->>'landingHost'),
        "utmSource" = COALESCE("utmSource", o->>'utmSource'),
        "countryCode" = COALESCE("countryCode", o->>'countryCode')
      WHERE "shopId" = v_shop AND "shopifyOrderId" = v_order_id
        AND "shopifyUpdatedAt" <= ((o->>'updatedAt')::timestamptz AT TIME ZONE 'UTC');
      v_applied := FOUND;
    END IF;

    IF v_outcome IS NULL THEN
      -- Refunds the payload carries, unique by refund id (a repeated refund counts once).
      INSERT INTO "OrderRefund" ("id", "shopId", "shopifyRefundId", "shopifyOrderId", "amount", "refundedAt")
      SELECT gen_random_uuid()::text, v_shop, (e->>'refundId')::bigint, v_order_id, (e->>'amount')::numeric,
             ((e->>'refundedAt')::timestamptz AT TIME ZONE 'UTC')
        FROM jsonb_array_elements(COALESCE(o->'refunds', '[]'::jsonb)) WITH ORDINALITY AS t(e, ord)
       ORDER BY t.ord
      ON CONFLICT DO NOTHING;
      GET DIAGNOSTICS v_new_refunds = ROW_COUNT;
    END IF;
  ELSE
    INSERT INTO "OrderRefund" ("id", "shopId", "shopifyRefundId", "shopifyOrderId", "amount", "refundedAt")
    VALUES (gen_random_uuid()::text, v_shop, (rf->>'refundId')::bigint, v_order_id, (rf->>'amount')::numeric,
            ((rf->>'refundedAt')::timestamptz AT TIME ZONE 'UTC'))
    ON CONFLICT DO NOTHING;
    GET DIAGNOSTICS v_new_refunds = ROW_COUNT;
  END IF;

  IF v_outcome IS NULL THEN
    -- AttributedOrder.refunded is always the sum of the order's OrderRefund rows, capped at its sales.
    UPDATE "AttributedOrder" SET
      "refunded" = LEAST("sales", COALESCE((SELECT sum(f."amount") FROM "OrderRefund" f
                              WHERE f."shopId" = v_shop AND f."shopifyOrderId" = v_order_id), 0)),
      "updatedAt" = v_now
    WHERE "shopId" = v_shop AND "shopifyOrderId" = v_order_id;

    IF o IS NOT NULL AND jsonb_typeof(o) = 'object' THEN
      v_detail := CASE WHEN v_new_refunds > 0 THEN ', ' || v_new_refunds || ' new refund(s)' ELSE '' END;
      IF NOT v_applied THEN
        v_outcome := 'STALE';
        v_detail := (o->>'name') || ': older than the stored version' || v_detail;
      ELSE
        v_outcome := 'APPLIED';
        v_flags := COALESCE(o->>'flags', '');
        v_detail := (o->>'name') || CASE WHEN b_exists THEN ' updated' ELSE ' attributed' END
                    || CASE WHEN v_flags <> '' THEN ' (' || v_flags || ')' ELSE '' END || v_detail;
      END IF;
    ELSE
      SELECT x."name" INTO v_name FROM "AttributedOrder" x WHERE x."shopId" = v_shop AND x."shopifyOrderId" = v_order_id;
      v_detail := 'refund ' || (rf->>'refundId') || ' of ' || (rf->>'amountText') || ' on order ' || COALESCE(v_name, v_order_id::text);
      IF v_new_refunds = 0 THEN
        v_outcome := 'IGNORED';
        v_detail := v_detail || ' was already recorded';
      ELSE
        v_outcome := 'APPLIED';
        v_detail := CASE WHEN v_name IS NOT NULL THEN v_detail ELSE v_detail || ' kept until the order arrives' END;
      END IF;
    END IF;
  END IF;

  -- The order's report figures after the change; the difference goes to DailyRollup.
  SELECT TRUE, x."shopDate", x."influencerId", x."campaignId", x."discountCodeId", x."sales", x."discounts", x."refunded",
         x."cancelledAt", x."test", x."newCustomer", x."customerId", x."orderCreatedAt"
    INTO a_exists, a_date, a_inf, a_camp, a_code, a_sales, a_disc, a_ref, a_cancel, a_test, a_new, a_cust, a_created
    FROM "AttributedOrder" x WHERE x."shopId" = v_shop AND x."shopifyOrderId" = v_order_id;
  a_exists := COALESCE(a_exists, FALSE);

  -- A stable order of rows: two transactions never lock the same rows in opposite orders.
  FOR r IN
    SELECT k_date, k_inf, k_camp, k_code,
           sum(d_orders)::int AS d_orders, sum(d_new)::int AS d_new, sum(d_sales) AS d_sales,
           sum(d_disc) AS d_disc, sum(d_ref) AS d_ref, sum(d_comm) AS d_comm
      FROM (
        SELECT b_date AS k_date, COALESCE(b_inf, '') AS k_inf, COALESCE(b_camp, '') AS k_camp, COALESCE(b_code, '') AS k_code,
               -1 AS d_orders, CASE WHEN b_new THEN -1 ELSE 0 END AS d_new, -b_sales AS d_sales, -b_disc AS d_disc,
               -b_ref AS d_ref, -codetrail_commission(v_shop, b_inf, b_camp, 1, b_sales - b_ref) AS d_comm
         WHERE b_exists AND b_cancel IS NULL AND NOT b_test
        UNION ALL
        SELECT a_date, COALESCE(a_inf, ''), COALESCE(a_camp, ''), COALESCE(a_code, ''),
               1, CASE WHEN a_new THEN 1 ELSE 0 END, a_sales, a_disc, a_ref,
               codetrail_commission(v_shop, a_inf, a_camp, 1, a_sales - a_ref)
         WHERE a_exists AND a_cancel IS NULL AND NOT a_test
      ) AS contributions
     GROUP BY k_date, k_inf, k_camp, k_code
     ORDER BY to_char(k_date, 'YYYY-MM-DD') COLLATE "C", k_inf COLLATE "C", k_camp COLLATE "C", k_code COLLATE "C"
  LOOP
    CONTINUE WHEN r.d_orders = 0 AND r.d_new = 0 AND r.d_sales = 0 AND r.d_disc = 0 AND r.d_ref = 0 AND r.d_comm = 0;
    INSERT INTO "DailyRollup" ("shopId", "shopDate", "influencerId", "campaignId", "discountCodeId",
      "orders", "newCustomers", "sales", "discounts", "refunds", "commission")
    VALUES (v_shop, r.k_date, r.k_inf, r.k_camp, r.k_code, r.d_orders, r.d_new,
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

  -- Acquired customers' later purchases (RepeatPurchaseRollup, docs/metrics.md). The order's
  -- customer, creation time, attribution and new-customer flag never change once it is stored, so
  -- its part in those figures changes only with its reportable state (stored, not cancelled, not
  -- test) and its net sales. As a later purchase it counts for each earlier acquisition of its
  -- customer; as an acquisition (new customer, influencer present) its key holds every later
  -- reportable order of the customer. Orders of other customers are untouched, and the customer
  -- lock above keeps this customer's orders from changing meanwhile.
  b_rep := b_exists AND b_cancel IS NULL AND NOT b_test;
  a_rep := a_exists AND a_cancel IS NULL AND NOT a_test;
  IF a_exists AND a_cust IS NOT NULL
     AND (b_rep IS DISTINCT FROM a_rep OR (a_rep AND (a_sales - a_ref) <> (b_sales - b_ref))) THEN
    v_rep_orders := (CASE WHEN a_rep THEN 1 ELSE 0 END) - (CASE WHEN b_rep THEN 1 ELSE 0 END);
    v_rep_net := (CASE WHEN a_rep THEN a_sales - a_ref ELSE 0 END) - (CASE WHEN b_rep THEN b_sales - b_ref ELSE 0 END);
    v_sign := CASE WHEN b_rep IS DISTINCT FROM a_rep THEN v_rep_orders ELSE 0 END;
    FOR r IN
      SELECT k_date, k_inf, k_camp, sum(d_o)::int AS d_o, sum(d_n) AS d_n
        FROM (
          SELECT e."shopDate" AS k_date, e."influencerId" AS k_inf, COALESCE(e."campaignId", '') AS k_camp,
                 v_rep_orders AS d_o, v_rep_net AS d_n
            FROM "AttributedOrder" e
           WHERE e."shopId" = v_shop AND e."customerId" = a_cust AND e."newCustomer" AND NOT e."test"
             AND e."cancelledAt" IS NULL AND e."influencerId" IS NOT NULL
             AND (e."orderCreatedAt", e."shopifyOrderId") < (a_created, v_order_id)
          UNION ALL
          SELECT a_date, a_inf, COALESCE(a_camp, ''), v_sign * count(*)::int, v_sign * COALESCE(sum(l."sales" - l."refunded"), 0)
            FROM "AttributedOrder" l
           WHERE v_sign <> 0 AND a_new AND a_inf IS NOT NULL
             AND l."shopId" = v_shop AND l."customerId" = a_cust AND NOT l."test" AND l."cancelledAt" IS NULL
             AND (l."orderCreatedAt", l."shopifyOrderId") > (a_created, v_order_id)
          HAVING count(*) > 0
        ) AS contributions
       GROUP BY k_date, k_inf, k_camp
       ORDER BY to_char(k_date, 'YYYY-MM-DD') COLLATE "C", k_inf COLLATE "C", k_camp COLLATE "C"
    LOOP
      CONTINUE WHEN r.d_o = 0 AND r.d_n = 0;
      INSERT INTO "RepeatPurchaseRollup" ("shopId", "shopDate", "influencerId", "campaignId", "orders", "netSales")
      VALUES (v_shop, r.k_date, r.k_inf, r.k_camp, r.d_o, CAST(r.d_n AS DECIMAL(18,4)))
      ON CONFLICT ("shopId", "shopDate", "influencerId", "campaignId") DO UPDATE SET
        "orders" = "RepeatPurchaseRollup"."orders" + EXCLUDED."orders",
        "netSales" = "RepeatPurchaseRollup"."netSales" + EXCLUDED."netSales";
    END LOOP;
  END IF;

  IF v_delivery IS NOT NULL THEN
    UPDATE "WebhookDelivery" SET "outcome" = v_outcome::"DeliveryOutcome", "detail" = left(v_detail, 2000)
     WHERE "id" = v_delivery;
  END IF;
  RETURN QUERY SELECT v_outcome, v_detail;
END
$$;
