import prisma from "../db.server";
import { Decimal } from "../lib/money";
import { hashPortalToken, newPortalToken, openPortalToken, sealPortalToken, TOKEN_PATTERN } from "../lib/portal-token.server";
import { addDays, lastDays, type IsoDate } from "../lib/shop-dates";
import { listCommissionTerms } from "./commission-rules.server";
import { influencerBalance, listStatements } from "./payouts.server";
import { totals } from "./reports.server";
import { listTrackingLinks } from "./tracking-links.server";

/**
 * The influencer portal: one secret link per influencer (PortalAccess), issued, rotated and revoked
 * by the owner, and the figures the public page shows. See
 * docs/decisions/008-influencer-portal-and-tracking.md.
 */

export type PortalLinkState =
  | { state: "none" }
  | { state: "revoked"; revokedAt: Date }
  | { state: "active"; token: string | null; rotatedAt: Date };

/** `secret`: what links are sealed with (app/config.server.ts's portalSecret). */
export async function portalLinkState(shopId: string, influencerId: string, secret: string): Promise<PortalLinkState> {
  const access = await prisma.portalAccess.findFirst({ where: { shopId, influencerId } });
  if (!access) return { state: "none" };
  if (access.revokedAt || !access.tokenHash) return { state: "revoked", revokedAt: access.revokedAt ?? access.rotatedAt };
  const token = access.tokenSealed ? openPortalToken(access.tokenSealed, influencerId, secret) : null;
  return { state: "active", token, rotatedAt: access.rotatedAt };
}

/** Creates the influencer's link, or replaces it (the old one stops working at once). */
export async function issuePortalToken(shopId: string, influencerId: string, secret: string): Promise<string | null> {
  const influencer = await prisma.influencer.findFirst({ where: { id: influencerId, shopId }, select: { id: true } });
  if (!influencer) return null;
  const token = newPortalToken();
  const data = {
    tokenHash: hashPortalToken(token),
    tokenSealed: sealPortalToken(token, influencerId, secret),
    rotatedAt: new Date(),
    revokedAt: null,
  };
  await prisma.portalAccess.upsert({
    where: { influencerId },
    create: { shopId, influencerId, ...data },
    update: data,
  });
  return token;
}

/** Revokes the link: hash and sealed token are cleared, so nothing can open it again. */
export async function revokePortalToken(shopId: string, influencerId: string): Promise<boolean> {
  const { count } = await prisma.portalAccess.updateMany({
    where: { shopId, influencerId },
    data: { tokenHash: null, tokenSealed: null, revokedAt: new Date() },
  });
  return count > 0;
}

/**
 * The shop and influencer a token opens, or null. Unknown, malformed and revoked tokens take the
 * same path (hash, one indexed lookup that finds nothing), so neither the answer nor its timing
 * tells them apart.
 */
export async function resolvePortalToken(token: string) {
  const wellFormed = TOKEN_PATTERN.test(token);
  const hash = hashPortalToken(wellFormed ? token : `invalid:${token.slice(0, 64)}`);
  const access = await prisma.portalAccess.findUnique({
    where: { tokenHash: hash },
    select: {
      revokedAt: true,
      influencer: { select: { id: true, name: true, status: true, language: true } },
      shop: { select: { id: true, domain: true, name: true, currencyCode: true, ianaTimezone: true, primaryLocale: true, uninstalledAt: true } },
    },
  });
  if (!wellFormed || !access || access.revokedAt || access.shop.uninstalledAt || access.influencer.status === "ARCHIVED") return null;
  return { shop: access.shop, influencer: access.influencer };
}

export interface PortalDay {
  date: IsoDate;
  orders: number;
  netSales: string;
  commission: string;
}

export const PORTAL_DAYS = 30;

/**
 * The codes as the influencer should see them: the ones to share (active) first; a code that was
 * replaced after a leak names its replacement and is not offered for sharing.
 */
function portalCodes(codes: { id: string; code: string; valueType: string; value: { toString(): string }; status: string; rotatedFromId: string | null }[]) {
  const replacement = new Map(codes.filter((c) => c.rotatedFromId).map((c) => [c.rotatedFromId!, c.code]));
  return codes
    .map((c) => ({
      code: c.code,
      valueType: c.valueType,
      value: c.value.toString(),
      status: c.status,
      shareable: c.status === "ACTIVE",
      replacedBy: replacement.get(c.id) ?? null,
    }))
    .sort((a, b) => Number(b.shareable) - Number(a.shareable));
}

/** The influencer's commission terms (their own, then their campaigns'), newest first (decision 029). */
async function portalTerms(shopId: string, influencerId: string) {
  const memberships = await prisma.campaignInfluencer.findMany({
    where: { shopId, influencerId },
    select: { campaign: { select: { id: true, name: true } } },
    orderBy: { campaign: { name: "asc" } },
  });
  const own = await listCommissionTerms(shopId, { influencerId });
  const campaigns = await Promise.all(
    memberships.map(async (m) =>
      (await listCommissionTerms(shopId, { campaignId: m.campaign.id })).map((t) => ({ ...t, campaign: m.campaign.name })),
    ),
  );
  return [...own.map((t) => ({ ...t, campaign: null })), ...campaigns.flat()];
}

/** What the portal page shows: the influencer's codes, links and figures. No customer data. */
export async function portalFigures(
  shop: { id: string; domain: string; ianaTimezone: string },
  influencerId: string,
  now = new Date(),
) {
  const range = lastDays(PORTAL_DAYS, shop.ianaTimezone, now);
  const [codes, links, allTime, recent, daily] = await Promise.all([
    prisma.discountCode.findMany({
      where: { shopId: shop.id, influencerId },
      select: { id: true, code: true, valueType: true, value: true, status: true, rotatedFromId: true },
      orderBy: { code: "asc" },
    }),
    listTrackingLinks(shop, influencerId),
    totals({ shopId: shop.id, range: null, influencerId }),
    totals({ shopId: shop.id, range, influencerId }),
    prisma.$queryRaw<{ date: string; orders: number; netSales: string; commission: string }[]>`
      SELECT to_char("shopDate", 'YYYY-MM-DD') AS "date", coalesce(sum("orders"), 0)::int AS "orders",
             coalesce(sum("sales") - sum("refunds"), 0)::text AS "netSales",
             coalesce(sum("commission"), 0)::text AS "commission"
        FROM "DailyRollup"
       WHERE "shopId" = ${shop.id} AND "influencerId" = ${influencerId}
         AND "shopDate" >= CAST(${range.from} AS DATE) AND "shopDate" <= CAST(${range.to} AS DATE)
       GROUP BY 1`,
  ]);
  const byDay = new Map(daily.map((d) => [d.date, d]));
  const terms = await portalTerms(shop.id, influencerId);
  const [balance, statements] = await Promise.all([influencerBalance(shop.id, influencerId, now), listStatements(shop.id, influencerId)]);
  const days: PortalDay[] = [];
  for (let day = range.from; day <= range.to; day = addDays(day, 1)) {
    const d = byDay.get(day);
    days.push({
      date: day,
      orders: d?.orders ?? 0,
      netSales: new Decimal(d?.netSales ?? 0).toFixed(2),
      commission: new Decimal(d?.commission ?? 0).toFixed(2),
    });
  }
  const figures = (m: Awaited<ReturnType<typeof totals>>) => ({
    orders: m.orders,
    netSales: m.netSales.toFixed(2),
    commission: m.commission.toFixed(2),
  });
  return {
    range,
    allTime: figures(allTime),
    recent: figures(recent),
    days,
    terms,
    // What they are owed and were paid (decision 029): totals and statements, no order lines.
    payouts: {
      held: balance?.held.toFixed(2) ?? "0.00",
      payable: balance ? balance.payable.plus(balance.approved).plus(balance.adjustments).toFixed(2) : "0.00",
      paid: balance?.paid.toFixed(2) ?? "0.00",
      statements: statements.map((st) => ({
        id: st.id,
        periodStart: st.periodStart,
        periodEnd: st.periodEnd,
        status: st.status,
        total: st.total,
        adjustments: st.adjustments,
        paidOn: st.paidOn,
      })),
    },
    codes: portalCodes(codes),
    links: links.map((l) => ({ slug: l.slug, code: l.code, platform: l.platform, content: l.utmContent, campaign: l.utmCampaign, clicks: l.clicks, url: l.url })),
  };
}

