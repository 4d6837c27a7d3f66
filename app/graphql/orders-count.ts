/** How many of the store's orders match a search: the total a backfill's progress bar shows. */
export const ORDERS_COUNT = `#graphql
  query OrdersCount($query: String!) {
    ordersCount(query: $query) {
      count
      precision
    }
  }
`;

export interface OrdersCountResult {
  ordersCount: { count: number; precision: "EXACT" | "AT_LEAST" } | null;
}
