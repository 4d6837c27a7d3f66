-- Every order's facts for shop-wide figures (ShopOrder, decision 036), attributed or not: its shop
-- day, sales, merchandise refunded by the refunds the order version carries (each refund's amount
-- as the ledger counts it, capped at the sales), Shopify's new-customer evidence, cancelled and
-- test. One row per order; an older version (shopifyUpdatedAt) changes nothing. Takes a JSON array
-- of order payloads: codetrail_apply passes one, codetrail_import_orders its batch.
CREATE OR REPLACE FUNCTION codetrail_record_shop_orders(p_shop TEXT, p_time_zone TEXT, p_orders JSONB)
RETURNS VOID LANGUAGE sql AS $$
  INSERT INTO "ShopOrder" AS s ("shopId", "shopifyOrderId", "shopDate", "sales", "refunded", "newCustomer", "cancelled", "test", "shopifyUpdatedAt")
  SELECT p_shop, (o->>'orderId')::bigint,
         (((o->>'createdAt')::timestamptz) AT TIME ZONE p_time_zone)::date,
         (o->>'sales')::numeric,
         LEAST((o->>'sales')::numeric,
               (SELECT COALESCE(sum((r->>'amount')::numeric), 0) FROM jsonb_array_elements(COALESCE(o->'refunds', '[]'::jsonb)) r)),
         COALESCE((o->>'newCustomerEvidence')::boolean, FALSE),
         o->>'cancelledAt' IS NOT NULL,
         COALESCE((o->>'test')::boolean, FALSE),
         ((o->>'updatedAt')::timestamptz AT TIME ZONE 'UTC')
    FROM jsonb_array_elements(p_orders) o
  ON CONFLICT ("shopId", "shopifyOrderId") DO UPDATE SET
    "sales" = EXCLUDED."sales",
    "refunded" = EXCLUDED."refunded",
    "cancelled" = EXCLUDED."cancelled",
    "test" = EXCLUDED."test",
    "shopifyUpdatedAt" = EXCLUDED."shopifyUpdatedAt"
  WHERE s."shopifyUpdatedAt" <= EXCLUDED."shopifyUpdatedAt";
$$;
