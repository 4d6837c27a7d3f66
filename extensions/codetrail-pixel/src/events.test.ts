import { describe, expect, it, vi } from "vitest";
import { pixelPayloadSchema } from "../../../app/lib/pixel-events";
import { SLUG_PATTERN, trackingUrl } from "../../../app/lib/tracking-links";
import {
  checkoutCompletedPayload,
  handleCheckoutCompleted,
  handlePageViewed,
  LINK_SLUG,
  pageViewedPayload,
  trackingParams,
  type SessionStore,
} from "./events";

const SHOP = "demo-store.myshopify.com";
const random = (n: number) => new Uint8Array(n).fill(3);

function memoryStore(): SessionStore & { data: Map<string, string> } {
  const data = new Map<string, string>();
  return { data, getItem: async (k) => data.get(k) ?? null, setItem: async (k, v) => void data.set(k, v) };
}

describe("web pixel event handling", () => {
  it("reads the app's tracking parameters from a landing URL, and ignores ordinary pages", () => {
    expect(trackingParams("https://shop.example/products/hat?ref=anna10&utm_source=instagram&utm_medium=influencer&utm_campaign=spring&utm_content=reel-1")).toEqual({
      code: "anna10",
      utmSource: "instagram",
      utmMedium: "influencer",
      utmCampaign: "spring",
      utmContent: "reel-1",
      link: null,
    });
    expect(trackingParams("https://shop.example/discount/ANNA%2010")?.code).toBe("ANNA 10");
    expect(trackingParams("https://shop.example/?ct_link=Anna10-IG-k3m9q")?.link).toBe("anna10-ig-k3m9q");
    expect(trackingParams("https://shop.example/?ref=ANNA10&ct_link=not-a-slug!")?.link).toBeNull();
    expect(trackingParams("https://shop.example/products/hat")).toBeNull();
    expect(trackingParams("https://shop.example/?utm_medium=cpc&utm_source=google")).toBeNull();
    expect(trackingParams("not a url")).toBeNull();
  });

  it("builds payloads the collecting endpoint accepts (same shape on both sides)", () => {
    const landing = new URL(trackingUrl({ shopDomain: SHOP, code: "ANNA10", platform: "TIKTOK", campaign: "Spring", content: "Clip 1", path: "/" }));
    const afterRedirect = `https://${SHOP}${landing.searchParams.get("redirect")}`;
    const page = pageViewedPayload(SHOP, "a".repeat(22), afterRedirect);
    expect(page).toMatchObject({ kind: "page_viewed", code: "ANNA10", utmSource: "tiktok", utmContent: "clip-1" });
    expect(pixelPayloadSchema.safeParse(page).success).toBe(true);
    const checkout = checkoutCompletedPayload(SHOP, "a".repeat(22), {
      discountApplications: [
        { type: "DISCOUNT_CODE", title: "anna10" },
        { type: "AUTOMATIC", title: "Free shipping" },
        { type: "DISCOUNT_CODE", title: "ANNA10" },
      ],
    });
    expect(checkout).toEqual({ v: 1, kind: "checkout_completed", shop: SHOP, visitId: "a".repeat(22), codes: ["ANNA10"], link: null });
    expect(pixelPayloadSchema.safeParse(checkout).success).toBe(true);
    expect(checkoutCompletedPayload(SHOP, "a".repeat(22), { discountApplications: [] })).toBeNull();
    // A checkout without a code still counts for the visit's link.
    const linked = checkoutCompletedPayload(SHOP, "a".repeat(22), { discountApplications: [] }, "anna10-tt-k3m9q");
    expect(linked).toEqual({ v: 1, kind: "checkout_completed", shop: SHOP, visitId: "a".repeat(22), codes: [], link: "anna10-tt-k3m9q" });
    expect(pixelPayloadSchema.safeParse(linked).success).toBe(true);
    expect(checkoutCompletedPayload(SHOP, "a".repeat(22), { discountApplications: [] }, "tampered value")).toBeNull();
  });

  it("names the link on the landing after Shopify's redirect, and ties the visit's checkout to it", async () => {
    const landing = new URL(
      trackingUrl({ shopDomain: SHOP, code: "ANNA10", platform: "TIKTOK", campaign: "Spring", content: "Clip 1", path: "/products/hat", slug: "anna10-tt-k3m9q" }),
    );
    const afterRedirect = `https://${SHOP}${landing.searchParams.get("redirect")}`;
    const store = memoryStore();
    const fetch = vi.fn(async () => new Response(null, { status: 202 }));
    const deps = { shop: SHOP, endpoint: "https://app.example/pixel/events", store, fetch, random };
    expect(await handlePageViewed(deps, afterRedirect)).toMatchObject({ kind: "page_viewed", link: "anna10-tt-k3m9q" });
    // Browsing on, then the checkout (its page carries no tracking parameters).
    await handlePageViewed(deps, `https://${SHOP}/products/other`);
    const checkout = await handleCheckoutCompleted(deps, { discountApplications: [{ type: "DISCOUNT_CODE", title: "ANNA10" }] });
    expect(checkout).toMatchObject({ kind: "checkout_completed", codes: ["ANNA10"], link: "anna10-tt-k3m9q" });
    expect(pixelPayloadSchema.safeParse(checkout).success).toBe(true);
    // A visit through no link sends a checkout without one.
    const plain = { ...deps, store: memoryStore() };
    expect(await handleCheckoutCompleted(plain, { discountApplications: [{ type: "DISCOUNT_CODE", title: "ANNA10" }] })).toMatchObject({ link: null });
    expect(await handleCheckoutCompleted(plain, { discountApplications: [] })).toBeNull();
  });

  it("reads slugs with the app's own pattern", () => {
    expect(LINK_SLUG.source).toBe(SLUG_PATTERN.source);
  });

  it("sends a landing once per visit with keepalive, and keeps one random visit id", async () => {
    const store = memoryStore();
    const fetch = vi.fn(async () => new Response(null, { status: 202 }));
    const deps = { shop: SHOP, endpoint: "https://app.example/pixel/events", store, fetch, random };
    const href = "https://shop.example/?ref=ANNA10&utm_medium=influencer&utm_source=instagram";
    await handlePageViewed(deps, href);
    await handlePageViewed(deps, href);
    await handlePageViewed(deps, "https://shop.example/products/other");
    expect(fetch).toHaveBeenCalledTimes(1);
    const [url, init] = fetch.mock.calls[0] as unknown as [string, RequestInit];
    expect(url).toBe("https://app.example/pixel/events");
    expect(init).toMatchObject({ method: "POST", keepalive: true, credentials: "omit" });
    const body = JSON.parse(String(init.body));
    expect(body.visitId).toMatch(/^[a-z0-9]{22}$/);
    expect(Object.keys(body).sort()).toEqual(["code", "kind", "link", "shop", "utmCampaign", "utmContent", "utmMedium", "utmSource", "v", "visitId"]);

    await handleCheckoutCompleted(deps, { discountApplications: [{ type: "DISCOUNT_CODE", title: "ANNA10" }] });
    expect(fetch).toHaveBeenCalledTimes(2);
    expect(JSON.parse(String((fetch.mock.calls[1] as unknown as [string, RequestInit])[1].body)).visitId).toBe(body.visitId);
  });

  it("never throws into the storefront when the endpoint is down or unset", async () => {
    const store = memoryStore();
    const failing = vi.fn(async () => {
      throw new TypeError("network");
    });
    const href = "https://shop.example/?ref=ANNA10";
    await expect(handlePageViewed({ shop: SHOP, endpoint: "https://app.example/pixel/events", store, fetch: failing, random }, href)).resolves.toBeTruthy();
    const unset = vi.fn();
    await expect(handlePageViewed({ shop: SHOP, endpoint: "", store: memoryStore(), fetch: unset, random }, href)).resolves.toBeNull();
    expect(unset).not.toHaveBeenCalled();
  });
});
