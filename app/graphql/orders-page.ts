import { ORDER_FIELDS, type AdminOrder } from "./order-fragments";

/**
 * One page of the store's orders matching a search (`discount_code:JANE15`,
 * `updated_at:>='2026-11-01T00:00:00Z'`), for backfills and reconciliation. Orders older than 60
 * days are only visible with the `read_all_orders` scope.
 */
export const ORDERS_PAGE = `#graphql
  query OrdersPage($first: Int!, $after: String, $query: String!, $sortKey: OrderSortKeys!) {
    orders(first: $first, after: $after, query: $query, sortKey: $sortKey) {
      pageInfo {
        hasNextPage
        endCursor
      }
      nodes {${ORDER_FIELDS}}
    }
  }
`;

export interface OrdersPageResult {
  orders: {
    pageInfo: { hasNextPage: boolean; endCursor: string | null };
    nodes: AdminOrder[];
  };
}
