import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { campaignContent } from "../../app/models/content.server";
import { utmValue } from "../../app/lib/tracking-links";
import { createTestDatabase, type TestDatabase } from "../support/database";

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(() => db.destroy());

describe("a campaign's content figures (awareness and consideration KPIs)", () => {
  it("sums the campaign's posts in the range and the visits and clicks of its tracking links", async () => {
    const shop = await db.prisma.shop.create({ data: { domain: "content-kpi.myshopify.com", name: "K" } });
    const other = await db.prisma.shop.create({ data: { domain: "content-other.myshopify.com", name: "O" } });
    const campaign = await db.prisma.campaign.create({
      data: { shopId: shop.id, name: "Holiday Gift Guide", goal: "AWARENESS", startsOn: new Date("2026-11-01") },
    });
    const noa = await db.prisma.influencer.create({ data: { shopId: shop.id, name: "Noa" } });
    const post = (postedOn: string, reach: number, impressions: number, linkClicks: number, campaignId: string | null = campaign.id) =>
      db.prisma.contentPost.create({
        data: {
          shopId: shop.id, influencerId: noa.id, campaignId, platform: "INSTAGRAM", url: `https://instagram.com/p/${postedOn}-${reach}`,
          postedOn: new Date(postedOn), reach, impressions, likes: 100, comments: 20, shares: 5, saves: 25, linkClicks,
        },
      });
    await post("2026-11-10", 10_000, 20_000, 300);
    await post("2026-11-20", 5_000, 10_000, 100);
    await post("2026-10-01", 99_999, 99_999, 999); // outside the range
    await post("2026-11-12", 77_777, 77_777, 777, null); // not in the campaign
    const stat = (shopId: string, day: string, campaignTag: string, clicks: number, visits: number) =>
      db.prisma.trafficStat.create({
        data: { shopId, shopDate: new Date(day), influencerId: noa.id, platform: "instagram", campaign: campaignTag, content: "reel", clicks, visits },
      });
    await stat(shop.id, "2026-11-11", utmValue(campaign.name), 40, 35);
    await stat(shop.id, "2026-11-11", "another-campaign", 1000, 1000);
    await stat(other.id, "2026-11-11", utmValue(campaign.name), 1000, 1000);

    const result = await campaignContent(shop.id, campaign, { from: "2026-11-01", to: "2026-11-30" });
    expect(result.metrics).toMatchObject({ posts: 2, reach: 15_000, impressions: 30_000, linkClicks: 400, engagements: 300 });
    expect(result.metrics.engagementRatePercent?.toFixed(2)).toBe("2.00"); // 300 / 15,000
    expect(result.metrics.ctrPercent?.toFixed(2)).toBe("1.33"); // 400 / 30,000
    expect(result).toMatchObject({ linkClicks: 40, visits: 35 });

    const empty = await campaignContent(shop.id, campaign, { from: "2025-01-01", to: "2025-01-31" });
    expect(empty).toMatchObject({ metrics: { posts: 0, reach: 0 }, visits: 0, linkClicks: 0 });
    expect(empty.metrics.engagementRatePercent).toBeNull();
  });
});
