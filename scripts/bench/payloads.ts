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

/** Who sent a delivery and under which ids, as the test helpers' delivery options take them. */
export function deliveryIds(d: Delivery) {
  return { shop: d.headers["X-Shopify-Shop-Domain"], webhookId: d.headers["X-Shopify-Webhook-Id"], eventId: d.headers["X-Shopify-Event-Id"] };
}

/**
 * A realistic stream of signed deliveries built on Shopify's sample payloads: new orders (most with
 * an influencer code, some without), later updates (a share of them older than what was already
 * delivered), cancellations, refunds, and exact duplicates of earlier deliveries (Shopify's
 * retries), spread over many shops. Ids are 13 digits, like Shopify's today (the samples' own
 * 18-digit ids are shortened), except a share of orders (`largeIdShare`) whose every id is above
 * 2^53, which the ledger must keep exact. Customers: most orders bring a new one, the rest come
 * from a pool of returning customers of the same shop.
 */
export function buildDeliveries({
  codes,
  count,
  secret,
  seed = 1,
  largeIdShare = 0.05,
}: {
  codes: Record<string, string[]>;
  count: number;
  secret: string;
  seed?: number;
  largeIdShare?: number;
}): Delivery[] {
  const random = seededRandom(seed);
  const shops = Object.keys(codes);
  const created: { shop: string; id: string; code: string | null; at: number; customer: string; large: boolean }[] = [];
  const returning = new Map<string, string[]>();
  const out: Delivery[] = [];
  const t0 = Date.parse("2026-11-27T05:00:00Z");
  let nextId = 6_100_000_000_000n + BigInt(seed) * 10_000_000n;
  let nextLargeId = 9_007_199_254_740_993n + BigInt(seed) * 10_000_000n;
  // The samples' other ids (line items, addresses...) are 18 digits: 13 like real ones, unless large.
  const realistic = (body: string, large: boolean) => (large ? body : body.replace(/\d{16,}/g, (id) => "5" + id.slice(-12)));

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
  const order = (o: (typeof created)[number], extra: Record<string, unknown>) => {
    const payload = orderPayload({
      orderId: o.id,
      created_at: new Date(o.at).toISOString(),
      discount_codes: o.code ? [{ code: o.code, amount: "12.00", type: "percentage" }] : [],
      ...extra,
    });
    payload.customer = { ...payload.customer, id: Number(o.customer) < Number.MAX_SAFE_INTEGER ? Number(o.customer) : payload.customer.id, admin_graphql_api_id: `gid://shopify/Customer/${o.customer}` };
    // The raw text keeps a large id exact (JSON.stringify of a Number would round it).
    return realistic(JSON.stringify(payload).replace(/"id":\d{16,}/, `"id":${o.id}`), o.large);
  };

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
      const refundId = String(o.large ? nextLargeId++ : nextId++);
      deliver("refunds/create", o.shop, realistic(refundPayload(o.id, refundId, [String(random.int(5, 40)) + ".00"]), o.large));
    } else {
      const shop = shops[random.int(0, shops.length - 1)];
      const shopCodes = codes[shop];
      const large = random.chance(largeIdShare);
      const pool = returning.get(shop) ?? [];
      const customer = pool.length > 0 && random.chance(0.25) ? random.pick(pool) : String(large ? nextLargeId++ : nextId++);
      if (!pool.includes(customer)) returning.set(shop, [...pool, customer].slice(-200));
      const o = {
        shop,
        id: String(large ? nextLargeId++ : nextId++),
        code: random.chance(0.9) ? random.pick(shopCodes) : null,
        at: t0 + out.length * 1000,
        customer,
        large,
      };
      created.push(o);
      deliver("orders/create", shop, order(o, { updated_at: new Date(o.at).toISOString() }));
    }
  }
  return out;
}
