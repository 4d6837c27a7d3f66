import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { database } from "../../app/db.server";
import { BULK_OPERATION_RUN_QUERY } from "../../app/graphql/bulk-operation-run-query";
import { bulkOrdersQuery } from "../../app/graphql/bulk-orders";
import { toDecimal } from "../../app/lib/money";
import type { RawQuery } from "../../app/models/order-ledger.server";
import type { AdminGraphqlClient } from "../../app/services/admin-client.server";
import { LeakyBucket } from "../../app/demo/admin-emulator/cost.server";
import { createAdminEmulator } from "../../app/demo/admin-emulator/emulator.server";
import { putEmulatorOrder, type EmulatedOrderInput } from "../../app/demo/admin-emulator/orders.server";
import type { EmulatedShopSettings } from "../../app/demo/admin-emulator/resolvers.server";
import { throttledAdmin } from "../../app/services/admin-throttle.server";
import {
  BULK_BACKFILL,
  bulkBackfillHandler,
  enqueueBulkBackfill,
  readBulkProgress,
  recentBulkBackfills,
  type BulkBackfillDeps,
} from "../../app/services/bulk-backfill.server";
import { registerJobHandler, runPendingJobs } from "../../app/services/jobs.server";
import { fetchOrdersPage, syncAdminOrder } from "../../app/services/order-sync.server";
import { syncShopDetails } from "../../app/services/shop-sync.server";
import { createTestDatabase, type TestDatabase } from "../support/database";
import { order, ORDER_BASE } from "../support/orders";
import { deliver } from "../webhooks/helpers";

/**
 * The bulk backfill end to end through the Admin API emulator: Shopify's bulk operation (one at a
 * time per shop, status moving on each read, JSONL with nested lines), the finish webhook, partial
 * data of a failed operation, a crash in the middle of the import, and the ledger it leaves — the
 * same rows and rollups as applying each order on its own.
 */

const STORE: EmulatedShopSettings = {
  id: "4343", domain: "bulk-test.myshopify.com", name: "Bulk Test", currencyCode: "USD", ianaTimezone: "UTC",
};
const TODAY = new Date("2026-11-01T00:00:00Z");
let db: TestDatabase;
let emulator: ReturnType<typeof createAdminEmulator>;
let shop: Awaited<ReturnType<typeof syncShopDetails>>;
let janeId: string;
let marcoId: string;
let clock = 0;
const sleep = async (ms: number) => {
  clock += ms;
};

/** Counts the operations sent; the throttled client the job uses. */
function deps(overrides: Partial<BulkBackfillDeps> = {}) {
  const sent: string[] = [];
  const counting: AdminGraphqlClient = {
    graphql(query, options) {
      sent.push(query);
      return emulator.graphql(query, options);
    },
  };
  const value: BulkBackfillDeps = {
    adminFor: async () => throttledAdmin(counting, { sleep }),
    download: async (_shop, url) => emulator.bulk.download(url),
    pollMs: 0,
    batchOrders: 4,
    ...overrides,
  };
  return { value, sent };
}

/**
 * The store's history: 30 orders. JANE15 alone, second after a store code, with refunds (one
 * with two refunds of two lines), with Marco's code first and a bigger discount of his second,
 * cancelled, via a tracking link only; and orders of no influencer. One order is outside the
 * 60-day window.
 */
function history(): EmulatedOrderInput[] {
  const orders: EmulatedOrderInput[] = [];
  for (let n = 1; n <= 30; n++) {
    let codes = [{ code: "JANE15", amount: "15.00" }];
    if (n % 3 === 0) codes = [{ code: "WELCOME5", amount: "5.00" }, { code: "jane15", amount: "15.00" }];
    if (n % 5 === 0) codes = [{ code: "STORE10", amount: "10.00" }];
    if (n === 7) codes = [{ code: "JANE15", amount: "5.00" }, { code: "MARCO10", amount: "8.00" }];
    const refunds =
      n === 4
        ? [
            { id: ORDER_BASE + 800_000n + 1n, amount: "10.00", processedAt: new Date("2026-10-20T00:00:00Z") },
            { id: ORDER_BASE + 800_000n + 2n, amount: "7.50", processedAt: new Date("2026-10-21T00:00:00Z") },
          ]
        : n === 16
          ? // A refund of a 30.00 line less a 5.00 discrepancy (its adjustment comes as a line of its own).
            [{ id: ORDER_BASE + 800_000n + 16n, lines: ["30.00"], adjustments: ["5.00"], processedAt: new Date("2026-10-22T00:00:00Z") }]
          : n % 8 === 0
            ? [{ id: ORDER_BASE + 800_000n + BigInt(n), amount: "20.00", processedAt: new Date("2026-10-22T00:00:00Z") }]
            : [];
    orders.push(order(n, {
      codes: n === 11 ? [] : codes,
      landingPage: n === 11 ? "/discount/JANE15?redirect=%2F" : null,
      refunds,
      cancelledAt: n === 9 ? new Date("2026-10-10T00:00:00Z") : null,
      countryCode: "US",
      ...(n === 30 ? { createdAt: new Date("2026-08-01T00:00:00Z") } : {}),
    }));
  }
  return orders;
}

/** The ledger's rows and rollups, without generated ids and times. */
async function ledgerState() {
  const [orders, refunds, rollups, repeat] = await Promise.all([
    db.prisma.attributedOrder.findMany({ orderBy: { shopifyOrderId: "asc" }, omit: { id: true, createdAt: true, updatedAt: true, commissionAccruedAt: true } }),
    db.prisma.orderRefund.findMany({ orderBy: { shopifyRefundId: "asc" }, omit: { id: true, createdAt: true } }),
    db.prisma.dailyRollup.findMany({ orderBy: [{ shopDate: "asc" }, { discountCodeId: "asc" }] }),
    db.prisma.repeatPurchaseRollup.findMany({ orderBy: [{ shopDate: "asc" }, { influencerId: "asc" }] }),
  ]);
  return JSON.parse(JSON.stringify({ orders, refunds, rollups, repeat }, (_k, v: unknown) => (typeof v === "bigint" ? v.toString() : v)));
}

async function wipeLedger() {
  await db.prisma.attributedOrder.deleteMany({});
  await db.prisma.orderRefund.deleteMany({});
  await db.prisma.dailyRollup.deleteMany({});
  await db.prisma.repeatPurchaseRollup.deleteMany({});
}

beforeAll(async () => {
  db = await createTestDatabase();
  emulator = createAdminEmulator({ store: { db: db.prisma, shop: STORE }, bucket: new LeakyBucket(2000, 100, () => clock), clock: () => TODAY });
  shop = await syncShopDetails(emulator, STORE.domain);
  janeId = (await db.prisma.influencer.create({ data: { shopId: shop.id, name: "Jane Porter" } })).id;
  marcoId = (await db.prisma.influencer.create({ data: { shopId: shop.id, name: "Marco Rossi" } })).id;
  await db.prisma.discountCode.create({ data: { shopId: shop.id, influencerId: janeId, code: "JANE15", value: "15.0000" } });
  await db.prisma.discountCode.create({ data: { shopId: shop.id, influencerId: marcoId, code: "MARCO10", value: "10.0000" } });
  for (const o of history()) await putEmulatorOrder(db.prisma, STORE.domain, o);
});
afterAll(async () => {
  emulator.bulk.dispose();
  await db.destroy();
});
beforeEach(async () => {
  clock += 60_000;
  await emulator.bulk.finishAll();
  await db.prisma.backgroundJob.deleteMany({});
  await db.prisma.webhookDelivery.deleteMany({});
  await wipeLedger();
});

/**
 * What the paginated path leaves in the ledger: each order of the window read with the orders page
 * (and ORDER_DETAILS where needed) and applied on its own with `applyOrder`, one transaction each.
 */
async function oneByOne() {
  const admin = throttledAdmin(emulator, { sleep });
  let after: string | null = null;
  for (;;) {
    const page = await fetchOrdersPage(admin, { query: "created_at:>='2026-09-02T00:00:00.000Z'", after, sortKey: "ID" });
    for (const node of page.orders.nodes) await syncAdminOrder(admin, shop, node);
    if (!page.orders.pageInfo.hasNextPage) break;
    after = page.orders.pageInfo.endCursor;
  }
  const state = await ledgerState();
  await wipeLedger();
  clock += 60_000; // The cost bucket is full again for the job.
  return state;
}

describe("bulk backfill", () => {
  it("imports the window through one bulk operation, woken by bulk_operations/finish, with the same ledger as one-by-one application", async () => {
    const expected = await oneByOne();
    expect(expected.orders).toHaveLength(24);

    // A long poll interval: only the finish webhook gets the job going again before it.
    const { value, sent } = deps({ pollMs: 3_600_000 });
    registerJobHandler(BULK_BACKFILL, bulkBackfillHandler(value));
    const job = await enqueueBulkBackfill(shop, TODAY);
    expect(job.payload).toEqual({ from: "2026-09-02T00:00:00.000Z" });
    expect((await enqueueBulkBackfill(shop, TODAY)).id).toBe(job.id);

    await runPendingJobs();
    let stored = await db.prisma.backgroundJob.findUniqueOrThrow({ where: { id: job.id } });
    const started = readBulkProgress(stored.result);
    expect(stored.status).toBe("QUEUED");
    expect(stored.runAfter.getTime()).toBeGreaterThan(Date.now() + 3_000_000);
    expect(started).toMatchObject({ operationStatus: "RUNNING", linesApplied: 0, finished: false });
    expect(started.operationId).toMatch(/^gid:\/\/shopify\/BulkOperation\/\d+$/);
    expect(sent.filter((q) => q === BULK_OPERATION_RUN_QUERY)).toHaveLength(1);

    // Shopify runs one bulk query per shop at a time.
    const second = (await emulator.run(BULK_OPERATION_RUN_QUERY, { query: bulkOrdersQuery(""), groupObjects: true })).body as {
      data: { bulkOperationRunQuery: { bulkOperation: null; userErrors: { code: string; message: string }[] } };
    };
    expect(second.data.bulkOperationRunQuery.bulkOperation).toBeNull();
    expect(second.data.bulkOperationRunQuery.userErrors[0].code).toBe("OPERATION_IN_PROGRESS");

    // Nothing runs before the poll interval…
    expect(await runPendingJobs()).toBe(0);
    // …until Shopify's finish webhook (its documented sample, with this operation's id) wakes it.
    await emulator.bulk.finishAll();
    const finish = { admin_graphql_api_id: started.operationId, completed_at: TODAY.toISOString(), created_at: TODAY.toISOString(), error_code: null, status: "completed", type: "query" };
    const answer = await deliver("bulk_operations/finish", finish, { shop: STORE.domain });
    expect(answer.status).toBe(200);
    expect(answer.headers.get("X-CodeTrail-Outcome")).toBe("APPLIED");
    expect(await runPendingJobs()).toBe(1);

    stored = await db.prisma.backgroundJob.findUniqueOrThrow({ where: { id: job.id } });
    expect(stored.status).toBe("SUCCEEDED");
    const done = readBulkProgress(stored.result);
    // 29 orders in the window; 24 carry a tracked code somewhere (or a link); 5 are others' orders.
    expect(done).toMatchObject({ ordersRead: 29, ordersApplied: 24, ordersRejected: 0, outcomes: { APPLIED: 24 }, batchesFellBack: 0, failures: [], finished: true });
    expect(done.linesApplied).toBeGreaterThan(29);

    // Exactly the ledger one-by-one application gives: rows, refunds, daily and repeat rollups.
    expect(await ledgerState()).toEqual(expected);
    const ledger = await db.prisma.attributedOrder.findMany({ orderBy: { shopifyOrderId: "asc" } });
    expect(ledger.find((o) => o.name === "#1003")).toMatchObject({ influencerId: janeId, matchedCode: "jane15" });
    expect(ledger.find((o) => o.name === "#1007")).toMatchObject({ influencerId: marcoId, matchedCode: "MARCO10" });
    expect(ledger.find((o) => o.name === "#1011")).toMatchObject({ influencerId: janeId, source: "TRACKING_LINK" });
    expect(toDecimal(ledger.find((o) => o.name === "#1004")!.refunded).toFixed(2)).toBe("17.50");
    expect(toDecimal(ledger.find((o) => o.name === "#1016")!.refunded).toFixed(2)).toBe("25.00");

    // A second run over the same history applies the same orders again and changes nothing.
    registerJobHandler(BULK_BACKFILL, bulkBackfillHandler(deps().value));
    const again = await enqueueBulkBackfill(shop, TODAY);
    await runPendingJobs();
    const rerun = await db.prisma.backgroundJob.findUniqueOrThrow({ where: { id: again.id } });
    expect(rerun.status).toBe("SUCCEEDED");
    expect(readBulkProgress(rerun.result)).toMatchObject({ ordersRead: 29, ordersApplied: 24 });
    expect(await ledgerState()).toEqual(expected);
  });

  it("imports a failed operation's partial data, shows the error code and starts a new operation", async () => {
    const expected = await oneByOne();
    registerJobHandler(BULK_BACKFILL, bulkBackfillHandler(deps().value));
    emulator.bulk.failNext({ errorCode: "TIMEOUT", afterRootObjects: 10 });
    const job = await enqueueBulkBackfill(shop, TODAY);
    await runPendingJobs(3);
    let stored = await db.prisma.backgroundJob.findUniqueOrThrow({ where: { id: job.id } });
    expect(stored.status).toBe("QUEUED");
    expect(stored.lastError).toBe("Shopify's bulk operation failed (TIMEOUT); its partial data was imported, a new operation will be started.");
    const failed = readBulkProgress(stored.result);
    expect(failed.failures).toEqual([{ operationId: expect.stringMatching(/BulkOperation/), errorCode: "TIMEOUT", partialOrders: 10 }]);
    expect(failed).toMatchObject({ operationId: null, ordersRead: 10, ordersApplied: 8 });
    expect(await db.prisma.attributedOrder.count()).toBe(8);

    // What the sync page lists.
    const [listed] = await recentBulkBackfills(shop.id);
    expect(listed).toMatchObject({ status: "QUEUED", progress: { failures: [{ errorCode: "TIMEOUT", partialOrders: 10 }] } });

    // The retry runs a new operation and completes; the partial orders applied again change nothing.
    await db.prisma.backgroundJob.update({ where: { id: job.id }, data: { runAfter: new Date(0) } });
    await runPendingJobs();
    stored = await db.prisma.backgroundJob.findUniqueOrThrow({ where: { id: job.id } });
    expect(stored.status).toBe("SUCCEEDED");
    const done = readBulkProgress(stored.result);
    expect(done.operationId).not.toBe(failed.failures[0].operationId);
    expect(done).toMatchObject({ ordersRead: 39, ordersApplied: 32, finished: true });
    expect(await ledgerState()).toEqual(expected);
  });

  it("resumes after a crash mid-import from the lines it recorded, with the same operation", async () => {
    const expected = await oneByOne();
    // The process dies in its third ledger statement (batches of 4 tracked orders).
    let statements = 0;
    const dying: RawQuery = async (sql, params) => {
      if (sql.includes("codetrail_import_orders") && ++statements === 3) throw new Error("process killed");
      return database().driverQuery(sql, params);
    };
    const first = deps({ query: dying });
    registerJobHandler(BULK_BACKFILL, bulkBackfillHandler(first.value));
    const job = await enqueueBulkBackfill(shop, TODAY);
    await runPendingJobs(3);
    let stored = await db.prisma.backgroundJob.findUniqueOrThrow({ where: { id: job.id } });
    expect(stored.lastError).toBe("process killed");
    const saved = readBulkProgress(stored.result);
    expect(saved.ordersApplied).toBe(8);
    expect(saved.linesApplied).toBeGreaterThan(0);
    expect(await db.prisma.attributedOrder.count()).toBe(8);
    // As after kill -9: the job is still RUNNING under an expired lease when the next process looks.
    await db.prisma.backgroundJob.update({ where: { id: job.id }, data: { status: "RUNNING", lockedUntil: new Date(Date.now() - 1000) } });

    const read: number[] = [];
    const second = deps({
      download: async (_shop, url) => {
        const source = emulator.bulk.download(url);
        return (async function* () {
          for await (const chunk of source) {
            read.push(chunk.byteLength);
            yield chunk;
          }
        })();
      },
    });
    registerJobHandler(BULK_BACKFILL, bulkBackfillHandler(second.value));
    await runPendingJobs();
    stored = await db.prisma.backgroundJob.findUniqueOrThrow({ where: { id: job.id } });
    expect(stored.status).toBe("SUCCEEDED");
    const done = readBulkProgress(stored.result);
    // The same operation (no second bulk query), continued after the recorded lines: every order
    // read once in total, none applied twice.
    expect(second.sent.filter((q) => q === BULK_OPERATION_RUN_QUERY)).toHaveLength(0);
    expect(done.operationId).toBe(saved.operationId);
    expect(done).toMatchObject({ ordersRead: 29, ordersApplied: 24, outcomes: { APPLIED: 24 }, batchesFellBack: 0, finished: true });
    expect(await ledgerState()).toEqual(expected);
  });
});
