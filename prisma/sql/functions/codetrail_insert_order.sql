-- Stores a newly attributed order (its winner from codetrail_attribution_winner, its evidence, its tracking link from
-- codetrail_order_link, its new-customer flag from codetrail_is_new_customer). When a concurrent
-- writer stored it first, the newer version (shopifyUpdatedAt) wins. TRUE when this version was written.
CREATE OR REPLACE FUNCTION codetrail_insert_order(
  p_shop TEXT, p_time_zone TEXT, p_order_id BIGINT, o JSONB, p_now TIMESTAMP(3),
  p_code_id TEXT, p_influencer TEXT, p_campaign TEXT, p_used_code TEXT, p_source TEXT)
RETURNS BOOLEAN LANGUAGE plpgsql AS $$
DECLARE
  v_new_customer BOOLEAN := codetrail_is_new_customer(p_shop, p_order_id, o);
  l_id TEXT;
  l_camp TEXT;
BEGIN
  SELECT k.link_id, k.link_campaign_id INTO l_id, l_camp FROM codetrail_order_link(p_shop, p_influencer, o->'link') k;
  INSERT INTO "AttributedOrder" (
    "id", "shopId", "shopifyOrderId", "name", "influencerId", "discountCodeId", "campaignId", "trackingLinkId",
    "source", "matchedCode", "utmCampaign", "utmContent", "orderCreatedAt", "shopDate",
    "shopifyUpdatedAt", "currencyCode", "presentmentCurrency", "sales", "discounts", "refunded",
    "cancelledAt", "test", "customerId", "newCustomer", "createdAt", "updatedAt",
    "referringHost", "landingHost", "utmSource", "countryCode", "evidence")
  VALUES (
    gen_random_uuid()::text, p_shop, p_order_id, o->>'name', p_influencer, p_code_id, COALESCE(l_camp, p_campaign), l_id,
    p_source::"AttributionSource",
    p_used_code, o->>'utmCampaign', o->>'utmContent', ((o->>'createdAt')::timestamptz AT TIME ZONE 'UTC'),
    (((o->>'createdAt')::timestamptz) AT TIME ZONE p_time_zone)::date,
    ((o->>'updatedAt')::timestamptz AT TIME ZONE 'UTC'), o->>'currencyCode', o->>'presentmentCurrency',
    (o->>'sales')::numeric, (o->>'discounts')::numeric, 0,
    ((o->>'cancelledAt')::timestamptz AT TIME ZONE 'UTC'), (o->>'test')::boolean, (o->>'customerId')::bigint,
    v_new_customer, p_now, p_now,
    o->>'referringHost', o->>'landingHost', o->>'utmSource', o->>'countryCode',
    jsonb_build_object('candidates', COALESCE(o->'candidates', '[]'::jsonb), 'link', o->'link'))
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
  RETURN FOUND;
END
$$;
