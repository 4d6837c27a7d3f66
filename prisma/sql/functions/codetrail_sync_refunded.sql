-- AttributedOrder.refunded is always the sum of the order's OrderRefund rows, capped at its sales
-- (docs/metrics.md, refunds and net sales).
CREATE OR REPLACE FUNCTION codetrail_sync_refunded(p_shop TEXT, p_order_id BIGINT, p_now TIMESTAMP(3))
RETURNS VOID LANGUAGE plpgsql AS $$
BEGIN
  UPDATE "AttributedOrder" SET
    "refunded" = LEAST("sales", COALESCE((SELECT sum(f."amount") FROM "OrderRefund" f
                            WHERE f."shopId" = p_shop AND f."shopifyOrderId" = p_order_id), 0)),
    "updatedAt" = p_now
  WHERE "shopId" = p_shop AND "shopifyOrderId" = p_order_id;
END
$$;
