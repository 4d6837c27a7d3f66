import { describe, expect, it } from "vitest";
import { clickThroughRate, contentMetrics, costPerEngagement, costPerMille, earnedMediaValue, engagementRate, ZERO_FIGURES, type PostFigures } from "./content-metrics";
import { Decimal } from "./money";

const post = (o: Partial<PostFigures>): PostFigures => ({ ...ZERO_FIGURES, ...o });

describe("content metrics", () => {
  const p = post({ reach: 10_000, impressions: 25_000, likes: 800, comments: 120, shares: 50, saves: 30, linkClicks: 250, videoViews: 9000, cost: new Decimal("500") });

  it("computes engagement rate, CTR, CPE and CPM from their definitions", () => {
    // (800 + 120 + 50 + 30) / 10000 = 10 %
    expect(engagementRate(p)?.toString()).toBe("10");
    // 250 / 25000 = 1 %
    expect(clickThroughRate(p)?.toString()).toBe("1");
    // 500 / 1000 engagements
    expect(costPerEngagement(p)?.toString()).toBe("0.5");
    // 500 / 25000 × 1000
    expect(costPerMille(p)?.toString()).toBe("20");
  });

  it("returns null (a dash) for every zero denominator, never Infinity or NaN", () => {
    const empty = post({ cost: new Decimal("100") });
    expect(engagementRate(empty)).toBeNull();
    expect(clickThroughRate(empty)).toBeNull();
    expect(costPerEngagement(empty)).toBeNull();
    expect(costPerMille(empty)).toBeNull();
    const m = contentMetrics([], {});
    expect([m.engagementRatePercent, m.ctrPercent, m.cpe, m.cpm]).toEqual([null, null, null, null]);
    expect(m.emv.toString()).toBe("0");
  });

  it("prices earned media value with the shop's rate table, exactly", () => {
    const emv = earnedMediaValue(p, { impressions: new Decimal("0.005"), likes: new Decimal("0.1"), shares: new Decimal("0.3") });
    // 25000 × 0.005 + 800 × 0.1 + 50 × 0.3 = 125 + 80 + 15
    expect(emv.toString()).toBe("220");
  });

  it("aggregates groups as ratios of sums", () => {
    const small = post({ reach: 100, likes: 50, cost: new Decimal("10") });
    const big = post({ reach: 9900, likes: 50, cost: new Decimal("90") });
    const m = contentMetrics([small, big], {});
    expect(m.posts).toBe(2);
    expect(m.engagementRatePercent?.toString()).toBe("1");
    expect(m.cpe?.toString()).toBe("1");
  });
});
