import { CODE_ALLOCATION_FIELDS, MONEY_BAG_FIELDS, ORDER_FIELDS } from "./order-fragments";

/**
 * The bulk query of a backfill: every order of a search (a created_at window) with what the ledger
 * needs, including what the paginated path fetches per order with ORDER_DETAILS — refunds with
 * their refunded line items and discrepancy adjustments (orderAdjustments), and each code's discount allocations on line items and shipping lines
 * (to rank several codes like webhooks do). Nested connections come back as lines of their own
 * (`__parentId`); the operation runs with `groupObjects: true` so they follow their order and an
 * import holds one order at a time. Bulk queries take no variables: the search is written into the
 * document as a GraphQL string literal.
 */
const ALLOCATION_FIELDS = `
            discountAllocations {${CODE_ALLOCATION_FIELDS}}`;

export function bulkOrdersQuery(search: string): string {
  return `#graphql
  query BulkOrders {
    orders(query: ${JSON.stringify(search)}, sortKey: ID) {
      edges {
        node {${ORDER_FIELDS}
          refunds {
            id
            createdAt
            processedAt
            refundLineItems {
              edges {
                node {
                  subtotalSet {${MONEY_BAG_FIELDS}}
                }
              }
            }
            orderAdjustments {
              edges {
                node {
                  amountSet {${MONEY_BAG_FIELDS}}
                }
              }
            }
          }
          lineItems {
            edges {
              node {
                __typename${ALLOCATION_FIELDS}
              }
            }
          }
          shippingLines {
            edges {
              node {
                __typename${ALLOCATION_FIELDS}
              }
            }
          }
        }
      }
    }
  }
`;
}

/** The document as sent for a 60-day window (validated against the schema with the others). */
export const BULK_ORDERS_EXAMPLE = bulkOrdersQuery("created_at:>='2026-10-03T00:00:00.000Z'");

