import { z } from "zod";
import prisma, { database } from "../db.server";
import { DEMO_SHOP_DOMAIN, isDemoMode } from "../demo/demo-mode.server";
import { demoAdminClient } from "../demo/demo-admin.server";
import type { Prisma } from "../generated/prisma/client";
import { BULK_OPERATION, type AdminBulkOperation, type BulkOperationResult } from "../graphql/bulk-operation";
import { BULK_OPERATION_RUN_QUERY, type BulkOperationRunQueryResult } from "../graphql/bulk-operation-run-query";
import { bulkOrdersQuery } from "../graphql/bulk-orders";
import { normalizeCode } from "../lib/attribution";
import { createdSinceSearch } from "../lib/backfill-window";
import type { RawQuery } from "../models/order-ledger.server";
import { BULK_BACKFILL } from "../models/bulk-jobs.server";
import type { ShopRecord } from "../models/shop.server";
import { shopBackfillWindowStart } from "../models/sync-window.server";
import { adminQuery, type AdminGraphqlClient } from "./admin-client.server";
import { adminForShop } from "./admin-context.server";
import { throttledAdmin } from "./admin-throttle.server";
import { importBulkOrders, type ImportTotals } from "./bulk-import.server";
import { enqueueJob, registerJobHandler, RescheduleJob, type JobHandler } from "./jobs.server";

/**
 * Backfill at any size: one Shopify bulk operation reads every order of the backfill window
 * (a created_at search, so an influencer's code is found in any position, not only where
 * `discount_code:` looks — the first), Shopify writes the result as JSONL, and the job streams it
 * line by line into the same ledger as webhooks: up to 500 orders per set-based statement
 * (`codetrail_import_orders`, equal to applying each with `codetrail_apply`; decision 027).
 * Memory stays flat: one batch of orders is held at a time.
 *
 * Resumable: the job stores the operation's id and how many lines of the result it applied, after
 * each batch. After a crash it reads the operation again (a fresh URL), skips the applied lines
 * and continues; a batch applied but not yet recorded is applied again, which the ledger makes
 * harmless (upsert by order id guarded by updated_at, refunds unique by id).
 *
 * Waiting: while Shopify runs the operation the job goes back to the queue and polls again later
 * (RescheduleJob); the `bulk_operations/finish` webhook wakes it at once. A failed operation
 * (errorCode) has its partial data applied, is recorded in the job's result, and the job retries
 * with a new operation (Shopify documents TIMEOUT and INTERNAL_SERVER_ERROR as possibly passing).
 */

export { BULK_BACKFILL };
const ACTIVE: ("QUEUED" | "RUNNING")[] = ["QUEUED", "RUNNING"];

const payloadSchema = z.object({
  /** Start of the created_at window (ISO), or null for the whole history (read_all_orders). */
  from: z.iso.datetime().nullable(),
});
type Payload = z.infer<typeof payloadSchema>;

export interface BulkFailure {
  operationId: string;
  errorCode: string | null;
  /** Orders read from the failed operation's partial data (and applied). */
  partialOrders: number;
}

export interface BulkBackfillProgress {
  from: string | null;
  operationId: string | null;
  operationStatus: AdminBulkOperation["status"] | null;
  /** Shopify's running count of objects (orders and their nested lines) in the operation. */
  objectCount: number;
  /** Lines of the current result file applied to the ledger (a resume skips them). */
  linesApplied: number;
  /** Orders read from result files (all of the window's orders, tracked or not). */
  ordersRead: number;
  /** Orders that carried one of the shop's codes or links (or were in the ledger): sent to the ledger. */
  ordersApplied: number;
  /** Orders whose data the ledger refused (malformed) or that failed in the ledger alone. */
  ordersRejected: number;
  /** Ledger outcomes of the applied orders: APPLIED (stored or updated), STALE (already current), IGNORED. */
  outcomes: Record<string, number>;
  /** Batches the set-based import refused (bad data), applied order by order instead. */
  batchesFellBack: number;
  failures: BulkFailure[];
  finished: boolean;
}

export function readBulkProgress(result: Prisma.JsonValue | null, from: string | null = null): BulkBackfillProgress {
  const stored = (result ?? {}) as Partial<BulkBackfillProgress>;
  return {
    from: stored.from ?? from,
    operationId: stored.operationId ?? null,
    operationStatus: stored.operationStatus ?? null,
    objectCount: stored.objectCount ?? 0,
    linesApplied: stored.linesApplied ?? 0,
    ordersRead: stored.ordersRead ?? 0,
    ordersApplied: stored.ordersApplied ?? 0,
    ordersRejected: stored.ordersRejected ?? 0,
    outcomes: stored.outcomes ?? {},
    batchesFellBack: stored.batchesFellBack ?? 0,
    failures: stored.failures ?? [],
    finished: stored.finished ?? false,
  };
}

/** Queues the shop's bulk backfill over its backfill window; one at a time per shop. */
export async function enqueueBulkBackfill(shop: Pick<ShopRecord, "id" | "domain">, now: Date) {
  const running = await prisma.backgroundJob.findFirst({ where: { shopId: shop.id, kind: BULK_BACKFILL, status: { in: ACTIVE } } });
  if (running) return running;
  // The dedupe key makes "one at a time" hold when two requests get past the check together.
  const from = await shopBackfillWindowStart(shop, now);
  const payload: Payload = { from: from?.toISOString() ?? null };
  return enqueueJob(shop.id, BULK_BACKFILL, JSON.parse(JSON.stringify(payload)), { dedupeKey: "shop" });
}

// --- The job ---------------------------------------------------------------------------------

export interface BulkBackfillDeps {
  adminFor(shop: ShopRecord): Promise<AdminGraphqlClient>;
  /** Streams the result file at a URL the operation gave (Shopify's signed storage URL). */
  download(shop: ShopRecord, url: string): Promise<AsyncIterable<Uint8Array>>;
  /** The ledger statement runner (default: the database driver, as the webhook path uses). */
  query?: RawQuery;
  /** How long to wait before polling a running operation again (the finish webhook wakes it sooner). */
  pollMs?: number;
  batchOrders?: number;
  batchLines?: number;
}

/** Shopify's result URLs are https; anything else from the API is refused, not fetched. */
export async function fetchResult(url: string): Promise<AsyncIterable<Uint8Array>> {
  if (!url.startsWith("https://")) throw new Error("A bulk operation result URL must be https.");
  const response = await fetch(url);
  if (!response.ok || !response.body) throw new Error(`Downloading the bulk operation result answered HTTP ${response.status}.`);
  return response.body as unknown as AsyncIterable<Uint8Array>;
}

async function shopCodes(shopId: string): Promise<Set<string>> {
  const codes = await prisma.discountCode.findMany({ where: { shopId }, select: { code: true } });
  return new Set(codes.map((c) => normalizeCode(c.code)));
}

export function bulkBackfillHandler(deps: BulkBackfillDeps): JobHandler {
  const pollMs = deps.pollMs ?? 5_000;
  return async ({ job, progress }) => {
    const { from } = job.payload as unknown as Payload;
    const shop = await prisma.shop.findUniqueOrThrow({ where: { id: job.shopId } });
    const state = readBulkProgress(job.result, from);
    if (state.finished) return JSON.parse(JSON.stringify(state)) as Prisma.InputJsonValue;
    const save = () =>
      progress({ done: state.ordersRead, total: Math.max(job.total, state.ordersRead), result: JSON.parse(JSON.stringify(state)) });
    const admin = await deps.adminFor(shop);

    if (!state.operationId) {
      const started = await adminQuery<BulkOperationRunQueryResult>(admin, BULK_OPERATION_RUN_QUERY, {
        query: bulkOrdersQuery(createdSinceSearch(state.from ? new Date(state.from) : null)),
        groupObjects: true,
      });
      const errors = started.bulkOperationRunQuery?.userErrors ?? [];
      const operation = started.bulkOperationRunQuery?.bulkOperation;
      if (errors.some((e) => e.code === "OPERATION_IN_PROGRESS")) {
        // Another bulk query of this app runs on the shop (one at a time): wait for it.
        state.operationStatus = null;
        await save();
        throw new RescheduleJob(pollMs);
      }
      if (errors.length || !operation) throw new Error(errors.map((e) => e.message).join("; ") || "Shopify started no bulk operation.");
      state.operationId = operation.id;
      state.operationStatus = operation.status;
      state.linesApplied = 0;
      await save();
    }

    const { bulkOperation: operation } = await adminQuery<BulkOperationResult>(admin, BULK_OPERATION, { id: state.operationId });
    if (!operation) throw new Error(`Shopify has no bulk operation ${state.operationId}.`);
    state.operationStatus = operation.status;
    state.objectCount = Number(operation.objectCount);
    if (operation.status === "CREATED" || operation.status === "RUNNING" || operation.status === "CANCELING") {
      await save();
      throw new RescheduleJob(pollMs);
    }
    if (operation.status === "EXPIRED" || operation.status === "CANCELED") {
      // The result is gone (7 days) or someone cancelled it: start a new operation next time.
      state.operationId = null;
      state.linesApplied = 0;
      await save();
      throw new RescheduleJob(0);
    }

    const url = operation.status === "COMPLETED" ? operation.url : operation.partialDataUrl;
    const readBefore = state.ordersRead;
    if (url) {
      const codes = await shopCodes(shop.id);
      const base = { ordersRead: state.ordersRead, ordersApplied: state.ordersApplied, ordersRejected: state.ordersRejected, batchesFellBack: state.batchesFellBack, outcomes: { ...state.outcomes } };
      const record = async (totals: ImportTotals) => {
        state.linesApplied = totals.linesApplied;
        state.ordersRead = base.ordersRead + totals.ordersRead;
        state.ordersApplied = base.ordersApplied + totals.ordersApplied;
        state.ordersRejected = base.ordersRejected + totals.ordersRejected;
        state.batchesFellBack = base.batchesFellBack + totals.batchesFellBack;
        state.outcomes = { ...base.outcomes };
        for (const [k, v] of Object.entries(totals.outcomes)) state.outcomes[k] = (state.outcomes[k] ?? 0) + v;
        await save();
      };
      const totals = await importBulkOrders(await deps.download(shop, url), {
        shop,
        codes,
        skipLines: state.linesApplied,
        query: deps.query ?? database().driverQuery,
        batchOrders: deps.batchOrders,
        batchLines: deps.batchLines,
        onBatch: record,
      });
      await record(totals);
    }

    if (operation.status === "FAILED") {
      state.failures.push({ operationId: operation.id, errorCode: operation.errorCode, partialOrders: state.ordersRead - readBefore });
      state.operationId = null;
      state.linesApplied = 0;
      await save();
      throw new Error(
        `Shopify's bulk operation failed (${operation.errorCode ?? "no error code"}); ` +
          (url ? "its partial data was imported, " : "") +
          "a new operation will be started.",
      );
    }
    state.finished = true;
    await save();
    return JSON.parse(JSON.stringify(state)) as Prisma.InputJsonValue;
  };
}

/** The shop's bulk backfills, newest first, for the sync page. */
export async function recentBulkBackfills(shopId: string, take = 10) {
  const jobs = await prisma.backgroundJob.findMany({ where: { shopId, kind: BULK_BACKFILL }, orderBy: { createdAt: "desc" }, take });
  return jobs.map((job) => ({
    id: job.id,
    status: job.status,
    lastError: job.lastError,
    createdAt: job.createdAt.toISOString(),
    progress: readBulkProgress(job.result, (job.payload as unknown as Payload).from),
  }));
}

/** Production: Shopify's API and its https result URLs; the demo shop: the emulator's files. */
export const defaultBulkDeps: BulkBackfillDeps = {
  adminFor: async (shop) => throttledAdmin(await adminForShop(shop)),
  download: async (shop, url) => {
    if (isDemoMode() && shop.domain === DEMO_SHOP_DOMAIN) {
      return demoAdminClient().bulk.download(url);
    }
    return fetchResult(url);
  },
};

registerJobHandler(BULK_BACKFILL, bulkBackfillHandler(defaultBulkDeps), { lane: "bulk", payload: payloadSchema });
