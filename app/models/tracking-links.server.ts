import { randomBytes } from "node:crypto";
import prisma from "../db.server";
import type { Platform } from "../generated/prisma/enums";
import { linkFunnel, returnOnCost, type LinkFunnel } from "../lib/link-funnel";
import { Decimal, toDecimal } from "../lib/money";
import { linkSlug, normalizeStorePath, SLUG_PATTERN, trackingUrl, utmValue } from "../lib/tracking-links";
import { isUniqueViolation } from "./prisma-errors.server";
import { countTraffic } from "./traffic.server";
import { REPORTABLE_ORDER } from "../lib/reportable";

export interface NewTrackingLink {
  discountCodeId: string;
  platform: Platform;
  campaignId: string | null;
  content: string;
  path: string;
}

export type CreateLinkResult =
  | { ok: true; link: { id: string; slug: string } }
  | { ok: false; fieldErrors: Record<string, string> };

/** A tracking link for one of the influencer's codes; refuses codes and campaigns of others. */
export async function createTrackingLink(
  shop: { id: string },
  influencerId: string,
  input: NewTrackingLink,
): Promise<CreateLinkResult | null> {
  const influencer = await prisma.influencer.findFirst({ where: { id: influencerId, shopId: shop.id }, select: { id: true } });
  if (!influencer) return null;
  const code = await prisma.discountCode.findFirst({
    where: { id: input.discountCodeId, shopId: shop.id, influencerId },
    select: { id: true, code: true },
  });
  if (!code) return { ok: false, fieldErrors: { discountCodeId: "validation.notFound" } };
  let utmCampaign = "always-on";
  if (input.campaignId) {
    const campaign = await prisma.campaign.findFirst({ where: { id: input.campaignId, shopId: shop.id }, select: { name: true } });
    if (!campaign) return { ok: false, fieldErrors: { campaignId: "validation.notFound" } };
    utmCampaign = utmValue(campaign.name) || "campaign";
  }
  const utmContent = utmValue(input.content);
  if (!utmContent) return { ok: false, fieldErrors: { content: "validation.required" } };
  for (let attempt = 0; ; attempt++) {
    try {
      const link = await prisma.trackingLink.create({
        data: {
          shopId: shop.id,
          influencerId,
          discountCodeId: code.id,
          campaignId: input.campaignId,
          slug: linkSlug(code.code, input.platform, (n) => randomBytes(n)),
          platform: input.platform,
          utmCampaign,
          utmContent,
          path: normalizeStorePath(input.path),
        },
        select: { id: true, slug: true },
      });
      return { ok: true, link };
    } catch (error) {
      if (!isUniqueViolation(error) || attempt >= 4) throw error;
    }
  }
}

export function fullTrackingUrl(shopDomain: string, link: { slug: string; platform: string; utmCampaign: string; utmContent: string; path: string; discountCode: { code: string } }) {
  return trackingUrl({
    slug: link.slug,
    shopDomain,
    code: link.discountCode.code,
    platform: link.platform,
    campaign: link.utmCampaign,
    content: link.utmContent,
    path: link.path,
  });
}

/**
 * Orders and net sales (sales − refunds) per tracking link from the ledger: reportable orders (not
 * cancelled, not test) credited through the link (AttributedOrder.trackingLinkId), all time.
 */
export async function linkOrders(shopId: string, linkIds: string[]) {
  if (linkIds.length === 0) return new Map<string, { orders: number; netSales: Decimal }>();
  const rows = await prisma.attributedOrder.groupBy({
    by: ["trackingLinkId"],
    where: { shopId, trackingLinkId: { in: linkIds }, ...REPORTABLE_ORDER },
    _count: { _all: true },
    _sum: { sales: true, refunded: true },
  });
  return new Map(
    rows.map((r) => [
      r.trackingLinkId ?? "",
      { orders: r._count._all, netSales: toDecimal(r._sum.sales ?? 0).minus(toDecimal(r._sum.refunded ?? 0)) },
    ]),
  );
}

/**
 * The influencer's links with their funnel: clicks → visits → checkouts → orders → net sales
 * (app/lib/link-funnel.ts). Visits and checkouts are the pixel counts named by the link.
 */
export async function listTrackingLinks(shop: { id: string; domain: string }, influencerId: string) {
  const links = await prisma.trackingLink.findMany({
    where: { shopId: shop.id, influencerId },
    include: { discountCode: { select: { code: true } } },
    orderBy: [{ createdAt: "desc" }, { id: "asc" }],
  });
  const funnels = await linkFunnels(shop.id, links);
  return links.map((link) => ({
    id: link.id,
    slug: link.slug,
    code: link.discountCode.code,
    platform: link.platform,
    utmCampaign: link.utmCampaign,
    utmContent: link.utmContent,
    path: link.path,
    ...funnels.get(link.id)!,
    url: fullTrackingUrl(shop.domain, link),
  }));
}

/**
 * Each link's funnel, all time: clicks (its redirects) → visits and checkouts (pixel counts named
 * by the link) → orders and net sales (ledger orders credited through it), app/lib/link-funnel.ts.
 */
/** What the posts carrying a link cost, and the link's ROI on that cost (null without one). */
export interface LinkReturn {
  posts: number;
  postCost: string;
  roiPercent: string | null;
}

export async function linkFunnels(shopId: string, links: { id: string; clicks: number }[]): Promise<Map<string, LinkFunnel & LinkReturn>> {
  const ids = links.map((l) => l.id);
  const [traffic, orders, posts] = await Promise.all([
    ids.length
      ? prisma.trafficStat.groupBy({ by: ["trackingLinkId"], where: { shopId, trackingLinkId: { in: ids } }, _sum: { visits: true, checkouts: true } })
      : Promise.resolve([]),
    linkOrders(shopId, ids),
    ids.length
      ? prisma.contentPost.groupBy({ by: ["trackingLinkId"], where: { shopId, trackingLinkId: { in: ids } }, _sum: { cost: true }, _count: { _all: true } })
      : Promise.resolve([]),
  ]);
  const stats = new Map(traffic.map((t) => [t.trackingLinkId, t._sum]));
  const spent = new Map(posts.map((p) => [p.trackingLinkId, { cost: toDecimal(p._sum.cost ?? 0), posts: p._count._all }]));
  return new Map(
    links.map((link) => {
      const netSales = (orders.get(link.id)?.netSales ?? new Decimal(0)).toFixed();
      const cost = spent.get(link.id);
      return [
        link.id,
        {
          ...linkFunnel({
            clicks: link.clicks,
            visits: stats.get(link.id)?.visits ?? 0,
            checkouts: stats.get(link.id)?.checkouts ?? 0,
            orders: orders.get(link.id)?.orders ?? 0,
            netSales,
          }),
          posts: cost?.posts ?? 0,
          postCost: (cost?.cost ?? new Decimal(0)).toFixed(),
          roiPercent: cost ? returnOnCost(netSales, cost.cost) : null,
        },
      ];
    }),
  );
}

/** The shop's links for pickers (a post's link): whose, which code, which content piece. */
export function trackingLinkOptions(shopId: string) {
  return prisma.trackingLink.findMany({
    where: { shopId },
    select: { id: true, slug: true, influencerId: true, platform: true, utmContent: true },
    orderBy: [{ createdAt: "desc" }, { id: "asc" }],
  });
}

export async function deleteTrackingLink(shopId: string, influencerId: string, linkId: string) {
  const { count } = await prisma.trackingLink.deleteMany({ where: { id: linkId, shopId, influencerId } });
  return count > 0;
}

/**
 * A rotated code's links follow it: same slug (the links already published keep working), now
 * applying the replacement code. Returns how many links moved.
 */
export async function moveLinksToCode(shopId: string, fromCodeId: string, toCodeId: string): Promise<number> {
  const { count } = await prisma.trackingLink.updateMany({ where: { shopId, discountCodeId: fromCodeId }, data: { discountCodeId: toCodeId } });
  return count;
}

/**
 * Follows /l/<slug>: the store URL to redirect to, or null (unknown slug; a redacted shop has none).
 * Counts the click unless `count` is false (bots, prefetches).
 */
export async function followTrackingLink(slug: string, { count }: { count: boolean }): Promise<string | null> {
  if (!SLUG_PATTERN.test(slug)) return null;
  const link = await prisma.trackingLink.findUnique({
    where: { slug },
    include: { discountCode: { select: { code: true } }, shop: { select: { id: true, domain: true, ianaTimezone: true, uninstalledAt: true } } },
  });
  if (!link) return null;
  // After an uninstall the link still takes its follower to the store (bios and old posts keep
  // working; the code stays in Shopify) but nothing is counted: the app no longer records for the
  // shop. After shop/redact the link is gone with the shop (404).
  if (count && !link.shop.uninstalledAt) {
    await prisma.$transaction(async (tx) => {
      await tx.trackingLink.update({ where: { id: link.id }, data: { clicks: { increment: 1 } } });
      await countTraffic(tx, link.shop, {
        influencerId: link.influencerId,
        platform: utmValue(link.platform),
        campaign: link.utmCampaign,
        content: link.utmContent,
        trackingLinkId: link.id,
      }, "clicks");
    });
  }
  return fullTrackingUrl(link.shop.domain, link);
}
