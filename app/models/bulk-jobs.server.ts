import type { ApplyResult, Tx } from "./order-ledger.server";

/** The job kind of a bulk backfill (app/services/bulk-backfill.server.ts). */
export const BULK_BACKFILL = "bulk-backfill";

/**
 * `bulk_operations/finish`: wakes the shop's bulk backfill waiting on that operation (its next poll
 * runs now instead of after the poll interval), inside the delivery's transaction.
 */
export async function wakeBulkBackfill(tx: Tx, shopId: string, operationId: string, status: string): Promise<ApplyResult> {
  const { count } = await tx.backgroundJob.updateMany({
    where: { shopId, kind: BULK_BACKFILL, status: "QUEUED", result: { path: ["operationId"], equals: operationId } },
    data: { runAfter: new Date(0) },
  });
  return count
    ? { outcome: "APPLIED", detail: `bulk operation ${operationId} ${status.toLowerCase()}: backfill woken` }
    : { outcome: "IGNORED", detail: `no backfill waits for bulk operation ${operationId}` };
}
