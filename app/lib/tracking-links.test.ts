import { describe, expect, it } from "vitest";
import { attributeOrder, parseTrackingLink } from "./attribution";
import { Decimal } from "./money";
import { linkSlug, normalizeStorePath, shortLink, SLUG_PATTERN, trackingUrl, utmValue } from "./tracking-links";

const input = { shopDomain: "demo-store.myshopify.com", code: "ANNA10", platform: "INSTAGRAM", campaign: "Spring Drop", content: "Reel March 12", path: "/products/hat" };

describe("tracking links", () => {
  it("builds the discount link with the redirect target and UTM parameters on both", () => {
    const url = new URL(trackingUrl(input));
    expect(url.origin).toBe("https://demo-store.myshopify.com");
    expect(url.pathname).toBe("/discount/ANNA10");
    expect(url.searchParams.get("utm_source")).toBe("instagram");
    expect(url.searchParams.get("utm_medium")).toBe("influencer");
    expect(url.searchParams.get("utm_campaign")).toBe("spring-drop");
    expect(url.searchParams.get("utm_content")).toBe("reel-march-12");
    const target = new URL(url.searchParams.get("redirect")!, "https://x.invalid");
    expect(target.pathname).toBe("/products/hat");
    expect(target.searchParams.get("ref")).toBe("ANNA10");
    expect(target.searchParams.get("utm_content")).toBe("reel-march-12");
    expect(url.searchParams.has("ct_link")).toBe(false);
    // A stored link names itself on both URLs (decision 016).
    const named = new URL(trackingUrl({ ...input, slug: "anna10-ig-k3m9q" }));
    expect(named.searchParams.get("ct_link")).toBe("anna10-ig-k3m9q");
    expect(new URL(named.searchParams.get("redirect")!, "https://x.invalid").searchParams.get("ct_link")).toBe("anna10-ig-k3m9q");
    expect(parseTrackingLink(named.href)).toMatchObject({ slug: "anna10-ig-k3m9q", utmSource: "instagram", codes: ["ANNA10"] });
  });

  it("keeps the redirect on the store", () => {
    expect(normalizeStorePath("https://evil.example/x")).toBe("/");
    expect(normalizeStorePath("//evil.example/x")).toBe("/");
    expect(normalizeStorePath("/\\evil.example")).toBe("/");
    expect(normalizeStorePath("/collections/sale?sort=price")).toBe("/collections/sale?sort=price");
  });

  it("makes readable slugs that match the short-link pattern", () => {
    const slug = linkSlug("ANNA10", "INSTAGRAM", (n) => new Uint8Array(n).fill(7));
    expect(slug).toBe("anna10-ig-hhhhh");
    expect(SLUG_PATTERN.test(slug)).toBe(true);
    expect(shortLink("https://app.example/", slug)).toBe("https://app.example/l/anna10-ig-hhhhh");
    expect(utmValue("  Été 2026 / Drop ")).toBe("été-2026-drop");
  });

  it("round trip: an order landing on the link without a code is attributed to the link's code, with its UTM values", () => {
    const landingSite = trackingUrl(input);
    expect(parseTrackingLink(landingSite)).toMatchObject({ codes: ["ANNA10"], utmCampaign: "spring-drop", utmContent: "reel-march-12" });
    const codes = [{ id: "c1", code: "ANNA10", influencerId: "i1", campaignId: null }];
    const attribution = attributeOrder({ discountCodes: [], landingSite }, codes);
    expect(attribution).toMatchObject({ source: "TRACKING_LINK", discountCode: { id: "c1" } });
    // The landing page after Shopify's redirect carries it too (ref=).
    const target = new URL(landingSite).searchParams.get("redirect")!;
    expect(attributeOrder({ discountCodes: [], landingSite: target }, codes)?.discountCode.id).toBe("c1");
    // A typed code still wins over the link.
    const other = { id: "c2", code: "BOB5", influencerId: "i2", campaignId: null };
    const typed = attributeOrder({ discountCodes: [{ code: "bob5", amount: new Decimal(5), type: "percentage" } as never], landingSite }, [...codes, other]);
    expect(typed?.discountCode.id).toBe("c2");
  });
});
