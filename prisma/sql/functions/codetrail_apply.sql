-- The webhook ledger (decisions 004, 006, 010, 013, 016): applies one order or refund payload
-- exactly once and moves DailyRollup and RepeatPurchaseRollup by the order's difference, in the
-- caller's transaction. Returns one outcome (APPLIED, STALE, IGNORED, DUPLICATE) and its detail.
-- Each step is its own function: codetrail_ledger_shop, codetrail_record_delivery, the locks
-- (codetrail_lock_key), codetrail_attribution_winner (the shop's precedence over the order's
-- evidence, decision 037) and codetrail_insert_order or
-- codetrail_update_order, codetrail_record_refunds, codetrail_sync_refunded, codetrail_accrue
-- (commission under the term the order was accrued with), codetrail_rollup_delta,
-- codetrail_repeat_delta; this one orders them and words the outcome.
CREATE OR REPLACE FUNCTION codetrail_apply(p JSONB)
RETURNS TABLE (outcome TEXT, detail TEXT) LANGUAGE plpgsql AS $$
#variable_conflict use_column
DECLARE
  v_now TIMESTAMP(3) := timezone('UTC', now());
  v_shop TEXT;
  v_tz TEXT;
  v_delivery TEXT;
  o JSONB := p->'order';
  rf JSONB := p->'refund';
  v_is_order BOOLEAN := o IS NOT NULL AND jsonb_typeof(o) = 'object';
  v_order_id BIGINT;
  v_outcome TEXT;
  v_detail TEXT;
  -- The order's row before and after (all fields NULL when there is none).
  b "AttributedOrder";
  a "AttributedOrder";
  b_exists BOOLEAN;
  c RECORD;
  v_applied BOOLEAN;
  v_new_refunds BIGINT := 0;
  v_name TEXT;
  v_flags TEXT;
BEGIN
  SELECT s.shop_id, s.time_zone INTO v_shop, v_tz FROM codetrail_ledger_shop(p) s;
  IF v_shop IS NULL THEN
    RETURN QUERY SELECT 'IGNORED'::text, 'shop not installed: nothing stored'::text;
    RETURN;
  END IF;

  IF p->'delivery' IS NOT NULL AND jsonb_typeof(p->'delivery') = 'object' THEN
    v_delivery := codetrail_record_delivery(v_shop, p);
    IF v_delivery IS NULL THEN
      RETURN QUERY SELECT 'DUPLICATE'::text, 'already recorded'::text;
      RETURN;
    END IF;
  END IF;

  v_order_id := COALESCE(o->>'orderId', rf->>'orderId')::bigint;
  -- Every change to one order is serialised across processes; the rollups' shared lock keeps a
  -- rebuild (exclusive) from interleaving.
  PERFORM pg_advisory_xact_lock(codetrail_lock_key('order', v_shop, v_order_id::text));
  PERFORM pg_advisory_xact_lock_shared(codetrail_lock_key('rollups', v_shop));

  SELECT * INTO b FROM "AttributedOrder" x WHERE x."shopId" = v_shop AND x."shopifyOrderId" = v_order_id;
  b_exists := FOUND;

  -- The customer's orders are serialised too (their later purchases are figures of each other's
  -- acquisitions, and the new-customer rule reads them): a stored order's customer, else the payload's.
  PERFORM pg_advisory_xact_lock(codetrail_lock_key('customer', v_shop,
    (CASE WHEN b_exists THEN b."customerId" WHEN v_is_order THEN (o->>'customerId')::bigint END)::text));

  IF v_is_order THEN
    -- Every order's facts for shop-wide figures, attributed or not (decision 036).
    PERFORM codetrail_record_shop_orders(v_shop, v_tz, jsonb_build_array(o));
    IF NOT b_exists THEN
      SELECT * INTO c FROM codetrail_attribution_winner(v_shop, o->'candidates',
        codetrail_survey_influencer(v_shop, v_order_id), codetrail_precedence(v_shop),
        codetrail_credits_survey_only(v_shop));
      IF c.influencer_id IS NULL THEN
        -- Unattributed orders are not kept, nor refunds that arrived ahead of them.
        DELETE FROM "OrderRefund" WHERE "shopId" = v_shop AND "shopifyOrderId" = v_order_id;
        v_outcome := 'IGNORED';
        v_detail := (o->>'name') || ': no influencer code or tracking link';
      ELSE
        v_applied := codetrail_insert_order(v_shop, v_tz, v_order_id, o, v_now,
                                            c.code_id, c.influencer_id, c.campaign_id, c.used_code, c.source);
      END IF;
    ELSE
      v_applied := codetrail_update_order(v_shop, v_order_id, o, v_now);
    END IF;
    IF v_outcome IS NULL THEN
      v_new_refunds := codetrail_record_refunds(v_shop, v_order_id, COALESCE(o->'refunds', '[]'::jsonb));
    END IF;
  ELSE
    v_new_refunds := codetrail_record_refunds(v_shop, v_order_id, jsonb_build_array(rf));
  END IF;

  IF v_outcome IS NULL THEN
    PERFORM codetrail_sync_refunded(v_shop, v_order_id, v_now);
    PERFORM codetrail_accrue(v_shop, ARRAY[v_order_id], v_now);
    IF v_is_order THEN
      v_detail := CASE WHEN v_new_refunds > 0 THEN ', ' || v_new_refunds || ' new refund(s)' ELSE '' END;
      IF NOT v_applied THEN
        v_outcome := 'STALE';
        v_detail := (o->>'name') || ': older than the stored version' || v_detail;
      ELSE
        v_outcome := 'APPLIED';
        v_flags := COALESCE(o->>'flags', '');
        v_detail := (o->>'name') || CASE WHEN b_exists THEN ' updated' ELSE ' attributed' END
                    || CASE WHEN v_flags <> '' THEN ' (' || v_flags || ')' ELSE '' END || v_detail;
      END IF;
    ELSE
      SELECT x."name" INTO v_name FROM "AttributedOrder" x WHERE x."shopId" = v_shop AND x."shopifyOrderId" = v_order_id;
      v_detail := 'refund ' || (rf->>'refundId') || ' of ' || (rf->>'amountText') || ' on order ' || COALESCE(v_name, v_order_id::text);
      IF v_new_refunds = 0 THEN
        v_outcome := 'IGNORED';
        v_detail := v_detail || ' was already recorded';
      ELSE
        v_outcome := 'APPLIED';
        v_detail := CASE WHEN v_name IS NOT NULL THEN v_detail ELSE v_detail || ' kept until the order arrives' END;
      END IF;
    END IF;
  END IF;

  -- The order's row after the change; the difference goes to the rollups.
  SELECT * INTO a FROM "AttributedOrder" x WHERE x."shopId" = v_shop AND x."shopifyOrderId" = v_order_id;
  PERFORM codetrail_rollup_delta(v_shop, b, a);
  PERFORM codetrail_repeat_delta(v_shop, b, a);

  IF v_delivery IS NOT NULL THEN
    UPDATE "WebhookDelivery" SET "outcome" = v_outcome::"DeliveryOutcome", "detail" = left(v_detail, 2000)
     WHERE "id" = v_delivery;
  END IF;
  RETURN QUERY SELECT v_outcome, v_detail;
END
$$;
