/**
 * What CodeTrail's web pixel sends, as pure functions (no Shopify globals), tested in
 * extensions/codetrail-pixel/src/events.test.ts. The app's collecting endpoint
 * (app/routes/pixel.events.tsx) accepts exactly this shape.
 *
 * Privacy: no customer, no client id, no IP; only the shop, a random id per visit (kept in the
 * tab's session storage), the tracking parameters of the landing URL, and the discount codes of a
 * completed checkout with the tracking link the visit landed through (its public slug, remembered
 * in the tab's session storage like the visit id: the same value for everyone who followed it).
 */

export const PAYLOAD_VERSION = 1;

export interface TrackingParams {
  code: string | null;
  utmSource: string | null;
  utmMedium: string | null;
  utmCampaign: string | null;
  utmContent: string | null;
  /** The tracking link's slug (`ct_link`), when the URL came through a CodeTrail link. */
  link: string | null;
}

export type PixelPayload =
  | ({ v: 1; kind: "page_viewed"; shop: string; visitId: string } & TrackingParams)
  | { v: 1; kind: "checkout_completed"; shop: string; visitId: string; codes: string[]; link: string | null };

/**
 * The app's link slugs (app/lib/tracking-links.ts SLUG_PATTERN; the extension is bundled on its
 * own, so the pattern is repeated here and events.test.ts checks both agree).
 */
export const LINK_SLUG = /^[a-z0-9]{1,20}-[a-z0-9]{1,4}-[a-z0-9]{5}$/;
/** Where a visit remembers the link it last landed through. */
export const LINK_KEY = "codetrail:link";

const MAX = 100;

function clean(value: string | null | undefined): string | null {
  const trimmed = value?.trim();
  return trimmed ? trimmed.slice(0, MAX) : null;
}

/**
 * The app's tracking parameters in a page URL: the influencer code (a `/discount/<CODE>` path or
 * `ref=<CODE>`) and the utm_* values. Null when the URL carries neither a code nor
 * utm_medium=influencer (an ordinary page view: not sent).
 */
export function trackingParams(href: string | null | undefined): TrackingParams | null {
  if (!href) return null;
  let url: URL;
  try {
    url = new URL(href);
  } catch {
    return null;
  }
  const path = /(?:^|\/)discount\/([^/?#]+)/i.exec(url.pathname);
  let code: string | null = null;
  if (path) {
    try {
      code = decodeURIComponent(path[1]);
    } catch {
      code = path[1];
    }
  }
  code = clean(code ?? url.searchParams.get("ref"));
  const medium = clean(url.searchParams.get("utm_medium"))?.toLowerCase() ?? null;
  const slug = url.searchParams.get("ct_link")?.trim().toLowerCase() ?? "";
  const link = LINK_SLUG.test(slug) ? slug : null;
  if (!code && medium !== "influencer" && !link) return null;
  return {
    code,
    utmSource: clean(url.searchParams.get("utm_source"))?.toLowerCase() ?? null,
    utmMedium: medium,
    utmCampaign: clean(url.searchParams.get("utm_campaign")),
    utmContent: clean(url.searchParams.get("utm_content")),
    link,
  };
}

/** The key under which a visit remembers it already reported this landing (reloads count once). */
export function landingKey(params: TrackingParams): string {
  return `codetrail:landed:${[params.code, params.utmSource, params.utmCampaign, params.utmContent, params.link].join("|")}`;
}

export function pageViewedPayload(shop: string, visitId: string, href: string | null | undefined): PixelPayload | null {
  const params = trackingParams(href);
  return params ? { v: 1, kind: "page_viewed", shop, visitId, ...params } : null;
}

interface CheckoutLike {
  discountApplications?: ReadonlyArray<{ type?: string | null; title?: string | null }> | null;
}

/**
 * A completed checkout's discount codes (upper case, unique) and the link the visit landed through;
 * null when it has neither (nothing of an influencer's).
 */
export function checkoutCompletedPayload(
  shop: string,
  visitId: string,
  checkout: CheckoutLike | null | undefined,
  link: string | null = null,
): PixelPayload | null {
  const codes = new Set<string>();
  for (const d of checkout?.discountApplications ?? []) {
    const code = d.type === "DISCOUNT_CODE" ? clean(d.title) : null;
    if (code) codes.add(code.toUpperCase());
  }
  const visitLink = link && LINK_SLUG.test(link) ? link : null;
  if (codes.size === 0 && !visitLink) return null;
  return { v: 1, kind: "checkout_completed", shop, visitId, codes: [...codes].slice(0, 10), link: visitLink };
}

const ID_ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789";

/** A random visit id (22 characters); not derived from anything about the visitor. */
export function newVisitId(random: (n: number) => Uint8Array): string {
  return Array.from(random(22), (b) => ID_ALPHABET[b % ID_ALPHABET.length]).join("");
}

export type FetchLike = (url: string, init: { method: string; body: string; keepalive: boolean; headers: Record<string, string>; mode: "cors"; credentials: "omit" }) => Promise<unknown>;

/**
 * Sends one payload. keepalive lets it finish when the page unloads (a landing page followed by a
 * quick click). text/plain keeps it a "simple" CORS request (no preflight). Failures are swallowed:
 * analytics must never break the storefront.
 */
export async function send(fetchFn: FetchLike, endpoint: string, payload: PixelPayload): Promise<boolean> {
  try {
    await fetchFn(endpoint, {
      method: "POST",
      body: JSON.stringify(payload),
      keepalive: true,
      headers: { "Content-Type": "text/plain" },
      mode: "cors",
      credentials: "omit",
    });
    return true;
  } catch {
    return false;
  }
}

export interface SessionStore {
  getItem(key: string): Promise<string | null>;
  setItem(key: string, value: string): Promise<unknown>;
}

/** The visit's id from session storage, created on the visit's first event. */
export async function visitIdFrom(store: SessionStore, random: (n: number) => Uint8Array): Promise<string> {
  const existing = await store.getItem("codetrail:visit");
  if (existing && /^[a-z0-9]{22}$/.test(existing)) return existing;
  const id = newVisitId(random);
  await store.setItem("codetrail:visit", id);
  return id;
}

/** Handles a page_viewed event: sends it once per visit and landing. */
export async function handlePageViewed(
  deps: { shop: string; endpoint: string; store: SessionStore; fetch: FetchLike; random: (n: number) => Uint8Array },
  href: string | null | undefined,
): Promise<PixelPayload | null> {
  const params = trackingParams(href);
  if (!params || !deps.endpoint) return null;
  // The visit's link is the one it last landed through (a checkout later counts for it).
  if (params.link) await deps.store.setItem(LINK_KEY, params.link);
  const key = landingKey(params);
  if (await deps.store.getItem(key)) return null;
  const visitId = await visitIdFrom(deps.store, deps.random);
  const payload: PixelPayload = { v: 1, kind: "page_viewed", shop: deps.shop, visitId, ...params };
  await deps.store.setItem(key, "1");
  await send(deps.fetch, deps.endpoint, payload);
  return payload;
}

/** Handles a checkout_completed event: sends its discount codes and the visit's link, if any. */
export async function handleCheckoutCompleted(
  deps: { shop: string; endpoint: string; store: SessionStore; fetch: FetchLike; random: (n: number) => Uint8Array },
  checkout: CheckoutLike | null | undefined,
): Promise<PixelPayload | null> {
  if (!deps.endpoint) return null;
  const visitId = await visitIdFrom(deps.store, deps.random);
  const payload = checkoutCompletedPayload(deps.shop, visitId, checkout, await deps.store.getItem(LINK_KEY));
  if (!payload) return null;
  await send(deps.fetch, deps.endpoint, payload);
  return payload;
}
