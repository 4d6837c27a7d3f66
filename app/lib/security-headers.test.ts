import { describe, expect, it } from "vitest";
import { documentSecurityHeaders } from "./security-headers";

const at = (url: string) => documentSecurityHeaders(new URL(url, "https://app.example"), ["shop.brand.example"]);

describe("document security headers", () => {
  it("let admin pages be framed by the shop's admin and admin.shopify.com only", () => {
    expect(at("/app/influencers?shop=jane-shop.myshopify.com&host=abc")["Content-Security-Policy"]).toBe(
      "frame-ancestors https://jane-shop.myshopify.com https://admin.shopify.com",
    );
    expect(at("/app?shop=shop.brand.example")["Content-Security-Policy"]).toBe("frame-ancestors https://shop.brand.example https://admin.shopify.com");
    // No shop, or something that is not a shop domain: admin.shopify.com alone.
    for (const url of ["/app", "/app?shop=evil.example", "/app?shop=x.myshopify.com%20https://evil.example", "/auth/login"]) {
      expect(at(url)["Content-Security-Policy"], url).toBe("frame-ancestors https://admin.shopify.com");
    }
  });

  it("never let public pages be framed, nor send a referrer, whatever shop the query names", () => {
    for (const url of ["/portal/abc", "/portal/abc?shop=jane-shop.myshopify.com", "/l/jane15-ig-abcde"]) {
      expect(at(url), url).toEqual({
        "Content-Security-Policy": "frame-ancestors 'none'",
        "X-Frame-Options": "DENY",
        "Referrer-Policy": "no-referrer",
        "X-Content-Type-Options": "nosniff",
      });
    }
    expect(at("/portalx")["X-Frame-Options"]).toBeUndefined();
  });
});
