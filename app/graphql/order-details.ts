import { CODE_ALLOCATION_FIELDS, MONEY_BAG_FIELDS, type AdminMoneyBag } from "./order-fragments";

/**
 * What an orders page leaves out because it would make every page expensive: the refunds with
 * their refunded line items and discrepancy adjustments (asked for only when the order has
 * refunds; the Admin API's OrderAdjustment is always a refund discrepancy, shipping refunds are
 * `refundShippingLines`, which net sales leave out), and the discount amount
 * each code got (asked for only when several codes are on the order, to rank them like webhooks).
 */
export const ORDER_DETAILS = `#graphql
  query OrderDetails($id: ID!, $withRefunds: Boolean!, $withAllocations: Boolean!) {
    order(id: $id) {
      id
      refunds(first: 5) @include(if: $withRefunds) {
        id
        createdAt
        processedAt
        refundLineItems(first: 25) {
          pageInfo {
            hasNextPage
          }
          nodes {
            subtotalSet {${MONEY_BAG_FIELDS}}
          }
        }
        orderAdjustments(first: 10) {
          pageInfo {
            hasNextPage
          }
          nodes {
            amountSet {${MONEY_BAG_FIELDS}}
          }
        }
      }
      lineItems(first: 25) @include(if: $withAllocations) {
        nodes {
          discountAllocations {
            ...CodeAllocation
          }
        }
      }
      shippingLines(first: 3) @include(if: $withAllocations) {
        nodes {
          discountAllocations {
            ...CodeAllocation
          }
        }
      }
    }
  }

  fragment CodeAllocation on DiscountAllocation {${CODE_ALLOCATION_FIELDS}}
`;

export interface AdminAllocation {
  allocatedAmountSet: { shopMoney: { amount: string } };
  discountApplication: { __typename: string; code?: string };
}

export interface AdminRefund {
  id: string;
  createdAt: string | null;
  processedAt: string;
  refundLineItems: {
    pageInfo: { hasNextPage: boolean };
    nodes: { subtotalSet: AdminMoneyBag }[];
  };
  orderAdjustments: {
    pageInfo: { hasNextPage: boolean };
    nodes: { amountSet: AdminMoneyBag }[];
  };
}

export interface OrderDetailsResult {
  order: {
    id: string;
    refunds?: AdminRefund[];
    lineItems?: { nodes: { discountAllocations: AdminAllocation[] }[] };
    shippingLines?: { nodes: { discountAllocations: AdminAllocation[] }[] };
  } | null;
}
