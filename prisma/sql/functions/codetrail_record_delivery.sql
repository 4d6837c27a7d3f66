-- Exactly once: records a webhook delivery (its webhook id and event id are unique; a concurrent
-- copy waits on the unique index) as APPLIED and returns its id, or NULL when it was already recorded.
CREATE OR REPLACE FUNCTION codetrail_record_delivery(p_shop TEXT, p JSONB)
RETURNS TEXT LANGUAGE plpgsql AS $$
DECLARE
  v_delivery TEXT;
BEGIN
  INSERT INTO "WebhookDelivery" ("id", "shopId", "shopDomain", "topic", "webhookId", "eventId", "apiVersion",
                                 "outcome", "triggeredAt")
  VALUES (gen_random_uuid()::text, p_shop, p->>'shopDomain', p->'delivery'->>'topic', p->'delivery'->>'webhookId',
          p->'delivery'->>'eventId', p->'delivery'->>'apiVersion', 'APPLIED',
          ((p->'delivery'->>'triggeredAt')::timestamptz AT TIME ZONE 'UTC'))
  ON CONFLICT DO NOTHING
  RETURNING "id" INTO v_delivery;
  RETURN v_delivery;
END
$$;
