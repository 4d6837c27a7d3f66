import prisma from "../db.server";
import { normalizeCode } from "../lib/attribution";
import { MAX_PIXEL_BODY, pixelPayloadSchema, type PixelPayload } from "../lib/pixel-events";
import { BODY_REFUSED_HEADERS, BodyTooLarge, readRequestText } from "../lib/request-body.server";
import { clientAddress, TokenBucketLimiter, type PeerContext } from "../lib/rate-limit";
import { utmValue } from "../lib/tracking-links";
import { countTraffic } from "../models/traffic.server";

/**
 * The web pixel's collecting endpoint. Validates size, JSON and shape (zod), rate limits per
 * client address and per shop, checks the shop is known and installed, and turns the event into
 * counts (TrafficStat); the visit id and the address are used in memory only, never stored.
 */

const perAddress = new TokenBucketLimiter({ capacity: 30, refillPerSecond: 1 });
const perShop = new TokenBucketLimiter({ capacity: 300, refillPerSecond: 20 });

export const CORS_HEADERS = {
  "Access-Control-Allow-Origin": "*",
  "Access-Control-Allow-Methods": "POST, OPTIONS",
  "Access-Control-Allow-Headers": "Content-Type",
  "Access-Control-Max-Age": "86400",
};

function answer(status: number, outcome: string, extra: Record<string, string> = {}) {
  return new Response(null, { status, headers: { ...CORS_HEADERS, "X-CodeTrail-Outcome": outcome, ...extra } });
}

export async function ingestPixelEvent(request: Request, context?: PeerContext): Promise<Response> {
  if (request.method === "OPTIONS") return answer(204, "preflight");
  if (request.method !== "POST") return answer(405, "method");
  if (!perAddress.take(clientAddress(request, context))) return answer(429, "rate-limited");
  let body: string;
  try {
    body = await readRequestText(request, MAX_PIXEL_BODY);
  } catch (error) {
    if (error instanceof BodyTooLarge) return answer(413, "too-large", BODY_REFUSED_HEADERS);
    throw error;
  }
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch {
    return answer(400, "malformed");
  }
  const parsed = pixelPayloadSchema.safeParse(json);
  if (!parsed.success) return answer(400, "shape");
  const event = parsed.data;
  if (!perShop.take(event.shop)) return answer(429, "rate-limited");
  const shop = await prisma.shop.findUnique({
    where: { domain: event.shop },
    select: { id: true, ianaTimezone: true, uninstalledAt: true },
  });
  if (!shop || shop.uninstalledAt) return answer(404, "unknown-shop");
  const counted = await applyPixelEvent(shop, event);
  return answer(202, counted ? "counted" : "ignored");
}

/**
 * Counts a visit or a checkout. The influencer is the first code the event names that is one of
 * the shop's influencer codes, else the influencer of the visit's link. The link (the event's
 * `link` slug, a TrackingLink of this shop) names the count when it is that influencer's, and then
 * its own platform, campaign and content piece are the count's (decision 016); a link of another
 * influencer, or an unknown slug, is left out and the count keeps what the event says.
 */
export async function applyPixelEvent(shop: { id: string; ianaTimezone: string }, event: PixelPayload): Promise<boolean> {
  const codes = event.kind === "page_viewed" ? (event.code ? [event.code] : []) : event.codes;
  const [matches, link] = await Promise.all([
    codes.length
      ? prisma.discountCode.findMany({
          where: { shopId: shop.id, code: { in: codes.map(normalizeCode) } },
          select: { code: true, influencerId: true },
        })
      : [],
    event.link
      ? prisma.trackingLink.findFirst({
          where: { shopId: shop.id, slug: event.link },
          select: { id: true, influencerId: true, platform: true, utmCampaign: true, utmContent: true },
        })
      : null,
  ]);
  // The first code the event names that is an influencer's (same order as attribution's link rule).
  const influencerId = codes.map((c) => matches.find((m) => m.code === normalizeCode(c))).find(Boolean)?.influencerId ?? link?.influencerId;
  if (!influencerId) return false;
  const visitLink = link && link.influencerId === influencerId ? link : null;
  const counter = event.kind === "page_viewed" ? "visits" : "checkouts";
  if (visitLink) {
    await countTraffic(prisma, shop, {
      influencerId,
      platform: utmValue(visitLink.platform),
      campaign: visitLink.utmCampaign,
      content: visitLink.utmContent,
      trackingLinkId: visitLink.id,
    }, counter);
  } else if (event.kind === "page_viewed") {
    const influencerLink = event.utmMedium?.toLowerCase() === "influencer";
    await countTraffic(prisma, shop, {
      influencerId,
      platform: influencerLink ? event.utmSource : null,
      campaign: influencerLink ? event.utmCampaign : null,
      content: influencerLink ? event.utmContent : null,
    }, counter);
  } else {
    await countTraffic(prisma, shop, { influencerId, platform: null, campaign: null, content: null }, counter);
  }
  return true;
}
