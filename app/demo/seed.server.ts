import type { Database } from "../db.server";
import type { Prisma } from "../generated/prisma/client";
import type { Platform } from "../generated/prisma/enums";
import { Decimal } from "../lib/money";
import { addDays, dateColumn, lastDays, type IsoDate } from "../lib/shop-dates";
import { shopDayBoundary } from "../lib/shop-days.server";
import { rebuildRollups } from "../models/rollups.server";
import { createInfluencerCode, setCodeActive } from "../services/discount-codes.server";
import { syncShopDetails } from "../services/shop-sync.server";
import type { AdminGraphqlClient } from "../services/admin-client.server";
import { DEMO_SHOP } from "./demo-store.server";
import { seedDemoShopOrders } from "./seed-shop-orders.server";
import { seedDemoSurvey } from "./seed-survey.server";
import { seedDemoSyncData } from "./seed-sync.server";
import { seededRandom } from "./random";

interface DemoInfluencer {
  name: string;
  email: string;
  handles: Partial<Record<Platform, string>>;
  /** Orders per day on average, and how much of their audience buys big baskets. */
  pull: number;
  basket: [number, number];
  offer: number;
  monthlyFee: number;
  status?: "ACTIVE" | "PAUSED";
}

const INFLUENCERS: DemoInfluencer[] = [
  { name: "Jane Porter", email: "jane@example.com", handles: { INSTAGRAM: "janeporter", TIKTOK: "jane.p" }, pull: 2.2, basket: [45, 160], offer: 15, monthlyFee: 900 },
  { name: "Marco Rossi", email: "marco@example.com", handles: { YOUTUBE: "MarcoStyles" }, pull: 1.4, basket: [60, 240], offer: 10, monthlyFee: 1500 },
  { name: "Aisha Khan", email: "aisha@example.com", handles: { INSTAGRAM: "aisha.k", TIKTOK: "aishakhan" }, pull: 1.8, basket: [35, 120], offer: 20, monthlyFee: 600 },
  { name: "Noa Levi", email: "noa@example.com", handles: { INSTAGRAM: "noa.levi" }, pull: 0.9, basket: [40, 140], offer: 15, monthlyFee: 400 },
  { name: "Somchai Wong", email: "somchai@example.com", handles: { TIKTOK: "somchai.w", FACEBOOK: "somchaiwong" }, pull: 0.6, basket: [25, 90], offer: 10, monthlyFee: 700 },
  { name: "Lea Martin", email: "lea@example.com", handles: { BLOG: "leamartin.blog" }, pull: 0.35, basket: [80, 300], offer: 10, monthlyFee: 250 },
  { name: "Omar Haddad", email: "omar@example.com", handles: { X: "omarhaddad", INSTAGRAM: "omar.h" }, pull: 0.5, basket: [30, 110], offer: 15, monthlyFee: 1200 },
  { name: "Priya Nair", email: "priya@example.com", handles: { YOUTUBE: "PriyaNair" }, pull: 1.1, basket: [50, 180], offer: 12, monthlyFee: 800 },
  { name: "Tom Becker", email: "tom@example.com", handles: { INSTAGRAM: "tombecker" }, pull: 0.15, basket: [30, 80], offer: 25, monthlyFee: 500, status: "PAUSED" },
  { name: "Sara Ahmadi", email: "sara@example.com", handles: { INSTAGRAM: "sara.ahmadi", TIKTOK: "saraahmadi" }, pull: 1.6, basket: [40, 130], offer: 15, monthlyFee: 1000 },
];

const DAYS = 90;
// Shopify order and customer ids above 2^53: the demo exercises the no-rounding path too.
const ORDER_ID_BASE = 9_007_199_254_740_993n;
const CUSTOMER_ID_BASE = 9_100_000_000_000_000n;

export async function demoDataExists(db: Database) {
  const shop = await db.shop.findUnique({ where: { domain: DEMO_SHOP.domain } });
  return shop ? (await db.influencer.count({ where: { shopId: shop.id } })) > 0 : false;
}

/**
 * Seeds the demo store: its settings through the (emulated) Admin API like a real install, then
 * influencers, campaigns, codes, costs and 90 days of attributed orders, deterministically.
 */
/**
 * An instant on the shop's calendar `day`, `minuteOfDay` minutes after its local midnight, never
 * after `now`: on the seeding day itself the day's afternoon is squeezed into the hours already
 * gone, so the demo never shows orders from later today.
 */
function pastInstantOfDay(day: IsoDate, ianaTimezone: string, minuteOfDay: number, now: Date): Date {
  const start = shopDayBoundary(day, ianaTimezone).getTime();
  const end = Math.min(shopDayBoundary(day, ianaTimezone, true).getTime(), now.getTime());
  const dayLength = 86_400_000;
  return new Date(start + Math.floor(((minuteOfDay * 60_000) / dayLength) * (end - start)));
}

export async function seedDemoStore(db: Database, admin: AdminGraphqlClient, now = new Date()) {
  const shop = await syncShopDetails(admin, DEMO_SHOP.domain);
  await db.influencer.deleteMany({ where: { shopId: shop.id } });
  await db.emulatorDiscount.deleteMany({ where: { shopDomain: shop.domain } });
  await db.campaign.deleteMany({ where: { shopId: shop.id } });
  await db.attributedOrder.deleteMany({ where: { shopId: shop.id } });
  await db.orderRefund.deleteMany({ where: { shopId: shop.id } });

  const random = seededRandom(20261123);
  const range = lastDays(DAYS, shop.ianaTimezone, now);
  const campaigns = await Promise.all(
    [
      { name: "Autumn Layers", goal: "CONVERSION" as const, startsOn: range.from, endsOn: addDays(range.from, 44), budget: "12000", hashtag: "#AutumnLayers" },
      { name: "Holiday Gift Guide", goal: "AWARENESS" as const, startsOn: addDays(range.from, 45), endsOn: addDays(range.to, 30), budget: "18000", hashtag: "#NorthwindGifts" },
      { name: "Denim Relaunch", goal: "CONSIDERATION" as const, startsOn: addDays(range.from, 20), endsOn: addDays(range.from, 75), budget: "6000", hashtag: "#NewDenim" },
    ].map((c) =>
      db.campaign.create({
        data: {
          shopId: shop.id,
          name: c.name,
          goal: c.goal,
          startsOn: dateColumn(c.startsOn),
          endsOn: dateColumn(c.endsOn),
          budget: new Decimal(c.budget).toFixed(4),
          hashtag: c.hashtag,
        },
      }),
    ),
  );

  let orderSeq = 0n;
  const customers: bigint[] = [];
  const influencerIds: string[] = [];
  const orders: Prisma.AttributedOrderCreateManyInput[] = [];
  const refunds: Prisma.OrderRefundCreateManyInput[] = [];
  const costs: Prisma.CostEntryCreateManyInput[] = [];

  for (const [index, spec] of INFLUENCERS.entries()) {
    const influencer = await db.influencer.create({
      data: {
        shopId: shop.id,
        name: spec.name,
        email: spec.email,
        status: spec.status ?? "ACTIVE",
        handles: {
          create: Object.entries(spec.handles).map(([platform, handle]) => ({
            shopId: shop.id,
            platform: platform as Platform,
            handle,
          })),
        },
      },
    });
    influencerIds.push(influencer.id);
    const memberOf = campaigns.filter((_, c) => (index + c) % 3 !== 2);
    for (const campaign of memberOf) {
      await db.campaignInfluencer.create({
        data: { shopId: shop.id, campaignId: campaign.id, influencerId: influencer.id },
      });
    }
    // Codes go through the real path: the Admin API (here the emulator) creates each discount.
    const created = await createInfluencerCode(admin, shop, influencer.id, {
      valueType: "PERCENTAGE",
      value: new Decimal(spec.offer).toFixed(2),
      minimumRequirement: "NONE",
      minimumValue: null,
      usageLimit: null,
      oncePerCustomer: false,
      startsAt: range.from,
      endsAt: null,
      combinesWith: { order: false, product: false, shipping: true },
      code: undefined,
      campaignId: memberOf[0]?.id ?? null,
    });
    if (!created.ok) throw new Error(`Demo code for ${spec.name}: ${JSON.stringify(created.fieldErrors)}`);
    const code = created.code;
    if (spec.status === "PAUSED") await setCodeActive(admin, shop, code.id, false);

    // Costs: a monthly fee, gifted products at cost, and some production and boosts.
    for (let month = 0; month < 3; month++) {
      const day = addDays(range.from, month * 30 + 2);
      costs.push({ shopId: shop.id, influencerId: influencer.id, campaignId: memberOf[0]?.id ?? null, kind: "FLAT_FEE", amount: new Decimal(spec.monthlyFee).toFixed(4), incurredOn: dateColumn(day), note: "Monthly retainer" });
      costs.push({ shopId: shop.id, influencerId: influencer.id, kind: "PRODUCT_SEEDING", amount: new Decimal(random.int(4000, 16000)).div(100).toFixed(4), incurredOn: dateColumn(addDays(day, 3)), note: "Gifted products at cost" });
    }
    if (random.chance(0.5)) {
      costs.push({ shopId: shop.id, influencerId: influencer.id, kind: "CONTENT_PRODUCTION", amount: new Decimal(random.int(150, 600)).toFixed(4), incurredOn: dateColumn(addDays(range.from, random.int(5, 80))), note: "Photo shoot" });
    }
    if (random.chance(0.3)) {
      costs.push({ shopId: shop.id, influencerId: influencer.id, kind: "AD_BOOST", amount: new Decimal(random.int(100, 400)).toFixed(4), incurredOn: dateColumn(addDays(range.from, random.int(5, 80))), note: "Spark ads boost", originalAmount: new Decimal(random.int(100, 400)).toFixed(4), originalCurrency: "EUR", exchangeRate: "1.08000000" });
    }

    for (let d = 0; d < DAYS; d++) {
      const day: IsoDate = addDays(range.from, d);
      const count = poisson(spec.pull * (d > 60 ? 1.3 : 1), random.next);
      for (let n = 0; n < count; n++) {
        orderSeq += 1n;
        const returning = customers.length > 20 && random.chance(0.25);
        let customerId: bigint;
        if (returning) {
          customerId = random.pick(customers);
        } else {
          customerId = CUSTOMER_ID_BASE + BigInt(customers.length);
          customers.push(customerId);
        }
        const gross = new Decimal(random.int(spec.basket[0] * 100, spec.basket[1] * 100)).div(100);
        const discount = gross.times(spec.offer).div(100).toDecimalPlaces(2);
        const sales = gross.minus(discount);
        const createdAt = pastInstantOfDay(day, shop.ianaTimezone, random.int(13, 23) * 60 + random.int(0, 59), now);
        const shopifyOrderId = ORDER_ID_BASE + orderSeq;
        const cancelled = random.chance(0.02);
        const refunded = !cancelled && random.chance(0.05) ? sales.times(random.chance(0.5) ? 1 : 0.4).toDecimalPlaces(2) : new Decimal(0);
        orders.push({
          shopId: shop.id,
          shopifyOrderId,
          name: `#${1000 + Number(orderSeq)}`,
          influencerId: influencer.id,
          discountCodeId: code.id,
          campaignId: memberOf[0]?.id ?? null,
          source: random.chance(0.9) ? "DISCOUNT_CODE" : "TRACKING_LINK",
          matchedCode: code.code,
          orderCreatedAt: createdAt,
          shopDate: dateColumn(day),
          shopifyUpdatedAt: createdAt,
          currencyCode: shop.currencyCode,
          presentmentCurrency: shop.currencyCode,
          sales: sales.toFixed(4),
          discounts: discount.toFixed(4),
          refunded: refunded.toFixed(4),
          cancelledAt: cancelled ? createdAt : null,
          test: random.chance(0.01),
          customerId,
          newCustomer: !returning,
        });
        if (refunded.gt(0)) {
          refunds.push({ shopId: shop.id, shopifyRefundId: shopifyOrderId + 500_000_000n, shopifyOrderId, amount: refunded.toFixed(4), refundedAt: new Date(Math.min(createdAt.getTime() + 3 * 86_400_000, now.getTime())) });
        }
      }
    }
  }

  await db.$transaction([
    db.attributedOrder.createMany({ data: orders }),
    db.orderRefund.createMany({ data: refunds }),
    db.costEntry.createMany({ data: costs }),
    db.commissionRule.create({ data: { shopId: shop.id, influencerId: null, campaignId: campaigns[0].id, kind: "PERCENT_OF_NET_SALES", rate: "10.0000" } }),
    // Marco's own deal beats the campaign's percentage on his orders.
    db.commissionRule.create({ data: { shopId: shop.id, influencerId: influencerIds[1], campaignId: null, kind: "FIXED_PER_ORDER", rate: "5.0000" } }),
  ]);
  // Referrers, countries, a leaked code and the emulated store's copy of the orders (sync page).
  const leakedOrders = await seedDemoSyncData(db, shop, now);
  // The orders went in directly (not through the webhook ledger): derive the report rollups.
  await rebuildRollups(shop.id, db);
  await seedDemoContent(db, shop.id, campaigns[1].id, range.to, random);
  const survey = await seedDemoSurvey(db, shop, now);
  await seedDemoShopOrders(db, shop, now, DAYS, survey.untracked);
  return { shop, influencers: INFLUENCERS.length, orders: orders.length + leakedOrders, costs: costs.length };
}

function poisson(mean: number, next: () => number) {
  const limit = Math.exp(-mean);
  let k = 0;
  let p = next();
  while (p > limit) {
    k += 1;
    p *= next();
  }
  return k;
}

/** Sponsored posts of the awareness campaign, so its reach, impressions and EMV have figures. */
async function seedDemoContent(db: Database, shopId: string, campaignId: string, today: IsoDate, random: ReturnType<typeof seededRandom>) {
  await db.contentPost.deleteMany({ where: { shopId } });
  // Earned media value rates (USD per unit), in the range agencies commonly quote.
  const rates: Record<string, string> = { impressions: "0.0050", likes: "0.1000", comments: "0.5000", shares: "0.7500", saves: "0.5000", videoViews: "0.0200", linkClicks: "0.9000" };
  await db.emvRate.deleteMany({ where: { shopId } });
  await db.emvRate.createMany({ data: Object.entries(rates).map(([metric, rate]) => ({ shopId, metric, rate })) });
  const members = await db.campaignInfluencer.findMany({ where: { shopId, campaignId }, include: { influencer: { include: { handles: true } } } });
  for (const [i, member] of members.entries()) {
    const handle = member.influencer.handles[0];
    if (!handle) continue;
    const reach = random.int(8_000, 60_000);
    await db.contentPost.create({
      data: {
        shopId,
        influencerId: member.influencerId,
        campaignId,
        platform: handle.platform,
        url: `https://example.com/${handle.handle}/post-${i + 1}`,
        postedOn: dateColumn(addDays(today, -random.int(2, 25))),
        reach,
        impressions: Math.round(reach * (1.3 + random.next())),
        likes: Math.round(reach * 0.04),
        comments: Math.round(reach * 0.004),
        shares: Math.round(reach * 0.002),
        saves: Math.round(reach * 0.006),
        videoViews: Math.round(reach * 0.7),
        linkClicks: Math.round(reach * 0.01),
        hashtagMentions: random.int(0, 40),
        cost: new Decimal(random.int(100, 400)).toFixed(4),
      },
    });
  }
}
