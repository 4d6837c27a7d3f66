import { serializeMetrics } from "../lib/serialize";
import type { DateRange } from "../lib/shop-dates";
import { latestAttributedOrders, orderView } from "./attributed-orders.server";
import { costsWithoutCampaign, dailySeries, sumOf, totals, type ReportFilter } from "./reports.server";

/** How many orders the results section lists before pointing at the full report. */
export const LATEST_ORDERS = 10;

/**
 * The results an influencer or campaign page opens with: the range's headline figures, the daily
 * trend, the latest attributed orders (how each was matched) and, for a campaign, the costs its
 * people incurred without a campaign (left out of its figures, said with the amount).
 */
export async function resultsFor(filter: Omit<ReportFilter, "range"> & { range: DateRange }) {
  const { campaignId } = filter;
  const [metrics, series, latest, unassigned] = await Promise.all([
    totals(filter),
    dailySeries(filter),
    latestAttributedOrders(filter, LATEST_ORDERS),
    campaignId ? costsWithoutCampaign({ ...filter, campaignId }) : Promise.resolve(new Map()),
  ]);
  return {
    range: filter.range,
    totals: serializeMetrics(metrics),
    series: series.map((p) => ({ date: p.date, netSales: p.netSales.toFixed(2), cost: p.cost.toFixed(2) })),
    orders: latest.rows.map(orderView),
    orderCount: latest.total,
    costsWithoutCampaign: sumOf(unassigned.values()).toFixed(2),
  };
}

export type Results = Awaited<ReturnType<typeof resultsFor>>;
