import prisma from "../db.server";
import { LEAK_RULES, leakSignals, type CodeActivity, type LeakSignal } from "../lib/leak-detection";

/**
 * Per-code aggregates of the attributed orders for leak detection (grouped in the database, never
 * order by order), and the shop's flagged codes with their evidence. Test orders do not count.
 */

const DAY = 24 * 60 * 60 * 1000;

function emptyActivity(): CodeActivity {
  return { recentSources: [], lastWeek: 0, baseline: 0, recentCountries: {}, historyCountries: {} };
}

export async function codeActivity(shopId: string, now = new Date()): Promise<Map<string, CodeActivity>> {
  const since = (days: number) => new Date(now.getTime() - days * DAY);
  const base = { shopId, test: false, discountCodeId: { not: null } } as const;
  const weekStart = since(7);
  const baselineStart = since(7 + LEAK_RULES.spike.baselineWeeks * 7);
  const recentStart = since(30);
  const historyStart = since(30 + 365);
  const [sources, lastWeek, baseline, recentCountries, historyCountries] = await Promise.all([
    prisma.attributedOrder.groupBy({
      by: ["discountCodeId", "referringHost", "landingHost", "utmSource"],
      where: { ...base, orderCreatedAt: { gte: recentStart } },
      _count: { _all: true },
    }),
    prisma.attributedOrder.groupBy({
      by: ["discountCodeId"],
      where: { ...base, orderCreatedAt: { gte: weekStart } },
      _count: { _all: true },
    }),
    prisma.attributedOrder.groupBy({
      by: ["discountCodeId"],
      where: { ...base, orderCreatedAt: { gte: baselineStart, lt: weekStart } },
      _count: { _all: true },
    }),
    prisma.attributedOrder.groupBy({
      by: ["discountCodeId", "countryCode"],
      where: { ...base, countryCode: { not: null }, orderCreatedAt: { gte: recentStart } },
      _count: { _all: true },
    }),
    prisma.attributedOrder.groupBy({
      by: ["discountCodeId", "countryCode"],
      where: { ...base, countryCode: { not: null }, orderCreatedAt: { gte: historyStart, lt: recentStart } },
      _count: { _all: true },
    }),
  ]);
  const byCode = new Map<string, CodeActivity>();
  const of = (id: string | null) => {
    const key = id ?? "";
    let activity = byCode.get(key);
    if (!activity) byCode.set(key, (activity = emptyActivity()));
    return activity;
  };
  for (const s of sources) {
    of(s.discountCodeId).recentSources.push({
      referringHost: s.referringHost,
      landingHost: s.landingHost,
      utmSource: s.utmSource,
      orders: s._count._all,
    });
  }
  for (const row of lastWeek) of(row.discountCodeId).lastWeek = row._count._all;
  for (const row of baseline) of(row.discountCodeId).baseline = row._count._all;
  for (const row of recentCountries) of(row.discountCodeId).recentCountries[row.countryCode!] = row._count._all;
  for (const row of historyCountries) of(row.discountCodeId).historyCountries[row.countryCode!] = row._count._all;
  return byCode;
}

export interface FlaggedCode {
  id: string;
  code: string;
  status: string;
  influencerId: string;
  influencerName: string;
  signals: LeakSignal[];
}

/** The shop's live codes (active or scheduled) that show signs of a leak, most signals first. */
export async function flaggedCodes(shopId: string, now = new Date()): Promise<FlaggedCode[]> {
  const [activity, codes] = await Promise.all([
    codeActivity(shopId, now),
    prisma.discountCode.findMany({
      where: { shopId, status: { in: ["ACTIVE", "SCHEDULED"] } },
      select: { id: true, code: true, status: true, influencerId: true, influencer: { select: { name: true } } },
      orderBy: { code: "asc" },
    }),
  ]);
  const flagged: FlaggedCode[] = [];
  for (const code of codes) {
    const signals = leakSignals(activity.get(code.id) ?? emptyActivity());
    if (!signals.length) continue;
    flagged.push({
      id: code.id,
      code: code.code,
      status: code.status,
      influencerId: code.influencerId,
      influencerName: code.influencer.name,
      signals,
    });
  }
  return flagged.sort((a, b) => b.signals.length - a.signals.length || a.code.localeCompare(b.code));
}
