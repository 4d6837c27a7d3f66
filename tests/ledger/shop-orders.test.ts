import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { OUTCOME_HEADER } from "../../app/services/webhook-ingest.server";
import { createTestDatabase, type TestDatabase } from "../support/database";
import { deliver, orderPayload, refundPayload, seedInfluencer } from "../webhooks/helpers";

/**
 * Every order's shop-wide facts (ShopOrder, decision 036) through the webhook routes: attributed or
 * not, one row per order, the newer version winning, refunds carried by the order, nothing for a
 * duplicate or for a shop that never installed. (The bulk import writes the same rows:
 * tests/ledger/import-orders.test.ts compares it with this path.)
 */

let db: TestDatabase;
let shopId: string;
let nextOrder = 5_100_000_000_000_000_000n; // beyond 2^53 on purpose
const newOrderId = () => (nextOrder += 1n).toString();
const outcome = (response: Response) => response.headers.get(OUTCOME_HEADER);
const money = (amount: string) => ({ shop_money: { amount, currency_code: "USD" }, presentment_money: { amount, currency_code: "USD" } });

beforeAll(async () => {
  db = await createTestDatabase();
  shopId = (await seedInfluencer(db.prisma, "ALICE10", { name: "Alice" })).shop.id;
  await db.prisma.shop.update({ where: { id: shopId }, data: { ianaTimezone: "Asia/Bangkok" } });
});
afterAll(() => db.destroy());

function facts(orderId: string) {
  return db.prisma.shopOrder.findUnique({ where: { shopId_shopifyOrderId: { shopId, shopifyOrderId: BigInt(orderId) } } });
}

describe("every order's facts", () => {
  it("keeps an order no code or link attributed, on the shop's day, without a ledger row", async () => {
    const orderId = newOrderId();
    // 20:30 UTC is 03:30 the next day in Bangkok.
    const at = "2026-10-01T20:30:00Z";
    const response = await deliver("orders/create", orderPayload({ orderId, created_at: at, updated_at: at, subtotal_price_set: money("80.00") }));
    expect(outcome(response)).toBe("IGNORED");
    expect(await db.prisma.attributedOrder.count({ where: { shopifyOrderId: BigInt(orderId) } })).toBe(0);
    expect(await facts(orderId)).toMatchObject({ shopDate: new Date("2026-10-02"), cancelled: false, test: false });
    expect((await facts(orderId))!.sales.toFixed(2)).toBe("80.00");
  });

  it("keeps an attributed order too; a newer version with a refund and a cancellation wins, an older one changes nothing, a duplicate nothing", async () => {
    const orderId = newOrderId();
    const created = "2026-10-03T05:00:00Z";
    const base = { orderId, created_at: created, subtotal_price_set: money("120.00"), discount_codes: [{ code: "ALICE10", amount: "10.00", type: "fixed_amount" }] };
    expect(outcome(await deliver("orders/create", orderPayload({ ...base, updated_at: created })))).toBe("APPLIED");
    const refund = JSON.parse(refundPayload(orderId, (nextOrder + 900n).toString(), ["30.00"]));
    const newer = orderPayload({ ...base, updated_at: "2026-10-04T05:00:00Z", cancelled_at: "2026-10-04T05:00:00Z", refunds: [refund] });
    const webhookId = randomUUID();
    expect(outcome(await deliver("orders/updated", newer, { webhookId }))).toBe("APPLIED");
    let row = await facts(orderId);
    expect([row!.sales.toFixed(2), row!.refunded.toFixed(2), row!.cancelled]).toEqual(["120.00", "30.00", true]);
    // The same delivery again, then an older version arriving late.
    expect(outcome(await deliver("orders/updated", newer, { webhookId }))).toBe("DUPLICATE");
    const older = orderPayload({ ...base, updated_at: "2026-10-03T06:00:00Z", subtotal_price_set: money("999.00") });
    expect(outcome(await deliver("orders/updated", older))).toBe("STALE");
    row = await facts(orderId);
    expect([row!.sales.toFixed(2), row!.refunded.toFixed(2), row!.cancelled]).toEqual(["120.00", "30.00", true]);
  });

  it("never counts refunds above the sales", async () => {
    const orderId = newOrderId();
    const at = "2026-10-05T05:00:00Z";
    const refund = JSON.parse(refundPayload(orderId, (nextOrder + 901n).toString(), ["40.00", "40.00"]));
    await deliver("orders/updated", orderPayload({ orderId, created_at: at, updated_at: at, subtotal_price_set: money("50.00"), refunds: [refund] }));
    expect((await facts(orderId))!.refunded.toFixed(2)).toBe("50.00");
  });

  it("stores nothing for a shop that never installed", async () => {
    const orderId = newOrderId();
    const response = await deliver("orders/create", orderPayload({ orderId }), { shop: "stranger-shop.myshopify.com" });
    expect(response.status).toBe(200);
    expect(await db.prisma.shopOrder.count({ where: { shopifyOrderId: BigInt(orderId) } })).toBe(0);
  });
});
