/**
 * Starts a bulk query (Shopify runs it in the background and writes the result as JSONL). Only one
 * bulk query runs per shop at a time: a second one is refused with `OPERATION_IN_PROGRESS`.
 */
export const BULK_OPERATION_RUN_QUERY = `#graphql
  mutation BulkOperationRunQuery($query: String!, $groupObjects: Boolean!) {
    bulkOperationRunQuery(query: $query, groupObjects: $groupObjects) {
      bulkOperation {
        id
        status
        createdAt
      }
      userErrors {
        field
        message
        code
      }
    }
  }
`;

export type BulkOperationUserErrorCode = "INVALID" | "LIMIT_REACHED" | "OPERATION_IN_PROGRESS";

export interface BulkOperationRunQueryResult {
  bulkOperationRunQuery: {
    bulkOperation: { id: string; status: BulkOperationStatus; createdAt: string } | null;
    userErrors: { field: string[] | null; message: string; code: BulkOperationUserErrorCode | null }[];
  } | null;
}

export type BulkOperationStatus = "CANCELED" | "CANCELING" | "COMPLETED" | "CREATED" | "EXPIRED" | "FAILED" | "RUNNING";
export type BulkOperationErrorCode = "ACCESS_DENIED" | "INTERNAL_SERVER_ERROR" | "TIMEOUT";
