import { Decimal, ratio } from "./money";

/** The additive figures a report sums (from rollups and cost entries). */
export interface PerformanceInputs {
  orders: number;
  newCustomers: number;
  sales: Decimal;
  discounts: Decimal;
  refunds: Decimal;
  /** Cost entries dated in the range. */
  fees: Decimal;
  /** Commission accrued on the range's orders. */
  commission: Decimal;
}

export interface PerformanceMetrics extends PerformanceInputs {
  netSales: Decimal;
  /** fees + commission. */
  cost: Decimal;
  /** (net sales − cost) ÷ cost × 100; null when there is no cost. */
  roiPercent: Decimal | null;
  /** net sales ÷ cost. */
  roas: Decimal | null;
  /** cost ÷ orders. */
  cpa: Decimal | null;
  /** cost ÷ new customers. */
  cac: Decimal | null;
  /** net sales ÷ orders. */
  aov: Decimal | null;
}

export const ZERO_INPUTS: PerformanceInputs = Object.freeze({
  orders: 0,
  newCustomers: 0,
  sales: new Decimal(0),
  discounts: new Decimal(0),
  refunds: new Decimal(0),
  fees: new Decimal(0),
  commission: new Decimal(0),
});

export function addInputs(a: PerformanceInputs, b: Partial<PerformanceInputs>): PerformanceInputs {
  return {
    orders: a.orders + (b.orders ?? 0),
    newCustomers: a.newCustomers + (b.newCustomers ?? 0),
    sales: b.sales ? a.sales.plus(b.sales) : a.sales,
    discounts: b.discounts ? a.discounts.plus(b.discounts) : a.discounts,
    refunds: b.refunds ? a.refunds.plus(b.refunds) : a.refunds,
    fees: b.fees ? a.fees.plus(b.fees) : a.fees,
    commission: b.commission ? a.commission.plus(b.commission) : a.commission,
  };
}

/** CodeTrail's metric definitions (docs/metrics.md), in decimals end to end. */
export function performanceMetrics(input: PerformanceInputs): PerformanceMetrics {
  const netSales = input.sales.minus(input.refunds);
  const cost = input.fees.plus(input.commission);
  const orders = new Decimal(input.orders);
  const roi = ratio(netSales.minus(cost), cost);
  return {
    ...input,
    netSales,
    cost,
    roiPercent: roi ? roi.times(100) : null,
    roas: ratio(netSales, cost),
    cpa: ratio(cost, orders),
    cac: ratio(cost, new Decimal(input.newCustomers)),
    aov: ratio(netSales, orders),
  };
}

/** Relative change from the previous period, in percent; null when the previous value is zero. */
export function deltaPercent(current: Decimal | null, previous: Decimal | null): Decimal | null {
  if (current === null || previous === null || previous.isZero()) return null;
  return current.minus(previous).div(previous.abs()).times(100);
}
