/**
 * Influencer tracking links, as pure functions. A link sends the visitor through Shopify's discount
 * link (`https://<shop>/discount/<CODE>?redirect=<path>`, which applies the code) to any store path,
 * with the UTM parameters on both the discount URL (what the order's `landing_site` records, read
 * by app/lib/attribution.ts) and the redirect target (the page the web pixel sees, which also gets
 * `ref=<CODE>` so the pixel knows the influencer after the redirect). Both also carry the link's
 * slug as `ct_link=<slug>`: which link it was, for the ledger (campaign credit) and the pixel (the
 * visit's link), since several links can share a code and UTM values (decision 016).
 */

export const UTM_MEDIUM = "influencer";

/** The query parameter that names the link (its slug) on the landing URL and the redirect target. */
export const LINK_PARAM = "ct_link";

export interface TrackingLinkInput {
  shopDomain: string;
  code: string;
  /** utm_source: the platform, lower case (instagram, tiktok, …). */
  platform: string;
  /** utm_campaign. */
  campaign: string;
  /** utm_content: the content piece. */
  content: string;
  /** A store path ("/products/hat"); anything else falls back to "/". */
  path: string;
  /** The link's slug (`ct_link`); absent only for a URL of no stored link. */
  slug?: string;
}

/** A store path that stays on the store: starts with one "/", no scheme, no host, no backslash. */
export function normalizeStorePath(path: string): string {
  const trimmed = path.trim();
  if (!trimmed.startsWith("/") || trimmed.startsWith("//") || /[\\\s]/.test(trimmed)) return "/";
  try {
    const url = new URL(trimmed, "https://store.invalid");
    if (url.host !== "store.invalid") return "/";
    return `${url.pathname}${url.search}`;
  } catch {
    return "/";
  }
}

/** UTM values as written in links: trimmed, lower case, spaces and odd characters as "-". */
export function utmValue(text: string): string {
  return text
    .normalize("NFKC")
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{N}._-]+/gu, "-")
    .replace(/-{2,}/g, "-")
    .replace(/^-|-$/g, "")
    .slice(0, 100);
}

function utmParams(input: TrackingLinkInput): [string, string][] {
  return [
    ["utm_source", utmValue(input.platform)],
    ["utm_medium", UTM_MEDIUM],
    ["utm_campaign", utmValue(input.campaign)],
    ["utm_content", utmValue(input.content)],
    ...(input.slug ? [[LINK_PARAM, input.slug] as [string, string]] : []),
  ];
}

/** The full store URL a tracking link redirects to. */
export function trackingUrl(input: TrackingLinkInput): string {
  const path = normalizeStorePath(input.path);
  const target = new URL(path, "https://store.invalid");
  target.searchParams.set("ref", input.code);
  for (const [k, v] of utmParams(input)) target.searchParams.set(k, v);
  const redirect = `${target.pathname}${target.search}`;
  const query = new URLSearchParams([["redirect", redirect], ...utmParams(input)]);
  return `https://${input.shopDomain}/discount/${encodeURIComponent(input.code)}?${query.toString()}`;
}

// No 0/O, 1/l/I: slugs are read aloud and typed from screenshots.
const SLUG_ALPHABET = "abcdefghijkmnpqrstuvwxyz23456789";

/** A short, readable slug: "<code>-<platform>-<5 random characters>", e.g. "anna10-ig-k3m9q". */
export function linkSlug(code: string, platform: string, random: (n: number) => Uint8Array): string {
  const bytes = random(5);
  const suffix = Array.from(bytes, (b) => SLUG_ALPHABET[b % SLUG_ALPHABET.length]).join("");
  const codePart = utmValue(code).replace(/[^a-z0-9]/g, "").slice(0, 20) || "link";
  const platformPart = PLATFORM_SHORT[platform.toUpperCase()] ?? (utmValue(platform).slice(0, 4) || "web");
  return `${codePart}-${platformPart}-${suffix}`;
}

const PLATFORM_SHORT: Record<string, string> = {
  INSTAGRAM: "ig",
  TIKTOK: "tt",
  YOUTUBE: "yt",
  FACEBOOK: "fb",
  X: "x",
  BLOG: "blog",
  OTHER: "web",
};

export const SLUG_PATTERN = /^[a-z0-9]{1,20}-[a-z0-9]{1,4}-[a-z0-9]{5}$/;

/** The link slug a URL's `ct_link` names (lower-cased), or null when it names none or a malformed one. */
export function linkSlugOf(params: URLSearchParams): string | null {
  const slug = params.get(LINK_PARAM)?.trim().toLowerCase() ?? "";
  return SLUG_PATTERN.test(slug) ? slug : null;
}

/** The app-served short link. */
export function shortLink(appUrl: string, slug: string): string {
  return `${appUrl.replace(/\/+$/, "")}/l/${slug}`;
}
