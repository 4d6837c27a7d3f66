-- The shop a ledger payload is for and its time zone. A payload naming its shop by domain only
-- (webhooks) finds no shop when the shop never installed or shop/redact erased it: shop_id NULL.
CREATE OR REPLACE FUNCTION codetrail_ledger_shop(p JSONB)
RETURNS TABLE (shop_id TEXT, time_zone TEXT) LANGUAGE plpgsql STABLE AS $$
DECLARE
  v_shop TEXT := p->>'shopId';
  v_tz TEXT;
BEGIN
  IF v_shop IS NULL THEN
    SELECT s."id", s."ianaTimezone" INTO v_shop, v_tz FROM "Shop" s WHERE s."domain" = p->>'shopDomain';
  ELSE
    SELECT s."ianaTimezone" INTO v_tz FROM "Shop" s WHERE s."id" = v_shop;
  END IF;
  RETURN QUERY SELECT v_shop, v_tz;
END
$$;
