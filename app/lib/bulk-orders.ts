import type { AdminAllocation, AdminRefund } from "../graphql/order-details";
import type { AdminMoneyBag, AdminOrder } from "../graphql/order-fragments";
import type { JsonlGroup } from "./jsonl";
import type { AdminOrderDetails } from "./admin-order";

/**
 * One order of a bulk result (its root line and the lines of its nested connections, see
 * app/graphql/bulk-orders.ts) back in the shapes the paginated path has: the orders page's
 * AdminOrder and ORDER_DETAILS' refunds and allocations, so `adminOrderSnapshot` maps both alike.
 * Pure, no I/O.
 */

type BulkRefund = Omit<AdminRefund, "refundLineItems" | "orderAdjustments">;

/** The ids inside an order's own line that children point to (its refunds). */
export function bulkOrderOwnIds(root: Record<string, unknown>): string[] {
  const refunds = Array.isArray(root.refunds) ? (root.refunds as { id?: unknown }[]) : [];
  return refunds.map((r) => String(r.id));
}

export function bulkGroupToOrder(group: JsonlGroup): { order: AdminOrder; details: AdminOrderDetails } {
  const { refunds: rawRefunds, ...rest } = group.root as unknown as AdminOrder & { refunds?: BulkRefund[] };
  const refunds = new Map<string, AdminRefund>(
    (rawRefunds ?? []).map((r) => [
      r.id,
      { ...r, refundLineItems: { pageInfo: { hasNextPage: false }, nodes: [] }, orderAdjustments: { pageInfo: { hasNextPage: false }, nodes: [] } },
    ]),
  );
  const allocations: AdminAllocation[] = [];
  for (const { parentId, value } of group.children) {
    const refund = refunds.get(parentId);
    if (refund && value.amountSet) {
      refund.orderAdjustments.nodes.push({ amountSet: value.amountSet as AdminMoneyBag });
    } else if (refund) {
      refund.refundLineItems.nodes.push({ subtotalSet: value.subtotalSet as AdminMoneyBag });
    } else if (Array.isArray(value.discountAllocations)) {
      allocations.push(...(value.discountAllocations as AdminAllocation[]));
    }
  }
  return { order: rest as AdminOrder, details: { refunds: [...refunds.values()], allocations } };
}
