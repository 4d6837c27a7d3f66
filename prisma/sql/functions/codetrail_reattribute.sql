-- Re-chooses the winner of stored orders under the shop's current precedence (decision 037), as
-- codetrail_apply would have chosen it had the rules and the survey answer been there when the
-- order arrived: its influencer, code, campaign, tracking link, source and matched code. An order
-- whose influencer or campaign changes is accrued again under the term in force on its shop day
-- for its new influencer; DailyRollup and RepeatPurchaseRollup follow by the order's difference.
-- Orders on a commission statement keep their influencer: what was approved or paid stays as it
-- was. An order its survey answer alone credited leaves the ledger when that no longer credits it
-- (the shop stopped crediting such orders, decision 038), as if it had never been kept: its
-- figures, its part in repeat purchases and its refunds go (codetrail_apply keeps none for an
-- order it does not attribute); crediting orders not kept yet takes their facts from the Admin
-- API (codetrail_apply, app/services/survey-credit.server.ts). p_orders: those orders; else every
-- order with a shop day from p_from to p_to (either NULL for no bound). Takes the shop's rollups
-- lock exclusively (below). Returns how many orders changed.
CREATE OR REPLACE FUNCTION codetrail_reattribute(
  p_shop TEXT, p_orders BIGINT[], p_from DATE, p_to DATE, p_now TIMESTAMP(3))
RETURNS INTEGER LANGUAGE plpgsql AS $$
DECLARE
  v_precedence TEXT[] := codetrail_precedence(p_shop);
  v_survey_alone BOOLEAN := codetrail_credits_survey_only(p_shop);
  v_order BIGINT;
  v_orders BIGINT[];
  b "AttributedOrder";
  a "AttributedOrder";
  w RECORD;
  l_id TEXT;
  l_camp TEXT;
  v_campaign TEXT;
  v_changed INTEGER := 0;
  v_later INTEGER;
  v_later_net NUMERIC;
BEGIN
  -- The shop's rollups lock, exclusively, as a rebuild and the bulk import take it: every other
  -- writer of orders and rollups holds it shared, so nothing else runs on this shop's ledger until
  -- the caller commits. Order-by-order locks would not do: this transaction updates many rollup rows
  -- in no single order, and a webhook updating two of them in the other order closed a cycle
  -- (tests/webhooks/reattribute-concurrency.test.ts). Callers keep pages small (the recomputation
  -- job: 200 orders), so webhooks wait a fraction of a second.
  PERFORM pg_advisory_xact_lock(codetrail_lock_key('rollups', p_shop));
  SELECT COALESCE(array_agg(x."shopifyOrderId" ORDER BY x."shopifyOrderId"), ARRAY[]::bigint[]) INTO v_orders
    FROM "AttributedOrder" x
   WHERE x."shopId" = p_shop
     AND (p_orders IS NULL OR x."shopifyOrderId" = ANY(p_orders))
     AND (p_from IS NULL OR x."shopDate" >= p_from) AND (p_to IS NULL OR x."shopDate" <= p_to);
  FOREACH v_order IN ARRAY v_orders
  LOOP
    SELECT * INTO b FROM "AttributedOrder" x WHERE x."shopId" = p_shop AND x."shopifyOrderId" = v_order;
    CONTINUE WHEN NOT FOUND;
    CONTINUE WHEN EXISTS (SELECT 1 FROM "CommissionStatementLine" s
                           WHERE s."shopId" = p_shop AND s."shopifyOrderId" = v_order);
    SELECT * INTO w FROM codetrail_attribution_winner(p_shop, b."evidence"->'candidates',
      codetrail_survey_influencer(p_shop, v_order), v_precedence, v_survey_alone);
    IF w.influencer_id IS NULL AND b."source" = 'SURVEY' THEN
      -- Its figures go as they would were it a test order, then the row and its refunds.
      a := b;
      a."test" := TRUE;
      PERFORM codetrail_rollup_delta(p_shop, b, a);
      PERFORM codetrail_repeat_delta(p_shop, b, a);
      DELETE FROM "AttributedOrder" x WHERE x."id" = b."id";
      DELETE FROM "OrderRefund" r WHERE r."shopId" = p_shop AND r."shopifyOrderId" = v_order;
      v_changed := v_changed + 1;
      CONTINUE;
    END IF;
    -- Evidence that no longer names a code of the shop (codes deleted since): left as stored.
    CONTINUE WHEN w.influencer_id IS NULL;
    SELECT k.link_id, k.link_campaign_id INTO l_id, l_camp
      FROM codetrail_order_link(p_shop, w.influencer_id, b."evidence"->'link') k;
    v_campaign := COALESCE(l_camp, w.campaign_id);
    CONTINUE WHEN b."influencerId" IS NOT DISTINCT FROM w.influencer_id
              AND b."discountCodeId" IS NOT DISTINCT FROM w.code_id
              AND b."campaignId" IS NOT DISTINCT FROM v_campaign
              AND b."trackingLinkId" IS NOT DISTINCT FROM l_id
              AND b."source"::text = w.source
              AND b."matchedCode" IS NOT DISTINCT FROM w.used_code;
    UPDATE "AttributedOrder" x SET
      "influencerId" = w.influencer_id,
      "discountCodeId" = w.code_id,
      "campaignId" = v_campaign,
      "trackingLinkId" = l_id,
      "source" = w.source::"AttributionSource",
      "matchedCode" = w.used_code,
      "updatedAt" = p_now,
      "commissionAccruedAt" = CASE WHEN b."influencerId" IS DISTINCT FROM w.influencer_id
                                     OR b."campaignId" IS DISTINCT FROM v_campaign
                                   THEN NULL ELSE x."commissionAccruedAt" END
     WHERE x."id" = b."id";
    PERFORM codetrail_accrue(p_shop, ARRAY[v_order], p_now);
    SELECT * INTO a FROM "AttributedOrder" x WHERE x."id" = b."id";
    PERFORM codetrail_rollup_delta(p_shop, b, a);
    -- As an acquisition the order's later purchases move with it to its new key (its own part as a
    -- later purchase belongs to earlier acquisitions and does not move).
    IF b."newCustomer" AND b."customerId" IS NOT NULL AND codetrail_is_reportable(b."cancelledAt", b."test")
       AND (b."influencerId" IS DISTINCT FROM a."influencerId" OR b."campaignId" IS DISTINCT FROM a."campaignId") THEN
      SELECT count(*)::int, COALESCE(sum(l."sales" - l."refunded"), 0) INTO v_later, v_later_net
        FROM "AttributedOrder" l
       WHERE l."shopId" = p_shop AND l."customerId" = b."customerId" AND codetrail_is_reportable(l."cancelledAt", l."test")
         AND (l."orderCreatedAt", l."shopifyOrderId") > (b."orderCreatedAt", b."shopifyOrderId");
      IF v_later > 0 THEN
        INSERT INTO "RepeatPurchaseRollup" ("shopId", "shopDate", "influencerId", "campaignId", "orders", "netSales")
        SELECT p_shop, k.d, k.inf, k.camp, k.sign * v_later, CAST(k.sign * v_later_net AS DECIMAL(18,4))
          FROM (VALUES (b."shopDate", b."influencerId", COALESCE(b."campaignId", ''), -1),
                       (a."shopDate", a."influencerId", COALESCE(a."campaignId", ''), 1)) AS k(d, inf, camp, sign)
         WHERE k.inf IS NOT NULL
         ORDER BY to_char(k.d, 'YYYY-MM-DD') COLLATE "C", k.inf COLLATE "C", k.camp COLLATE "C"
        ON CONFLICT ("shopId", "shopDate", "influencerId", "campaignId") DO UPDATE SET
          "orders" = "RepeatPurchaseRollup"."orders" + EXCLUDED."orders",
          "netSales" = "RepeatPurchaseRollup"."netSales" + EXCLUDED."netSales";
      END IF;
    END IF;
    v_changed := v_changed + 1;
  END LOOP;
  RETURN v_changed;
END
$$;
