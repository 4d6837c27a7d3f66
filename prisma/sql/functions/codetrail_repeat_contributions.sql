-- Each acquisition's later purchases for a shop's customers (p_customers NULL: every customer),
-- per (acquisition day, influencer, campaign): the definition of docs/metrics.md ("Repeat orders
-- / revenue"). An acquisition is a reportable (not cancelled, not test) order with the
-- new-customer flag, a customer and an influencer; its later purchases are the same customer's
-- reportable orders strictly later by (orderCreatedAt, shopifyOrderId). The customer list bounds
-- both sides of the join, so the planner starts from the customer index even when the ledger's
-- statistics lag behind a bulk import (codetrail_import_orders).
CREATE OR REPLACE FUNCTION codetrail_repeat_contributions(p_shop TEXT, p_customers BIGINT[])
RETURNS TABLE (k_date DATE, k_inf TEXT, k_camp TEXT, d_o INTEGER, d_n NUMERIC) LANGUAGE sql STABLE AS $$
  SELECT a."shopDate", a."influencerId", COALESCE(a."campaignId", ''), count(*)::int, sum(o."sales" - o."refunded")
    FROM "AttributedOrder" a
    JOIN "AttributedOrder" o
      ON o."shopId" = a."shopId" AND o."customerId" = a."customerId"
     AND NOT o."test" AND o."cancelledAt" IS NULL
     AND (o."orderCreatedAt", o."shopifyOrderId") > (a."orderCreatedAt", a."shopifyOrderId")
   WHERE a."shopId" = p_shop AND a."newCustomer" AND NOT a."test" AND a."cancelledAt" IS NULL
     AND a."customerId" IS NOT NULL AND a."influencerId" IS NOT NULL
     AND (p_customers IS NULL OR a."customerId" = ANY(p_customers))
     AND (p_customers IS NULL OR o."customerId" = ANY(p_customers))
   GROUP BY 1, 2, 3
$$;
