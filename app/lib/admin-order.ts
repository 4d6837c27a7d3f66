import type { AdminAllocation, AdminRefund } from "../graphql/order-details";
import type { AdminMoneyBag, AdminOrder } from "../graphql/order-fragments";
import { Decimal } from "./money";
import { parseOrderPayload, REFUND_DISCREPANCY, type OrderSnapshot } from "./order-payload";

/**
 * Admin API orders (backfill, reconciliation) enter the ledger exactly like webhook orders: they
 * are rewritten into the webhook payload's shape and parsed by the same `parseOrderPayload`, so the
 * same validation, gid handling, money columns and attribution rules apply. Pure, no I/O.
 */

export interface AdminOrderDetails {
  refunds?: AdminRefund[];
  /** Discount allocations of the line items and shipping lines (several codes on the order). */
  allocations?: AdminAllocation[];
}

/** Whether the order needs the details query before it can be applied like a webhook. */
export function detailsNeeded(order: AdminOrder): { refunds: boolean; allocations: boolean } {
  return {
    refunds: new Decimal(order.totalRefundedSet?.shopMoney.amount ?? "0").gt(0),
    allocations: order.discountCodes.length > 1,
  };
}

function moneySet(bag: AdminMoneyBag | null, currency: string, presentment: string) {
  const zero = { shop_money: { amount: "0", currency_code: currency }, presentment_money: { amount: "0", currency_code: presentment } };
  if (!bag) return zero;
  return {
    shop_money: { amount: bag.shopMoney.amount, currency_code: bag.shopMoney.currencyCode },
    presentment_money: { amount: bag.presentmentMoney.amount, currency_code: bag.presentmentMoney.currencyCode },
  };
}

/** The amount each code took off the order (webhooks send it as discount_codes[].amount). */
function codeAmounts(order: AdminOrder, details: AdminOrderDetails | undefined): Map<string, Decimal> {
  const amounts = new Map<string, Decimal>();
  if (order.discountCodes.length === 1) {
    amounts.set(order.discountCodes[0].toUpperCase(), new Decimal(order.totalDiscountsSet?.shopMoney.amount ?? "0"));
    return amounts;
  }
  for (const allocation of details?.allocations ?? []) {
    const code = allocation.discountApplication.code;
    if (allocation.discountApplication.__typename !== "DiscountCodeApplication" || !code) continue;
    const key = code.toUpperCase();
    amounts.set(key, (amounts.get(key) ?? new Decimal(0)).plus(allocation.allocatedAmountSet.shopMoney.amount));
  }
  return amounts;
}

/** The webhook payload (orders/updated) this Admin API order corresponds to. */
export function adminOrderToPayload(order: AdminOrder, details?: AdminOrderDetails) {
  const amounts = codeAmounts(order, details);
  const visit = order.customerJourneySummary?.lastVisit ?? order.customerJourneySummary?.firstVisit ?? null;
  const country = (address: { countryCodeV2: string | null } | null) => (address ? { country_code: address.countryCodeV2 } : null);
  const shopCurrency = order.subtotalPriceSet?.shopMoney.currencyCode ?? order.currencyCode;
  return {
    admin_graphql_api_id: order.id,
    name: order.name,
    created_at: order.createdAt,
    updated_at: order.updatedAt,
    cancelled_at: order.cancelledAt,
    test: order.test,
    presentment_currency: order.presentmentCurrencyCode,
    subtotal_price_set: moneySet(order.subtotalPriceSet, shopCurrency, order.presentmentCurrencyCode),
    total_discounts_set: moneySet(order.totalDiscountsSet, shopCurrency, order.presentmentCurrencyCode),
    discount_codes: order.discountCodes.map((code) => ({ code, amount: (amounts.get(code.toUpperCase()) ?? new Decimal(0)).toFixed() })),
    landing_site: visit?.landingPage ?? null,
    referring_site: visit?.referrerUrl ?? null,
    shipping_address: country(order.shippingAddress),
    billing_address: country(order.billingAddress),
    customer: order.customer ? { admin_graphql_api_id: order.customer.id, created_at: order.customer.createdAt } : null,
    refunds: (details?.refunds ?? []).map((refund) => ({
      admin_graphql_api_id: refund.id,
      created_at: refund.createdAt ?? refund.processedAt,
      processed_at: refund.processedAt,
      refund_line_items: refund.refundLineItems.nodes.map((line) => ({
        subtotal_set: moneySet(line.subtotalSet, shopCurrency, order.presentmentCurrencyCode),
      })),
      order_adjustments: refund.orderAdjustments.nodes.map((adjustment) => ({
        kind: REFUND_DISCREPANCY,
        amount_set: moneySet(adjustment.amountSet, shopCurrency, order.presentmentCurrencyCode),
      })),
    })),
  };
}

/** The ledger's snapshot of an Admin API order (throws PayloadError like a malformed webhook). */
export function adminOrderSnapshot(order: AdminOrder, details?: AdminOrderDetails): OrderSnapshot {
  return parseOrderPayload(adminOrderToPayload(order, details));
}

/** Whether the details query returned less than everything (more refunds or lines than a page). */
export function detailsTruncated(details: AdminOrderDetails | undefined): boolean {
  const refunds = details?.refunds ?? [];
  return (
    refunds.length >= 5 ||
    refunds.some((r) => r.refundLineItems.pageInfo.hasNextPage || r.orderAdjustments.pageInfo.hasNextPage)
  );
}
