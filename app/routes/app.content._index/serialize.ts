import type { ContentMetrics } from "../../lib/content-metrics";

/** A content metrics row as the page receives it: counts as numbers, money and rates as decimal strings. */
export function serializeMetrics(m: ContentMetrics) {
  const d = (v: { toFixed(n: number): string } | null, n = 4) => (v === null ? null : v.toFixed(n));
  return {
    posts: m.posts,
    reach: m.reach,
    impressions: m.impressions,
    engagements: m.engagements,
    linkClicks: m.linkClicks,
    videoViews: m.videoViews,
    hashtagMentions: m.hashtagMentions,
    cost: m.cost.toFixed(4),
    engagementRate: d(m.engagementRatePercent),
    ctr: d(m.ctrPercent),
    cpe: d(m.cpe),
    cpm: d(m.cpm),
    emv: m.emv.toFixed(4),
  };
}
