import { randomUUID } from "node:crypto";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Decimal } from "../../app/lib/money";
import { addDays } from "../../app/lib/shop-dates";
import { approveStatement, influencerBalance, listStatements, markStatementsPaid, setHoldDays } from "../../app/models/payouts.server";
import { createTestDatabase, type TestDatabase } from "../support/database";
import { checkProperty } from "../support/property";
import { deliver, orderPayload, refundPayload, seedInfluencer } from "../webhooks/helpers";

/**
 * The payable ledger (issue 19, decision 029) over random histories: orders, refunds and
 * cancellations through the webhook routes and the ledger, days passing, statements approved and
 * paid. After every step the influencer's accrued commission is exactly paid + approved + payable
 * + held + adjustments, it equals the commission the ledger stored per order and the daily rollups
 * sum, and every statement's lines add up to its total. A refund after payment shows as a negative
 * adjustment on the next statement.
 */

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(() => db.destroy());

const START = "2026-03-01";
const money = (amount: string) => ({ shop_money: { amount, currency_code: "USD" }, presentment_money: { amount, currency_code: "USD" } });
let nextId = 9_007_199_254_700_000n;

interface World {
  domain: string;
  shopId: string;
  influencerId: string;
  code: string;
  day: string;
  orders: { id: string; sales: Decimal; refunded: Decimal; createdAt: string }[];
}

async function newWorld(holdDays: number, rate: string): Promise<World> {
  const domain = `payouts-${randomUUID().slice(0, 8)}.myshopify.com`;
  const code = `P${randomUUID().slice(0, 6).toUpperCase()}`;
  const { shop, influencer } = await seedInfluencer(db.prisma, code, { shop: domain });
  await setHoldDays(shop.id, holdDays);
  await db.prisma.commissionRule.create({ data: { shopId: shop.id, influencerId: influencer.id, kind: "PERCENT_OF_NET_SALES", rate } });
  return { domain, shopId: shop.id, influencerId: influencer.id, code, day: START, orders: [] };
}

const noon = (day: string) => new Date(`${day}T12:00:00Z`);

async function send(w: World, topic: Parameters<typeof deliver>[0], body: string | object) {
  const response = await deliver(topic, body, { shop: w.domain });
  expect(response.status).toBe(200);
}

function payload(w: World, o: World["orders"][number], extra: Record<string, unknown> = {}) {
  return orderPayload({
    orderId: o.id,
    name: `#${o.id.slice(-4)}`,
    created_at: o.createdAt,
    updated_at: o.createdAt,
    discount_codes: [{ code: w.code, amount: "0.00", type: "fixed_amount" }],
    subtotal_price_set: money(o.sales.toFixed(2)),
    total_discounts_set: money("0.00"),
    customer: null,
    ...extra,
  });
}

async function placeOrder(w: World, sales: string) {
  const o = { id: (nextId++).toString(), sales: new Decimal(sales), refunded: new Decimal(0), createdAt: `${w.day}T12:00:00Z` };
  w.orders.push(o);
  await send(w, "orders/create", payload(w, o));
  return o;
}

async function refund(w: World, o: World["orders"][number], amount: string) {
  await send(w, "refunds/create", refundPayload(o.id, (nextId++).toString(), [amount]));
}

/** accrued = paid + approved + payable + held + adjustments, and the other books agree. */
async function reconciles(w: World) {
  const b = (await influencerBalance(w.shopId, w.influencerId, noon(w.day)))!;
  expect(b.accrued.toFixed(8)).toBe(b.paid.plus(b.approved).plus(b.payable).plus(b.held).plus(b.adjustments).toFixed(8));
  const stored = await db.prisma.attributedOrder.aggregate({ where: { shopId: w.shopId, influencerId: w.influencerId }, _sum: { commission: true } });
  expect(b.accrued.toFixed(8)).toBe(new Decimal(String(stored._sum.commission ?? "0")).toFixed(8));
  const rolled = await db.prisma.dailyRollup.aggregate({ where: { shopId: w.shopId, influencerId: w.influencerId }, _sum: { commission: true } });
  expect(b.accrued.toFixed(8)).toBe(new Decimal(String(rolled._sum.commission ?? "0")).toFixed(8));
  const statements = await db.prisma.commissionStatement.findMany({ where: { shopId: w.shopId }, include: { lines: true } });
  let paid = new Decimal(0);
  for (const s of statements) {
    const sum = s.lines.reduce((acc, l) => acc.plus(l.amount.toString()), new Decimal(0));
    expect(sum.toFixed(8)).toBe(new Decimal(s.total.toString()).toFixed(8));
    expect(new Decimal(s.total.toString()).gt(0)).toBe(true);
    if (s.status === "PAID") paid = paid.plus(s.total.toString());
  }
  expect(b.paid.toFixed(8)).toBe(paid.toFixed(8));
  return b;
}

const cents = (min: number, max: number) => fc.integer({ min, max }).map((c) => (c / 100).toFixed(2));
const step = fc.oneof(
  { weight: 4, arbitrary: fc.record({ kind: fc.constant("order" as const), sales: cents(1, 50_000) }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant("refund" as const), order: fc.nat(20), share: fc.integer({ min: 1, max: 100 }) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("cancel" as const), order: fc.nat(20) }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant("advance" as const), days: fc.integer({ min: 1, max: 20 }) }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant("approve" as const) }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant("pay" as const) }) },
  // Approve and pay at once: makes refunds after payment (the adjustments) common.
  { weight: 3, arbitrary: fc.record({ kind: fc.constant("settle" as const) }) },
);

describe("the payable ledger", () => {
  it("reconciles after any history: accrued = paid + approved + payable + held + adjustments", async () => {
    await checkProperty(
      "payable ledger reconciles",
      fc.asyncProperty(
        fc.integer({ min: 0, max: 6 }),
        fc.constantFrom("10", "12.5", "7.3333"),
        fc.array(step, { minLength: 1, maxLength: 24 }),
        async (holdDays, rate, steps) => {
          const w = await newWorld(holdDays, rate);
          for (const s of steps) {
            if (s.kind === "order") await placeOrder(w, s.sales);
            else if (s.kind === "advance") w.day = addDays(w.day, s.days);
            else if (s.kind === "approve" || s.kind === "settle") await approveStatement(w.shopId, w.influencerId, noon(w.day));
            if (s.kind === "pay" || s.kind === "settle") {
              const approved = await db.prisma.commissionStatement.findMany({ where: { shopId: w.shopId, status: "APPROVED" }, select: { id: true } });
              if (approved.length > 0) {
                expect(await markStatementsPaid(w.shopId, approved.map((a) => a.id), { paidOn: w.day, reference: "ref", method: "MANUAL" })).toBe(true);
              }
            } else if ((s.kind === "refund" || s.kind === "cancel") && w.orders.length > 0) {
              const o = w.orders[s.order % w.orders.length];
              if (s.kind === "cancel") {
                await send(w, "orders/cancelled", payload(w, o, { updated_at: `${w.day}T13:00:00Z`, cancelled_at: `${w.day}T13:00:00Z`, cancel_reason: "customer" }));
              } else {
                const amount = o.sales.times(s.share).div(100).toDecimalPlaces(2, Decimal.ROUND_DOWN);
                if (amount.gt(0)) await refund(w, o, amount.toFixed(2));
              }
            }
            await reconciles(w);
          }
        },
      ),
      { numRuns: 25, budgetMs: 60_000, minRuns: 3 },
    );
  }, 120_000);

  it("puts a refund after payment on the next statement as a negative adjustment", async () => {
    const w = await newWorld(30, "10");
    const first = await placeOrder(w, "200.00");
    await placeOrder(w, "100.00");
    // Inside the hold period: held, nothing to approve.
    w.day = addDays(START, 29);
    let b = await reconciles(w);
    expect([b.held.toFixed(2), b.payable.toFixed(2)]).toEqual(["30.00", "0.00"]);
    expect(await approveStatement(w.shopId, w.influencerId, noon(w.day))).toEqual({ ok: false, reason: "nothingDue" });
    // The day the hold ends: payable, approved, paid.
    w.day = addDays(START, 30);
    b = await reconciles(w);
    expect([b.held.toFixed(2), b.payable.toFixed(2)]).toEqual(["0.00", "30.00"]);
    const approved = await approveStatement(w.shopId, w.influencerId, noon(w.day));
    expect(approved.ok).toBe(true);
    const firstId = approved.ok ? approved.statementId : "";
    expect(await markStatementsPaid(w.shopId, [firstId], { paidOn: w.day, reference: "PP-1", method: "PAYPAL" })).toBe(true);
    // Paying twice is refused, and changes nothing.
    expect(await markStatementsPaid(w.shopId, [firstId], { paidOn: w.day, reference: "PP-2", method: "PAYPAL" })).toBe(false);
    b = await reconciles(w);
    expect([b.paid.toFixed(2), b.payable.toFixed(2), b.adjustments.toFixed(2)]).toEqual(["30.00", "0.00", "0.00"]);

    // After payment: 50.00 of the first order comes back (10 % of it: 5.00), and a new order.
    w.day = addDays(START, 35);
    await refund(w, first, "50.00");
    await placeOrder(w, "80.00");
    b = await reconciles(w);
    expect([b.accrued.toFixed(2), b.paid.toFixed(2), b.adjustments.toFixed(2), b.held.toFixed(2)]).toEqual(["33.00", "30.00", "-5.00", "8.00"]);
    // Nothing to pay yet: the adjustment alone is negative, it waits.
    expect(await approveStatement(w.shopId, w.influencerId, noon(w.day))).toEqual({ ok: false, reason: "nothingDue" });
    // When the new order's hold ends, the next statement nets the adjustment: 8.00 − 5.00.
    w.day = addDays(START, 65);
    const next = await approveStatement(w.shopId, w.influencerId, noon(w.day));
    expect(next.ok).toBe(true);
    const [latest, earlier] = await listStatements(w.shopId, w.influencerId);
    expect(earlier).toMatchObject({ status: "PAID", total: "30.00", paymentReference: "PP-1", paymentMethod: "PAYPAL", periodStart: null, periodEnd: addDays(START, 30) });
    expect(latest).toMatchObject({ status: "APPROVED", payable: "8.00", adjustments: "-5.00", total: "3.00", periodStart: addDays(START, 31) });
    expect(latest.lines.map((l) => [l.kind, l.amount])).toEqual([
      ["ADJUSTMENT", "-5.00"],
      ["COMMISSION", "8.00"],
    ]);
    b = await reconciles(w);
    expect([b.approved.toFixed(2), b.adjustments.toFixed(2), b.payable.toFixed(2)]).toEqual(["3.00", "0.00", "0.00"]);
  });
});
