import { describe, expect, it } from "vitest";
import { couponSiteOf, couponSiteOfHost, couponSiteOfSource } from "./coupon-sites";
import { audienceSignal, couponSignal, leakSignals, spikeSignal } from "./leak-detection";
import { hostOf, orderSource } from "./order-source";

const source = (referringHost: string | null, orders: number, utmSource: string | null = null) => ({
  referringHost, landingHost: null, utmSource, orders,
});

describe("order sources", () => {
  it("keeps host names only, never paths or query strings", () => {
    expect(hostOf("https://www.RetailMeNot.com/view/shop.com?email=a@b.c")).toBe("retailmenot.com");
    expect(hostOf("www.google.com/search?q=jane")).toBe("google.com");
    expect(hostOf("/discount/JANE15?ref=x")).toBeNull();
    expect(hostOf("not a url")).toBeNull();
    expect(orderSource({ referringSite: "https://m.slickdeals.net/f/123", landingSite: "/products/x?utm_source=Honey", countryCode: "US" }))
      .toEqual({ referringHost: "slickdeals.net", landingHost: null, utmSource: "honey", countryCode: "US" });
  });

  it("recognises coupon sites by domain, subdomain, keyword and utm_source", () => {
    expect(couponSiteOfHost("retailmenot.com")).toBe("retailmenot.com");
    expect(couponSiteOfHost("uk.shopback.com")).toBe("shopback.com");
    expect(couponSiteOfHost("best-coupons-daily.net")).toBe("best-coupons-daily.net");
    expect(couponSiteOfHost("instagram.com")).toBeNull();
    expect(couponSiteOfSource("honey")).toBe("honey");
    expect(couponSiteOfSource("instagram")).toBeNull();
    expect(couponSiteOfSource("newsletter")).toBeNull();
    expect(couponSiteOf({ referringHost: "instagram.com", landingHost: null, utmSource: "knoji" })).toBe("knoji");
  });
});

describe("leak signals", () => {
  it("flags a code whose orders come from coupon sites, not one shared on social media", () => {
    expect(couponSignal([source("instagram.com", 40), source("retailmenot.com", 6), source("slickdeals.net", 4)])).toMatchObject({
      kind: "coupon", couponOrders: 10, orders: 50, share: 0.2, sites: [{ site: "retailmenot.com", orders: 6 }, { site: "slickdeals.net", orders: 4 }],
    });
    expect(couponSignal([source("instagram.com", 40), source("tiktok.com", 20), source("retailmenot.com", 2)])).toBeNull();
    expect(couponSignal([source("retailmenot.com", 2)])).toBeNull(); // too few to tell
  });

  it("flags a spike against the code's own history, not a launch week", () => {
    expect(spikeSignal(30, 40)).toMatchObject({ kind: "spike", lastWeek: 30, weeklyAverage: 5, factor: 6 });
    expect(spikeSignal(12, 40)).toBeNull();
    expect(spikeSignal(50, 0)).toBeNull();
  });

  it("flags orders far outside the audience's countries", () => {
    const history = { US: 80, CA: 15, GB: 5 };
    expect(audienceSignal({ US: 4, IN: 9, PK: 5 }, history)).toMatchObject({ kind: "audience", orders: 18 });
    expect(audienceSignal({ US: 12, CA: 3, IN: 1 }, history)).toBeNull();
    expect(audienceSignal({ IN: 12 }, { US: 5 })).toBeNull(); // not enough history
  });

  it("combines the signals", () => {
    expect(leakSignals({ recentSources: [source("instagram.com", 10)], lastWeek: 3, baseline: 20, recentCountries: {}, historyCountries: {} })).toEqual([]);
  });
});
