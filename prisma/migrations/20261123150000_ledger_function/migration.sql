-- The attribution ledger in one statement (docs/decisions/004-attribution-rules.md).
-- Node parses, verifies and prepares the payload (app/models/order-ledger.server.ts builds the
-- argument); these functions do every database step of one order or refund atomically.

-- Commission of one reportable order (or a group sharing influencer and campaign), exactly as
-- app/lib/commission.ts: the most specific rule (influencer+campaign, influencer, campaign,
-- shop-wide), then the newest (createdAt, then id); percent of net sales or fixed per order.
CREATE OR REPLACE FUNCTION codetrail_commission(p_shop TEXT, p_influencer TEXT, p_campaign TEXT, p_orders INTEGER, p_net NUMERIC)
RETURNS NUMERIC LANGUAGE sql STABLE AS $$
  SELECT CASE WHEN p_orders = 0 THEN 0::numeric ELSE COALESCE((
    SELECT CASE WHEN r."kind" = 'PERCENT_OF_NET_SALES' THEN p_net * r."rate" * 0.01 ELSE r."rate" * p_orders END
      FROM "CommissionRule" r
     WHERE r."shopId" = p_shop
       AND (r."influencerId" IS NULL OR r."influencerId" = p_influencer)
       AND (r."campaignId" IS NULL OR r."campaignId" = p_campaign)
     ORDER BY (CASE WHEN r."influencerId" IS NOT NULL THEN 2 ELSE 0 END + CASE WHEN r."campaignId" IS NOT NULL THEN 1 ELSE 0 END) DESC,
              r."createdAt" DESC, r."id" COLLATE "C" DESC
     LIMIT 1), 0::numeric) END
$$;

-- Applies one order (p->'order') or refund (p->'refund') to the ledger and the daily rollups.
-- With p->'delivery' the webhook delivery is claimed first (a duplicate changes nothing) and
-- settled with the outcome; the shop is p->>'shopId' or, for webhooks, ensured by p->>'shopDomain'.
-- Returns the outcome (APPLIED, DUPLICATE, STALE, IGNORED) and its detail.
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
  -- Attribution.
  c_id TEXT; c_inf TEXT; c_camp TEXT; c_used TEXT; c_ord BIGINT;
  v_new_customer BOOLEAN;
  v_applied BOOLEAN;
  v_new_refunds BIGINT := 0;
  v_name TEXT;
  v_flags TEXT;
  r RECORD;
BEGIN
  -- The shop (created, known only by its domain, when a webhook first names it).
  IF v_shop IS NULL THEN
    INSERT INTO "Shop" ("id", "domain", "name", "updatedAt")
    VALUES (gen_random_uuid()::text, p->>'shopDomain', p->>'shopDomain', v_now)
    ON CONFLICT DO NOTHING;
    SELECT s."id", s."ianaTimezone" INTO v_shop, v_tz FROM "Shop" s WHERE s."domain" = p->>'shopDomain';
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
         x."cancelledAt", x."test", x."newCustomer"
    INTO b_exists, b_date, b_inf, b_camp, b_code, b_sales, b_disc, b_ref, b_cancel, b_test, b_new
    FROM "AttributedOrder" x WHERE x."shopId" = v_shop AND x."shopifyOrderId" = v_order_id;
  b_exists := COALESCE(b_exists, FALSE);

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
        INSERT INTO "AttributedOrder" (
          "id", "shopId", "shopifyOrderId", "name", "influencerId", "discountCodeId", "campaignId",
          "source", "matchedCode", "utmCampaign", "utmContent", "orderCreatedAt", "shopDate",
          "shopifyUpdatedAt", "currencyCode", "presentmentCurrency", "sales", "discounts", "refunded",
          "cancelledAt", "test", "customerId", "newCustomer", "createdAt", "updatedAt",
          "referringHost", "landingHost", "utmSource", "countryCode")
        VALUES (
          gen_random_uuid()::text, v_shop, v_order_id, o->>'name', c_inf, c_id, c_camp,
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
    -- AttributedOrder.refunded is always the sum of the order's OrderRefund rows.
    UPDATE "AttributedOrder" SET
      "refunded" = COALESCE((SELECT sum(f."amount") FROM "OrderRefund" f
                              WHERE f."shopId" = v_shop AND f."shopifyOrderId" = v_order_id), 0),
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
         x."cancelledAt", x."test", x."newCustomer"
    INTO a_exists, a_date, a_inf, a_camp, a_code, a_sales, a_disc, a_ref, a_cancel, a_test, a_new
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

  IF v_delivery IS NOT NULL THEN
    UPDATE "WebhookDelivery" SET "outcome" = v_outcome::"DeliveryOutcome", "detail" = left(v_detail, 2000)
     WHERE "id" = v_delivery;
  END IF;
  RETURN QUERY SELECT v_outcome, v_detail;
END
$$;
