import type { OrderSnapshot } from "./order-payload";

/**
 * Where an order came from, reduced to what leak detection needs and nothing personal: host names
 * (never paths or query strings, which can carry emails or tokens), the landing page's utm_source
 * and the country code. Pure, no I/O.
 */
export interface OrderSource {
  referringHost: string | null;
  landingHost: string | null;
  utmSource: string | null;
  countryCode: string | null;
}

const MAX = 100;

/** "https://www.RetailMeNot.com/view/x?y" → "retailmenot.com"; null for paths, garbage and empties. */
export function hostOf(url: string | null | undefined): string | null {
  if (!url) return null;
  const text = url.trim();
  // Only absolute URLs (or protocol-relative ones) name a host; a bare path is the shop's own page.
  if (!/^([a-z][a-z0-9+.-]*:)?\/\//i.test(text)) {
    // Shopify sometimes sends a referrer without a scheme ("www.google.com/search?...").
    if (!/^[a-z0-9-]+(\.[a-z0-9-]+)+(?:[/:?#]|$)/i.test(text)) return null;
    return hostOf(`https://${text}`);
  }
  try {
    const host = new URL(text.startsWith("//") ? `https:${text}` : text).hostname.toLowerCase().replace(/\.$/, "");
    if (!host || !host.includes(".")) return null;
    return host.replace(/^(www|m|amp)\./, "").slice(0, MAX);
  } catch {
    return null;
  }
}

function utmSourceOf(landingSite: string | null): string | null {
  if (!landingSite) return null;
  try {
    const value = new URL(landingSite, "https://landing.invalid").searchParams.get("utm_source");
    const trimmed = value?.trim().toLowerCase();
    return trimmed ? trimmed.slice(0, MAX) : null;
  } catch {
    return null;
  }
}

export function orderSource(order: Pick<OrderSnapshot, "referringSite" | "landingSite" | "countryCode">): OrderSource {
  return {
    referringHost: hostOf(order.referringSite),
    landingHost: hostOf(order.landingSite),
    utmSource: utmSourceOf(order.landingSite),
    countryCode: order.countryCode,
  };
}
