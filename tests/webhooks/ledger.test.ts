import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { totals as reportTotals } from "../../app/models/reports.server";
import { OUTCOME_HEADER } from "../../app/services/webhook-ingest.server";
import { createTestDatabase, type TestDatabase } from "../support/database";
import { deliver, ledgerSnapshot, orderPayload, refundPayload, SHOP, seedInfluencer } from "./helpers";

let db: TestDatabase;
let shopId: string;
let alice: Awaited<ReturnType<typeof seedInfluencer>>;
let bob: Awaited<ReturnType<typeof seedInfluencer>>;
let nextOrder = 5_000_000_000_000_000_000n; // beyond 2^53 on purpose

beforeAll(async () => {
  db = await createTestDatabase();
  alice = await seedInfluencer(db.prisma, "ALICE10", { name: "Alice" });
  bob = await seedInfluencer(db.prisma, "BOB15", { name: "Bob" });
  shopId = alice.shop.id;
});
afterAll(async () => {
  await db.destroy();
});

const outcome = (response: Response) => response.headers.get(OUTCOME_HEADER);
const newOrderId = () => (nextOrder += 1n).toString();
const code = (c: string, amount = "10.00") => ({ code: c, amount, type: "fixed_amount" });

function stored(orderId: string) {
  return db.prisma.attributedOrder.findUnique({ where: { shopId_shopifyOrderId: { shopId, shopifyOrderId: BigInt(orderId) } } });
}

const ALL_TIME = { from: "2000-01-01", to: "2099-12-31" };

describe("exactly once", () => {
  it("a retried delivery (same webhook id) changes nothing", async () => {
    const orderId = newOrderId();
    const body = JSON.stringify(orderPayload({ orderId, discount_codes: [code("ALICE10")] }));
    const webhookId = randomUUID();
    expect(outcome(await deliver("orders/create", body, { webhookId }))).toBe("APPLIED");
    const before = await ledgerSnapshot(db.prisma);
    const again = await deliver("orders/create", body, { webhookId, eventId: randomUUID() });
    expect(again.status).toBe(200);
    expect(outcome(again)).toBe("DUPLICATE");
    expect(await ledgerSnapshot(db.prisma)).toEqual(before);
  });

  it("the same event delivered under a new webhook id changes nothing", async () => {
    const orderId = newOrderId();
    const eventId = randomUUID();
    expect(outcome(await deliver("refunds/create", refundPayload(orderId, "71", ["4.00"]), { eventId }))).toBe("APPLIED");
    const before = await ledgerSnapshot(db.prisma);
    expect(outcome(await deliver("refunds/create", refundPayload(orderId, "71", ["4.00"]), { eventId }))).toBe("DUPLICATE");
    expect(await ledgerSnapshot(db.prisma)).toEqual(before);
  });

  it("an older orders/updated arriving after a newer one does not roll the order back", async () => {
    const orderId = newOrderId();
    const v1 = orderPayload({ orderId, discount_codes: [code("ALICE10")], updated_at: "2026-03-01T10:00:00Z" });
    const v2 = {
      ...v1,
      updated_at: "2026-03-01T12:00:00Z",
      subtotal_price_set: { shop_money: { amount: "300.00", currency_code: "USD" }, presentment_money: { amount: "280.00", currency_code: "EUR" } },
      presentment_currency: "EUR",
    };
    expect(outcome(await deliver("orders/updated", v2))).toBe("APPLIED");
    expect(outcome(await deliver("orders/create", v1))).toBe("STALE");
    expect(outcome(await deliver("orders/updated", v1))).toBe("STALE");
    const order = await stored(orderId);
    expect(order?.sales.toString()).toBe("300");
    expect(order?.presentmentCurrency).toBe("EUR");
    expect(order?.shopifyUpdatedAt.toISOString()).toBe("2026-03-01T12:00:00.000Z");
  });
});

describe("latency", () => {
  it("answers well inside Shopify's 5-second limit", async () => {
    const orderId = newOrderId();
    const refunds = Array.from({ length: 50 }, (_, i) => JSON.parse(refundPayload(orderId, `${900000 + i}`, ["1.00", "2.00"])));
    const started = performance.now();
    const response = await deliver("orders/updated", orderPayload({ orderId, discount_codes: [code("ALICE10")], refunds }));
    expect(response.status).toBe(200);
    expect(performance.now() - started).toBeLessThan(1_000);
    expect((await stored(orderId))?.refunded.toString()).toBe("150");
  });
});

describe("refunds", () => {
  it("a refund arriving before its order is kept and applied when the order arrives", async () => {
    const orderId = newOrderId();
    expect(outcome(await deliver("refunds/create", refundPayload(orderId, "81", ["12.50"])))).toBe("APPLIED");
    expect(await stored(orderId)).toBeNull();
    expect(outcome(await deliver("orders/create", orderPayload({ orderId, discount_codes: [code("ALICE10")] })))).toBe("APPLIED");
    expect((await stored(orderId))?.refunded.toString()).toBe("12.5");
  });

  it("partial and multiple refunds add up; a repeated refund id counts once", async () => {
    const orderId = newOrderId();
    await deliver("orders/create", orderPayload({ orderId, discount_codes: [code("ALICE10")] }));
    await deliver("refunds/create", refundPayload(orderId, "91", ["10.00", "5.25"]));
    await deliver("refunds/create", refundPayload(orderId, "92", ["0.10"]));
    // Shopify sends refund 91 again under a new webhook and event id: counted once.
    const repeat = await deliver("refunds/create", refundPayload(orderId, "91", ["10.00", "5.25"]));
    expect(repeat.status).toBe(200);
    expect(outcome(repeat)).toBe("IGNORED");
    expect((await stored(orderId))?.refunded.toString()).toBe("15.35");
    expect(await db.prisma.orderRefund.count({ where: { shopId, shopifyOrderId: BigInt(orderId) } })).toBe(2);
  });

  it("refunds embedded in orders/updated and sent as refunds/create count once each", async () => {
    const orderId = newOrderId();
    await deliver("orders/create", orderPayload({ orderId, discount_codes: [code("ALICE10")], updated_at: "2026-04-01T00:00:00Z" }));
    await deliver("refunds/create", refundPayload(orderId, "101", ["7.00"]));
    const embedded = JSON.parse(refundPayload(orderId, "101", ["7.00"]));
    const second = JSON.parse(refundPayload(orderId, "102", ["3.00"]));
    const updated = orderPayload({
      orderId,
      discount_codes: [code("ALICE10")],
      updated_at: "2026-04-02T00:00:00Z",
      refunds: [embedded, second],
    });
    expect(outcome(await deliver("orders/updated", updated))).toBe("APPLIED");
    expect((await stored(orderId))?.refunded.toString()).toBe("10");
  });

  it("cancellation after a refund keeps the refund and takes the order out of reports", async () => {
    const orderId = newOrderId();
    const created = orderPayload({
      orderId,
      discount_codes: [code("BOB15")],
      created_at: "2026-05-01T09:00:00Z",
      updated_at: "2026-05-01T09:00:00Z",
    });
    await deliver("orders/create", created);
    await deliver("refunds/create", refundPayload(orderId, "111", ["50.00"]));
    const cancelled = { ...created, updated_at: "2026-05-02T09:00:00Z", cancelled_at: "2026-05-02T09:00:00Z", cancel_reason: "customer" };
    expect(outcome(await deliver("orders/cancelled", cancelled))).toBe("APPLIED");
    const order = await stored(orderId);
    expect(order?.cancelledAt?.toISOString()).toBe("2026-05-02T09:00:00.000Z");
    expect(order?.refunded.toString()).toBe("50");
    const totals = await reportTotals({ shopId, range: { from: "2026-05-01", to: "2026-05-01" } });
    expect(totals.orders).toBe(0);
    // A late refund for the cancelled order still lands once.
    await deliver("refunds/create", refundPayload(orderId, "112", ["1.00"]));
    expect((await stored(orderId))?.refunded.toString()).toBe("51");
  });
});

describe("attribution", () => {
  it("matches a code typed in lower case and keeps it as typed", async () => {
    const orderId = newOrderId();
    await deliver("orders/create", orderPayload({ orderId, discount_codes: [code(" alice10 ")] }));
    const order = await stored(orderId);
    expect(order).toMatchObject({ influencerId: alice.influencer.id, discountCodeId: alice.discountCode.id, source: "DISCOUNT_CODE", matchedCode: " alice10 " });
  });

  it("two influencer codes: the larger discount wins, the order is counted once", async () => {
    const orderId = newOrderId();
    await deliver("orders/create", orderPayload({ orderId, discount_codes: [code("ALICE10", "5.00"), code("bob15", "15.00")] }));
    expect((await stored(orderId))?.influencerId).toBe(bob.influencer.id);
    expect(await db.prisma.attributedOrder.count({ where: { shopId, shopifyOrderId: BigInt(orderId) } })).toBe(1);

    const tie = newOrderId();
    await deliver("orders/create", orderPayload({ orderId: tie, discount_codes: [code("BOB15", "5.00"), code("alice10", "5.00")] }));
    expect((await stored(tie))?.influencerId).toBe(alice.influencer.id);
  });

  it("a tracking link attributes an order without a code: /discount/<CODE> and ref=<CODE>", async () => {
    const viaPath = newOrderId();
    await deliver(
      "orders/create",
      orderPayload({
        orderId: viaPath,
        discount_codes: [code("WELCOME5")],
        landing_site: "/discount/bob15?redirect=%2Fproducts%2Fhat&utm_source=instagram&utm_medium=influencer&utm_campaign=spring&utm_content=reel-1",
      }),
    );
    expect(await stored(viaPath)).toMatchObject({
      influencerId: bob.influencer.id,
      source: "TRACKING_LINK",
      matchedCode: "bob15",
      utmCampaign: "spring",
      utmContent: "reel-1",
    });

    const viaRef = newOrderId();
    await deliver("orders/create", orderPayload({ orderId: viaRef, landing_site: "https://shop.example/products/hat?ref=ALICE10" }));
    expect(await stored(viaRef)).toMatchObject({ influencerId: alice.influencer.id, source: "TRACKING_LINK", utmCampaign: null });
  });

  it("a code on the order beats another influencer's link", async () => {
    const orderId = newOrderId();
    await deliver("orders/create", orderPayload({ orderId, discount_codes: [code("alice10")], landing_site: "/?ref=BOB15" }));
    expect(await stored(orderId)).toMatchObject({ influencerId: alice.influencer.id, source: "DISCOUNT_CODE" });
  });

  it("an order with no influencer code or link is not stored, nor refunds that came ahead of it", async () => {
    const orderId = newOrderId();
    await deliver("refunds/create", refundPayload(orderId, "121", ["2.00"]));
    const response = await deliver("orders/create", orderPayload({ orderId, discount_codes: [code("WELCOME5")], landing_site: "/?ref=nobody" }));
    expect(outcome(response)).toBe("IGNORED");
    expect(await stored(orderId)).toBeNull();
    expect(await db.prisma.orderRefund.count({ where: { shopId, shopifyOrderId: BigInt(orderId) } })).toBe(0);
  });

  it("a test order is stored flagged and left out of reports", async () => {
    const orderId = newOrderId();
    await deliver(
      "orders/create",
      orderPayload({ orderId, test: true, discount_codes: [code("ALICE10")], created_at: "2026-06-01T09:00:00Z", updated_at: "2026-06-01T09:00:00Z" }),
    );
    expect((await stored(orderId))?.test).toBe(true);
    expect((await reportTotals({ shopId, range: { from: "2026-06-01", to: "2026-06-01" } })).orders).toBe(0);
  });

  it("counts a new customer from the payload, once", async () => {
    const customer = (id: string, createdAt: string) => ({
      ...orderPayload().customer,
      id: 1,
      admin_graphql_api_id: `gid://shopify/Customer/${id}`,
      created_at: createdAt,
    });
    const first = newOrderId();
    await deliver(
      "orders/create",
      orderPayload({ orderId: first, discount_codes: [code("ALICE10")], created_at: "2026-07-01T10:00:00Z", customer: customer("777", "2026-07-01T09:59:00Z") }),
    );
    const second = newOrderId();
    await deliver(
      "orders/create",
      orderPayload({ orderId: second, discount_codes: [code("ALICE10")], created_at: "2026-07-01T11:00:00Z", customer: customer("777", "2026-07-01T09:59:00Z") }),
    );
    const returning = newOrderId();
    await deliver(
      "orders/create",
      orderPayload({ orderId: returning, discount_codes: [code("ALICE10")], created_at: "2026-07-01T11:00:00Z", customer: customer("778", "2025-01-01T00:00:00Z") }),
    );
    expect((await stored(first))?.newCustomer).toBe(true);
    expect((await stored(second))?.newCustomer).toBe(false);
    expect((await stored(returning))?.newCustomer).toBe(false);
    expect((await stored(first))?.customerId).toBe(777n);
  });

  it("reports count attributed orders with their refunds", async () => {
    // A shop of its own, so that the report holds exactly these orders:
    //   #1 150.00, refund A (30.00 + 12.35, two lines) then refund B (7.65), refunded 50.00
    //   #2  89.99, refund C 9.99 embedded in orders/updated and sent again as refunds/create
    //   #3  60.00, no refund
    //   #4 500.00, refund D 100.00, then cancelled: out of the report, refund included
    //   #5  70.00, a test order refunded 5.00: out of the report
    //   #6  no influencer code: not stored, and its refund 11.11 counts nowhere
    // Report: orders 3 (#1–#3), sales 150.00 + 89.99 + 60.00 = 299.99, discounts 3 × 2.50 = 7.50,
    // refunds 50.00 + 9.99 = 59.99, net sales 299.99 − 59.99 = 240.00.
    const shop = "ledger-reports.myshopify.com";
    const carol = await seedInfluencer(db.prisma, "CAROL20", { shop, name: "Carol" });
    const money = (amount: string) => ({ shop_money: { amount, currency_code: "USD" }, presentment_money: { amount, currency_code: "USD" } });
    const order = (orderId: string, sales: string, extra: Record<string, unknown> = {}) =>
      orderPayload({
        orderId,
        discount_codes: [code("CAROL20", "2.50")],
        created_at: "2026-09-10T12:00:00Z",
        updated_at: "2026-09-10T12:00:00Z",
        subtotal_price_set: money(sales),
        total_discounts_set: money("2.50"),
        ...extra,
      });
    const send = async (topic: Parameters<typeof deliver>[0], body: string | object) => {
      const response = await deliver(topic, body, { shop });
      expect(response.status).toBe(200);
      return outcome(response);
    };
    const [o1, o2, o3, o4, o5, o6] = Array.from({ length: 6 }, newOrderId);
    expect(await send("orders/create", order(o1, "150.00"))).toBe("APPLIED");
    expect(await send("refunds/create", refundPayload(o1, "201", ["30.00", "12.35"]))).toBe("APPLIED");
    expect(await send("refunds/create", refundPayload(o1, "202", ["7.65"]))).toBe("APPLIED");
    expect(await send("orders/create", order(o2, "89.99"))).toBe("APPLIED");
    const refundC = JSON.parse(refundPayload(o2, "203", ["9.99"]));
    expect(await send("orders/updated", order(o2, "89.99", { updated_at: "2026-09-11T08:00:00Z", refunds: [refundC] }))).toBe("APPLIED");
    await send("refunds/create", JSON.stringify(refundC));
    expect(await send("orders/create", order(o3, "60.00"))).toBe("APPLIED");
    expect(await send("orders/create", order(o4, "500.00"))).toBe("APPLIED");
    expect(await send("refunds/create", refundPayload(o4, "204", ["100.00"]))).toBe("APPLIED");
    const cancelledAt = "2026-09-12T09:00:00Z";
    expect(await send("orders/cancelled", order(o4, "500.00", { updated_at: cancelledAt, cancelled_at: cancelledAt, cancel_reason: "customer" }))).toBe("APPLIED");
    expect(await send("orders/create", order(o5, "70.00", { test: true }))).toBe("APPLIED");
    expect(await send("refunds/create", refundPayload(o5, "205", ["5.00"]))).toBe("APPLIED");
    expect(await send("orders/create", order(o6, "33.00", { discount_codes: [code("WELCOME5")] }))).toBe("IGNORED");
    await send("refunds/create", refundPayload(o6, "206", ["11.11"]));

    const refunded = await db.prisma.attributedOrder.findMany({ where: { shopId: carol.shop.id }, orderBy: { shopifyOrderId: "asc" } });
    expect(refunded.map((o) => [o.shopifyOrderId.toString(), o.refunded.toFixed(2)])).toEqual([
      [o1, "50.00"],
      [o2, "9.99"],
      [o3, "0.00"],
      [o4, "100.00"],
      [o5, "5.00"],
    ]);
    const figures = (t: Awaited<ReturnType<typeof reportTotals>>) => ({
      orders: t.orders,
      sales: t.sales.toFixed(2),
      discounts: t.discounts.toFixed(2),
      refunds: t.refunds.toFixed(2),
      netSales: t.netSales.toFixed(2),
    });
    const expected = { orders: 3, sales: "299.99", discounts: "7.50", refunds: "59.99", netSales: "240.00" };
    expect(figures(await reportTotals({ shopId: carol.shop.id, range: ALL_TIME }))).toEqual(expected);
    // On the orders' creation day (the shop is in UTC), where refunds count too.
    expect(figures(await reportTotals({ shopId: carol.shop.id, range: { from: "2026-09-10", to: "2026-09-10" } }))).toEqual(expected);
  });
});

describe("ids beyond 2^53", () => {
  it("keeps the exact order, refund and customer ids of the raw body", async () => {
    const orderId = "9223372036854775807";
    const body = JSON.stringify(orderPayload({ orderId, discount_codes: [code("ALICE10")] })).replace(
      /"customer":\{"id":\d+/,
      '"customer":{"id":9007199254740993',
    );
    const withoutGid = body.replace(/"admin_graphql_api_id":"gid:\/\/shopify\/Customer\/\d+",/, "");
    expect(outcome(await deliver("orders/create", withoutGid))).toBe("APPLIED");
    expect((await stored(orderId))?.customerId).toBe(9007199254740993n);
    await deliver("refunds/create", refundPayload(orderId, "9007199254740995", ["1.00"]));
    const refund = await db.prisma.orderRefund.findFirstOrThrow({ where: { shopId, shopifyRefundId: 9007199254740995n } });
    expect(refund.shopifyOrderId).toBe(9223372036854775807n);
    expect((await stored(orderId))?.refunded.toString()).toBe("1");
  });
});

describe("compliance", () => {
  it("customers/redact clears the customer on orders and keeps the revenue", async () => {
    const orderId = newOrderId();
    const payload = orderPayload({ orderId, discount_codes: [code("ALICE10")] });
    payload.customer = { ...payload.customer, admin_graphql_api_id: "gid://shopify/Customer/4242" };
    await deliver("orders/create", payload);
    const response = await deliver("customers/redact", {
      shop_id: 1,
      shop_domain: SHOP,
      customer: { id: 4242, email: "x@example.com", phone: null },
      orders_to_redact: [],
    });
    expect(response.status).toBe(200);
    const order = await stored(orderId);
    expect(order?.customerId).toBeNull();
    expect(order?.sales.toString()).toBe("404.95");
    // A later update of the order does not bring the customer back.
    await deliver("orders/updated", { ...payload, updated_at: "2030-01-01T00:00:00Z" });
    expect((await stored(orderId))?.customerId).toBeNull();
  });
});
