import { z } from "zod";
import prisma from "../db.server";
import type { Prisma } from "../generated/prisma/client";
import type { ShopRecord } from "../models/shop.server";
import type { AdminGraphqlClient } from "./admin-client.server";
import { adminForShop } from "./admin-context.server";
import { throttledAdmin } from "./admin-throttle.server";
import { enqueueJob, registerJobHandler, type JobHandler } from "./jobs.server";
import { normalizeCode } from "../lib/attribution";
import { createdSinceSearch } from "../lib/backfill-window";
import { shopBackfillWindowStart } from "../models/sync-window.server";
import { countOrders, fetchOrdersPage, syncAdminOrder } from "./order-sync.server";

export const BACKFILL = "backfill-code";

const payloadSchema = z.object({ discountCodeId: z.string().min(1), code: z.string().min(1) });
type Payload = z.infer<typeof payloadSchema>;

/** Saved with every page: where to continue after a crash or restart, and the running totals. */
export interface BackfillProgress {
  code: string;
  /** Start of the created_at window searched (ISO; null: the whole history), fixed on the first run. */
  from?: string | null;
  /** The Admin API cursor after the last page fully applied (null: start from the beginning). */
  cursor: string | null;
  pages: number;
  /** Orders of the window read (any code); `seen` counts those that carried this code. */
  scanned: number;
  seen: number;
  imported: number;
  updated: number;
  unchanged: number;
  truncated: number;
  finished: boolean;
}

/**
 * Queues the import of the store's past orders that used one of the shop's codes (when an existing
 * Shopify code is linked, or on demand). A backfill already waiting or running for the code is
 * returned instead of a second one.
 */
export async function enqueueBackfill(shopId: string, discountCodeId: string) {
  const code = await prisma.discountCode.findFirst({ where: { id: discountCodeId, shopId } });
  if (!code) throw new Response("Not Found", { status: 404 });
  const payload: Payload = { discountCodeId: code.id, code: code.code };
  // One unfinished backfill per code, also when two requests ask at the same moment.
  return enqueueJob(shopId, BACKFILL, JSON.parse(JSON.stringify(payload)), { dedupeKey: code.id });
}

export function readBackfillProgress(result: Prisma.JsonValue | null, code = ""): BackfillProgress {
  const stored = (result ?? {}) as Partial<BackfillProgress>;
  return {
    code: stored.code ?? code,
    ...(stored.from !== undefined ? { from: stored.from } : {}),
    cursor: stored.cursor ?? null,
    pages: stored.pages ?? 0,
    scanned: stored.scanned ?? 0,
    seen: stored.seen ?? 0,
    imported: stored.imported ?? 0,
    updated: stored.updated ?? 0,
    unchanged: stored.unchanged ?? 0,
    truncated: stored.truncated ?? 0,
    finished: stored.finished ?? false,
  };
}

/**
 * The job: pages of the backfill window's orders (`created_at:>=FROM`, in id order), keeping those
 * that carry the code in any position — Shopify's `discount_code:` search is "limited to the first
 * discount code used on an order", so it would miss an order where the code came second — each
 * applied through the webhook ledger. The window (60 days, or the whole history with
 * read_all_orders) is fixed on the first run. The cursor is saved after each page, so a crash or
 * restart continues from the last saved page; the orders of a page that was half applied are
 * applied again, which the ledger makes harmless (upserts by order id, refunds by refund id).
 * Large histories: the bulk backfill (bulk-backfill.server.ts) reads the same window in one
 * Shopify bulk operation.
 */
export function backfillHandler(
  adminFor: (shop: ShopRecord) => Promise<AdminGraphqlClient>,
  clock: () => Date = () => new Date(),
): JobHandler {
  return async ({ job, progress }) => {
    const { discountCodeId, code } = job.payload as unknown as Payload;
    const shop = await prisma.shop.findUniqueOrThrow({ where: { id: job.shopId } });
    const stillOurs = await prisma.discountCode.findFirst({ where: { id: discountCodeId, shopId: shop.id }, select: { id: true } });
    const state = readBackfillProgress(job.result, code);
    if (!stillOurs || state.finished) return { ...state, finished: true } as unknown as Prisma.InputJsonValue;
    const admin = await adminFor(shop);
    if (state.from === undefined) state.from = (await shopBackfillWindowStart(shop, clock()))?.toISOString() ?? null;
    const query = createdSinceSearch(state.from ? new Date(state.from) : null);
    const wanted = normalizeCode(code);
    let total = job.total;
    if (!total) {
      total = (await countOrders(admin, query)) ?? 0;
      await progress({ total });
    }
    for (;;) {
      const page = await fetchOrdersPage(admin, { query, after: state.cursor, sortKey: "ID" });
      for (const order of page.orders.nodes) {
        state.scanned += 1;
        if (!order.discountCodes.some((c) => normalizeCode(c) === wanted)) continue;
        const applied = await syncAdminOrder(admin, shop, order);
        state.seen += 1;
        if (applied.changes.includes("order")) state.imported += 1;
        else if (applied.changes.length) state.updated += 1;
        else state.unchanged += 1;
        if (applied.truncated) state.truncated += 1;
      }
      state.pages += 1;
      state.cursor = page.orders.pageInfo.endCursor ?? state.cursor;
      state.finished = !page.orders.pageInfo.hasNextPage;
      await progress({ done: state.scanned, total: Math.max(total, state.scanned), result: JSON.parse(JSON.stringify(state)) });
      if (state.finished) break;
    }
    return JSON.parse(JSON.stringify(state)) as Prisma.InputJsonValue;
  };
}

/** The shop's codes a backfill can be started for. */
export function backfillCodeOptions(shopId: string) {
  return prisma.discountCode.findMany({ where: { shopId }, select: { id: true, code: true }, orderBy: { code: "asc" } });
}

/** The shop's backfills, newest first, for the sync page. */
export async function recentBackfills(shopId: string, take = 20) {
  const jobs = await prisma.backgroundJob.findMany({
    where: { shopId, kind: BACKFILL },
    orderBy: { createdAt: "desc" },
    take,
  });
  return jobs.map((job) => {
    const payload = job.payload as unknown as Payload;
    return {
      id: job.id,
      status: job.status,
      total: job.total,
      done: job.done,
      lastError: job.lastError,
      createdAt: job.createdAt.toISOString(),
      progress: readBackfillProgress(job.result, payload.code),
    };
  });
}

registerJobHandler(BACKFILL, backfillHandler(async (shop) => throttledAdmin(await adminForShop(shop))), { lane: "bulk", payload: payloadSchema });
