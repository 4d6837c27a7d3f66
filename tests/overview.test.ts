import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { DEMO_SHOP } from "../app/demo/demo-store.server";
import { seedDemoStore } from "../app/demo/seed.server";
import { orderCommission } from "../app/lib/commission";
import { Decimal, toDecimal } from "../app/lib/money";
import { lastDays } from "../app/lib/shop-dates";
import { loadCommissionRules } from "../app/models/rollups.server";
import { loader } from "../app/routes/app._index/route";
import { createAdminEmulator } from "../app/demo/admin-emulator/emulator.server";
import { OUTCOME_HEADER } from "../app/services/webhook-ingest.server";
import { createTestDatabase, type TestDatabase } from "./support/database";
import { deliver, orderPayload } from "./webhooks/helpers";

let db: TestDatabase;
const NOW = new Date("2026-11-20T15:00:00Z");

beforeAll(async () => {
  db = await createTestDatabase();
  await seedDemoStore(db.prisma, createAdminEmulator({ store: { db: db.prisma, shop: DEMO_SHOP } }), NOW);
  // A second shop with its own influencer and a large order on the same days: must never leak in.
  // The order goes through the webhook ledger, so it is in the rollups the overview reads.
  const other = await db.prisma.shop.create({ data: { domain: "other.myshopify.com", name: "Other" } });
  const influencer = await db.prisma.influencer.create({ data: { shopId: other.id, name: "Jane Porter" } });
  await db.prisma.discountCode.create({ data: { shopId: other.id, influencerId: influencer.id, code: "JANE15", value: "15" } });
  const sales = { shop_money: { amount: "99999.00", currency_code: "USD" }, presentment_money: { amount: "99999.00", currency_code: "USD" } };
  const order = orderPayload({
    orderId: "1", created_at: "2026-11-19T12:00:00Z", updated_at: "2026-11-19T12:00:00Z",
    discount_codes: [{ code: "JANE15", amount: "15.00", type: "fixed_amount" }], subtotal_price_set: sales,
  });
  expect((await deliver("orders/create", order, { shop: other.domain })).headers.get(OUTCOME_HEADER)).toBe("APPLIED");
  const leaked = await db.prisma.dailyRollup.aggregate({ where: { shopId: other.id, shopDate: new Date("2026-11-19") }, _sum: { orders: true } });
  expect(leaked._sum.orders).toBe(1);
  await db.prisma.costEntry.create({
    data: { shopId: other.id, influencerId: influencer.id, kind: "FLAT_FEE", amount: "55555", incurredOn: new Date("2026-11-19") },
  });
});
afterAll(() => db.destroy());

describe("the overview page (demo mode)", () => {
  it("shows the last 30 days of the demo shop, matching a recomputation from the ledger", async () => {
    vi.useFakeTimers({ now: NOW, toFake: ["Date"] });
    vi.stubEnv("CODETRAIL_DEMO", "1");
    try {
      const data = await loader({ request: new Request("http://localhost/app"), params: {}, context: {} });
      const shop = await db.prisma.shop.findUniqueOrThrow({ where: { domain: DEMO_SHOP.domain } });
      const range = lastDays(30, shop.ianaTimezone, NOW);
      expect(data.query.range).toEqual(range);
      expect(data.problems).toEqual([]);

      const [expected] = await db.prisma.$queryRaw<{ orders: bigint; net: string; newc: bigint }[]>`
        SELECT count(*) AS orders, coalesce(sum(sales - refunded), 0)::numeric(18,2)::text AS net,
               count(*) FILTER (WHERE "newCustomer") AS newc
          FROM "AttributedOrder"
         WHERE "shopId" = ${shop.id} AND NOT test AND "cancelledAt" IS NULL
           AND "shopDate" BETWEEN ${range.from}::date AND ${range.to}::date`;
      const [cost] = await db.prisma.$queryRaw<{ cost: string }[]>`
        SELECT coalesce(sum(amount), 0)::numeric(18,2)::text AS cost FROM "CostEntry"
         WHERE "shopId" = ${shop.id} AND "incurredOn" BETWEEN ${range.from}::date AND ${range.to}::date`;

      expect(Number(expected.orders)).toBeGreaterThan(100);
      expect(data.totals.orders).toBe(Number(expected.orders));
      expect(data.totals.newCustomers).toBe(Number(expected.newc));
      expect(data.totals.netSales).toBe(expected.net);
      expect(data.totals.fees).toBe(cost.cost);
      // Commission recomputed order by order from the ledger with the pure rule function.
      const rules = await loadCommissionRules(db.prisma, shop.id);
      const orders = await db.prisma.attributedOrder.findMany({
        where: { shopId: shop.id, shopDate: { gte: new Date(range.from), lte: new Date(range.to) } },
      });
      const commission = orders.reduce(
        (sum, o) =>
          sum.plus(
            orderCommission(
              {
                ...o,
                shopDate: o.shopDate.toISOString().slice(0, 10),
                sales: toDecimal(o.sales),
                refunded: toDecimal(o.refunded),
                cancelled: o.cancelledAt !== null,
              },
              rules,
            ),
          ),
        new Decimal(0),
      );
      expect(commission.gt(0)).toBe(true);
      expect(data.totals.commission).toBe(commission.toFixed(2));
      expect(data.totals.cost).toBe(new Decimal(cost.cost).plus(commission).toFixed(2));
      expect(data.series).toHaveLength(30);
      expect(data.top).toHaveLength(5);
      const roi = data.top.map((row) => Number(row.metrics.roiPercent));
      expect(roi).toEqual([...roi].sort((a, b) => b - a));
    } finally {
      vi.unstubAllEnvs();
      vi.useRealTimers();
    }
  });

  it("requires Shopify authentication outside demo mode", async () => {
    const outcome = await loader({ request: new Request("http://localhost/app"), params: {}, context: {} }).catch(
      (thrown) => thrown,
    );
    expect(outcome).toBeInstanceOf(Response);
    expect([302, 401, 410]).toContain((outcome as Response).status);
  });

  it("does not skip authentication in demo mode for another shop", async () => {
    vi.stubEnv("CODETRAIL_DEMO", "1");
    try {
      const request = new Request("http://localhost/app?shop=other.myshopify.com");
      const outcome = await loader({ request, params: {}, context: {} }).catch((thrown) => thrown);
      expect(outcome).toBeInstanceOf(Response);
      expect([302, 401, 410]).toContain((outcome as Response).status);
    } finally {
      vi.unstubAllEnvs();
    }
  });
});
