import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { toDecimal } from "../../app/lib/money";
import { LeakyBucket } from "../../app/demo/admin-emulator/cost.server";
import { createAdminEmulator } from "../../app/demo/admin-emulator/emulator.server";
import { putEmulatorOrder, type EmulatedOrderInput, type EmulatedRefundInput } from "../../app/demo/admin-emulator/orders.server";
import type { EmulatedShopSettings } from "../../app/demo/admin-emulator/resolvers.server";
import { BACKFILL, backfillHandler, enqueueBackfill } from "../../app/services/backfill.server";
import { registerJobHandler, runPendingJobs } from "../../app/services/jobs.server";
import { enqueueReconcile, RECONCILE, reconcileHandler } from "../../app/services/reconcile.server";
import { syncShopDetails } from "../../app/services/shop-sync.server";
import { createTestDatabase, type TestDatabase } from "../support/database";
import { applyToLedger, order, ORDER_BASE } from "../support/orders";
import { refundPayloadOf, type RefundParts, type SampleAmount } from "../support/webhook-samples";
import { deliver, orderPayload, seedInfluencer } from "../webhooks/helpers";

/**
 * docs/metrics.md, "Refunds and net sales": every row of the table, through the three ways an order
 * reaches the ledger (webhooks, a backfill, a reconciliation repairing a missed refund), with the
 * same figures. Each row is one order of JANE15 with a subtotal of 100.00 after a 15.00 discount.
 */

const NOW = new Date("2026-11-20T12:00:00Z");
const hoursAgo = (h: number) => new Date(NOW.getTime() - h * 3_600_000);
const STORE: EmulatedShopSettings = {
  id: "6161", domain: "refund-kinds.myshopify.com", name: "Refund Kinds", currencyCode: "USD", ianaTimezone: "UTC",
};
const WEBHOOK_SHOP = "refund-kinds-webhooks.myshopify.com";

interface Row {
  kind: string;
  /** The order's subtotal after each version (an order edit is a later version). */
  subtotals: SampleAmount[];
  presentmentCurrency?: string;
  cancelled?: boolean;
  refunds: RefundParts[];
  /** The order's figures in the reports: orders, sales, refunds (net sales = sales − refunds). */
  expected: { orders: number; sales: string; refunds: string };
}

const ROWS: Row[] = [
  { kind: "line-item refund", subtotals: ["100.00"], refunds: [{ lines: ["40.00", "10.00"] }], expected: { orders: 1, sales: "100.00", refunds: "50.00" } },
  // Two of four units of a 25.00 line: Shopify sends the refunded quantity's subtotal.
  { kind: "partial quantity", subtotals: ["100.00"], refunds: [{ lines: ["50.00"] }], expected: { orders: 1, sales: "100.00", refunds: "50.00" } },
  { kind: "shipping refund", subtotals: ["100.00"], refunds: [{ shipping: ["9.99"] }], expected: { orders: 1, sales: "100.00", refunds: "0.00" } },
  { kind: "amount-only (goodwill) refund", subtotals: ["100.00"], refunds: [{ adjustments: ["-15.00"] }], expected: { orders: 1, sales: "100.00", refunds: "15.00" } },
  { kind: "line items with a restocking fee kept", subtotals: ["100.00"], refunds: [{ lines: ["40.00"], adjustments: ["4.00"] }], expected: { orders: 1, sales: "100.00", refunds: "36.00" } },
  { kind: "restock without money", subtotals: ["100.00"], refunds: [{ lines: ["40.00"], adjustments: ["40.00"] }], expected: { orders: 1, sales: "100.00", refunds: "0.00" } },
  {
    kind: "refund in presentment currency",
    subtotals: [{ shop: "100.00", presentment: "92.50" }],
    presentmentCurrency: "EUR",
    refunds: [{ lines: [{ shop: "40.00", presentment: "37.00" }], adjustments: [{ shop: "-2.00", presentment: "-1.85" }] }],
    expected: { orders: 1, sales: "100.00", refunds: "42.00" },
  },
  // An edit added a 30.00 item (the order's subtotal rose with it); that item was refunded.
  { kind: "refund after an order edit", subtotals: ["100.00", "130.00"], refunds: [{ lines: ["30.00"] }], expected: { orders: 1, sales: "130.00", refunds: "30.00" } },
  { kind: "refund of a cancelled order", subtotals: ["100.00"], cancelled: true, refunds: [{ lines: ["100.00"] }], expected: { orders: 0, sales: "0.00", refunds: "0.00" } },
  // A custom amount above the merchandise (shipping and tax inside it): net sales stop at zero.
  { kind: "amount-only refund above the subtotal", subtotals: ["100.00"], refunds: [{ lines: ["60.00"] }, { adjustments: ["-55.00"] }], expected: { orders: 1, sales: "100.00", refunds: "100.00" } },
];

let db: TestDatabase;
let emulator: ReturnType<typeof createAdminEmulator>;
let store: Awaited<ReturnType<typeof syncShopDetails>>;
let janeCodeId: string;
let bucketClock = 0;

beforeAll(async () => {
  db = await createTestDatabase();
  // The emulator's query-cost bucket runs on a clock of its own, refilled before each job.
  emulator = createAdminEmulator({ store: { db: db.prisma, shop: STORE }, bucket: new LeakyBucket(2000, 100, () => bucketClock) });
  store = await syncShopDetails(emulator, STORE.domain);
  const jane = await db.prisma.influencer.create({ data: { shopId: store.id, name: "Jane Porter" } });
  janeCodeId = (await db.prisma.discountCode.create({ data: { shopId: store.id, influencerId: jane.id, code: "JANE15", value: "15.0000" } })).id;
  await seedInfluencer(db.prisma, "JANE15", { shop: WEBHOOK_SHOP });
  registerJobHandler(BACKFILL, backfillHandler(async () => emulator, () => NOW));
  registerJobHandler(RECONCILE, reconcileHandler(async () => emulator, () => NOW));
});
afterAll(() => db.destroy());

const orderIdOf = (row: Row) => ORDER_BASE + BigInt(ROWS.indexOf(row) + 1);
const shopAmount = (amount: SampleAmount) => (typeof amount === "string" ? amount : amount.shop);

/** The order's figures as the reports read them (DailyRollup), and its stored refund total. */
async function figures(shopId: string, orderId: bigint) {
  const stored = await db.prisma.attributedOrder.findUniqueOrThrow({ where: { shopId_shopifyOrderId: { shopId, shopifyOrderId: orderId } } });
  const rollups = await db.prisma.dailyRollup.aggregate({
    where: { shopId, shopDate: stored.shopDate, discountCodeId: stored.discountCodeId ?? "" },
    _sum: { orders: true, sales: true, refunds: true },
  });
  return {
    orders: rollups._sum.orders ?? 0,
    sales: toDecimal(rollups._sum.sales).toFixed(2),
    refunds: toDecimal(rollups._sum.refunds).toFixed(2),
  };
}

function emulatedVersion(row: Row, version: number, withRefunds: boolean): EmulatedOrderInput {
  const n = ROWS.indexOf(row) + 1;
  const refunds: EmulatedRefundInput[] = withRefunds
    ? row.refunds.map((parts, i) => ({ id: orderIdOf(row) * 10n + BigInt(i), processedAt: hoursAgo(2), ...parts }))
    : [];
  return order(n, {
    // One order per shop day, so each row's rollup holds that order alone.
    createdAt: new Date(Date.UTC(2026, 10, 1 + n, 12)),
    updatedAt: withRefunds ? hoursAgo(2) : hoursAgo(48 - version),
    subtotal: row.subtotals[version],
    presentmentCurrencyCode: row.presentmentCurrency,
    cancelledAt: row.cancelled && withRefunds ? hoursAgo(3) : null,
    refunds,
  });
}

const lastVersion = (row: Row) => row.subtotals.length - 1;

/** The emulated store's ledger and jobs from an earlier row are gone. */
async function forgetTheStore() {
  await db.prisma.emulatorOrder.deleteMany({});
  for (const table of [db.prisma.attributedOrder, db.prisma.orderRefund, db.prisma.dailyRollup, db.prisma.backgroundJob, db.prisma.shopSyncState]) {
    await (table as typeof db.prisma.backgroundJob).deleteMany({ where: { shopId: store.id } });
  }
}

async function runJob(job: { id: string }) {
  bucketClock += 60_000;
  expect(await runPendingJobs()).toBe(1);
  expect(await db.prisma.backgroundJob.findUniqueOrThrow({ where: { id: job.id } })).toMatchObject({ status: "SUCCEEDED", lastError: null });
}

describe.each(ROWS)("$kind", (row) => {
  it("webhooks: orders/create, the edits, each refunds/create, then orders/updated repeating the refunds", async () => {
    const id = orderIdOf(row).toString();
    const money = (amount: SampleAmount) => {
      const [shop, presentment] = typeof amount === "string" ? [amount, amount] : [amount.shop, amount.presentment];
      return { shop_money: { amount: shop, currency_code: "USD" }, presentment_money: { amount: presentment, currency_code: row.presentmentCurrency ?? "USD" } };
    };
    const version = (v: number, extra: Record<string, unknown> = {}) =>
      orderPayload({
        orderId: id,
        created_at: new Date(Date.UTC(2026, 10, 1 + ROWS.indexOf(row) + 1, 12)).toISOString(),
        updated_at: hoursAgo(48 - v).toISOString(),
        presentment_currency: row.presentmentCurrency ?? "USD",
        subtotal_price_set: money(row.subtotals[v]),
        total_discounts_set: money("15.00"),
        discount_codes: [{ code: "JANE15", amount: "15.00", type: "fixed_amount" }],
        ...extra,
      });
    const refunds = row.refunds.map((parts, i) =>
      refundPayloadOf(id, (orderIdOf(row) * 10n + BigInt(i)).toString(), parts, { presentmentCurrency: row.presentmentCurrency }),
    );
    const options = { shop: WEBHOOK_SHOP };
    const sent = [await deliver("orders/create", version(0), options)];
    for (let v = 1; v <= lastVersion(row); v++) sent.push(await deliver("orders/updated", version(v), options));
    for (const refund of refunds) sent.push(await deliver("refunds/create", refund, options));
    sent.push(
      await deliver(
        row.cancelled ? "orders/cancelled" : "orders/updated",
        version(lastVersion(row), {
          updated_at: hoursAgo(2).toISOString(),
          cancelled_at: row.cancelled ? hoursAgo(3).toISOString() : null,
          refunds: refunds.map((r) => JSON.parse(r)),
        }),
        options,
      ),
    );
    expect(sent.map((r) => r.status)).toEqual(sent.map(() => 200));
    const { id: shopId } = await db.prisma.shop.findUniqueOrThrow({ where: { domain: WEBHOOK_SHOP } });
    expect(await figures(shopId, orderIdOf(row))).toEqual(row.expected);
  });

  it("backfill: the order as the Admin API shows it today", async () => {
    await forgetTheStore();
    await putEmulatorOrder(db.prisma, STORE.domain, emulatedVersion(row, lastVersion(row), true));
    await runJob(await enqueueBackfill(store.id, janeCodeId));
    expect(await figures(store.id, orderIdOf(row))).toEqual(row.expected);
  });

  it("reconciliation: the webhooks brought the first version only; the rest is repaired", async () => {
    await forgetTheStore();
    await applyToLedger(store, emulatedVersion(row, 0, false));
    expect((await figures(store.id, orderIdOf(row))).sales).toBe(toDecimal(shopAmount(row.subtotals[0])).toFixed(2));
    await putEmulatorOrder(db.prisma, STORE.domain, emulatedVersion(row, lastVersion(row), true));
    await runJob(await enqueueReconcile(store.id));
    expect(await figures(store.id, orderIdOf(row))).toEqual(row.expected);
  });
});
