import Decimal from "decimal.js";
import fc from "fast-check";
import { afterAll, beforeAll, expect, it } from "vitest";
import { toDecimal } from "../../app/lib/money";
import { createTestDatabase, type TestDatabase } from "../support/database";
import { checkProperty } from "../support/property";
import { refundPayloadOf, type RefundParts, type SampleAmount } from "../support/webhook-samples";
import { deliver, orderPayload, seedInfluencer } from "../webhooks/helpers";

/**
 * The ledger against a small reference model of docs/metrics.md "Refunds and net sales": random
 * orders (edited, sometimes cancelled, in a presentment currency or not) with random mixes of every
 * kind of refund, delivered as Shopify may deliver them: any order of topics, refunds on their own
 * or inside order payloads, stale order versions after newer ones, and duplicates (the same
 * delivery retried, or the same content under a new delivery id). The model is written here from
 * the rule, independently of the app's code.
 */

let db: TestDatabase;
let shops = 0;
beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(() => db.destroy());

const cents = (min: number, max: number) => fc.integer({ min, max }).map((c) => (c / 100).toFixed(2));
/** An amount in shop money, or in shop and (EUR) presentment money. */
const amount = (min: number, max: number, presentment: boolean): fc.Arbitrary<SampleAmount> =>
  presentment ? fc.record({ shop: cents(min, max), presentment: cents(min, max) }) : cents(min, max);

const refundParts = (presentment: boolean): fc.Arbitrary<RefundParts> =>
  fc.record({
    lines: fc.array(amount(0, 20_000, presentment), { maxLength: 3 }),
    shipping: fc.array(amount(0, 2_000, presentment), { maxLength: 1 }),
    adjustments: fc.array(amount(-10_000, 10_000, presentment), { maxLength: 2 }),
  });

const orderStory = fc.boolean().chain((presentment) =>
  fc.record({
    presentment: fc.constant(presentment),
    // Version 0 is the order as placed; later versions are edits (new subtotal), the last maybe cancelled.
    subtotals: fc.array(amount(100, 50_000, presentment), { minLength: 1, maxLength: 3 }),
    cancelled: fc.boolean(),
    refunds: fc.array(refundParts(presentment), { maxLength: 4 }),
  }),
);

interface Delivery {
  topic: "orders/create" | "orders/updated" | "orders/cancelled" | "refunds/create";
  body: string;
  webhookId: string;
}

const shopMoney = (a: SampleAmount) => new Decimal(typeof a === "string" ? a : a.shop);
const sum = (amounts: SampleAmount[] = []) => amounts.reduce((s: Decimal, a) => s.plus(shopMoney(a)), new Decimal(0));

/** The rule, as docs/metrics.md states it. */
function modelRefund(parts: RefundParts): Decimal {
  return Decimal.max(sum(parts.lines).minus(sum(parts.adjustments)), 0);
}

const scenario = fc
  .array(orderStory, { minLength: 1, maxLength: 3 })
  .chain((stories) => {
    // Every delivery that could happen, then a random subset (each refund and the newest version
    // at least once), duplicated and shuffled.
    const candidates = stories.flatMap((story, o) => {
      const id = (9_007_199_254_740_993n + BigInt(o) * 1000n).toString();
      const last = story.subtotals.length - 1;
      const money = (a: SampleAmount) => {
        const [shop, presentment] = typeof a === "string" ? [a, a] : [a.shop, a.presentment];
        return { shop_money: { amount: shop, currency_code: "USD" }, presentment_money: { amount: presentment, currency_code: story.presentment ? "EUR" : "USD" } };
      };
      const refunds = story.refunds.map((parts, r) =>
        refundPayloadOf(id, (BigInt(id) + 1n + BigInt(r)).toString(), parts, { presentmentCurrency: story.presentment ? "EUR" : "USD" }),
      );
      const version = (v: number, embedded: number[]) => {
        const cancelled = story.cancelled && v === last;
        return JSON.stringify(
          orderPayload({
            orderId: id,
            created_at: `2026-11-0${o + 1}T10:00:00Z`,
            updated_at: `2026-11-0${o + 1}T1${v + 1}:00:00Z`,
            cancelled_at: cancelled ? `2026-11-0${o + 1}T1${v + 1}:00:00Z` : null,
            presentment_currency: story.presentment ? "EUR" : "USD",
            subtotal_price_set: money(story.subtotals[v]),
            total_discounts_set: money("5.00"),
            discount_codes: [{ code: "MODEL5", amount: "5.00", type: "fixed_amount" }],
            refunds: embedded.map((r) => JSON.parse(refunds[r])),
          }),
        );
      };
      return { story, refunds, version, last };
    });
    return fc
      .tuple(
        ...candidates.map(({ story, refunds, last }) =>
          fc.record({
            // Which refunds go on their own, and which order versions carry which refunds.
            standalone: fc.array(fc.boolean(), { minLength: refunds.length, maxLength: refunds.length }),
            versions: fc.array(
              fc.record({
                sent: fc.boolean(),
                topic: fc.constantFrom("orders/create", "orders/updated", "orders/cancelled"),
                embedded: fc.subarray(refunds.map((_, r) => r)),
              }),
              { minLength: story.subtotals.length, maxLength: story.subtotals.length },
            ),
            last: fc.constant(last),
          }),
        ),
      )
      .chain((choices) => {
        const deliveries: Delivery[] = [];
        const delivered = candidates.map(() => new Set<number>());
        let n = 0;
        choices.forEach((choice, o) => {
          const { refunds, version, last, story } = candidates[o];
          choice.versions.forEach((v, i) => {
            if (!v.sent && i !== last) return;
            const topic = story.cancelled && i === last ? "orders/cancelled" : v.topic === "orders/cancelled" ? "orders/updated" : v.topic;
            deliveries.push({ topic, body: version(i, v.embedded), webhookId: `d-${n++}` });
            for (const r of v.embedded) delivered[o].add(r);
          });
          refunds.forEach((body, r) => {
            if (!choice.standalone[r] && delivered[o].has(r)) return;
            deliveries.push({ topic: "refunds/create", body, webhookId: `d-${n++}` });
            delivered[o].add(r);
          });
        });
        const withDuplicates = fc
          .array(fc.record({ pick: fc.nat(), newId: fc.boolean() }), { maxLength: 4 })
          .map((dups) => [
            ...deliveries,
            ...dups.map(({ pick, newId }) => {
              const original = deliveries[pick % deliveries.length];
              return { ...original, webhookId: newId ? `d-${n++}` : original.webhookId };
            }),
          ]);
        return fc.tuple(fc.constant(stories), withDuplicates.chain((all) => fc.shuffledSubarray(all, { minLength: all.length, maxLength: all.length })));
      });
  });

it("every mix of refund kinds, in any order, with duplicates, gives the model's net sales", { timeout: 90_000 }, async () => {
  await checkProperty(
    "refund kinds against the model",
    fc.asyncProperty(scenario, async ([stories, deliveries]) => {
      const domain = `refund-model-${++shops}.myshopify.com`;
      const { shop } = await seedInfluencer(db.prisma, "MODEL5", { shop: domain });
      for (const d of deliveries) {
        const response = await deliver(d.topic, d.body, { shop: domain, webhookId: `${domain}/${d.webhookId}`, eventId: null });
        expect(response.status).toBe(200);
      }
      const orders = await db.prisma.attributedOrder.findMany({ where: { shopId: shop.id }, orderBy: { shopifyOrderId: "asc" } });
      expect(orders).toHaveLength(stories.length);
      const expected = { orders: 0, sales: new Decimal(0), refunds: new Decimal(0) };
      stories.forEach((story, o) => {
        const sales = shopMoney(story.subtotals[story.subtotals.length - 1]);
        const refunded = Decimal.min(sales, story.refunds.reduce((s, parts) => s.plus(modelRefund(parts)), new Decimal(0)));
        expect(toDecimal(orders[o].sales).toFixed(2)).toBe(sales.toFixed(2));
        expect(toDecimal(orders[o].refunded).toFixed(2), `order ${o}: ${JSON.stringify(story)}`).toBe(refunded.toFixed(2));
        if (story.cancelled) return;
        expected.orders += 1;
        expected.sales = expected.sales.plus(sales);
        expected.refunds = expected.refunds.plus(refunded);
      });
      const rollups = await db.prisma.dailyRollup.aggregate({ where: { shopId: shop.id }, _sum: { orders: true, sales: true, refunds: true } });
      expect({
        orders: rollups._sum.orders ?? 0,
        sales: toDecimal(rollups._sum.sales).toFixed(2),
        refunds: toDecimal(rollups._sum.refunds).toFixed(2),
      }).toEqual({ orders: expected.orders, sales: expected.sales.toFixed(2), refunds: expected.refunds.toFixed(2) });
    }),
    { numRuns: 40, budgetMs: 25_000, minRuns: 10 },
  );
});
