import { randomUUID } from "node:crypto";
import { seededRandom } from "../../app/demo/random";
import type { WebhookTopic } from "../../app/services/webhook-ingest.server";
import { orderPayload, refundPayload, sign } from "../../tests/support/webhook-samples";

export interface Delivery {
  topic: WebhookTopic;
  path: string;
  headers: Record<string, string>;
  body: string;
}

const PATHS: Partial<Record<WebhookTopic, string>> = {
  "orders/create": "/webhooks/orders/create",
  "orders/updated": "/webhooks/orders/updated",
  "orders/cancelled": "/webhooks/orders/cancelled",
  "refunds/create": "/webhooks/refunds/create",
};

/**
 * A realistic stream of signed deliveries built on Shopify's sample payloads: new orders (most with
 * an influencer code, some without), later updates (a share of them older than what was already
 * delivered), cancellations, refunds, and exact duplicates of earlier deliveries (Shopify's
 * retries), spread over many shops. Order ids start above 2^53.
 */
export function buildDeliveries({
  codes,
  count,
  secret,
  seed = 1,
  idBase = 9_007_199_254_740_993n,
}: {
  codes: Record<string, string[]>;
  count: number;
  secret: string;
  seed?: number;
  idBase?: bigint;
}): Delivery[] {
  const random = seededRandom(seed);
  const shops = Object.keys(codes);
  const created: { shop: string; id: string; code: string | null; at: number }[] = [];
  const out: Delivery[] = [];
  const t0 = Date.parse("2026-11-27T05:00:00Z");
  let nextId = idBase + BigInt(seed) * 10_000_000n;

  const deliver = (topic: WebhookTopic, shop: string, body: string) => {
    const delivery: Delivery = {
      topic,
      path: PATHS[topic]!,
      body,
      headers: {
        "Content-Type": "application/json",
        "X-Shopify-Topic": topic,
        "X-Shopify-Hmac-Sha256": sign(body, secret),
        "X-Shopify-Shop-Domain": shop,
        "X-Shopify-API-Version": "2026-10",
        "X-Shopify-Webhook-Id": randomUUID(),
        "X-Shopify-Event-Id": randomUUID(),
        "X-Shopify-Triggered-At": new Date(t0).toISOString(),
      },
    };
    out.push(delivery);
  };
  const order = (o: (typeof created)[number], extra: Record<string, unknown>) =>
    JSON.stringify(
      orderPayload({
        orderId: o.id,
        created_at: new Date(o.at).toISOString(),
        discount_codes: o.code ? [{ code: o.code, amount: "12.00", type: "percentage" }] : [],
        ...extra,
      }),
    );

  while (out.length < count) {
    const roll = random.next();
    if (roll < 0.05 && out.length > 10) {
      out.push({ ...out[random.int(0, out.length - 1)] }); // a retry: same webhook id, same body
    } else if (roll < 0.2 && created.length > 5) {
      const o = created[random.int(0, created.length - 1)];
      const stale = random.chance(0.2);
      const at = o.at + (stale ? -60_000 : random.int(60, 3_600) * 1000);
      deliver("orders/updated", o.shop, order(o, { updated_at: new Date(at).toISOString() }));
    } else if (roll < 0.23 && created.length > 5) {
      const o = created[random.int(0, created.length - 1)];
      const at = new Date(o.at + 7_200_000).toISOString();
      deliver("orders/cancelled", o.shop, order(o, { updated_at: at, cancelled_at: at, cancel_reason: "customer" }));
    } else if (roll < 0.3 && created.length > 5) {
      const o = created[random.int(0, created.length - 1)];
      deliver("refunds/create", o.shop, refundPayload(o.id, String(nextId++), [String(random.int(5, 40)) + ".00"]));
    } else {
      const shop = shops[random.int(0, shops.length - 1)];
      const shopCodes = codes[shop];
      const o = {
        shop,
        id: String(nextId++),
        code: random.chance(0.9) ? random.pick(shopCodes) : null,
        at: t0 + out.length * 1000,
      };
      created.push(o);
      deliver("orders/create", shop, order(o, { updated_at: new Date(o.at).toISOString() }));
    }
  }
  return out;
}
