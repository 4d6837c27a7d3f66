import { afterAll, beforeAll, expect, it } from "vitest";
import { Decimal } from "../../app/lib/money";
import type { ReportFilter } from "../../app/models/reports.server";
import { computeRepeatRollupsFromLedger, rebuildRollups } from "../../app/models/rollups.server";
import { createTestDatabase, type TestDatabase } from "../support/database";
import { repeatPurchasesOracle, repeatPurchasesShown } from "../support/repeat-oracle";
import { deliver, orderPayload, refundPayload, seedInfluencer } from "../webhooks/helpers";

/**
 * Acquired customers' later purchases kept by the ledger (RepeatPurchaseRollup) for the cases
 * where incremental upkeep is subtle: a customer's orders arriving out of order, and the
 * acquiring order cancelled, alongside later orders' updates, refunds, test orders and a
 * customer redaction. Each step is checked against hand-computed figures and the live query.
 */

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(() => db.destroy());

let shopCount = 0;
async function setup() {
  const shop = `repeat-${++shopCount}.myshopify.com`;
  const alpha = await seedInfluencer(db.prisma, `ALPHA${shopCount}`, { shop, name: "Alpha" });
  const beta = await seedInfluencer(db.prisma, `BETA${shopCount}`, { shop, name: "Beta" });
  const shopId = alpha.shop.id;
  let version = 0;
  /** An order version of customer 900: created_at of the day given, its customer created that day. */
  const order = (o: { id: string; day: string; code: string; sales: string; customerSince?: string; cancelled?: boolean; test?: boolean }) => {
    const createdAt = `${o.day}T10:00:00Z`;
    return deliver(
      "orders/updated",
      orderPayload({
        orderId: o.id,
        created_at: createdAt,
        updated_at: new Date(Date.parse("2026-06-01T00:00:00Z") + ++version * 60_000).toISOString(),
        discount_codes: [{ code: o.code, amount: "1.00", type: "fixed_amount" }],
        subtotal_price_set: { shop_money: { amount: o.sales, currency_code: "USD" }, presentment_money: { amount: o.sales, currency_code: "USD" } },
        total_discounts_set: { shop_money: { amount: "1.00", currency_code: "USD" }, presentment_money: { amount: "1.00", currency_code: "USD" } },
        cancelled_at: o.cancelled ? createdAt : null,
        test: o.test ?? false,
        customer: { ...orderPayload().customer, admin_graphql_api_id: "gid://shopify/Customer/900", created_at: `${o.customerSince ?? o.day}T09:00:00Z` },
      }),
      { shop },
    );
  };
  const names = { [alpha.influencer.id]: "Alpha", [beta.influencer.id]: "Beta" };
  /** The report's figures per influencer name (`orders|net`), checked against the live query. */
  const shown = async (filter: Omit<ReportFilter, "shopId"> = { range: null }) => {
    const full = { shopId, ...filter };
    const figures = await repeatPurchasesShown(full);
    expect(figures).toEqual(await repeatPurchasesOracle(db.prisma, full));
    return Object.fromEntries(Object.entries(figures).map(([id, v]) => [names[id], v]));
  };
  return { shop, shopId, alpha, beta, order, shown };
}

it("an earlier order arriving after later ones becomes an acquisition too, with every later order as its later purchases", async () => {
  const { shop, shopId, alpha, beta, order, shown } = await setup();
  // Customer 900's second order (Beta's code, a new customer as far as the ledger knows) arrives first…
  expect((await order({ id: "2", day: "2026-05-02", code: beta.discountCode.code, sales: "50.00" })).status).toBe(200);
  // …then the third (Alpha's code; the customer is no longer new).
  await order({ id: "3", day: "2026-05-04", code: alpha.discountCode.code, sales: "30.00", customerSince: "2026-05-02" });
  expect(await shown()).toEqual({ Beta: "1|30.0000" });

  // The first order arrives last: the customer record is from that day, and the ledger has no
  // earlier order, so it is a new customer for Alpha; orders 2 and 3 are its later purchases.
  // Order 2 keeps its own new-customer flag (decided once), so Beta keeps order 3.
  await order({ id: "1", day: "2026-05-01", code: alpha.discountCode.code, sales: "40.00" });
  expect(await shown()).toEqual({ Alpha: "2|80.0000", Beta: "1|30.0000" });
  expect(await shown({ range: { from: "2026-05-01", to: "2026-05-01" } })).toEqual({ Alpha: "2|80.0000" });
  expect(await shown({ range: { from: "2026-05-02", to: "2026-05-03" } })).toEqual({ Beta: "1|30.0000" });
  expect(await shown({ range: { from: "2026-05-03", to: "2026-05-31" } })).toEqual({});

  // A later order's new amount and a refund on it follow into both acquisitions' figures.
  await order({ id: "3", day: "2026-05-04", code: alpha.discountCode.code, sales: "35.00", customerSince: "2026-05-02" });
  expect(await shown()).toEqual({ Alpha: "2|85.0000", Beta: "1|35.0000" });
  expect((await deliver("refunds/create", refundPayload("2", "21", ["10.00"]), { shop })).status).toBe(200);
  expect(await shown()).toEqual({ Alpha: "2|75.0000", Beta: "1|35.0000" });

  const kept = await db.prisma.repeatPurchaseRollup.findMany({ where: { shopId }, orderBy: [{ shopDate: "asc" }] });
  await rebuildRollups(shopId, db.prisma);
  expect(await db.prisma.repeatPurchaseRollup.findMany({ where: { shopId }, orderBy: [{ shopDate: "asc" }] })).toEqual(kept);
});

it("cancelling the acquiring order takes its later purchases out; cancelled, test and redacted later orders never count", async () => {
  const { shop, shopId, alpha, beta, order, shown } = await setup();
  await order({ id: "11", day: "2026-05-01", code: alpha.discountCode.code, sales: "40.00" });
  await order({ id: "12", day: "2026-05-03", code: beta.discountCode.code, sales: "25.00", customerSince: "2026-05-01" });
  await order({ id: "13", day: "2026-05-05", code: alpha.discountCode.code, sales: "15.50", customerSince: "2026-05-01" });
  expect(await shown()).toEqual({ Alpha: "2|40.5000" });

  // A later order cancelled, then a test order: neither counts.
  await order({ id: "13", day: "2026-05-05", code: alpha.discountCode.code, sales: "15.50", customerSince: "2026-05-01", cancelled: true });
  expect(await shown()).toEqual({ Alpha: "1|25.0000" });
  await order({ id: "14", day: "2026-05-06", code: beta.discountCode.code, sales: "99.00", customerSince: "2026-05-01", test: true });
  expect(await shown()).toEqual({ Alpha: "1|25.0000" });
  // The test order turns out real.
  await order({ id: "14", day: "2026-05-06", code: beta.discountCode.code, sales: "99.00", customerSince: "2026-05-01" });
  expect(await shown()).toEqual({ Alpha: "2|124.0000" });

  // The acquiring order is cancelled: Alpha acquired nobody. Order 12 does not become an
  // acquisition (it was not a new customer's order when it arrived).
  const cancelled = await deliver(
    "orders/cancelled",
    orderPayload({
      orderId: "11",
      created_at: "2026-05-01T10:00:00Z",
      updated_at: "2026-07-01T00:00:00Z",
      discount_codes: [{ code: alpha.discountCode.code, amount: "1.00", type: "fixed_amount" }],
      subtotal_price_set: { shop_money: { amount: "40.00", currency_code: "USD" }, presentment_money: { amount: "40.00", currency_code: "USD" } },
      total_discounts_set: { shop_money: { amount: "1.00", currency_code: "USD" }, presentment_money: { amount: "1.00", currency_code: "USD" } },
      cancelled_at: "2026-07-01T00:00:00Z",
      customer: { ...orderPayload().customer, admin_graphql_api_id: "gid://shopify/Customer/900", created_at: "2026-05-01T09:00:00Z" },
    }),
    { shop },
  );
  expect(cancelled.status).toBe(200);
  expect(await shown()).toEqual({});
  expect(await db.prisma.repeatPurchaseRollup.aggregate({ where: { shopId }, _sum: { orders: true } })).toEqual({ _sum: { orders: 0 } });

  // A second customer acquired by Beta, whose figures a customers/redact then removes.
  const other = (id: string, day: string, sales: string) =>
    deliver(
      "orders/create",
      orderPayload({
        orderId: id,
        created_at: `${day}T10:00:00Z`,
        updated_at: `${day}T10:00:00Z`,
        discount_codes: [{ code: beta.discountCode.code, amount: "1.00", type: "fixed_amount" }],
        subtotal_price_set: { shop_money: { amount: sales, currency_code: "USD" }, presentment_money: { amount: sales, currency_code: "USD" } },
        total_discounts_set: { shop_money: { amount: "1.00", currency_code: "USD" }, presentment_money: { amount: "1.00", currency_code: "USD" } },
        customer: { ...orderPayload().customer, admin_graphql_api_id: "gid://shopify/Customer/901", created_at: "2026-05-10T09:00:00Z" },
      }),
      { shop },
    );
  await other("21", "2026-05-10", "20.00");
  await other("22", "2026-05-12", "12.00");
  expect(await shown()).toEqual({ Beta: "1|12.0000" });
  const redact = await deliver("customers/redact", { shop_id: 1, shop_domain: shop, customer: { id: 901, email: "x@example.com" }, orders_to_redact: [] }, { shop });
  expect(redact.status).toBe(200);
  expect(await shown()).toEqual({});

  await rebuildRollups(shopId, db.prisma);
  expect(await shown()).toEqual({});
});

it.skipIf(!process.env.TEST_DATABASE_URL)(
  "concurrent deliveries of one customer's orders (PostgreSQL, several connections) keep the figures equal to a recomputation",
  { timeout: 120_000 },
  async () => {
    const { shop, shopId, alpha, beta, shown } = await setup();
    const rows = async () =>
      (await db.prisma.repeatPurchaseRollup.findMany({ where: { shopId } }))
        .filter((r) => r.orders !== 0 || !r.netSales.isZero())
        .map((r) => `${r.shopDate.toISOString()}|${r.influencerId}|${r.campaignId}|${r.orders}|${r.netSales.toFixed(4)}`)
        .sort();
    for (let round = 0; round < 4; round++) {
      // Six orders of customer 990 + round, each a new customer by its payload, delivered at once in
      // reverse time order, with a refund of each racing its order.
      const customer = `${990 + round}`;
      const deliveries = Array.from({ length: 6 }, (_, i) => {
        const id = `${round + 1}0${i}`;
        const createdAt = `2026-05-0${i + 1}T10:00:00Z`;
        const order = orderPayload({
          orderId: id,
          created_at: createdAt,
          updated_at: createdAt,
          discount_codes: [{ code: (i % 2 ? alpha : beta).discountCode.code, amount: "1.00", type: "fixed_amount" }],
          subtotal_price_set: { shop_money: { amount: `${10 + i}.00`, currency_code: "USD" }, presentment_money: { amount: `${10 + i}.00`, currency_code: "USD" } },
          total_discounts_set: { shop_money: { amount: "1.00", currency_code: "USD" }, presentment_money: { amount: "1.00", currency_code: "USD" } },
          customer: { ...orderPayload().customer, admin_graphql_api_id: `gid://shopify/Customer/${customer}`, created_at: createdAt },
        });
        return [
          () => deliver("orders/create", order, { shop }),
          () => deliver("refunds/create", refundPayload(id, `${id}1`, ["0.50"]), { shop }),
        ];
      })
        .reverse()
        .flat();
      const answers = await Promise.all(deliveries.map((send) => send()));
      expect(answers.map((r) => r.status)).toEqual(answers.map(() => 200));
      expect(await rows()).toEqual(
        (await computeRepeatRollupsFromLedger(db.prisma, shopId))
          .map((r) => `${r.shopDate.toISOString()}|${r.influencerId}|${r.campaignId}|${r.orders}|${new Decimal(r.netSales).toFixed(4)}`)
          .sort(),
      );
      await shown();
    }
  },
);
