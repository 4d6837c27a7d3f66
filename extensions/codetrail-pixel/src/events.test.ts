import { describe, expect, it, vi } from "vitest";
import { pixelPayloadSchema } from "../../../app/lib/pixel-events";
import { trackingUrl } from "../../../app/lib/tracking-links";
import { checkoutCompletedPayload, handleCheckoutCompleted, handlePageViewed, pageViewedPayload, trackingParams, type SessionStore } from "./events";

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
    });
    expect(trackingParams("https://shop.example/discount/ANNA%2010")?.code).toBe("ANNA 10");
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
    expect(checkout).toEqual({ v: 1, kind: "checkout_completed", shop: SHOP, visitId: "a".repeat(22), codes: ["ANNA10"] });
    expect(pixelPayloadSchema.safeParse(checkout).success).toBe(true);
    expect(checkoutCompletedPayload(SHOP, "a".repeat(22), { discountApplications: [] })).toBeNull();
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
    expect(Object.keys(body).sort()).toEqual(["code", "kind", "shop", "utmCampaign", "utmContent", "utmMedium", "utmSource", "v", "visitId"]);

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
