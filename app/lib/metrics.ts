import { Decimal, ratio } from "./money";

export interface PerformanceInputs {
  orders: number;
  newCustomers: number;
  sales: Decimal;
  refunds: Decimal;
  cost: Decimal;
}

export interface PerformanceMetrics {
  orders: number;
  newCustomers: number;
  sales: Decimal;
  refunds: Decimal;
  netSales: Decimal;
  cost: Decimal;
  /** (net sales - cost) / cost x 100; null when there is no cost. */
  roiPercent: Decimal | null;
  /** net sales / cost. */
  roas: Decimal | null;
  /** cost / orders. */
  cpa: Decimal | null;
  /** net sales / orders. */
  aov: Decimal | null;
}

/** CodeTrail's metric definitions (docs/metrics.md), in decimals end to end. */
export function performanceMetrics(input: PerformanceInputs): PerformanceMetrics {
  const netSales = input.sales.minus(input.refunds);
  const orders = new Decimal(input.orders);
  const roi = ratio(netSales.minus(input.cost), input.cost);
  return {
    ...input,
    netSales,
    roiPercent: roi ? roi.times(100) : null,
    roas: ratio(netSales, input.cost),
    cpa: ratio(input.cost, orders),
    aov: ratio(netSales, orders),
  };
}
