-- Many codetrail_apply calls in one statement (group commit, decision 013): shops resolved from
-- their domains, every shop of the batch locked in one global order, each call in its own
-- subtransaction so one failing call reports its error without undoing the others.
CREATE OR REPLACE FUNCTION codetrail_apply_batch(p JSONB)
RETURNS TABLE (call_index INTEGER, outcome TEXT, detail TEXT, error TEXT) LANGUAGE plpgsql AS $$
DECLARE
  v_now TIMESTAMP(3) := timezone('UTC', now());
  v_calls JSONB[];
  v_call JSONB;
  v_shop TEXT;
  v_domain TEXT;
  v_shops JSONB := '{}'::jsonb;
  v_outcome TEXT;
  v_detail TEXT;
  i INTEGER;
BEGIN
  IF jsonb_typeof(p) <> 'array' THEN
    RAISE EXCEPTION 'codetrail_apply_batch takes a JSON array of calls';
  END IF;
  SELECT array_agg(e ORDER BY n) INTO v_calls FROM jsonb_array_elements(p) WITH ORDINALITY AS x(e, n);
  IF v_calls IS NULL THEN
    RETURN;
  END IF;

  -- Shops known only by their domain (webhooks): resolved to ids. A shop that never installed, or
  -- that shop/redact erased, has no row and gets none: its calls store nothing.
  FOR v_domain IN
    SELECT DISTINCT c->>'shopDomain' COLLATE "C" FROM unnest(v_calls) AS c
     WHERE c->>'shopId' IS NULL AND c->>'shopDomain' IS NOT NULL
     ORDER BY 1
  LOOP
    SELECT s."id" INTO v_shop FROM "Shop" s WHERE s."domain" = v_domain;
    IF v_shop IS NOT NULL THEN
      v_shops := v_shops || jsonb_build_object(v_domain, v_shop);
    END IF;
  END LOOP;

  -- Every shop of the batch, locked in one global order.
  FOR v_shop IN
    SELECT DISTINCT COALESCE(c->>'shopId', v_shops->>(c->>'shopDomain')) COLLATE "C" FROM unnest(v_calls) AS c
     WHERE COALESCE(c->>'shopId', v_shops->>(c->>'shopDomain')) IS NOT NULL
     ORDER BY 1
  LOOP
    PERFORM pg_advisory_xact_lock(codetrail_lock_key('shop', v_shop));
  END LOOP;

  FOR i IN 1 .. array_length(v_calls, 1) LOOP
    v_call := v_calls[i];
    IF v_call->>'shopId' IS NULL THEN
      IF v_shops->>(v_call->>'shopDomain') IS NULL THEN
        call_index := i - 1; outcome := 'IGNORED'; detail := 'shop not installed: nothing stored'; error := NULL;
        RETURN NEXT;
        CONTINUE;
      END IF;
      v_call := v_call || jsonb_build_object('shopId', v_shops->>(v_call->>'shopDomain'));
    END IF;
    BEGIN
      SELECT a.outcome, a.detail INTO v_outcome, v_detail FROM codetrail_apply(v_call) AS a;
      call_index := i - 1; outcome := v_outcome; detail := v_detail; error := NULL;
    EXCEPTION WHEN OTHERS THEN
      call_index := i - 1; outcome := NULL; detail := NULL; error := SQLSTATE || ': ' || SQLERRM;
    END;
    RETURN NEXT;
  END LOOP;
END
$$;
