/**
 * Coupon, deal and cashback sites: an order that arrives from one of them with an influencer's code
 * suggests the code leaked beyond the influencer's audience.
 *
 * Source and upkeep: a hand-maintained list of widely used coupon-code aggregators, deal
 * communities and cashback or browser-extension services, by the domain each one publishes on its
 * own website (US, UK, EU, AU and Asian markets). It is not a vendor feed: add a domain (the
 * registrable domain; subdomains match) or a keyword when a merchant reports one, with a test in
 * app/lib/leak-detection.test.ts. Hosts are compared in lower case without "www.".
 */
export const COUPON_DOMAINS: readonly string[] = [
  // Coupon-code aggregators
  "retailmenot.com",
  "coupons.com",
  "couponfollow.com",
  "couponbirds.com",
  "couponcabin.com",
  "couponchief.com",
  "coupert.com",
  "dealspotr.com",
  "dontpayfull.com",
  "goodshop.com",
  "knoji.com",
  "lovecoupons.com",
  "offers.com",
  "promocodes.com",
  "savings.com",
  "simplycodes.com",
  "wethrift.com",
  "couponsherpa.com",
  "joinhoney.com",
  "capitaloneshopping.com",
  "wikibuy.com",
  "karmanow.com",
  // Deal communities
  "slickdeals.net",
  "dealnews.com",
  "bradsdeals.com",
  "groupon.com",
  "dealmoon.com",
  "hotukdeals.com",
  "latestdeals.co.uk",
  "mydealz.de",
  "dealabs.com",
  "pepper.com",
  "ozbargain.com.au",
  "redflagdeals.com",
  "promodescuentos.com",
  // Cashback and voucher sites
  "rakuten.com",
  "ebates.com",
  "topcashback.com",
  "topcashback.co.uk",
  "quidco.com",
  "befrugal.com",
  "swagbucks.com",
  "shopback.com",
  "cashrewards.com.au",
  "vouchercodes.co.uk",
  "myvouchercodes.co.uk",
  "vouchercloud.com",
  "cuponation.com",
  "picodi.com",
  "gutscheine.de",
];

/** Words that mark a coupon site in a host name or a utm_source ("…coupons…", "gutschein…"). */
export const COUPON_KEYWORDS: readonly string[] = ["coupon", "voucher", "promocode", "promo-code", "gutschein", "cupon", "cashback", "discountcode"];

/** Brand names these sites put in utm_source (utm_source=honey, utm_source=retailmenot). */
const GENERIC_WORDS = new Set(["offers", "savings", "pepper"]);
const COUPON_SOURCES = new Set([
  ...COUPON_DOMAINS.map((domain) => domain.split(".")[0]).filter((name) => !GENERIC_WORDS.has(name)),
  "honey",
  "capitalone",
  "karma",
  "rakuten",
]);

/** The coupon site a host belongs to (its listed domain, or the host itself for a keyword match). */
export function couponSiteOfHost(host: string | null | undefined): string | null {
  if (!host) return null;
  const h = host.toLowerCase().replace(/^www\./, "");
  for (const domain of COUPON_DOMAINS) if (h === domain || h.endsWith(`.${domain}`)) return domain;
  return COUPON_KEYWORDS.some((k) => h.includes(k)) ? h : null;
}

export function couponSiteOfSource(utmSource: string | null | undefined): string | null {
  if (!utmSource) return null;
  const s = utmSource.toLowerCase().trim();
  const bare = s.replace(/^www\./, "").replace(/\.[a-z.]+$/, "");
  if (COUPON_SOURCES.has(bare)) return s;
  const byHost = s.includes(".") ? couponSiteOfHost(s) : null;
  if (byHost) return byHost;
  return COUPON_KEYWORDS.some((k) => s.includes(k)) ? s : null;
}

/** The coupon site an order came from, by referrer, landing host or utm_source; null when none. */
export function couponSiteOf(source: { referringHost: string | null; landingHost: string | null; utmSource: string | null }): string | null {
  return couponSiteOfHost(source.referringHost) ?? couponSiteOfHost(source.landingHost) ?? couponSiteOfSource(source.utmSource);
}
