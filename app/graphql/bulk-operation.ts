import type { BulkOperationErrorCode, BulkOperationStatus } from "./bulk-operation-run-query";

/**
 * A bulk operation's state: polled until it finishes (or read once when the
 * `bulk_operations/finish` webhook says it did). `url` holds the whole result, `partialDataUrl`
 * what a failed operation produced before it failed; both expire 7 days after the operation ends.
 */
export const BULK_OPERATION = `#graphql
  query BulkOperation($id: ID!) {
    bulkOperation(id: $id) {
      id
      status
      errorCode
      createdAt
      completedAt
      objectCount
      rootObjectCount
      fileSize
      url
      partialDataUrl
    }
  }
`;

export interface AdminBulkOperation {
  id: string;
  status: BulkOperationStatus;
  errorCode: BulkOperationErrorCode | null;
  createdAt: string;
  completedAt: string | null;
  /** UnsignedInt64, sent as a string. */
  objectCount: string;
  rootObjectCount: string;
  fileSize: string | null;
  url: string | null;
  partialDataUrl: string | null;
}

export interface BulkOperationResult {
  bulkOperation: AdminBulkOperation | null;
}
