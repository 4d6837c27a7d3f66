import type { Database } from "../db.server";
import type { Prisma } from "../generated/prisma/client";
import { Decimal } from "../lib/money";
import { addDays, dateColumn, lastDays, shopDateOf } from "../lib/shop-dates";
import { seededRandom } from "./random";
import type { UntrackedDemoOrder } from "./seed-survey.server";

/**
 * The demo store's whole order stream (ShopOrder, decision 036), after the main seed: the
 * attributed orders' facts, and the orders no code or link brought — a weekly rhythm with noise —
 * plus one TikTok post by Aisha Khan 33 days ago after which the store's orders clearly rise, so
 * the lift page has a post to show offline. Deterministic; nothing after today.
 */
const UNATTRIBUTED_ID_BASE = 9_007_199_255_000_000n;
export const LIFT_POST_DAYS_AGO = 33;
export const LIFT_POST_URL = "https://www.tiktok.com/@aishakhan/video/7300000000000000001";

export async function seedDemoShopOrders(
  db: Database,
  shop: { id: string; ianaTimezone: string },
  now: Date,
  days: number,
  surveyOnly: UntrackedDemoOrder[] = [],
): Promise<number> {
  const random = seededRandom(20261204);
  await db.shopOrder.deleteMany({ where: { shopId: shop.id } });
  await db.$executeRaw`
    INSERT INTO "ShopOrder" ("shopId", "shopifyOrderId", "shopDate", "sales", "refunded", "newCustomer", "cancelled", "test", "shopifyUpdatedAt")
    SELECT "shopId", "shopifyOrderId", "shopDate", "sales", "refunded", "newCustomer", "cancelledAt" IS NOT NULL, "test", "shopifyUpdatedAt"
      FROM "AttributedOrder" WHERE "shopId" = ${shop.id}`;

  const range = lastDays(days, shop.ianaTimezone, now);
  const postDay = addDays(range.to, -LIFT_POST_DAYS_AGO);
  const rows: Prisma.ShopOrderCreateManyInput[] = [];
  let seq = 0n;
  for (let d = 0; d < days; d++) {
    const day = addDays(range.from, d);
    const weekday = new Date(`${day}T12:00:00Z`).getUTCDay();
    const base = weekday === 0 || weekday === 6 ? 34 : 24;
    const sincePost = Math.round((Date.parse(`${day}T00:00:00Z`) - Date.parse(`${postDay}T00:00:00Z`)) / 86_400_000);
    // The post's week: most on the first days, fading.
    const boost = sincePost >= 0 && sincePost < 7 ? [1.1, 0.9, 0.7, 0.55, 0.45, 0.35, 0.3][sincePost] : 0;
    const count = Math.round(base * (1 + boost) + random.int(-4, 4));
    for (let n = 0; n < count; n++) {
      seq += 1n;
      const sales = new Decimal(random.int(2500, 14000)).div(100);
      const cancelled = random.chance(0.02);
      rows.push({
        shopId: shop.id,
        shopifyOrderId: UNATTRIBUTED_ID_BASE + seq,
        shopDate: dateColumn(day),
        sales: sales.toFixed(4),
        refunded: !cancelled && random.chance(0.04) ? sales.toFixed(4) : "0",
        newCustomer: random.chance(boost > 0 ? 0.6 : 0.4),
        cancelled,
        test: false,
        shopifyUpdatedAt: new Date(Math.min(Date.parse(`${day}T12:00:00Z`), now.getTime())),
      });
    }
  }
  // The orders only a survey answer ties to an influencer (seed-survey) are the store's orders too.
  for (const order of surveyOnly) {
    rows.push({
      shopId: shop.id,
      shopifyOrderId: order.id,
      shopDate: dateColumn(shopDateOf(order.createdAt, shop.ianaTimezone)),
      sales: order.sales,
      newCustomer: false,
      shopifyUpdatedAt: order.createdAt,
    });
  }
  await db.shopOrder.createMany({ data: rows });

  const aisha = await db.influencer.findFirst({ where: { shopId: shop.id, name: "Aisha Khan" } });
  if (aisha) {
    await db.contentPost.create({
      data: {
        shopId: shop.id,
        influencerId: aisha.id,
        platform: "TIKTOK",
        url: LIFT_POST_URL,
        postedOn: dateColumn(postDay),
        reach: 184_000,
        impressions: 260_000,
        likes: 15_200,
        comments: 640,
        shares: 910,
        saves: 1_300,
        videoViews: 231_000,
        linkClicks: 2_900,
        cost: "450.0000",
      },
    });
  }
  return rows.length;
}
