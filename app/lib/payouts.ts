import { Decimal } from "./money";
import { addDays, type IsoDate } from "./shop-dates";

/**
 * The payable ledger (decision 029), as a pure function of an influencer's orders (each with the
 * commission it has accrued now, stored by the ledger) and the lines of their statements. Every
 * accrued amount is in exactly one place:
 *
 * - **paid**: the lines of statements marked paid;
 * - **approved**: the lines of statements approved and not yet paid (payable, awaiting payment);
 * - **adjustments**: for an order already on a statement, its commission now minus what its lines
 *   hold (negative after a refund that came after it was paid or approved), carried into the next
 *   statement;
 * - **payable**: orders on no statement whose hold period ended on or before `asOf`
 *   (shopDate + holdDays <= asOf);
 * - **held**: orders on no statement still inside their hold period.
 *
 * So accrued = paid + approved + payable + held + adjustments, exactly (tests/payouts). Commission
 * counts as a cost in the reports when it accrues; nothing here changes a report figure.
 */

export interface LedgerOrderCommission {
  shopifyOrderId: bigint;
  name: string;
  shopDate: IsoDate;
  /** What the order has accrued now (AttributedOrder.commission). */
  commission: Decimal;
}

export interface StatementLineInput {
  shopifyOrderId: bigint;
  amount: Decimal;
  /** Whether the line's statement is paid (else approved, awaiting payment). */
  paid: boolean;
}

export interface BalanceLine {
  shopifyOrderId: bigint;
  name: string;
  shopDate: IsoDate;
  kind: "COMMISSION" | "ADJUSTMENT";
  amount: Decimal;
}

export interface CommissionBalance {
  accrued: Decimal;
  paid: Decimal;
  approved: Decimal;
  payable: Decimal;
  held: Decimal;
  adjustments: Decimal;
  /** What a statement up to `asOf` would hold: payable orders and adjustments. */
  due: BalanceLine[];
  /** The first day a held amount becomes payable, if any. */
  nextRelease: IsoDate | null;
}

export function commissionBalance(
  orders: readonly LedgerOrderCommission[],
  lines: readonly StatementLineInput[],
  holdDays: number,
  asOf: IsoDate,
): CommissionBalance {
  const zero = new Decimal(0);
  const byOrder = new Map<bigint, { paid: Decimal; approved: Decimal }>();
  let paid = zero;
  let approved = zero;
  for (const line of lines) {
    const entry = byOrder.get(line.shopifyOrderId) ?? { paid: zero, approved: zero };
    if (line.paid) {
      entry.paid = entry.paid.plus(line.amount);
      paid = paid.plus(line.amount);
    } else {
      entry.approved = entry.approved.plus(line.amount);
      approved = approved.plus(line.amount);
    }
    byOrder.set(line.shopifyOrderId, entry);
  }
  let accrued = zero;
  let payable = zero;
  let held = zero;
  let adjustments = zero;
  let nextRelease: IsoDate | null = null;
  const due: BalanceLine[] = [];
  const seen = new Set<bigint>();
  for (const order of orders) {
    seen.add(order.shopifyOrderId);
    accrued = accrued.plus(order.commission);
    const stated = byOrder.get(order.shopifyOrderId);
    if (stated) {
      const difference = order.commission.minus(stated.paid).minus(stated.approved);
      if (!difference.isZero()) {
        adjustments = adjustments.plus(difference);
        due.push({ ...order, kind: "ADJUSTMENT", amount: difference });
      }
      continue;
    }
    if (order.commission.isZero()) continue;
    const release = addDays(order.shopDate, holdDays);
    if (release <= asOf) {
      payable = payable.plus(order.commission);
      due.push({ ...order, kind: "COMMISSION", amount: order.commission });
    } else {
      held = held.plus(order.commission);
      if (nextRelease === null || release < nextRelease) nextRelease = release;
    }
  }
  // Lines of orders no longer in the ledger (redacted, re-attributed): what was stated stays; the
  // order's commission is gone, so the difference is an adjustment back to zero.
  for (const [id, stated] of byOrder) {
    if (seen.has(id)) continue;
    const difference = stated.paid.plus(stated.approved).negated();
    if (!difference.isZero()) {
      adjustments = adjustments.plus(difference);
      due.push({ shopifyOrderId: id, name: "", shopDate: "", kind: "ADJUSTMENT", amount: difference });
    }
  }
  due.sort((a, b) => (a.shopDate < b.shopDate ? -1 : a.shopDate > b.shopDate ? 1 : a.shopifyOrderId < b.shopifyOrderId ? -1 : 1));
  return { accrued, paid, approved, payable, held, adjustments, due, nextRelease };
}
