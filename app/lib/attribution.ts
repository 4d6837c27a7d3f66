import type { OrderSnapshot } from "./order-payload";
import { linkSlugOf } from "./tracking-links";

/**
 * Which influencer an order belongs to: pure functions, no I/O. The rules (and why) are in
 * docs/decisions/004-attribution-rules.md.
 */

/** One of the shop's influencer discount codes (DiscountCode.code is stored upper case). */
export interface InfluencerCode {
  id: string;
  code: string;
  influencerId: string;
  campaignId: string | null;
}

export interface Attribution {
  source: "DISCOUNT_CODE" | "TRACKING_LINK";
  discountCode: InfluencerCode;
  /** The code as the order (or the link) carried it, for audits. */
  matchedCode: string;
}

export interface TrackingLink {
  /** Code candidates from the landing page, strongest first: /discount/<CODE>, ref=<CODE>. */
  codes: string[];
  /** utm_campaign and utm_content of an influencer link (utm_medium=influencer), for reports. */
  utmCampaign: string | null;
  utmContent: string | null;
  /** utm_source of an influencer link, lower case (the link's platform). */
  utmSource: string | null;
  /** The link's slug (`ct_link=<slug>`), which names one TrackingLink (decision 016). */
  slug: string | null;
}

/** Shopify discount codes are case-insensitive; CodeTrail compares them trimmed and upper case. */
export function normalizeCode(code: string): string {
  return code.trim().toUpperCase();
}

function decode(part: string): string {
  try {
    return decodeURIComponent(part);
  } catch {
    return part;
  }
}

const MAX_TEXT = 255;

function clip(value: string | null): string | null {
  if (value === null) return null;
  const trimmed = value.trim();
  return trimmed === "" ? null : trimmed.slice(0, MAX_TEXT);
}

/** Reads an influencer tracking link out of an order's landing_site (a path or a full URL). */
export function parseTrackingLink(landingSite: string | null): TrackingLink {
  const empty: TrackingLink = { codes: [], utmCampaign: null, utmContent: null, utmSource: null, slug: null };
  if (!landingSite) return empty;
  let url: URL;
  try {
    url = new URL(landingSite, "https://landing.invalid");
  } catch {
    return empty;
  }
  const codes: string[] = [];
  const discountPath = /(?:^|\/)discount\/([^/?#]+)/i.exec(url.pathname);
  if (discountPath) codes.push(decode(discountPath[1]));
  const ref = url.searchParams.get("ref");
  if (ref) codes.push(ref);
  const influencerLink = url.searchParams.get("utm_medium")?.trim().toLowerCase() === "influencer";
  return {
    codes: codes.map((c) => c.trim()).filter((c) => c !== "" && c.length <= MAX_TEXT),
    utmCampaign: influencerLink ? clip(url.searchParams.get("utm_campaign")) : null,
    utmContent: influencerLink ? clip(url.searchParams.get("utm_content")) : null,
    utmSource: influencerLink ? (clip(url.searchParams.get("utm_source"))?.toLowerCase() ?? null) : null,
    slug: linkSlugOf(url.searchParams),
  };
}

/** A code an order could be attributed by, in the order the rule tries them. */
export interface AttributionCandidate {
  /** Normalised (what DiscountCode.code must equal). */
  code: string;
  /** As the order (or the link) carried it: the matchedCode when it wins. */
  used: string;
  source: Attribution["source"];
}

/**
 * Every code the order could be attributed by, strongest first: the order's discount codes by
 * largest discount amount, then alphabetically first code (code-point order), then as typed; then
 * the tracking link's codes (/discount/<CODE>, then ref=<CODE>). The first candidate that is one
 * of the shop's influencer codes wins (`attributeOrder` here; the ledger's SQL function does the
 * same match in the database).
 */
export function attributionCandidates(order: Pick<OrderSnapshot, "discountCodes" | "landingSite">): AttributionCandidate[] {
  const discounts = order.discountCodes
    .map((d) => ({ code: normalizeCode(d.code), used: d.code, amount: d.amount }))
    .sort((a, b) => b.amount.comparedTo(a.amount) || compareText(a.code, b.code) || compareText(a.used, b.used));
  return [
    ...discounts.map((d) => ({ code: d.code, used: d.used, source: "DISCOUNT_CODE" as const })),
    ...parseTrackingLink(order.landingSite).codes.map((c) => ({ code: normalizeCode(c), used: c, source: "TRACKING_LINK" as const })),
  ];
}

/**
 * The order's influencer, or null when it has none.
 * 1. A discount code on the order that is one of the shop's influencer codes (case-insensitive).
 *    Several: the largest discount amount wins, then the alphabetically first code.
 * 2. Otherwise a tracking link in landing_site: /discount/<CODE> first, then ref=<CODE>.
 */
export function attributeOrder(
  order: Pick<OrderSnapshot, "discountCodes" | "landingSite">,
  shopCodes: readonly InfluencerCode[],
): Attribution | null {
  const byCode = new Map(shopCodes.map((c) => [normalizeCode(c.code), c]));
  for (const candidate of attributionCandidates(order)) {
    const code = byCode.get(candidate.code);
    if (code) return { source: candidate.source, discountCode: code, matchedCode: candidate.used };
  }
  return null;
}

/** Code-point order: the same on every machine and locale. */
function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** How long before the order a customer record may have been created for it to count as new. */
export const NEW_CUSTOMER_WINDOW_MS = 24 * 60 * 60 * 1000;

/**
 * Whether the order is the customer's first with the shop, from what the payload proves:
 * - customer.orders_count (older API versions): new when it is 1 (or 0);
 * - otherwise customer.created_at: new when the customer record was created at most 24 hours
 *   before the order (Shopify creates it at the first checkout);
 * - and never when the ledger already holds an earlier order from the same customer.
 * No customer, or no evidence either way: not new (never claim a new customer without proof).
 */
export function isNewCustomer(
  order: Pick<OrderSnapshot, "customer" | "createdAt">,
  hasEarlierLedgerOrder: boolean,
): boolean {
  const customer = order.customer;
  if (!customer || hasEarlierLedgerOrder) return false;
  if (customer.ordersCount !== null) return customer.ordersCount <= 1;
  if (customer.createdAt === null) return false;
  return customer.createdAt.getTime() >= order.createdAt.getTime() - NEW_CUSTOMER_WINDOW_MS;
}
