import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { ORDER_DETAILS } from "../../app/graphql/order-details";
import { ORDERS_PAGE } from "../../app/graphql/orders-page";
import { toDecimal } from "../../app/lib/money";
import { LeakyBucket } from "../../app/demo/admin-emulator/cost.server";
import { createAdminEmulator } from "../../app/demo/admin-emulator/emulator.server";
import { putEmulatorOrder } from "../../app/demo/admin-emulator/orders.server";
import type { EmulatedShopSettings } from "../../app/demo/admin-emulator/resolvers.server";
import type { AdminGraphqlClient } from "../../app/services/admin-client.server";
import { BACKFILL, backfillHandler, enqueueBackfill, readBackfillProgress } from "../../app/services/backfill.server";
import { linkExistingCode } from "../../app/services/discount-codes.server";
import { registerJobHandler, runPendingJobs } from "../../app/services/jobs.server";
import { throttledAdmin } from "../../app/services/admin-throttle.server";
import { syncShopDetails } from "../../app/services/shop-sync.server";
import { createTestDatabase, type TestDatabase } from "../support/database";
import { order, ORDER_BASE } from "../support/orders";

const STORE: EmulatedShopSettings = {
  id: "4242", domain: "backfill-test.myshopify.com", name: "Backfill Test", currencyCode: "USD", ianaTimezone: "UTC",
};
let db: TestDatabase;
let emulator: ReturnType<typeof createAdminEmulator>;
let shop: Awaited<ReturnType<typeof syncShopDetails>>;
// A simulated clock shared by the emulator's cost bucket and the throttle's sleep.
let now = 0;
// The day the backfills run: the store's history (October 2026) is inside the 60-day window.
const TODAY = () => new Date("2026-11-01T00:00:00Z");
const sleep = async (ms: number) => {
  now += ms;
};

async function storeDiscount(code: string, percentage = 0.15) {
  await emulator.run(`mutation { discountCodeBasicCreate(basicCodeDiscount: { title: "${code}", code: "${code}",
    customerGets: { value: { percentage: ${percentage} }, items: { all: true } }, context: { all: ALL } }) { userErrors { code } } }`);
}

/** Records every operation sent, and can fail one on purpose (a crash mid-job). */
function recording(admin: AdminGraphqlClient, failWhen: (query: string, variables: Record<string, unknown>) => boolean = () => false) {
  const calls: { query: string; variables: Record<string, unknown> }[] = [];
  const client: AdminGraphqlClient = {
    async graphql(query, options) {
      const variables = options?.variables ?? {};
      calls.push({ query, variables });
      if (failWhen(query, variables)) throw new Error("process killed");
      return admin.graphql(query, options);
    },
  };
  return { client, calls };
}

beforeAll(async () => {
  db = await createTestDatabase();
  emulator = createAdminEmulator({ store: { db: db.prisma, shop: STORE }, bucket: new LeakyBucket(2000, 100, () => now) });
  shop = await syncShopDetails(emulator, STORE.domain);
});
afterAll(() => db.destroy());
beforeEach(async () => {
  now += 60_000; // The bucket is full again for each test.
  await db.prisma.backgroundJob.deleteMany({});
  await db.prisma.attributedOrder.deleteMany({});
  await db.prisma.orderRefund.deleteMany({});
  await db.prisma.dailyRollup.deleteMany({});
  await db.prisma.discountCode.deleteMany({});
  await db.prisma.influencer.deleteMany({});
  await db.prisma.emulatorDiscount.deleteMany({});
  await db.prisma.emulatorOrder.deleteMany({});
});

describe("backfill of a linked code", () => {
  it("imports every past order of the code over several pages, resumes after a crash without duplicates", async () => {
    const jane = await db.prisma.influencer.create({ data: { shopId: shop.id, name: "Jane Porter" } });
    const marco = await db.prisma.influencer.create({ data: { shopId: shop.id, name: "Marco Rossi" } });
    await storeDiscount("JANE15");
    await storeDiscount("MARCO10", 0.1);
    // The store's history: 60 orders with JANE15 (3 pages of 25), a few with refunds, one
    // cancelled, one that also carries Marco's bigger discount; and orders of other codes.
    for (let n = 1; n <= 60; n++) {
      await putEmulatorOrder(db.prisma, STORE.domain, order(n, {
        refunds: n % 10 === 5 ? [{ id: ORDER_BASE + 900_000n + BigInt(n), amount: "20.00", processedAt: new Date(Date.UTC(2026, 9, 20)) }] : [],
        cancelledAt: n === 7 ? new Date(Date.UTC(2026, 9, 2)) : null,
        codes: n === 12 ? [{ code: "JANE15", amount: "5.00" }, { code: "marco10", amount: "8.00" }] : [{ code: "JANE15", amount: "15.00" }],
        countryCode: "US",
        referrerUrl: "https://www.instagram.com/",
      }));
    }
    for (let n = 61; n <= 65; n++) await putEmulatorOrder(db.prisma, STORE.domain, order(n, { codes: [{ code: "OTHER5", amount: "5.00" }] }));
    await db.prisma.discountCode.create({ data: { shopId: shop.id, influencerId: marco.id, code: "MARCO10", value: "10.0000" } });

    // Linking the existing code queues its backfill.
    const linked = await linkExistingCode(emulator, shop, jane.id, "jane15");
    expect(linked.ok).toBe(true);
    const [job] = await db.prisma.backgroundJob.findMany({ where: { kind: BACKFILL } });
    expect(job.payload).toMatchObject({ code: "JANE15" });

    // The process dies while applying page 3, on order #1055 (its refund needs the details query):
    // #1051–#1054 are already in the ledger, the saved cursor still points after page 2.
    const crashing = recording(emulator, (query, variables) =>
      query === ORDER_DETAILS && variables.id === `gid://shopify/Order/${ORDER_BASE + 55n}`);
    registerJobHandler(BACKFILL, backfillHandler(async () => throttledAdmin(crashing.client, { sleep }), TODAY));
    await runPendingJobs();
    let stored = await db.prisma.backgroundJob.findUniqueOrThrow({ where: { id: job.id } });
    expect(stored).toMatchObject({ status: "QUEUED", done: 50, total: 65, lastError: "process killed" });
    const saved = readBackfillProgress(stored.result);
    expect(saved).toMatchObject({ pages: 2, scanned: 50, seen: 50, imported: 50, finished: false, from: "2026-09-02T00:00:00.000Z" });
    expect(saved.cursor).toBeTruthy();
    expect(await db.prisma.attributedOrder.count()).toBe(54);

    // Restart: it continues from the saved cursor (page 3), not from the beginning.
    await db.prisma.backgroundJob.update({ where: { id: job.id }, data: { runAfter: new Date(0) } });
    const healthy = recording(emulator);
    registerJobHandler(BACKFILL, backfillHandler(async () => throttledAdmin(healthy.client, { sleep }), TODAY));
    await runPendingJobs();
    stored = await db.prisma.backgroundJob.findUniqueOrThrow({ where: { id: job.id } });
    expect(stored).toMatchObject({ status: "SUCCEEDED", done: 65, total: 65 });
    const pages = healthy.calls.filter((c) => c.query === ORDERS_PAGE);
    expect(pages).toHaveLength(1);
    expect(pages[0].variables.after).toBe(saved.cursor);
    expect(readBackfillProgress(stored.result)).toMatchObject({ pages: 3, scanned: 65, seen: 60, finished: true });

    // Exactly once: 60 orders, 6 refunds, no duplicates; the same attribution as webhooks.
    const orders = await db.prisma.attributedOrder.findMany({ orderBy: { shopifyOrderId: "asc" } });
    expect(orders).toHaveLength(60);
    expect(new Set(orders.map((o) => o.shopifyOrderId)).size).toBe(60);
    expect(await db.prisma.orderRefund.count()).toBe(6);
    expect(orders.filter((o) => toDecimal(o.refunded).eq(20)).map((o) => o.name)).toEqual(
      ["#1005", "#1015", "#1025", "#1035", "#1045", "#1055"],
    );
    expect(orders.find((o) => o.name === "#1007")?.cancelledAt).not.toBeNull();
    // Stacked codes: the bigger discount (Marco's) wins, as for webhooks.
    expect(orders.find((o) => o.name === "#1012")).toMatchObject({ influencerId: marco.id, matchedCode: "marco10" });
    expect(orders.filter((o) => o.influencerId === jane.id)).toHaveLength(59);
    expect(orders[0]).toMatchObject({ referringHost: "instagram.com", countryCode: "US", source: "DISCOUNT_CODE" });

    // The report rollups were kept in step: 59 reportable orders (one cancelled), refunds summed.
    const rollups = await db.prisma.dailyRollup.aggregate({ _sum: { orders: true, refunds: true } });
    expect(rollups._sum.orders).toBe(59);
    expect(toDecimal(rollups._sum.refunds).toFixed(2)).toBe("120.00");

    // Running it again (on demand) finds everything already there and changes nothing.
    const again = await enqueueBackfill(shop.id, linked.ok ? linked.code.id : "");
    await runPendingJobs();
    const rerun = await db.prisma.backgroundJob.findUniqueOrThrow({ where: { id: again.id } });
    expect(rerun).toMatchObject({ status: "SUCCEEDED", lastError: null });
    expect(readBackfillProgress(rerun.result)).toMatchObject({ seen: 60, imported: 0, updated: 0, unchanged: 60, finished: true });
    expect(await db.prisma.attributedOrder.count()).toBe(60);
    expect((await db.prisma.dailyRollup.aggregate({ _sum: { orders: true } }))._sum.orders).toBe(59);
  });

  it("finds the orders where the code was not the first code (Shopify's discount_code: search misses them)", async () => {
    const jane = await db.prisma.influencer.create({ data: { shopId: shop.id, name: "Jane Porter" } });
    const code = await db.prisma.discountCode.create({ data: { shopId: shop.id, influencerId: jane.id, code: "JANE15", value: "15.0000" } });
    // #1001: JANE15 alone; #1002: a store-wide code first, JANE15 second (the bigger discount);
    // #1003: JANE15 third; #1004: other codes only; #1005: JANE15 second but 70 days before today.
    await putEmulatorOrder(db.prisma, STORE.domain, order(1));
    await putEmulatorOrder(db.prisma, STORE.domain, order(2, { codes: [{ code: "WELCOME5", amount: "5.00" }, { code: "jane15", amount: "15.00" }] }));
    await putEmulatorOrder(db.prisma, STORE.domain, order(3, { codes: [{ code: "A1", amount: "1.00" }, { code: "B2", amount: "2.00" }, { code: "Jane15", amount: "15.00" }] }));
    await putEmulatorOrder(db.prisma, STORE.domain, order(4, { codes: [{ code: "WELCOME5", amount: "5.00" }] }));
    await putEmulatorOrder(db.prisma, STORE.domain, order(5, {
      createdAt: new Date("2026-08-23T00:00:00Z"), codes: [{ code: "WELCOME5", amount: "5.00" }, { code: "JANE15", amount: "15.00" }],
    }));
    // The emulator searches like Shopify: discount_code: finds only #1001.
    const byCode = (await emulator.run(ORDERS_PAGE, { first: 10, query: "discount_code:JANE15", sortKey: "ID" })).body as {
      data: { orders: { nodes: { name: string }[] } };
    };
    expect(byCode.data.orders.nodes.map((n) => n.name)).toEqual(["#1001"]);

    registerJobHandler(BACKFILL, backfillHandler(async () => throttledAdmin(emulator, { sleep }), TODAY));
    const job = await enqueueBackfill(shop.id, code.id);
    await runPendingJobs();
    const done = await db.prisma.backgroundJob.findUniqueOrThrow({ where: { id: job.id } });
    expect(done.status).toBe("SUCCEEDED");
    expect(readBackfillProgress(done.result)).toMatchObject({ scanned: 4, seen: 3, imported: 3, finished: true });
    const orders = await db.prisma.attributedOrder.findMany({ orderBy: { name: "asc" } });
    expect(orders.map((o) => [o.name, o.influencerId, o.matchedCode])).toEqual([
      ["#1001", jane.id, "JANE15"],
      ["#1002", jane.id, "jane15"],
      ["#1003", jane.id, "Jane15"],
    ]);

    // With read_all_orders granted, the window is the whole history: #1005 is found too.
    await db.prisma.session.create({
      data: { id: "offline_backfill-test", shop: STORE.domain, state: "x", isOnline: false, accessToken: "test", scope: "read_orders,read_all_orders" },
    });
    const all = await enqueueBackfill(shop.id, code.id);
    await runPendingJobs();
    const everything = await db.prisma.backgroundJob.findUniqueOrThrow({ where: { id: all.id } });
    expect(readBackfillProgress(everything.result)).toMatchObject({ from: null, scanned: 5, seen: 4, imported: 1 });
    expect(await db.prisma.attributedOrder.count()).toBe(4);
    await db.prisma.session.deleteMany({});
  });

  it("does not queue a second backfill while one is waiting for the same code", async () => {
    const jane = await db.prisma.influencer.create({ data: { shopId: shop.id, name: "Jane Porter" } });
    const code = await db.prisma.discountCode.create({ data: { shopId: shop.id, influencerId: jane.id, code: "JANE15", value: "15.0000" } });
    const first = await enqueueBackfill(shop.id, code.id);
    const second = await enqueueBackfill(shop.id, code.id);
    expect(second.id).toBe(first.id);
    const other = await db.prisma.shop.create({ data: { domain: "backfill-other.myshopify.com", name: "Other" } });
    await expect(enqueueBackfill(other.id, code.id)).rejects.toBeInstanceOf(Response);
  });
});

describe("the emulator's orders search", () => {
  it("pages with real cursors and filters by discount code and updated_at", async () => {
    for (let n = 1; n <= 7; n++) {
      await putEmulatorOrder(db.prisma, STORE.domain, order(n, {
        updatedAt: new Date(Date.UTC(2026, 10, n)),
        codes: n % 2 ? [{ code: "JANE15", amount: "15.00" }] : [{ code: "OTHER", amount: "1.00" }],
      }));
    }
    const names: string[] = [];
    let after: string | null = null;
    for (;;) {
      const result = (await emulator.run(ORDERS_PAGE, { first: 2, after, query: "discount_code:jane15", sortKey: "ID" })).body as {
        data: { orders: { nodes: { name: string }[]; pageInfo: { hasNextPage: boolean; endCursor: string } } };
      };
      names.push(...result.data.orders.nodes.map((n) => n.name));
      if (!result.data.orders.pageInfo.hasNextPage) break;
      after = result.data.orders.pageInfo.endCursor;
    }
    expect(names).toEqual(["#1001", "#1003", "#1005", "#1007"]);
    const updated = (await emulator.run(ORDERS_PAGE, {
      first: 10, after: null, query: "updated_at:>='2026-11-03T00:00:00Z' updated_at:<='2026-11-05T00:00:00Z'", sortKey: "UPDATED_AT",
    })).body as { data: { orders: { nodes: { name: string }[] } } };
    expect(updated.data.orders.nodes.map((n) => n.name)).toEqual(["#1003", "#1004", "#1005"]);
    const unknown = (await emulator.run(ORDERS_PAGE, { first: 1, query: "financial_status:paid", sortKey: "ID" })).body as { errors: { message: string }[] };
    expect(unknown.errors[0].message).toContain("does not implement the search term");
  });
});
