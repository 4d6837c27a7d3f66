import { Decimal, ratio } from "./money";

/**
 * A tracking link's funnel: clicks (short-link redirects) → visits (pixel landings) → checkouts
 * (pixel checkouts of visits through the link) → orders (ledger orders credited through the link)
 * → net sales, with the conversion rate of each step into the next (docs/metrics.md, "Tracking
 * links"). Rates are percents; a step with nothing before it has no rate (null, shown as a dash).
 */
export interface LinkFunnelCounts {
  clicks: number;
  visits: number;
  checkouts: number;
  orders: number;
  /** Sales − refunds of those orders, decimal text. */
  netSales: string;
}

export interface LinkFunnel extends LinkFunnelCounts {
  /** visits ÷ clicks × 100. */
  visitRate: string | null;
  /** checkouts ÷ visits × 100. */
  checkoutRate: string | null;
  /** orders ÷ checkouts × 100 (can pass 100 %: orders also come from visitors the pixel cannot see). */
  orderRate: string | null;
}

/** (net sales − cost) ÷ cost × 100, one decimal; null without a cost. */
export function returnOnCost(netSales: string, cost: { toString(): string }): string | null {
  const spent = new Decimal(cost.toString());
  const roi = ratio(new Decimal(netSales).minus(spent), spent);
  return roi === null ? null : roi.times(100).toFixed(1);
}

function percent(numerator: number, denominator: number): string | null {
  const value = ratio(new Decimal(numerator), new Decimal(denominator));
  return value === null ? null : value.times(100).toDecimalPlaces(4).toFixed();
}

export function linkFunnel(counts: LinkFunnelCounts): LinkFunnel {
  return {
    ...counts,
    visitRate: percent(counts.visits, counts.clicks),
    checkoutRate: percent(counts.checkouts, counts.visits),
    orderRate: percent(counts.orders, counts.checkouts),
  };
}
