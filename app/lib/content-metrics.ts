import { Decimal, ratio } from "./money";

/**
 * Content performance of sponsored posts, as pure functions (definitions in
 * docs/decisions/008-influencer-portal-and-tracking.md, "Content performance"). Every ratio is
 * null when its denominator is zero: the page shows a dash, never Infinity or NaN.
 */

export const EMV_METRICS = ["impressions", "likes", "comments", "shares", "saves", "videoViews", "linkClicks"] as const;
export type EmvMetric = (typeof EMV_METRICS)[number];
export type EmvRates = Partial<Record<EmvMetric, Decimal>>;

export interface PostFigures {
  reach: number;
  impressions: number;
  likes: number;
  comments: number;
  shares: number;
  saves: number;
  videoViews: number;
  linkClicks: number;
  hashtagMentions: number;
  /** What the post cost, in the shop currency. */
  cost: Decimal;
}

export interface ContentMetrics extends PostFigures {
  posts: number;
  engagements: number;
  /** (likes + comments + shares + saves) ÷ reach × 100. */
  engagementRatePercent: Decimal | null;
  /** link clicks ÷ impressions × 100. */
  ctrPercent: Decimal | null;
  /** cost ÷ engagements. */
  cpe: Decimal | null;
  /** cost ÷ impressions × 1000. */
  cpm: Decimal | null;
  /** Σ metric × the shop's rate for it. */
  emv: Decimal;
}

export const ZERO_FIGURES: PostFigures = Object.freeze({
  reach: 0,
  impressions: 0,
  likes: 0,
  comments: 0,
  shares: 0,
  saves: 0,
  videoViews: 0,
  linkClicks: 0,
  hashtagMentions: 0,
  cost: new Decimal(0),
});

export function engagements(p: Pick<PostFigures, "likes" | "comments" | "shares" | "saves">): number {
  return p.likes + p.comments + p.shares + p.saves;
}

export function engagementRate(p: PostFigures): Decimal | null {
  const r = ratio(new Decimal(engagements(p)), new Decimal(p.reach));
  return r ? r.times(100) : null;
}

export function clickThroughRate(p: PostFigures): Decimal | null {
  const r = ratio(new Decimal(p.linkClicks), new Decimal(p.impressions));
  return r ? r.times(100) : null;
}

export function costPerEngagement(p: PostFigures): Decimal | null {
  return ratio(p.cost, new Decimal(engagements(p)));
}

export function costPerMille(p: PostFigures): Decimal | null {
  const r = ratio(p.cost, new Decimal(p.impressions));
  return r ? r.times(1000) : null;
}

export function earnedMediaValue(p: PostFigures, rates: EmvRates): Decimal {
  let total = new Decimal(0);
  for (const metric of EMV_METRICS) {
    const rate = rates[metric];
    if (rate) total = total.plus(rate.times(p[metric]));
  }
  return total;
}

export function addFigures(a: PostFigures, b: PostFigures): PostFigures {
  return {
    reach: a.reach + b.reach,
    impressions: a.impressions + b.impressions,
    likes: a.likes + b.likes,
    comments: a.comments + b.comments,
    shares: a.shares + b.shares,
    saves: a.saves + b.saves,
    videoViews: a.videoViews + b.videoViews,
    linkClicks: a.linkClicks + b.linkClicks,
    hashtagMentions: a.hashtagMentions + b.hashtagMentions,
    cost: a.cost.plus(b.cost),
  };
}

/**
 * The metrics of one post or of a group of posts (an influencer's, a campaign's): ratios of sums,
 * not averages of ratios, so a post with a large reach weighs accordingly. Reach is summed across
 * posts (an upper bound: platforms do not de-duplicate people across posts).
 */
export function contentMetrics(posts: readonly PostFigures[], rates: EmvRates): ContentMetrics {
  const sum = posts.reduce(addFigures, ZERO_FIGURES);
  return {
    ...sum,
    posts: posts.length,
    engagements: engagements(sum),
    engagementRatePercent: engagementRate(sum),
    ctrPercent: clickThroughRate(sum),
    cpe: costPerEngagement(sum),
    cpm: costPerMille(sum),
    emv: earnedMediaValue(sum, rates),
  };
}
