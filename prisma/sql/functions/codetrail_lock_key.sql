-- The ledger's advisory lock keys, defined once (SQL and TypeScript take them through this):
--   shop      (p_id NULL)   codetrail_apply_batch and customers/redact, before any other ledger lock;
--   rollups   (p_id NULL)   shared by every ledger change, exclusive for a rollup rebuild;
--   order     (order id)    every change to one order;
--   customer  (customer id) every change to one customer's orders.
-- Lock order everywhere: shop, order, shared rollups, customer, then rows. An order or customer
-- key with a NULL id is NULL (pg_advisory_xact_lock(NULL) takes no lock).
CREATE OR REPLACE FUNCTION codetrail_lock_key(p_kind TEXT, p_shop TEXT, p_id TEXT DEFAULT NULL)
RETURNS BIGINT LANGUAGE sql IMMUTABLE AS $$
  SELECT CASE WHEN p_kind IN ('shop', 'rollups') THEN hashtextextended('codetrail:' || p_kind || ':' || p_shop, 0)
              ELSE hashtextextended('codetrail:' || p_kind || ':' || p_shop || ':' || p_id, 0) END
$$;
