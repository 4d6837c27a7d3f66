import { deltaPercent, type PerformanceMetrics } from "../../lib/metrics";
import { Decimal } from "../../lib/money";
import type { ReportQuery } from "../../lib/report-params";
import { serializeMetrics } from "../../lib/serialize";
import { costsWithoutCampaign, dailySeries, filterOptions, influencerRows, sumOf, totals, type ReportFilter } from "../../models/reports.server";
import type { ShopRecord } from "../../models/shop.server";

const PERFORMERS = 5;

export type KpiKey = "netSales" | "cost" | "roiPercent" | "roas" | "cpa" | "orders" | "newCustomers" | "aov";
export const KPI_VALUE: Record<KpiKey, (m: PerformanceMetrics) => Decimal | number | null> = {
  netSales: (m) => m.netSales,
  cost: (m) => m.cost,
  roiPercent: (m) => m.roiPercent,
  roas: (m) => m.roas,
  cpa: (m) => m.cpa,
  orders: (m) => m.orders,
  newCustomers: (m) => m.newCustomers,
  aov: (m) => m.aov,
};

/** The overview's figures for the query: totals, changes against the previous period, the daily series, best and worst performers. */
export async function overviewData(shop: ShopRecord, query: ReportQuery) {
  const filter: ReportFilter & { range: NonNullable<ReportFilter["range"]> } = {
    shopId: shop.id,
    range: query.range,
    campaignId: query.campaignId,
    platform: query.platform,
  };
  const [current, previous, series, influencers, options, leftOut] = await Promise.all([
    totals(filter),
    query.previous ? totals({ ...filter, range: query.previous }) : Promise.resolve(null),
    dailySeries(filter),
    influencerRows(filter, { withRepeat: false }),
    filterOptions(shop.id),
    query.campaignId ? costsWithoutCampaign({ ...filter, campaignId: query.campaignId }) : Promise.resolve(new Map<string, Decimal>()),
  ]);
  const dec = (v: Decimal | number | null) => (typeof v === "number" ? new Decimal(v) : v);
  const deltas = Object.fromEntries(
    (Object.keys(KPI_VALUE) as KpiKey[]).map((key) => [
      key,
      previous ? (deltaPercent(dec(KPI_VALUE[key](current)), dec(KPI_VALUE[key](previous)))?.toFixed(1) ?? null) : null,
    ]),
  ) as Record<KpiKey, string | null>;

  const ranked = influencers
    .filter((row) => row.metrics.roiPercent !== null)
    .sort((a, b) => b.metrics.roiPercent!.comparedTo(a.metrics.roiPercent!) || a.name.localeCompare(b.name));
  const top = ranked.slice(0, PERFORMERS);
  const bottom = ranked.slice(Math.max(PERFORMERS, ranked.length - PERFORMERS)).reverse();
  const row = (r: (typeof influencers)[number]) => ({ id: r.id, name: r.name, metrics: serializeMetrics(r.metrics) });
  return {
    currency: shop.currencyCode,
    query,
    options,
    totals: serializeMetrics(current),
    costsWithoutCampaign: sumOf(leftOut.values()).toFixed(2),
    deltas,
    series: series.map((p) => ({ date: p.date, netSales: p.netSales.toFixed(2), cost: p.cost.toFixed(2) })),
    top: top.map(row),
    bottom: bottom.map(row),
  };
}
