import prisma from "../db.server";
import type { Prisma } from "../generated/prisma/client";
import { dateColumn, shopDateOf } from "../lib/shop-dates";

/**
 * TrafficStat: clicks (short link redirects), visits (pixel landings) and checkouts (pixel
 * checkouts with the influencer's code or through their link) per shop-local day, influencer,
 * platform, campaign, content piece and tracking link (decision 016). Counts only: no addresses,
 * no client ids, nothing about a person.
 */

type Db = Prisma.TransactionClient | typeof prisma;

export interface TrafficKey {
  influencerId: string;
  platform: string | null;
  campaign: string | null;
  content: string | null;
  /** The tracking link (TrackingLink.id) it came through, when known. */
  trackingLinkId?: string | null;
}

export type TrafficCounter = "clicks" | "visits" | "checkouts";

const clip = (v: string | null) => (v ?? "").trim().toLowerCase().slice(0, 100);

export async function countTraffic(
  db: Db,
  shop: { id: string; ianaTimezone: string },
  key: TrafficKey,
  counter: TrafficCounter,
  at = new Date(),
) {
  const id = {
    shopId: shop.id,
    shopDate: dateColumn(shopDateOf(at, shop.ianaTimezone)),
    influencerId: key.influencerId,
    platform: clip(key.platform),
    campaign: clip(key.campaign),
    content: clip(key.content),
    trackingLinkId: key.trackingLinkId ?? "",
  };
  // One statement: concurrent increments of the same row never lose a count.
  await db.trafficStat.upsert({
    where: { shopId_shopDate_influencerId_platform_campaign_content_trackingLinkId: id },
    create: { ...id, [counter]: 1 },
    update: { [counter]: { increment: 1 } },
  });
}

export interface TrafficRow {
  platform: string;
  campaign: string;
  content: string;
  /** "" when no link is known. */
  trackingLinkId: string;
  clicks: number;
  visits: number;
  checkouts: number;
}

/** An influencer's traffic per platform, campaign, content piece and link (all time, or from a day). */
export async function influencerTraffic(shopId: string, influencerId: string, from?: Date): Promise<TrafficRow[]> {
  const rows = await prisma.trafficStat.groupBy({
    by: ["platform", "campaign", "content", "trackingLinkId"],
    where: { shopId, influencerId, ...(from ? { shopDate: { gte: from } } : {}) },
    _sum: { clicks: true, visits: true, checkouts: true },
    orderBy: [{ platform: "asc" }, { campaign: "asc" }, { content: "asc" }, { trackingLinkId: "asc" }],
  });
  return rows.map((r) => ({
    platform: r.platform,
    campaign: r.campaign,
    content: r.content,
    trackingLinkId: r.trackingLinkId,
    clicks: r._sum.clicks ?? 0,
    visits: r._sum.visits ?? 0,
    checkouts: r._sum.checkouts ?? 0,
  }));
}
