-- Refunds of one order (a JSON array of { refundId, amount, refundedAt }), unique by refund id:
-- a repeated refund counts once. Returns how many were new.
CREATE OR REPLACE FUNCTION codetrail_record_refunds(p_shop TEXT, p_order_id BIGINT, p_refunds JSONB)
RETURNS BIGINT LANGUAGE plpgsql AS $$
DECLARE
  v_new BIGINT;
BEGIN
  INSERT INTO "OrderRefund" ("id", "shopId", "shopifyRefundId", "shopifyOrderId", "amount", "refundedAt")
  SELECT gen_random_uuid()::text, p_shop, (e->>'refundId')::bigint, p_order_id, (e->>'amount')::numeric,
         ((e->>'refundedAt')::timestamptz AT TIME ZONE 'UTC')
    FROM jsonb_array_elements(p_refunds) WITH ORDINALITY AS t(e, ord)
   ORDER BY t.ord
  ON CONFLICT DO NOTHING;
  GET DIAGNOSTICS v_new = ROW_COUNT;
  RETURN v_new;
END
$$;
