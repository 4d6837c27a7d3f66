-- Commission accrued per order (decision 029): an order not accrued yet (commissionAccruedAt null)
-- takes the term in force on its shopDate (codetrail_commission_term), copied onto the row and
-- never chosen again, so a later rule change never reprices it. Then every listed order's
-- commission is what that term pays on it now (0 when cancelled or test) and commissionReversed
-- what its refunds took back (rate x refunded for a percent term): a refund reverses exactly the
-- rate the order accrued at. p_orders null: every order of the shop (rebuilds). Cast per order to
-- the column's 8 decimals, so live deltas, bulk imports and rebuilds sum the same amounts.
CREATE OR REPLACE FUNCTION codetrail_accrue(p_shop TEXT, p_orders BIGINT[], p_now TIMESTAMP(3))
RETURNS VOID LANGUAGE plpgsql AS $$
BEGIN
  UPDATE "AttributedOrder" a SET
    "commissionAccruedAt" = p_now,
    "commissionRuleId" = t.rule_id,
    "commissionKind" = t.kind::"CommissionKind",
    "commissionRate" = t.rate
    FROM "AttributedOrder" x
    LEFT JOIN LATERAL codetrail_commission_term(p_shop, x."influencerId", x."campaignId", x."shopDate") t ON TRUE
   WHERE a."shopId" = p_shop AND x."shopId" = p_shop AND x."id" = a."id"
     AND (p_orders IS NULL OR a."shopifyOrderId" = ANY(p_orders))
     AND a."commissionAccruedAt" IS NULL;
  UPDATE "AttributedOrder" a SET
    "commission" = CASE WHEN codetrail_is_reportable(a."cancelledAt", a."test")
                        THEN CAST(codetrail_commission(a."commissionKind"::text, a."commissionRate", 1, a."sales" - a."refunded") AS DECIMAL(28,8))
                        ELSE 0 END,
    "commissionReversed" = CASE WHEN codetrail_is_reportable(a."cancelledAt", a."test") AND a."commissionKind" = 'PERCENT_OF_NET_SALES'
                                THEN CAST(a."refunded" * a."commissionRate" * 0.01 AS DECIMAL(28,8))
                                ELSE 0 END
   WHERE a."shopId" = p_shop AND (p_orders IS NULL OR a."shopifyOrderId" = ANY(p_orders));
END
$$;
