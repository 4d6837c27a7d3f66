import { couponSiteOf } from "./coupon-sites";

/**
 * Leaked-code signals, computed from per-code aggregates of the ledger (pure, no I/O). A code is
 * flagged when any signal fires; each signal carries its evidence for the owner to judge.
 *
 * 1. Coupon sites: at least 3 orders and 20 % of the code's orders in the last 30 days came from a
 *    known coupon, deal or cashback site (referrer, landing host or utm_source; app/lib/coupon-sites.ts).
 * 2. Spike: the last 7 days have at least 10 orders and 3 times the code's weekly average over the
 *    8 weeks before (which must hold at least 4 orders: a new code's launch week is no spike).
 * 3. Audience: at least half of the last 30 days' orders (10 or more with a country) come from
 *    countries that made up less than 5 % of the code's earlier orders (20 or more with a country).
 */

export const LEAK_RULES = {
  coupon: { minOrders: 3, minShare: 0.2 },
  spike: { minRecent: 10, factor: 3, minBaseline: 4, baselineWeeks: 8 },
  country: { minRecent: 10, minHistory: 20, rareShare: 0.05, minUnusualShare: 0.5 },
} as const;

export interface SourceCount {
  referringHost: string | null;
  landingHost: string | null;
  utmSource: string | null;
  orders: number;
}

export interface CodeActivity {
  /** Orders of the last 30 days, grouped by where they came from. */
  recentSources: SourceCount[];
  /** Orders in the last 7 days, and in the 8 weeks before them. */
  lastWeek: number;
  baseline: number;
  /** Orders by country: the last 30 days, and the year before that (null country: unknown). */
  recentCountries: Record<string, number>;
  historyCountries: Record<string, number>;
}

export type LeakSignal =
  | { kind: "coupon"; share: number; couponOrders: number; orders: number; sites: { site: string; orders: number }[] }
  | { kind: "spike"; lastWeek: number; weeklyAverage: number; factor: number }
  | { kind: "audience"; share: number; orders: number; countries: { country: string; orders: number; historyShare: number }[] };

/** The n largest by orders, ties by name (code-point order): the same evidence on every run. */
function top<T extends { orders: number }>(items: T[], name: (item: T) => string, n = 5): T[] {
  return [...items]
    .sort((a, b) => b.orders - a.orders || (name(a) < name(b) ? -1 : name(a) > name(b) ? 1 : 0))
    .slice(0, n);
}

export function couponSignal(sources: SourceCount[]): LeakSignal | null {
  const orders = sources.reduce((sum, s) => sum + s.orders, 0);
  const bySite = new Map<string, number>();
  for (const source of sources) {
    const site = couponSiteOf(source);
    if (site) bySite.set(site, (bySite.get(site) ?? 0) + source.orders);
  }
  const couponOrders = [...bySite.values()].reduce((a, b) => a + b, 0);
  const share = orders ? couponOrders / orders : 0;
  if (couponOrders < LEAK_RULES.coupon.minOrders || share < LEAK_RULES.coupon.minShare) return null;
  return { kind: "coupon", share, couponOrders, orders, sites: top([...bySite].map(([site, n]) => ({ site, orders: n })), (s) => s.site) };
}

export function spikeSignal(lastWeek: number, baseline: number): LeakSignal | null {
  const rules = LEAK_RULES.spike;
  if (baseline < rules.minBaseline || lastWeek < rules.minRecent) return null;
  const weeklyAverage = baseline / rules.baselineWeeks;
  const factor = lastWeek / weeklyAverage;
  return factor >= rules.factor ? { kind: "spike", lastWeek, weeklyAverage, factor } : null;
}

export function audienceSignal(recent: Record<string, number>, history: Record<string, number>): LeakSignal | null {
  const rules = LEAK_RULES.country;
  const recentTotal = Object.values(recent).reduce((a, b) => a + b, 0);
  const historyTotal = Object.values(history).reduce((a, b) => a + b, 0);
  if (recentTotal < rules.minRecent || historyTotal < rules.minHistory) return null;
  const unusual = Object.entries(recent)
    .map(([country, orders]) => ({ country, orders, historyShare: (history[country] ?? 0) / historyTotal }))
    .filter((c) => c.historyShare < rules.rareShare);
  const unusualOrders = unusual.reduce((sum, c) => sum + c.orders, 0);
  const share = unusualOrders / recentTotal;
  if (share < rules.minUnusualShare) return null;
  return { kind: "audience", share, orders: recentTotal, countries: top(unusual, (c) => c.country) };
}

export function leakSignals(activity: CodeActivity): LeakSignal[] {
  return [
    couponSignal(activity.recentSources),
    spikeSignal(activity.lastWeek, activity.baseline),
    audienceSignal(activity.recentCountries, activity.historyCountries),
  ].filter((s): s is LeakSignal => s !== null);
}
