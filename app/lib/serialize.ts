import type { PerformanceMetrics } from "./metrics";

type Fixed = { toFixed(n: number): string } | null;
const fixed = (d: Fixed, places = 2) => (d ? d.toFixed(places) : null);

/** Metrics as they cross to the browser: decimals as exact strings, undefined ratios as null. */
export function serializeMetrics(m: PerformanceMetrics) {
  return {
    orders: m.orders,
    newCustomers: m.newCustomers,
    sales: m.sales.toFixed(2),
    discounts: m.discounts.toFixed(2),
    refunds: m.refunds.toFixed(2),
    netSales: m.netSales.toFixed(2),
    fees: m.fees.toFixed(2),
    commission: m.commission.toFixed(2),
    cost: m.cost.toFixed(2),
    roiPercent: fixed(m.roiPercent, 1),
    roas: fixed(m.roas),
    cpa: fixed(m.cpa),
    cac: fixed(m.cac),
    aov: fixed(m.aov),
  };
}

export type SerializedMetrics = ReturnType<typeof serializeMetrics>;
