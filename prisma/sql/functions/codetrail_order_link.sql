-- The tracking link a new order landed through and its campaign (decision 016), only when it is
-- the attributed influencer's: by slug; without a slug (links shared before they carried one), the
-- influencer's one link with the landing's code, utm_source, utm_campaign and utm_content, if
-- exactly one fits. No row otherwise (a deleted link, another influencer's link).
CREATE OR REPLACE FUNCTION codetrail_order_link(p_shop TEXT, p_influencer TEXT, l JSONB)
RETURNS TABLE (link_id TEXT, link_campaign_id TEXT) LANGUAGE plpgsql STABLE AS $$
BEGIN
  IF l IS NULL OR jsonb_typeof(l) <> 'object' THEN
    RETURN;
  END IF;
  IF l->>'slug' IS NOT NULL THEN
    RETURN QUERY
    SELECT t."id", t."campaignId"
      FROM "TrackingLink" t
     WHERE t."slug" = l->>'slug' AND t."shopId" = p_shop AND t."influencerId" = p_influencer;
  ELSIF l->>'code' IS NOT NULL AND l->>'utmSource' IS NOT NULL THEN
    RETURN QUERY
    SELECT min(t."id"), min(t."campaignId")
      FROM "TrackingLink" t
      JOIN "DiscountCode" d ON d."id" = t."discountCodeId"
     WHERE t."shopId" = p_shop AND t."influencerId" = p_influencer AND d."code" = l->>'code'
       AND lower(t."platform"::text) = l->>'utmSource'
       AND t."utmCampaign" = l->>'utmCampaign' AND t."utmContent" = l->>'utmContent'
    HAVING count(*) = 1;
  END IF;
END
$$;
