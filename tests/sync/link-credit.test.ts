import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { toDecimal } from "../../app/lib/money";
import { trackingUrl } from "../../app/lib/tracking-links";
import { createTrackingLink, deleteTrackingLink, fullTrackingUrl, listTrackingLinks } from "../../app/models/tracking-links.server";
import { createAdminEmulator } from "../../app/demo/admin-emulator/emulator.server";
import { putEmulatorOrder } from "../../app/demo/admin-emulator/orders.server";
import type { EmulatedShopSettings } from "../../app/demo/admin-emulator/resolvers.server";
import { BACKFILL, backfillHandler, enqueueBackfill } from "../../app/services/backfill.server";
import { registerJobHandler, runPendingJobs } from "../../app/services/jobs.server";
import { enqueueReconcile, RECONCILE, reconcileHandler } from "../../app/services/reconcile.server";
import { syncShopDetails } from "../../app/services/shop-sync.server";
import { createTestDatabase, type TestDatabase } from "../support/database";
import { order, ORDER_BASE } from "../support/orders";
import { deliver, orderPayload } from "../webhooks/helpers";

/**
 * Decision 016: an order that lands through a tracking link counts under the link's campaign when
 * the link has one and is the attributed influencer's, through webhooks, backfill and
 * reconciliation alike; the link's card shows the orders and net sales the ledger credits to it.
 */

const STORE: EmulatedShopSettings = {
  id: "6161", domain: "link-credit.myshopify.com", name: "Link Credit", currencyCode: "USD", ianaTimezone: "UTC",
};
const NOW = new Date("2026-11-20T12:00:00Z");
const hoursAgo = (h: number) => new Date(NOW.getTime() - h * 3_600_000);
let db: TestDatabase;
let emulator: ReturnType<typeof createAdminEmulator>;
let shop: Awaited<ReturnType<typeof syncShopDetails>>;

beforeAll(async () => {
  db = await createTestDatabase();
  emulator = createAdminEmulator({ store: { db: db.prisma, shop: STORE } });
  shop = await syncShopDetails(emulator, STORE.domain);
  registerJobHandler(RECONCILE, reconcileHandler(async () => emulator, () => NOW));
  registerJobHandler(BACKFILL, backfillHandler(async () => emulator, () => NOW));
});
afterAll(() => db.destroy());
beforeEach(async () => {
  await db.prisma.backgroundJob.deleteMany({});
  await db.prisma.shopSyncState.deleteMany({});
  await db.prisma.attributedOrder.deleteMany({});
  await db.prisma.dailyRollup.deleteMany({});
  await db.prisma.trackingLink.deleteMany({});
  await db.prisma.discountCode.deleteMany({});
  await db.prisma.influencer.deleteMany({});
  await db.prisma.campaign.deleteMany({});
  await db.prisma.emulatorOrder.deleteMany({});
});

/** Jane with JANE15 in the "Always" campaign (the code's), and a "Summer" campaign for her links. */
async function setUp() {
  const always = await db.prisma.campaign.create({ data: { shopId: shop.id, name: "Always", startsOn: new Date("2026-01-01") } });
  const summer = await db.prisma.campaign.create({
    data: { shopId: shop.id, name: "Summer", startsOn: new Date("2026-06-01"), endsOn: new Date("2026-08-31") },
  });
  const jane = await db.prisma.influencer.create({ data: { shopId: shop.id, name: "Jane" } });
  const bob = await db.prisma.influencer.create({ data: { shopId: shop.id, name: "Bob" } });
  const code = await db.prisma.discountCode.create({ data: { shopId: shop.id, influencerId: jane.id, campaignId: always.id, code: "JANE15", value: "15" } });
  const other = await db.prisma.discountCode.create({ data: { shopId: shop.id, influencerId: jane.id, code: "JANEVIP", value: "20" } });
  const bobCode = await db.prisma.discountCode.create({ data: { shopId: shop.id, influencerId: bob.id, campaignId: always.id, code: "BOB10", value: "10" } });
  const link = async (campaignId: string | null, content: string, discountCodeId = code.id) => {
    const created = await createTrackingLink(shop, jane.id, { discountCodeId, platform: "INSTAGRAM", campaignId, content, path: "/products/hat" });
    if (!created?.ok) throw new Error("link not created");
    return db.prisma.trackingLink.findUniqueOrThrow({ where: { id: created.link.id }, include: { discountCode: { select: { code: true } } } });
  };
  return { always, summer, jane, bob, code, other, bobCode, link };
}

const landingOf = (link: Parameters<typeof fullTrackingUrl>[1]) => fullTrackingUrl(STORE.domain, link);

async function deliverOrder(id: number, fields: Record<string, unknown>) {
  const response = await deliver("orders/create", orderPayload({ orderId: `${ORDER_BASE + BigInt(id)}`, ...fields }), { shop: STORE.domain });
  expect(response.status).toBe(200);
  return db.prisma.attributedOrder.findUniqueOrThrow({ where: { shopId_shopifyOrderId: { shopId: shop.id, shopifyOrderId: ORDER_BASE + BigInt(id) } } });
}

const typed = (code: string, amount = "5.00") => [{ code, amount, type: "fixed_amount" }];

describe("campaign credit through webhooks", () => {
  it("credits the link's campaign, even after it ended; a code-only order and an always-on link keep the code's campaign", async () => {
    const { always, summer, jane, code, other, link } = await setUp();
    const reel = await link(summer.id, "Reel");
    const alwaysOn = await link(null, "Story");
    // Landing through the Summer link without a typed code, on 20 November (Summer ended on 31 August).
    const viaLink = await deliverOrder(1, { discount_codes: [], landing_site: landingOf(reel), created_at: "2026-11-20T10:00:00Z" });
    expect(viaLink).toMatchObject({ influencerId: jane.id, discountCodeId: code.id, campaignId: summer.id, trackingLinkId: reel.id, source: "TRACKING_LINK" });
    // Jane's other code typed (no campaign of its own) on the Summer link's landing: still Summer.
    const typedOther = await deliverOrder(2, { discount_codes: typed("janevip"), landing_site: landingOf(reel) });
    expect(typedOther).toMatchObject({ discountCodeId: other.id, campaignId: summer.id, trackingLinkId: reel.id, source: "DISCOUNT_CODE" });
    // The code alone: the code's campaign.
    expect(await deliverOrder(3, { discount_codes: typed("JANE15"), landing_site: "/products/hat" })).toMatchObject({ campaignId: always.id, trackingLinkId: null });
    // A link without a campaign names the link but leaves the code's campaign.
    expect(await deliverOrder(4, { discount_codes: [], landing_site: landingOf(alwaysOn) })).toMatchObject({ campaignId: always.id, trackingLinkId: alwaysOn.id });

    // The report rollups follow the order's campaign.
    const byCampaign = await db.prisma.dailyRollup.groupBy({ by: ["campaignId"], where: { shopId: shop.id }, _sum: { orders: true } });
    expect(Object.fromEntries(byCampaign.map((r) => [r.campaignId, r._sum.orders]))).toEqual({ [summer.id]: 2, [always.id]: 2 });
  });

  it("ignores another influencer's link, a deleted link and an unknown slug (the code's campaign); decided once", async () => {
    const { always, summer, bob, link } = await setUp();
    const reel = await link(summer.id, "Reel");
    // Bob's code wins the order; Jane's link is not Bob's, so neither its campaign nor the link.
    expect(await deliverOrder(11, { discount_codes: typed("BOB10"), landing_site: landingOf(reel) })).toMatchObject({
      influencerId: bob.id,
      campaignId: always.id,
      trackingLinkId: null,
    });
    // A slug that names no link (tampered, or of a deleted link) credits nothing and is not guessed from the utm values.
    const tampered = landingOf(reel).replaceAll(reel.slug, "jane15-ig-zzzzz");
    expect(await deliverOrder(12, { discount_codes: [], landing_site: tampered })).toMatchObject({ campaignId: always.id, trackingLinkId: null });

    // Stored through the link, then the link is deleted: the order keeps its campaign, loses the link.
    const before = await deliverOrder(13, { discount_codes: [], landing_site: landingOf(reel) });
    expect(before).toMatchObject({ campaignId: summer.id, trackingLinkId: reel.id });
    expect(await deleteTrackingLink(shop.id, reel.influencerId, reel.id)).toBe(true);
    const kept = await db.prisma.attributedOrder.findUniqueOrThrow({ where: { id: before.id } });
    expect(kept).toMatchObject({ campaignId: summer.id, trackingLinkId: null });
    // A later order through the deleted link: the code's campaign.
    expect(await deliverOrder(14, { discount_codes: [], landing_site: landingOf(reel) })).toMatchObject({ campaignId: always.id, trackingLinkId: null });
  });

  it("matches a landing without a slug (links shared before they carried one) only when exactly one link fits", async () => {
    const { always, summer, code, link } = await setUp();
    const reel = await link(summer.id, "Reel");
    const bare = (content: string) =>
      trackingUrl({ shopDomain: STORE.domain, code: code.code, platform: "INSTAGRAM", campaign: "Summer", content, path: "/products/hat" });
    expect(await deliverOrder(21, { discount_codes: [], landing_site: bare("Reel") })).toMatchObject({ campaignId: summer.id, trackingLinkId: reel.id });
    // Two links with the same code and utm values: no way to tell which, so neither.
    await link(summer.id, "Twin");
    await link(summer.id, "Twin");
    expect(await deliverOrder(22, { discount_codes: [], landing_site: bare("Twin") })).toMatchObject({ campaignId: always.id, trackingLinkId: null });
  });
});

describe("campaign credit through backfill and reconciliation", () => {
  it("credits the link's campaign the same way", async () => {
    const { always, summer, jane, link } = await setUp();
    const reel = await link(summer.id, "Reel");
    // Reconciliation finds an order no webhook delivered: landed through the link, no code typed.
    await putEmulatorOrder(db.prisma, STORE.domain, order(31, { createdAt: hoursAgo(3), codes: [], landingPage: `https://${STORE.domain}${new URL(landingOf(reel)).pathname}${new URL(landingOf(reel)).search}` }));
    // And one with only the code.
    await putEmulatorOrder(db.prisma, STORE.domain, order(32, { createdAt: hoursAgo(2) }));
    await enqueueReconcile(shop.id);
    expect(await runPendingJobs()).toBe(1);
    const reconciled = await db.prisma.attributedOrder.findMany({ where: { shopId: shop.id }, orderBy: { shopifyOrderId: "asc" } });
    expect(reconciled.map((o) => [o.name, o.campaignId, o.trackingLinkId])).toEqual([
      ["#1031", summer.id, reel.id],
      ["#1032", always.id, null],
    ]);

    // Backfill of the code: a past order with the code typed, landed through the link.
    await putEmulatorOrder(db.prisma, STORE.domain, order(33, { createdAt: hoursAgo(24 * 30), landingPage: landingOf(reel) }));
    const code = await db.prisma.discountCode.findFirstOrThrow({ where: { shopId: shop.id, code: "JANE15" } });
    await enqueueBackfill(shop.id, code.id);
    await runPendingJobs();
    const backfilled = await db.prisma.attributedOrder.findUniqueOrThrow({ where: { shopId_shopifyOrderId: { shopId: shop.id, shopifyOrderId: ORDER_BASE + 33n } } });
    expect(backfilled).toMatchObject({ influencerId: jane.id, campaignId: summer.id, trackingLinkId: reel.id, source: "DISCOUNT_CODE" });
  });
});

describe("the link's card", () => {
  it("shows the orders and net sales the ledger credits to the link (refunds out, cancelled and test orders not counted)", async () => {
    const { summer, jane, link } = await setUp();
    const reel = await link(summer.id, "Reel");
    const twin = await link(summer.id, "Reel");
    const landing = landingOf(reel);
    const money = (amount: string) => ({ shop_money: { amount, currency_code: "USD" }, presentment_money: { amount, currency_code: "USD" } });
    await deliverOrder(41, { discount_codes: [], landing_site: landing, subtotal_price_set: money("40.10") });
    await deliverOrder(42, { discount_codes: [], landing_site: landing, subtotal_price_set: money("19.95") });
    await deliverOrder(43, { discount_codes: [], landing_site: landing, subtotal_price_set: money("100.00"), cancelled_at: "2026-11-20T11:00:00Z" });
    await deliverOrder(44, { discount_codes: [], landing_site: landing, subtotal_price_set: money("100.00"), test: true });
    const refund = {
      admin_graphql_api_id: `gid://shopify/Refund/${ORDER_BASE + 901n}`,
      order_id: `${ORDER_BASE + 42n}`,
      created_at: "2026-11-20T12:00:00Z",
      processed_at: "2026-11-20T12:00:00Z",
      refund_line_items: [{ subtotal_set: money("4.95") }],
    };
    expect((await deliver("refunds/create", refund, { shop: STORE.domain })).status).toBe(200);
    const cards = await listTrackingLinks(shop, jane.id);
    expect(cards.find((c) => c.id === reel.id)).toMatchObject({ orders: 2, netSales: "55.1", checkouts: 0, orderRate: null });
    expect(cards.find((c) => c.id === twin.id)).toMatchObject({ orders: 0, netSales: "0" });
    expect(toDecimal(cards.find((c) => c.id === reel.id)!.netSales).toFixed(2)).toBe("55.10");
    // No post carries either link yet: no ROI.
    expect(cards.find((c) => c.id === reel.id)).toMatchObject({ posts: 0, postCost: "0", roiPercent: null });
    // Two posts carry the reel's link (and one the twin's, with no cost): the link's ROI is on
    // what both cost, (55.10 − 40.01) ÷ 40.01; a post without a cost gives no ROI.
    const post = (url: string, trackingLinkId: string, cost: string) =>
      db.prisma.contentPost.create({ data: { shopId: shop.id, influencerId: jane.id, platform: "INSTAGRAM", url, postedOn: new Date("2026-11-19"), cost, trackingLinkId } });
    await post("https://instagram.com/p/reel-1", reel.id, "25.01");
    await post("https://instagram.com/p/reel-2", reel.id, "15.00");
    await post("https://instagram.com/p/twin", twin.id, "0");
    const withPosts = await listTrackingLinks(shop, jane.id);
    expect(withPosts.find((c) => c.id === reel.id)).toMatchObject({ posts: 2, postCost: "40.01", roiPercent: "37.7" });
    expect(withPosts.find((c) => c.id === twin.id)).toMatchObject({ posts: 1, postCost: "0", roiPercent: null });
    await db.prisma.contentPost.deleteMany({});
  });
});
