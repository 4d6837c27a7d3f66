import prisma from "../db.server";
import { ORDER_DETAILS, type OrderDetailsResult } from "../graphql/order-details";
import type { AdminOrder } from "../graphql/order-fragments";
import { ORDERS_COUNT, type OrdersCountResult } from "../graphql/orders-count";
import { ORDERS_PAGE, type OrdersPageResult } from "../graphql/orders-page";
import { adminOrderSnapshot, detailsNeeded, detailsTruncated, type AdminOrderDetails } from "../lib/admin-order";
import { normalizeCode, parseTrackingLink } from "../lib/attribution";
import { toDecimal } from "../lib/money";
import { applyOrder, type ShopRef } from "../models/order-ledger.server";
import { readOrderState, type OrderState } from "../models/rollups.server";
import { adminQuery, type AdminGraphqlClient } from "./admin-client.server";

/**
 * Orders read from the Admin API (backfill, reconciliation) go through the webhook ledger's own
 * `applyOrder`, one transaction per order: same attribution rules, same idempotency (upsert by
 * order id with the updated_at guard, refunds unique by id), same rollup deltas. What the ledger
 * looked like before and after tells what the sync repaired.
 */

export type SyncChange = "order" | "refund" | "cancellation" | "update";

export interface AppliedOrder {
  name: string;
  /** What changed in the ledger: nothing (already up to date or not an influencer order), or what was repaired. */
  changes: SyncChange[];
  attributed: boolean;
  /** The details query may not have returned every refund (more than a page of them). */
  truncated: boolean;
}

export const PAGE_SIZE = 25;

export function fetchOrdersPage(
  admin: AdminGraphqlClient,
  options: { query: string; after: string | null; sortKey: "ID" | "UPDATED_AT"; first?: number },
) {
  return adminQuery<OrdersPageResult>(admin, ORDERS_PAGE, {
    first: options.first ?? PAGE_SIZE,
    after: options.after,
    query: options.query,
    sortKey: options.sortKey,
  });
}

export async function countOrders(admin: AdminGraphqlClient, query: string): Promise<number | null> {
  const { ordersCount } = await adminQuery<OrdersCountResult>(admin, ORDERS_COUNT, { query });
  return ordersCount?.count ?? null;
}

async function detailsFor(admin: AdminGraphqlClient, order: AdminOrder): Promise<AdminOrderDetails | undefined> {
  const needed = detailsNeeded(order);
  if (!needed.refunds && !needed.allocations) return undefined;
  const { order: details } = await adminQuery<OrderDetailsResult>(admin, ORDER_DETAILS, {
    id: order.id,
    withRefunds: needed.refunds,
    withAllocations: needed.allocations,
  });
  if (!details) return undefined;
  return {
    refunds: details.refunds,
    allocations: [
      ...(details.lineItems?.nodes ?? []).flatMap((n) => n.discountAllocations),
      ...(details.shippingLines?.nodes ?? []).flatMap((n) => n.discountAllocations),
    ],
  };
}

/** Whether an order could concern the ledger: it is in it, or it carries a code or link of the shop. */
async function mayConcernLedger(shopId: string, order: AdminOrder): Promise<boolean> {
  const candidates = new Set(order.discountCodes.map(normalizeCode));
  const visit = order.customerJourneySummary?.lastVisit ?? order.customerJourneySummary?.firstVisit;
  for (const code of parseTrackingLink(visit?.landingPage ?? null).codes) candidates.add(normalizeCode(code));
  const orderId = BigInt(/\d+$/.exec(order.id)?.[0] ?? "0");
  const [known, codes] = await Promise.all([
    prisma.attributedOrder.count({ where: { shopId, shopifyOrderId: orderId } }),
    candidates.size ? prisma.discountCode.count({ where: { shopId, code: { in: [...candidates] } } }) : 0,
  ]);
  return known > 0 || codes > 0;
}

function changesBetween(before: OrderState | null, after: OrderState | null): SyncChange[] {
  if (!after) return [];
  if (!before) return ["order"];
  const changes: SyncChange[] = [];
  if (!toDecimal(before.refunded).eq(toDecimal(after.refunded))) changes.push("refund");
  if (!before.cancelledAt && after.cancelledAt) changes.push("cancellation");
  if (
    !toDecimal(before.sales).eq(toDecimal(after.sales)) ||
    !toDecimal(before.discounts).eq(toDecimal(after.discounts)) ||
    before.test !== after.test ||
    (before.cancelledAt && !after.cancelledAt)
  ) {
    changes.push("update");
  }
  return changes;
}

/**
 * Applies one Admin API order to the ledger like an orders/updated webhook, and says what that
 * changed. Orders that carry none of the shop's codes and are not in the ledger are skipped
 * without a transaction (most of a store's orders during reconciliation).
 */
export async function syncAdminOrder(admin: AdminGraphqlClient, shop: ShopRef, order: AdminOrder): Promise<AppliedOrder> {
  if (!(await mayConcernLedger(shop.id, order))) {
    return { name: order.name, changes: [], attributed: false, truncated: false };
  }
  return applyAdminOrder(admin, shop, order);
}

/** Applies one Admin API order to the ledger like an orders/updated webhook, with no pre-check. */
export async function applyAdminOrder(admin: AdminGraphqlClient, shop: ShopRef, order: AdminOrder): Promise<AppliedOrder> {
  const details = await detailsFor(admin, order);
  const snapshot = adminOrderSnapshot(order, details);
  return prisma.$transaction(async (tx) => {
    const before = await readOrderState(tx, shop.id, snapshot.orderId);
    await applyOrder(tx, shop, snapshot);
    const after = await readOrderState(tx, shop.id, snapshot.orderId);
    return { name: order.name, changes: changesBetween(before, after), attributed: after !== null, truncated: detailsTruncated(details) };
  });
}
