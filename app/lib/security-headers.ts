/**
 * Security headers of the app's documents (app/entry.server.tsx) and public resources:
 * - admin pages (everything but the public ones) may be framed by the shop's admin and
 *   admin.shopify.com only (`Content-Security-Policy: frame-ancestors`, as Shopify requires of
 *   embedded apps). shopify-app-remix's addDocumentResponseHeaders sets that header only when the
 *   request names a shop, lists Shopify's internal development admins too, and frames public pages
 *   for any shop named in their query; this policy replaces it.
 * - public pages (the influencer portal, tracking links) are never framed and send no referrer:
 *   a portal URL is a secret.
 */

export const PUBLIC_PAGE_HEADERS: Readonly<Record<string, string>> = {
  "Content-Security-Policy": "frame-ancestors 'none'",
  "X-Frame-Options": "DENY",
  "Referrer-Policy": "no-referrer",
  "X-Content-Type-Options": "nosniff",
};

const PUBLIC_PATHS = [/^\/portal(\/|$)/, /^\/l(\/|$)/];

export function isPublicPage(pathname: string): boolean {
  return PUBLIC_PATHS.some((p) => p.test(pathname));
}

const MYSHOPIFY = /^[a-z0-9][a-z0-9-]*\.myshopify\.com$/;

/**
 * The shop a request names (`?shop=`), when it is a shop domain: `<name>.myshopify.com` or one of
 * the configured custom domains (SHOP_CUSTOM_DOMAIN); anything else is ignored.
 */
export function shopOf(url: URL, customShopDomains: readonly string[] = []): string | null {
  const shop = url.searchParams.get("shop")?.trim().toLowerCase() ?? "";
  if (MYSHOPIFY.test(shop)) return shop;
  return customShopDomains.some((d) => d.toLowerCase() === shop) && /^[a-z0-9.-]+$/.test(shop) ? shop : null;
}

/** The headers a document at this URL gets. */
export function documentSecurityHeaders(url: URL, customShopDomains: readonly string[] = []): Record<string, string> {
  if (isPublicPage(url.pathname)) return { ...PUBLIC_PAGE_HEADERS };
  const shop = shopOf(url, customShopDomains);
  return {
    "Content-Security-Policy": `frame-ancestors ${shop ? `https://${shop} ` : ""}https://admin.shopify.com`,
    "X-Content-Type-Options": "nosniff",
  };
}

/** Sets them on a response's headers (replacing any frame-ancestors policy already there). */
export function applyDocumentSecurityHeaders(url: URL, headers: Headers, customShopDomains: readonly string[] = []) {
  for (const [name, value] of Object.entries(documentSecurityHeaders(url, customShopDomains))) headers.set(name, value);
}
