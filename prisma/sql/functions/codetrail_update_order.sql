-- A stored order's new version: written unless it is older than the stored one (shopifyUpdatedAt);
-- attribution, customer and creation time never change, landing details are kept once known.
-- TRUE when this version was written.
CREATE OR REPLACE FUNCTION codetrail_update_order(p_shop TEXT, p_order_id BIGINT, o JSONB, p_now TIMESTAMP(3))
RETURNS BOOLEAN LANGUAGE plpgsql AS $$
BEGIN
  UPDATE "AttributedOrder" SET
    "name" = o->>'name',
    "shopifyUpdatedAt" = ((o->>'updatedAt')::timestamptz AT TIME ZONE 'UTC'),
    "currencyCode" = o->>'currencyCode',
    "presentmentCurrency" = o->>'presentmentCurrency',
    "sales" = (o->>'sales')::numeric,
    "discounts" = (o->>'discounts')::numeric,
    "cancelledAt" = ((o->>'cancelledAt')::timestamptz AT TIME ZONE 'UTC'),
    "test" = (o->>'test')::boolean,
    "updatedAt" = p_now,
    "referringHost" = COALESCE("referringHost", o->>'referringHost'),
    "landingHost" = COALESCE("landingHost", o->>'landingHost'),
    "utmSource" = COALESCE("utmSource", o->>'utmSource'),
    "countryCode" = COALESCE("countryCode", o->>'countryCode')
  WHERE "shopId" = p_shop AND "shopifyOrderId" = p_order_id
    AND "shopifyUpdatedAt" <= ((o->>'updatedAt')::timestamptz AT TIME ZONE 'UTC');
  RETURN FOUND;
END
$$;
