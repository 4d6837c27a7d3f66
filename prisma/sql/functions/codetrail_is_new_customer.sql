-- A new order's new-customer flag: Shopify's evidence, unless the ledger already holds an earlier
-- order of the same customer.
CREATE OR REPLACE FUNCTION codetrail_is_new_customer(p_shop TEXT, p_order_id BIGINT, o JSONB)
RETURNS BOOLEAN LANGUAGE plpgsql STABLE AS $$
BEGIN
  RETURN (o->>'newCustomerEvidence')::boolean AND NOT EXISTS (
    SELECT 1 FROM "AttributedOrder" e
     WHERE e."shopId" = p_shop AND e."customerId" = (o->>'customerId')::bigint
       AND e."shopifyOrderId" <> p_order_id
       AND e."orderCreatedAt" < ((o->>'createdAt')::timestamptz AT TIME ZONE 'UTC'));
END
$$;
