import type { PerformanceMetrics } from "./metrics";

/** Metrics as they cross to the browser: decimals as exact strings, undefined ratios as null. */
export function serializeMetrics(m: PerformanceMetrics) {
  const s = (d: { toFixed(n: number): string } | null, places = 2) => (d ? d.toFixed(places) : null);
  return {
    orders: m.orders,
    newCustomers: m.newCustomers,
    sales: m.sales.toFixed(2),
    refunds: m.refunds.toFixed(2),
    netSales: m.netSales.toFixed(2),
    cost: m.cost.toFixed(2),
    roiPercent: s(m.roiPercent, 1),
    roas: s(m.roas),
    cpa: s(m.cpa),
    aov: s(m.aov),
  };
}

export type SerializedMetrics = ReturnType<typeof serializeMetrics>;
