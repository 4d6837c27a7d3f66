import { describe, expect, it } from "vitest";
import { DEMO_SHOP } from "../../app/demo/demo-store.server";
import { createAdminEmulator } from "../../app/demo/admin-emulator/emulator.server";
import { LIFT_POST_DAYS_AGO, LIFT_POST_URL } from "../../app/demo/seed-shop-orders.server";
import { seedDemoStore } from "../../app/demo/seed.server";
import { addDays, dateColumn, shopDateOf } from "../../app/lib/shop-dates";
import { liftInRange, shopDailyTotals } from "../../app/models/lift.server";
import { loader as liftPage } from "../../app/routes/app.lift/route";
import { deliver, orderPayload, refundPayload } from "../webhooks/helpers";
import { demoRouteTest } from "../support/routes";

/**
 * The lift view (decision 036) on orders that arrive as Shopify sends them: every order counts,
 * attributed or not; cancelled and test orders do not; refunds come off; the post's week is
 * compared with the same weekdays before. Then the demo's seeded post, through the page's loader.
 */

const { db } = demoRouteTest({ demoShop: false });
const money = (amount: string) => ({ shop_money: { amount, currency_code: "USD" }, presentment_money: { amount, currency_code: "USD" } });
let orderSeq = 5_200_000_000_000_000_000n;

async function order(day: string, sales: string, extra: Record<string, unknown> = {}) {
  const orderId = (orderSeq += 1n).toString();
  const at = `${day}T12:00:00Z`;
  const response = await deliver("orders/create", orderPayload({ orderId, created_at: at, updated_at: at, subtotal_price_set: money(sales), ...extra }), { shop: DEMO_SHOP.domain });
  expect(response.status).toBe(200);
  return orderId;
}

describe("lift after a post, from the ledger", () => {
  it("counts every order of the store per day, and reads the post's week against the weeks before", async () => {
    const shop = await db.prisma.shop.create({ data: { domain: DEMO_SHOP.domain, name: "Lift", currencyCode: "USD", ianaTimezone: "UTC" } });
    const jane = await db.prisma.influencer.create({ data: { shopId: shop.id, name: "Jane" } });
    await db.prisma.discountCode.create({ data: { shopId: shop.id, influencerId: jane.id, code: "JANE10", value: "10" } });
    // Four quiet weeks (two orders of 50 a day), then the post's week (five a day).
    const start = "2026-09-01";
    for (let d = 0; d < 35; d++) {
      const day = addDays(start, d);
      const perDay = d >= 28 ? 5 : 2;
      for (let n = 0; n < perDay; n++) await order(day, "50.00");
    }
    // One attributed order that week, one cancelled, one test order, and a refund: net sales move.
    await order("2026-09-30", "80.00", { discount_codes: [{ code: "JANE10", amount: "8.00", type: "fixed_amount" }] });
    await order("2026-09-30", "999.00", { cancelled_at: "2026-09-30T13:00:00Z" });
    await order("2026-09-30", "999.00", { test: true });
    const refunded = await order("2026-10-01", "50.00");
    const refund = JSON.parse(refundPayload(refunded, (orderSeq + 1000n).toString(), ["20.00"]));
    await deliver("orders/updated", orderPayload({ orderId: refunded, created_at: "2026-10-01T12:00:00Z", updated_at: "2026-10-02T12:00:00Z", subtotal_price_set: money("50.00"), refunds: [refund] }), { shop: DEMO_SHOP.domain });
    await db.prisma.contentPost.create({ data: { shopId: shop.id, influencerId: jane.id, platform: "INSTAGRAM", url: "https://instagram.com/p/lift", postedOn: dateColumn("2026-09-29") } });

    const totals = await shopDailyTotals(shop.id, { from: "2026-09-30", to: "2026-10-01" });
    expect(totals.get("2026-09-30")).toEqual({ orders: 6, netSales: "330.0000", newCustomers: expect.any(Number) });
    expect(totals.get("2026-10-01")).toMatchObject({ orders: 6, netSales: "280.0000" });

    const [group] = await liftInRange(shop.id, { from: "2026-09-01", to: "2026-10-05" }, "2026-10-05");
    expect(group.events.map((e) => e.label)).toEqual(["Jane"]);
    expect(group).toMatchObject({ from: "2026-09-29", to: "2026-10-05", daysElapsed: 7, baselineWeeks: ["2026-09-22", "2026-09-15", "2026-09-08", "2026-09-01"] });
    expect(group.skippedWeeks).toEqual([]);
    expect(group.metrics.orders).toMatchObject({ after: "37.0", mean: "14.0", min: "14.0", max: "14.0", verdict: "above" });
    // 35 × 50 + 80 + 50 − 20 (refund) = 1,860.00 against 14 × 50 = 700.00.
    expect(group.metrics.netSales).toMatchObject({ after: "1860.00", mean: "700.00", liftPercent: "165.7" });
  });
});

describe("the lift page in the demo", () => {
  it("shows the seeded TikTok post's week above the usual range", async () => {
    await db.prisma.shop.deleteMany({});
    const now = new Date();
    await seedDemoStore(db.prisma, createAdminEmulator({ store: { db: db.prisma, shop: DEMO_SHOP } }), now);
    const page = await liftPage({ request: new Request("http://localhost/app/lift"), params: {}, context: {} });
    const group = page.groups.find((g) => g.events.some((e) => e.url === LIFT_POST_URL))!;
    const shop = await db.prisma.shop.findUniqueOrThrow({ where: { domain: DEMO_SHOP.domain } });
    expect(group.from).toBe(addDays(shopDateOf(now, shop.ianaTimezone), -LIFT_POST_DAYS_AGO));
    expect(group.baselineWeeks.length).toBeGreaterThanOrEqual(2);
    expect(group.metrics.orders.verdict).toBe("above");
    expect(group.metrics.netSales.verdict).toBe("above");
    expect(group.metrics.newCustomers.verdict).toBe("above");
  });
});
