import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { ORDERS_PAGE } from "../../app/graphql/orders-page";
import { toDecimal } from "../../app/lib/money";
import type { AdminGraphqlClient } from "../../app/services/admin-client.server";
import { createAdminEmulator } from "../../app/demo/admin-emulator/emulator.server";
import { putEmulatorOrder } from "../../app/demo/admin-emulator/orders.server";
import type { EmulatedShopSettings } from "../../app/demo/admin-emulator/resolvers.server";
import { claimNextJob, enqueueJob, registerJobHandler, runPendingJobs } from "../../app/services/jobs.server";
import {
  enqueueReconcile,
  readReconcileProgress,
  RECONCILE,
  reconcileHandler,
  scheduleDueReconciliations,
  takeSyncLease,
} from "../../app/services/reconcile.server";
import { syncShopDetails } from "../../app/services/shop-sync.server";
import { createTestDatabase, type TestDatabase } from "../support/database";
import { applyToLedger, order, ORDER_BASE } from "../support/orders";

const STORE: EmulatedShopSettings = {
  id: "5151", domain: "reconcile-test.myshopify.com", name: "Reconcile Test", currencyCode: "USD", ianaTimezone: "UTC",
};
const NOW = new Date("2026-11-20T12:00:00Z");
const hoursAgo = (h: number) => new Date(NOW.getTime() - h * 3_600_000);
let db: TestDatabase;
let emulator: ReturnType<typeof createAdminEmulator>;
let shop: Awaited<ReturnType<typeof syncShopDetails>>;
let pageCalls = 0;

const counting: AdminGraphqlClient = {
  graphql(query, options) {
    if (query === ORDERS_PAGE) pageCalls += 1;
    return emulator.graphql(query, options);
  },
};

beforeAll(async () => {
  db = await createTestDatabase();
  emulator = createAdminEmulator({ store: { db: db.prisma, shop: STORE } });
  shop = await syncShopDetails(emulator, STORE.domain);
  registerJobHandler(RECONCILE, reconcileHandler(async () => counting, () => NOW));
});
afterAll(() => db.destroy());
beforeEach(async () => {
  pageCalls = 0;
  await db.prisma.backgroundJob.deleteMany({});
  await db.prisma.shopSyncState.deleteMany({});
  await db.prisma.attributedOrder.deleteMany({});
  await db.prisma.orderRefund.deleteMany({});
  await db.prisma.dailyRollup.deleteMany({});
  await db.prisma.discountCode.deleteMany({});
  await db.prisma.influencer.deleteMany({});
  await db.prisma.emulatorOrder.deleteMany({});
});

async function janeWithCode() {
  const jane = await db.prisma.influencer.create({ data: { shopId: shop.id, name: "Jane Porter" } });
  await db.prisma.discountCode.create({ data: { shopId: shop.id, influencerId: jane.id, code: "JANE15", value: "15.0000" } });
  return jane;
}

describe("reconciliation", () => {
  it("repairs a missed order, a missed refund and a missed cancellation, and reports what it fixed", async () => {
    await janeWithCode();
    // What the webhooks delivered: orders 1, 2 and 3 as first created.
    const o1 = order(1, { createdAt: hoursAgo(30) });
    const o2 = order(2, { createdAt: hoursAgo(29) });
    const o3 = order(3, { createdAt: hoursAgo(28) });
    for (const o of [o1, o2, o3]) {
      await applyToLedger(shop, o);
      await putEmulatorOrder(db.prisma, STORE.domain, o);
    }
    // What happened in the store without a webhook reaching the app: order 2 was refunded, order 3
    // cancelled, order 4 placed with the code; order 5 (no influencer code) is none of our business.
    await putEmulatorOrder(db.prisma, STORE.domain, { ...o2, updatedAt: hoursAgo(5), refunds: [{ id: ORDER_BASE + 77n, amount: "30.00", processedAt: hoursAgo(5) }] });
    await putEmulatorOrder(db.prisma, STORE.domain, { ...o3, updatedAt: hoursAgo(4), cancelledAt: hoursAgo(4) });
    await putEmulatorOrder(db.prisma, STORE.domain, order(4, { createdAt: hoursAgo(3), countryCode: "DE" }));
    await putEmulatorOrder(db.prisma, STORE.domain, order(5, { createdAt: hoursAgo(2), codes: [] }));
    // A shop's first run covers the backfill window (60 days without read_all_orders), not 3 days:
    // order 7, placed and last touched 10 days ago, is repaired; order 6, 70 days old, is not asked for.
    await putEmulatorOrder(db.prisma, STORE.domain, order(6, { createdAt: hoursAgo(24 * 70) }));
    await putEmulatorOrder(db.prisma, STORE.domain, order(7, { createdAt: hoursAgo(24 * 10) }));

    const job = await enqueueReconcile(shop.id);
    expect(await runPendingJobs()).toBe(1);
    const done = await db.prisma.backgroundJob.findUniqueOrThrow({ where: { id: job.id } });
    expect(done.status).toBe("SUCCEEDED");
    const report = readReconcileProgress(done.result)!;
    expect(report.from).toBe(hoursAgo(24 * 60).toISOString());
    expect(report.fixed).toEqual({ orders: 2, refunds: 1, cancellations: 1, updates: 0 });
    expect(report.fixes).toEqual([
      { name: "#1007", changes: ["order"] },
      { name: "#1002", changes: ["refund"] },
      { name: "#1003", changes: ["cancellation"] },
      { name: "#1004", changes: ["order"] },
    ]);
    expect(report.checked).toBe(6);

    const ledger = await db.prisma.attributedOrder.findMany({ orderBy: { name: "asc" } });
    expect(ledger.map((o) => o.name)).toEqual(["#1001", "#1002", "#1003", "#1004", "#1007"]);
    expect(toDecimal(ledger[1].refunded).toFixed(2)).toBe("30.00");
    expect(ledger[2].cancelledAt?.toISOString()).toBe(hoursAgo(4).toISOString());
    expect(ledger[3].countryCode).toBe("DE");
    const rollups = await db.prisma.dailyRollup.aggregate({ _sum: { orders: true, refunds: true } });
    expect(rollups._sum.orders).toBe(4);
    expect(toDecimal(rollups._sum.refunds).toFixed(2)).toBe("30.00");

    // The checkpoint moved; the next run starts there (with a small overlap) and fixes nothing.
    const state = await db.prisma.shopSyncState.findUniqueOrThrow({ where: { shopId: shop.id } });
    expect(state).toMatchObject({ reconciledUntil: NOW, lastReconcileJob: job.id, leaseOwner: null });
    const next = await enqueueReconcile(shop.id);
    await runPendingJobs();
    const nextReport = readReconcileProgress((await db.prisma.backgroundJob.findUniqueOrThrow({ where: { id: next.id } })).result)!;
    expect(nextReport.from).toBe(new Date(NOW.getTime() - 10 * 60_000).toISOString());
    expect(nextReport.fixed).toEqual({ orders: 0, refunds: 0, cancellations: 0, updates: 0 });
  });

  it("pages through many updated orders, resuming from its cursor after a restart", async () => {
    await janeWithCode();
    for (let n = 1; n <= 30; n++) await putEmulatorOrder(db.prisma, STORE.domain, order(n, { createdAt: hoursAgo(40 - n) }));
    const job = await enqueueReconcile(shop.id);
    // A process took the job, applied the first page and died: lease and job lock both expired.
    const firstPage = (await emulator.run(ORDERS_PAGE, {
      first: 25, after: null, sortKey: "UPDATED_AT",
      query: `updated_at:>='${hoursAgo(72).toISOString()}' updated_at:<='${NOW.toISOString()}'`,
    })).body as { data: { orders: { pageInfo: { endCursor: string } } } };
    for (let n = 1; n <= 25; n++) await applyToLedger(shop, order(n, { createdAt: hoursAgo(40 - n) }));
    await db.prisma.backgroundJob.update({
      where: { id: job.id },
      data: {
        status: "RUNNING", attempts: 1, lockedUntil: new Date(Date.now() - 1000),
        result: {
          from: hoursAgo(72).toISOString(), until: NOW.toISOString(), cursor: firstPage.data.orders.pageInfo.endCursor,
          pages: 1, checked: 25, fixed: { orders: 25, refunds: 0, cancellations: 0, updates: 0 }, fixes: [], truncated: 0, finished: false,
        },
      },
    });
    await db.prisma.shopSyncState.update({ where: { shopId: shop.id }, data: { leaseOwner: "dead-process-job", leaseUntil: new Date(Date.now() - 1000) } });

    await runPendingJobs();
    const done = await db.prisma.backgroundJob.findUniqueOrThrow({ where: { id: job.id } });
    expect(done.status).toBe("SUCCEEDED");
    expect(pageCalls).toBe(1); // only the second page
    expect(readReconcileProgress(done.result)).toMatchObject({ pages: 2, checked: 30, fixed: { orders: 30 }, finished: true });
    expect(await db.prisma.attributedOrder.count()).toBe(30);
  });
});

describe("no double work across processes", () => {
  it("hands a reconciliation job to exactly one of two workers", async () => {
    await janeWithCode();
    await putEmulatorOrder(db.prisma, STORE.domain, order(1, { createdAt: hoursAgo(2) }));
    await enqueueReconcile(shop.id);
    const claims = await Promise.all([claimNextJob(), claimNextJob()]);
    expect(claims.filter(Boolean)).toHaveLength(1);
  });

  it("skips a reconciliation while another job holds the shop's lease, without calling Shopify", async () => {
    await janeWithCode();
    await putEmulatorOrder(db.prisma, STORE.domain, order(1, { createdAt: hoursAgo(2) }));
    expect(await takeSyncLease(shop.id, "job-on-another-process")).toBe(true);
    expect(await takeSyncLease(shop.id, "someone-else")).toBe(false);
    const job = await enqueueJob(shop.id, RECONCILE, { manual: true });
    await runPendingJobs();
    const done = await db.prisma.backgroundJob.findUniqueOrThrow({ where: { id: job.id } });
    expect(done.result).toEqual({ skipped: "another reconciliation of this shop is running" });
    expect(pageCalls).toBe(0);
    expect(await db.prisma.attributedOrder.count()).toBe(0);
    // The holder still has its lease; once it expires, a new job takes over.
    expect((await db.prisma.shopSyncState.findUniqueOrThrow({ where: { shopId: shop.id } })).leaseOwner).toBe("job-on-another-process");
    await db.prisma.shopSyncState.update({ where: { shopId: shop.id }, data: { leaseUntil: new Date(Date.now() - 1000) } });
    const retry = await enqueueReconcile(shop.id);
    await runPendingJobs();
    expect(readReconcileProgress((await db.prisma.backgroundJob.findUniqueOrThrow({ where: { id: retry.id } })).result)?.fixed.orders).toBe(1);
  });

  it("two jobs of the same shop started at once: one reconciles, the other stands down", async () => {
    await janeWithCode();
    for (let n = 1; n <= 3; n++) await putEmulatorOrder(db.prisma, STORE.domain, order(n, { createdAt: hoursAgo(n) }));
    // Bypass the button's de-duplication, as two processes' schedulers racing could.
    const a = await enqueueJob(shop.id, RECONCILE, { manual: false });
    const b = await enqueueJob(shop.id, RECONCILE, { manual: true });
    await Promise.all([runPendingJobs(1), runPendingJobs(1)]);
    const results = await db.prisma.backgroundJob.findMany({ where: { id: { in: [a.id, b.id] } } });
    expect(results.every((j) => j.status === "SUCCEEDED")).toBe(true);
    const skipped = results.filter((j) => (j.result as { skipped?: string }).skipped);
    const worked = results.filter((j) => readReconcileProgress(j.result)?.finished);
    // On PGlite (one connection) the jobs run one after the other and the second finds nothing to
    // fix; on PostgreSQL they overlap and the second stands down. Either way: the work is done once.
    expect(skipped.length + worked.length).toBe(2);
    const fixed = worked.reduce((sum, j) => sum + (readReconcileProgress(j.result)?.fixed.orders ?? 0), 0);
    expect(fixed).toBe(3);
    expect(await db.prisma.attributedOrder.count()).toBe(3);
  });

  it("the scheduler queues one run per due shop even when every process asks at once", async () => {
    await janeWithCode();
    const other = await db.prisma.shop.create({ data: { domain: "reconcile-gone.myshopify.com", name: "Gone", uninstalledAt: new Date() } });
    const queued = await Promise.all([scheduleDueReconciliations(NOW), scheduleDueReconciliations(NOW), scheduleDueReconciliations(NOW)]);
    expect(queued.flat()).toEqual([shop.id]);
    expect(await db.prisma.backgroundJob.count({ where: { kind: RECONCILE } })).toBe(1);
    // Not due again until the interval has passed.
    expect(await scheduleDueReconciliations(new Date(NOW.getTime() + 60_000))).toEqual([]);
    expect(await scheduleDueReconciliations(new Date(NOW.getTime() + 2 * 3_600_000))).toEqual([shop.id]);
    expect(await db.prisma.backgroundJob.count({ where: { kind: RECONCILE } })).toBe(1); // still queued: not doubled
    await db.prisma.shop.delete({ where: { id: other.id } });
  });
});
