import { z } from "zod";
import { Decimal } from "./money";

/**
 * Webhook payloads, read without I/O: a lossless JSON parse, zod shapes for the topics CodeTrail
 * handles, and the plain snapshots the ledger stores. Shopify ids can exceed 2^53 and money must
 * never pass through a JS float, so every JSON number is kept as text of its exact value.
 */

export class PayloadError extends Error {
  override name = "PayloadError";
}

/**
 * JSON.parse, but no number passes through a rounding float: every number comes back as a decimal
 * string of its exact value ("820982911946154508", "89.99"). Throws PayloadError on bad JSON.
 *
 * Numbers a double round-trips (at most 15 significant digits, no exponent: `String(n)` is the
 * decimal value that was sent, "0.10" → "0.1") are read by JSON.parse and turned into strings.
 * Any other number literal (a 2^53+ id, say) is quoted in the text first, so it arrives as the
 * exact text that was sent. Both are several times cheaper than JSON.parse's reviver with source
 * text access, which was a third of a webhook delivery's CPU (docs/benchmarks-notes.md).
 */
export function parseWebhookJson(raw: string): unknown {
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch (error) {
    throw new PayloadError(`Body is not valid JSON: ${(error as Error).message}`);
  }
  // Most payloads have no run of 16 digits nor an exponent anywhere (strings included): done.
  if (!MAYBE_INEXACT.test(raw)) return numbersToText(parsed);
  // The text is valid JSON, so the tokens below are exactly its strings and numbers.
  let quoted = false;
  const text = raw.replace(JSON_TOKEN, (token: string, integer?: string, fraction?: string, exponent?: string) => {
    if (integer === undefined) return token; // a string
    if (!exponent && (integer + (fraction ?? "")).replace(/^0+/, "").length <= 15) return token;
    quoted = true;
    return `"${token}"`;
  });
  return numbersToText(quoted ? JSON.parse(text) : parsed);
}

const MAYBE_INEXACT = /\d(?:\.?\d){15}|\d[eE][+-]?\d/;

// A JSON string (kept whole) or a number: its integer digits, fraction digits, and exponent.
const JSON_TOKEN = /"[^"\\]*(?:\\.[^"\\]*)*"|-?(\d+)(?:\.(\d+))?([eE][+-]?\d+)?/g;

/**
 * Shopify's payloads nest a few levels; far deeper JSON is hostile. JSON.parse reads any depth, but
 * the walk below (and zod after it) recurse, so the walk stops at this depth.
 */
export const MAX_JSON_DEPTH = 32;

function numbersToText(value: unknown, depth = 0): unknown {
  if (typeof value === "number") return String(value);
  // PostgreSQL text cannot hold NUL, and no Shopify field carries one.
  if (typeof value === "string" && value.includes("\0")) throw new PayloadError("Body contains a NUL character");
  if (value === null || typeof value !== "object") return value;
  if (depth >= MAX_JSON_DEPTH) throw new PayloadError(`Body nests deeper than ${MAX_JSON_DEPTH} levels`);
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) value[i] = numbersToText(value[i], depth + 1);
  } else {
    const record = value as Record<string, unknown>;
    for (const key of Object.keys(record)) {
      if (key.includes("\0")) throw new PayloadError("Body contains a NUL character");
      record[key] = numbersToText(record[key], depth + 1);
    }
  }
  return value;
}

const integerText = z
  .union([z.string(), z.number()])
  .transform((v) => String(v))
  .refine((v) => /^\d{1,20}$/.test(v), "expected a non-negative integer id");

/** Shopify ids are positive signed 64-bit integers (PostgreSQL bigint); anything above is not an id. */
const MAX_ID = 2n ** 63n - 1n;
const ID_RANGE = "expected an id below 2^63";

/** A Shopify numeric id (as source text or a string) as BigInt. */
export const shopifyId = integerText.transform((v) => BigInt(v)).refine((id) => id <= MAX_ID, ID_RANGE);

/** "gid://shopify/Order/123" → 123n (checks the resource type and the range; BigInt: ids may exceed 2^53). */
export function gidOf(resource: string) {
  const pattern = new RegExp(`^gid://shopify/${resource}/(\\d{1,20})(?:\\?.*)?$`);
  return z
    .string()
    .regex(pattern, `expected a gid://shopify/${resource}/<id>`)
    .transform((v) => BigInt(pattern.exec(v)![1]))
    .refine((id) => id <= MAX_ID, ID_RANGE);
}

const decimalText = z
  .union([z.string(), z.number()])
  .transform((v) => String(v).trim())
  .refine((v) => /^-?\d{1,14}(\.\d{1,8})?$/.test(v), "expected a decimal amount")
  .transform((v) => new Decimal(v));

const instant = z
  .string()
  .refine((v) => /^\d{4}-\d{2}-\d{2}T/.test(v) && !Number.isNaN(Date.parse(v)), "expected an ISO 8601 time")
  .transform((v) => new Date(v));

const currencyCode = z.string().regex(/^[A-Z]{3}$/, "expected an ISO 4217 currency code");

const moneySet = z.object({
  shop_money: z.object({ amount: decimalText, currency_code: currencyCode }),
  presentment_money: z.object({ amount: decimalText, currency_code: currencyCode }),
});

const refundShape = z.object({
  id: shopifyId.optional(),
  admin_graphql_api_id: gidOf("Refund").optional(),
  order_id: shopifyId,
  created_at: instant,
  processed_at: instant.nullish(),
  refund_line_items: z
    .array(z.object({ subtotal_set: moneySet }))
    .max(10_000)
    .default([]),
  // Only refund discrepancies count; shipping refunds (older versions' kind "shipping_refund")
  // never do: sales exclude shipping.
  order_adjustments: z
    .array(
      z.object({
        kind: z.string().max(64),
        amount: decimalText.optional(),
        amount_set: moneySet.optional(),
      }),
    )
    .max(10_000)
    .default([]),
});

// A refund inside an order resource belongs to that order: its order_id is not needed.
const embeddedRefundShape = refundShape.extend({ order_id: shopifyId.optional() });

const customerShape = z.object({
  id: shopifyId.optional(),
  admin_graphql_api_id: gidOf("Customer").optional(),
  created_at: instant.nullish(),
  // Sent by older API versions only.
  orders_count: integerText.transform((v) => Number(v)).nullish(),
});

const addressCountry = z.object({ country_code: z.string().max(8).nullish() });

const orderShape = z.object({
  id: shopifyId.optional(),
  admin_graphql_api_id: gidOf("Order").optional(),
  name: z.string().max(255),
  created_at: instant,
  updated_at: instant,
  cancelled_at: instant.nullish(),
  test: z.boolean().default(false),
  presentment_currency: currencyCode,
  subtotal_price_set: moneySet,
  total_discounts_set: moneySet,
  discount_codes: z
    .array(z.object({ code: z.string().max(255), amount: decimalText, type: z.string().optional() }))
    .max(1000)
    .default([]),
  landing_site: z.string().max(10_000).nullish(),
  referring_site: z.string().max(10_000).nullish(),
  // Only the country is read from the addresses (leak detection); nothing else is kept.
  shipping_address: addressCountry.nullish(),
  billing_address: addressCountry.nullish(),
  customer: customerShape.nullish(),
  refunds: z.array(embeddedRefundShape).max(10_000).default([]),
});

export interface RefundSnapshot {
  refundId: bigint;
  orderId: bigint;
  /** The merchandise this refund gave back, shop money (`merchandiseRefunded`, docs/metrics.md). */
  amount: Decimal;
  refundedAt: Date;
}

export interface OrderSnapshot {
  orderId: bigint;
  name: string;
  createdAt: Date;
  updatedAt: Date;
  cancelledAt: Date | null;
  test: boolean;
  currencyCode: string;
  presentmentCurrency: string;
  /** subtotal_price: after discounts, before shipping and tax (shop money). */
  sales: Decimal;
  discounts: Decimal;
  discountCodes: { code: string; amount: Decimal }[];
  landingSite: string | null;
  referringSite: string | null;
  /** Shipping address country (else billing), ISO 3166-1 alpha-2 upper case; null when absent. */
  countryCode: string | null;
  customer: { id: bigint; createdAt: Date | null; ordersCount: number | null } | null;
  refunds: RefundSnapshot[];
}

export interface CustomerRequest {
  /** The shop the body names (compared with the signed header before anything is erased). */
  shopDomain: string;
  customerId: bigint;
  orderIds: bigint[];
  /** customers/data_request only. */
  dataRequestId: bigint | null;
}

function describe(error: z.ZodError): string {
  return error.issues
    .slice(0, 3)
    .map((issue) => `${issue.path.join(".") || "(root)"}: ${issue.message}`)
    .join("; ");
}

function parseWith<S extends z.ZodType>(schema: S, payload: unknown, what: string): z.output<S> {
  const result = schema.safeParse(payload);
  if (!result.success) throw new PayloadError(`Invalid ${what} payload: ${describe(result.error)}`);
  return result.data;
}

export const REFUND_DISCREPANCY = "refund_discrepancy";

/**
 * What a refund takes off net sales (docs/metrics.md, "Refunds and net sales"), shop money before
 * tax: the refunded line items' subtotals minus the refund's discrepancy adjustments, never below
 * zero. A discrepancy is signed from the order's side: negative when more money went back than the
 * refunded items were worth (an amount-only or goodwill refund), positive when less did (a restock
 * without money, a restocking fee). Shipping refunds are left out: sales exclude shipping.
 */
export function merchandiseRefunded(lineSubtotals: Decimal[], discrepancies: Decimal[]): Decimal {
  const items = lineSubtotals.reduce((sum, amount) => sum.plus(amount), new Decimal(0));
  const kept = discrepancies.reduce((sum, amount) => sum.plus(amount), new Decimal(0));
  return Decimal.max(items.minus(kept), 0);
}

function refundSnapshot(refund: z.output<typeof embeddedRefundShape>, orderId: bigint): RefundSnapshot {
  const refundId = refund.admin_graphql_api_id ?? refund.id;
  if (refundId === undefined) throw new PayloadError("Invalid refund payload: no refund id");
  const discrepancies = refund.order_adjustments
    .filter((adjustment) => adjustment.kind === REFUND_DISCREPANCY)
    .map((adjustment) => {
      // `amount` is shop money too; `amount_set` is preferred where the payload has it.
      const amount = adjustment.amount_set?.shop_money.amount ?? adjustment.amount;
      if (amount === undefined) throw new PayloadError("Invalid refund payload: order_adjustments: a refund discrepancy without an amount");
      return amount;
    });
  return {
    refundId,
    orderId,
    amount: merchandiseRefunded(
      refund.refund_line_items.map((line) => line.subtotal_set.shop_money.amount),
      discrepancies,
    ),
    refundedAt: refund.processed_at ?? refund.created_at,
  };
}

function countryOf(code: string | null | undefined): string | null {
  const upper = code?.trim().toUpperCase();
  return upper && /^[A-Z]{2}$/.test(upper) ? upper : null;
}

/** orders/create, orders/updated and orders/cancelled (the full order resource). */
export function parseOrderPayload(payload: unknown): OrderSnapshot {
  const order = parseWith(orderShape, payload, "order");
  // The gid is exact even where a payload's numeric id was rounded by a JSON tool on the way.
  const orderId = order.admin_graphql_api_id ?? order.id;
  if (orderId === undefined) throw new PayloadError("Invalid order payload: no order id");
  const customerId = order.customer ? (order.customer.admin_graphql_api_id ?? order.customer.id) : undefined;
  return {
    orderId,
    name: order.name,
    createdAt: order.created_at,
    updatedAt: order.updated_at,
    cancelledAt: order.cancelled_at ?? null,
    test: order.test,
    currencyCode: order.subtotal_price_set.shop_money.currency_code,
    presentmentCurrency: order.presentment_currency,
    sales: order.subtotal_price_set.shop_money.amount,
    discounts: order.total_discounts_set.shop_money.amount,
    discountCodes: order.discount_codes.map((d) => ({ code: d.code, amount: d.amount })),
    landingSite: order.landing_site ?? null,
    referringSite: order.referring_site ?? null,
    countryCode: countryOf(order.shipping_address?.country_code) ?? countryOf(order.billing_address?.country_code),
    customer:
      order.customer && customerId !== undefined
        ? { id: customerId, createdAt: order.customer.created_at ?? null, ordersCount: order.customer.orders_count ?? null }
        : null,
    // Refunds embedded in the order resource belong to it, whatever their order_id says.
    refunds: order.refunds.map((r) => refundSnapshot(r, orderId)),
  };
}

/** refunds/create. */
export function parseRefundPayload(payload: unknown): RefundSnapshot {
  const refund = parseWith(refundShape, payload, "refund");
  return refundSnapshot(refund, refund.order_id);
}

const complianceShop = {
  shop_domain: z.string().max(255).transform((domain) => domain.trim().toLowerCase()),
  shop_id: integerText.optional(),
};

const customerRequestShape = z.object({
  ...complianceShop,
  customer: z.object({ id: shopifyId }),
  orders_to_redact: z.array(shopifyId).max(100_000).optional(),
  orders_requested: z.array(shopifyId).max(100_000).optional(),
  data_request: z.object({ id: shopifyId }).optional(),
});

/** customers/redact and customers/data_request (compliance topics). */
export function parseCustomerRequest(payload: unknown): CustomerRequest {
  const body = parseWith(customerRequestShape, payload, "customer request");
  return {
    shopDomain: body.shop_domain,
    customerId: body.customer.id,
    orderIds: body.orders_to_redact ?? body.orders_requested ?? [],
    dataRequestId: body.data_request?.id ?? null,
  };
}

const scopesUpdateShape = z.object({
  current: z.array(z.string().regex(/^[a-z_]{1,100}$/, "expected an access scope")).max(500),
});

/** app/scopes_update: the access scopes the shop has granted the app now. */
export function parseScopesUpdate(payload: unknown): { scopes: string[] } {
  return { scopes: parseWith(scopesUpdateShape, payload, "app/scopes_update").current };
}

/** shop/redact: the shop the body names (compared with the signed header before anything is erased). */
export function parseShopRedact(payload: unknown): { shopDomain: string } {
  const body = parseWith(z.object(complianceShop), payload, "shop/redact");
  return { shopDomain: body.shop_domain };
}

/** app/uninstalled: any JSON object (the shop comes from the signed header). */
export function parseObjectPayload(payload: unknown): Record<string, unknown> {
  return parseWith(z.record(z.string(), z.unknown()), payload, "webhook");
}
