import { randomUUID } from "node:crypto";
import fc from "fast-check";
import { afterAll, beforeAll, beforeEach, expect, it, vi } from "vitest";
import { Decimal } from "../../app/lib/money";
import { computeRollupsFromLedger, rebuildRollups } from "../../app/models/rollups.server";
import type { WebhookTopic } from "../../app/services/webhook-ingest.server";
import { createTestDatabase, type TestDatabase } from "../support/database";
import { deliver, orderPayload, refundPayload, seedInfluencer } from "../webhooks/helpers";

/**
 * After any sequence of webhooks through the real ingest service (creates, updates, stale
 * updates, cancellations, refunds, duplicates, customer redactions), the rollups the ledger kept
 * with deltas equal a full recomputation from the ledger.
 */

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(() => db.destroy());
beforeEach(() => {
  vi.spyOn(console, "warn").mockImplementation(() => {});
});

const ORDER_IDS = ["9007199254740993", "9007199254740994", "9007199254740995", "41"];
const CODES = ["ALPHA10", "BETA20", "NOBODY"];
// Around midnight UTC: in Los Angeles these fall on the previous shop day.
const CREATED = ["2026-03-01T07:30:00Z", "2026-03-01T08:30:00Z", "2026-03-02T23:59:00Z", "2026-03-03T00:01:00Z"];

const money = fc.integer({ min: 0, max: 50_000 }).map((cents) => (cents / 100).toFixed(2));
const op = fc.oneof(
  fc.record({
    kind: fc.constant("order" as const),
    topic: fc.constantFrom<WebhookTopic>("orders/create", "orders/updated", "orders/cancelled"),
    order: fc.nat(ORDER_IDS.length - 1),
    code: fc.nat(CODES.length - 1),
    version: fc.nat(20),
    sales: money,
    discount: money,
    cancelled: fc.boolean(),
    test: fc.boolean(),
    customer: fc.nat(2),
    withRefund: fc.option(fc.record({ refund: fc.nat(4), amount: money }), { nil: undefined }),
  }),
  fc.record({ kind: fc.constant("refund" as const), order: fc.nat(ORDER_IDS.length - 1), refund: fc.nat(4), amount: money }),
  fc.record({ kind: fc.constant("duplicate" as const) }),
  fc.record({ kind: fc.constant("redact" as const), customer: fc.nat(2) }),
);

type Op = typeof op extends fc.Arbitrary<infer T> ? T : never;

function snapshotRows(rows: { shopDate: Date; influencerId: string; campaignId: string; discountCodeId: string; orders: number; newCustomers: number; sales: { toString(): string }; discounts: { toString(): string }; refunds: { toString(): string }; commission: { toString(): string } }[]) {
  return rows
    .filter((r) => r.orders !== 0 || r.newCustomers !== 0 || !new Decimal(r.sales.toString()).isZero() || !new Decimal(r.refunds.toString()).isZero() || !new Decimal(r.discounts.toString()).isZero() || !new Decimal(r.commission.toString()).isZero())
    .map((r) =>
      [
        r.shopDate.toISOString().slice(0, 10),
        r.influencerId,
        r.campaignId,
        r.discountCodeId,
        r.orders,
        r.newCustomers,
        new Decimal(r.sales.toString()).toFixed(4),
        new Decimal(r.discounts.toString()).toFixed(4),
        new Decimal(r.refunds.toString()).toFixed(4),
        new Decimal(r.commission.toString()).toFixed(8),
      ].join("|"),
    )
    .sort();
}

let run = 0;

it("rollups kept by the ledger equal a full recomputation, after any sequence of webhooks", async () => {
  await fc.assert(
    fc.asyncProperty(fc.array(op, { minLength: 1, maxLength: 20 }), async (ops: Op[]) => {
      const shop = `rollup-${++run}-${randomUUID().slice(0, 8)}.myshopify.com`;
      const alpha = await seedInfluencer(db.prisma, CODES[0], { shop, name: "Alpha" });
      const beta = await seedInfluencer(db.prisma, CODES[1], { shop, name: "Beta" });
      const shopId = alpha.shop.id;
      await db.prisma.shop.update({ where: { id: shopId }, data: { ianaTimezone: "America/Los_Angeles" } });
      const campaign = await db.prisma.campaign.create({ data: { shopId, name: "Spring", startsOn: new Date("2026-03-01") } });
      await db.prisma.discountCode.update({ where: { id: beta.discountCode.id }, data: { campaignId: campaign.id } });
      await db.prisma.discountCode.update({ where: { id: alpha.discountCode.id }, data: { campaignId: campaign.id } });
      // Alpha's own fixed fee beats the campaign's 12.5 %; Beta gets the campaign's rule.
      await db.prisma.commissionRule.createMany({
        data: [
          { shopId, campaignId: campaign.id, kind: "PERCENT_OF_NET_SALES", rate: "12.5" },
          { shopId, influencerId: alpha.influencer.id, kind: "FIXED_PER_ORDER", rate: "2.5" },
        ],
      });

      let last: { topic: WebhookTopic; body: string; webhookId: string } | null = null;
      for (const o of ops) {
        if (o.kind === "duplicate") {
          if (last) await deliver(last.topic, last.body, { shop, webhookId: last.webhookId });
          continue;
        }
        let topic: WebhookTopic;
        let body: string;
        if (o.kind === "order") {
          const id = ORDER_IDS[o.order];
          const customerId = `${700 + o.customer}`;
          topic = o.topic;
          body = JSON.stringify(
            orderPayload({
              orderId: id,
              created_at: CREATED[o.order],
              updated_at: new Date(Date.parse(CREATED[o.order]) + o.version * 60_000).toISOString(),
              discount_codes: [{ code: CODES[o.code], amount: o.discount, type: "fixed_amount" }],
              subtotal_price_set: { shop_money: { amount: o.sales, currency_code: "USD" }, presentment_money: { amount: o.sales, currency_code: "USD" } },
              total_discounts_set: { shop_money: { amount: o.discount, currency_code: "USD" }, presentment_money: { amount: o.discount, currency_code: "USD" } },
              cancelled_at: o.cancelled || o.topic === "orders/cancelled" ? CREATED[o.order] : null,
              test: o.test,
              customer: { ...orderPayload().customer, admin_graphql_api_id: `gid://shopify/Customer/${customerId}`, created_at: CREATED[0] },
              refunds: o.withRefund ? [JSON.parse(refundPayload(id, `${(o.order + 1) * 100 + o.withRefund.refund}`, [o.withRefund.amount]))] : [],
            }),
          );
        } else if (o.kind === "refund") {
          topic = "refunds/create";
          body = refundPayload(ORDER_IDS[o.order], `${(o.order + 1) * 100 + o.refund}`, [o.amount]);
        } else {
          topic = "customers/redact";
          body = JSON.stringify({ shop_id: 1, shop_domain: shop, customer: { id: 700 + o.customer, email: "x@example.com" }, orders_to_redact: [] });
        }
        const webhookId = randomUUID();
        const response = await deliver(topic, body, { shop, webhookId });
        expect(response.status).toBe(200);
        last = { topic, body, webhookId };
      }

      const kept = await db.prisma.dailyRollup.findMany({ where: { shopId } });
      const expected = await computeRollupsFromLedger(db.prisma, shopId);
      expect(snapshotRows(kept)).toEqual(snapshotRows(expected));
      // And a rebuild gives the same figures.
      await rebuildRollups(shopId, db.prisma);
      expect(snapshotRows(await db.prisma.dailyRollup.findMany({ where: { shopId } }))).toEqual(snapshotRows(expected));
    }),
    { numRuns: 40 },
  );
}, 240_000);
