import { ORDER_FIELDS, type AdminOrder } from "./order-fragments";

/**
 * One order by id, with the fields an orders page has: for an order whose survey answer alone
 * credits it (decision 038), which the ledger did not keep when its webhook came.
 */
export const ORDER_BY_ID = `#graphql
  query OrderById($id: ID!) {
    order(id: $id) {${ORDER_FIELDS}}
  }
`;

export interface OrderByIdResult {
  order: AdminOrder | null;
}
