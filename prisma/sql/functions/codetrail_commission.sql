-- What one commission term pays on p_orders reportable orders with net sales p_net: percent of net
-- sales or fixed per order (docs/metrics.md, commission). Which term applies to an order is
-- codetrail_commission_term's choice, made once when the order is accrued (codetrail_accrue).
-- app/lib/commission.ts is the same rule in TypeScript, kept as the tests' oracle.
CREATE OR REPLACE FUNCTION codetrail_commission(p_kind TEXT, p_rate NUMERIC, p_orders INTEGER, p_net NUMERIC)
RETURNS NUMERIC LANGUAGE sql IMMUTABLE AS $$
  SELECT CASE WHEN p_orders = 0 OR p_kind IS NULL THEN 0::numeric
              WHEN p_kind = 'PERCENT_OF_NET_SALES' THEN p_net * p_rate * 0.01
              ELSE p_rate * p_orders END
$$;
