import { Decimal } from "./money";

/**
 * Commission, as a pure function of an order (or a group of orders sharing an influencer and a
 * campaign) and the shop's CommissionRule rows: the tests' oracle. The app computes commission in
 * the database only, with codetrail_commission (prisma/sql/functions, live deltas and rebuilds
 * alike; decision 026); tests hold the two equal. docs/metrics.md states the rules:
 *
 * - A rule is a dated term (startsOn..endsOn, shop-local, endsOn null while open). An order takes
 *   the term in force on its shopDate when the ledger first accrues it and keeps it (decision 029):
 *   later rule changes never reprice it. Without a date, every rule is considered.
 * - At most one rule applies per order. The most specific wins: a rule for this influencer in this
 *   campaign, then the influencer's own rule, then the rule of the order's campaign, then a
 *   shop-wide rule (neither set). Among equals, the newest (createdAt, then id) wins.
 * - PERCENT_OF_NET_SALES: rate % of the order's net sales (sales − refunded).
 * - FIXED_PER_ORDER: rate, once per order.
 * - Cancelled and test orders accrue nothing (the caller passes only reportable orders, or sets
 *   `reportable: false`).
 *
 * Both kinds are linear in the orders, so a group's commission (rate × the group's net sales, or
 * rate × its order count) equals the sum of its orders' commissions exactly: the rollups rely on it.
 */

export type CommissionKind = "PERCENT_OF_NET_SALES" | "FIXED_PER_ORDER";

export interface CommissionRuleInput {
  id: string;
  influencerId: string | null;
  campaignId: string | null;
  kind: CommissionKind;
  /** Percent (10 = 10 %) or an amount in the shop currency, by kind. */
  rate: Decimal;
  createdAt: Date;
  /** First and last shop-local day in force (YYYY-MM-DD); absent: always (rules without dates). */
  startsOn?: string;
  endsOn?: string | null;
}

export interface CommissionTarget {
  influencerId: string | null;
  campaignId: string | null;
  /** The order's shop-local day (YYYY-MM-DD): only terms in force that day apply. */
  shopDate?: string;
}

/** Whether a term covers a shop-local day. */
export function inForce(rule: CommissionRuleInput, shopDate: string | undefined): boolean {
  if (shopDate === undefined) return true;
  return (rule.startsOn ?? "") <= shopDate && (rule.endsOn == null || rule.endsOn >= shopDate);
}

function specificity(rule: CommissionRuleInput): number {
  return (rule.influencerId ? 2 : 0) + (rule.campaignId ? 1 : 0);
}

/** The one rule that applies to orders of this influencer and campaign, or null. */
export function applicableRule(rules: readonly CommissionRuleInput[], target: CommissionTarget): CommissionRuleInput | null {
  let best: CommissionRuleInput | null = null;
  for (const rule of rules) {
    if (rule.influencerId && rule.influencerId !== target.influencerId) continue;
    if (rule.campaignId && rule.campaignId !== target.campaignId) continue;
    if (!inForce(rule, target.shopDate)) continue;
    if (!best) {
      best = rule;
      continue;
    }
    const bySpecificity = specificity(rule) - specificity(best);
    const newer =
      bySpecificity > 0 ||
      (bySpecificity === 0 &&
        (rule.createdAt.getTime() > best.createdAt.getTime() ||
          (rule.createdAt.getTime() === best.createdAt.getTime() && rule.id > best.id)));
    if (newer) best = rule;
  }
  return best;
}

export interface CommissionBase extends CommissionTarget {
  /** Reportable orders in the group (1 for a single order, 0 for a cancelled or test one). */
  orders: number;
  /** Their net sales (sales − refunded). */
  netSales: Decimal;
}

/** Commission on one order or on a group of orders sharing influencer and campaign. */
export function commissionFor(base: CommissionBase, rules: readonly CommissionRuleInput[]): Decimal {
  if (base.orders === 0) return new Decimal(0);
  const rule = applicableRule(rules, base);
  if (!rule) return new Decimal(0);
  return rule.kind === "PERCENT_OF_NET_SALES" ? base.netSales.times(rule.rate).div(100) : rule.rate.times(base.orders);
}

/** One order as the ledger stores it. */
export interface LedgerOrder extends CommissionTarget {
  sales: Decimal;
  refunded: Decimal;
  cancelled: boolean;
  test: boolean;
}

export function orderCommission(order: LedgerOrder, rules: readonly CommissionRuleInput[]): Decimal {
  const reportable = !order.cancelled && !order.test;
  return commissionFor(
    { ...order, orders: reportable ? 1 : 0, netSales: reportable ? order.sales.minus(order.refunded) : new Decimal(0) },
    rules,
  );
}
