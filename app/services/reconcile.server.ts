import { z } from "zod";
import prisma from "../db.server";
import type { Prisma } from "../generated/prisma/client";
import type { ShopRecord } from "../models/shop.server";
import type { AdminGraphqlClient } from "./admin-client.server";
import { adminForShop } from "./admin-context.server";
import { throttledAdmin } from "./admin-throttle.server";
import { enqueueJob, registerJobHandler, type JobHandler } from "./jobs.server";
import { fetchOrdersPage, syncAdminOrder, type SyncChange } from "./order-sync.server";
import { log } from "../lib/logger.server";
import { shopBackfillWindowStart } from "../models/sync-window.server";

/**
 * Reconciliation: asks the Admin API for the orders updated since the shop's checkpoint and applies
 * each through the webhook ledger, which repairs any order, refund or cancellation a webhook
 * missed (and changes nothing where the ledger is already right). Scheduled for every installed
 * shop, and on demand from the sync page.
 *
 * No double work across app processes: the scheduler claims a due shop by moving its
 * `nextReconcileAt` in one UPDATE (only one process wins), the job queue hands each job to one
 * worker (SKIP LOCKED), and the job itself holds a lease on the shop (ShopSyncState.leaseOwner /
 * leaseUntil, renewed per page) so that a scheduled run and a manual one never reconcile the same
 * shop at the same time. A process that dies lets the lease expire; the job resumes from its cursor.
 */

export const RECONCILE = "reconcile-orders";

/** How often each shop is reconciled, and how far before the checkpoint a run starts again. */
export const RECONCILE_EVERY_MS = 60 * 60 * 1000;
export const OVERLAP_MS = 10 * 60 * 1000;
const LEASE_SECONDS = 120;
const MAX_FIXES_LISTED = 200;

const payloadSchema = z.object({ manual: z.boolean() });
type Payload = z.infer<typeof payloadSchema>;

export interface ReconcileProgress {
  from: string;
  until: string;
  cursor: string | null;
  pages: number;
  checked: number;
  fixed: { orders: number; refunds: number; cancellations: number; updates: number };
  /** The repaired orders (first 200): order name and what was missing. */
  fixes: { name: string; changes: SyncChange[] }[];
  truncated: number;
  finished: boolean;
  skipped?: string;
}

const ACTIVE: ("QUEUED" | "RUNNING")[] = ["QUEUED", "RUNNING"];

async function ensureSyncState(shopId: string) {
  await prisma.shopSyncState.createMany({ data: [{ shopId }], skipDuplicates: true });
}

/** The button: a reconciliation already waiting or running for the shop is returned instead. */
export async function enqueueReconcile(shopId: string, manual = true) {
  const running = await prisma.backgroundJob.findFirst({ where: { shopId, kind: RECONCILE, status: { in: ACTIVE } } });
  if (running) return running;
  await ensureSyncState(shopId);
  const payload: Payload = { manual };
  return enqueueJob(shopId, RECONCILE, JSON.parse(JSON.stringify(payload)), { dedupeKey: "shop" });
}

/**
 * Called on a timer by every app process: gives each installed shop a sync state, claims the
 * shops that are due (an UPDATE that moves their next run, so one process wins each) and queues
 * one reconciliation per claimed shop. Returns the shop ids it queued.
 */
export async function scheduleDueReconciliations(now = new Date(), everyMs = RECONCILE_EVERY_MS): Promise<string[]> {
  await prisma.$executeRaw`
    INSERT INTO "ShopSyncState" ("shopId", "nextReconcileAt", "updatedAt")
    SELECT id, ${now}, ${now} FROM "Shop" WHERE "uninstalledAt" IS NULL
    ON CONFLICT ("shopId") DO NOTHING`;
  const claimed = await prisma.$queryRaw<{ shopId: string }[]>`
    UPDATE "ShopSyncState" AS s
       SET "nextReconcileAt" = ${new Date(now.getTime() + everyMs)}, "updatedAt" = ${now}
      FROM "Shop" AS shop
     WHERE s."shopId" = shop.id AND shop."uninstalledAt" IS NULL
       AND s."shopId" IN (
         SELECT "shopId" FROM "ShopSyncState" WHERE "nextReconcileAt" <= ${now} FOR UPDATE SKIP LOCKED)
    RETURNING s."shopId"`;
  for (const { shopId } of claimed) await enqueueReconcile(shopId, false);
  return claimed.map((c) => c.shopId);
}

/** Takes (or renews) the shop's reconciliation lease for this job; false when another job holds it. */
export async function takeSyncLease(shopId: string, owner: string, seconds = LEASE_SECONDS): Promise<boolean> {
  await ensureSyncState(shopId);
  const count = await prisma.$executeRaw`
    UPDATE "ShopSyncState"
       SET "leaseOwner" = ${owner}, "leaseUntil" = now() + make_interval(secs => ${seconds}), "updatedAt" = now()
     WHERE "shopId" = ${shopId}
       AND ("leaseOwner" IS NULL OR "leaseOwner" = ${owner} OR "leaseUntil" < now())`;
  return count === 1;
}

export async function releaseSyncLease(shopId: string, owner: string) {
  await prisma.shopSyncState.updateMany({ where: { shopId, leaseOwner: owner }, data: { leaseOwner: null, leaseUntil: null } });
}

export function readReconcileProgress(result: Prisma.JsonValue | null): ReconcileProgress | null {
  const stored = result as Partial<ReconcileProgress> | null;
  if (!stored?.from || !stored.until) return stored?.skipped ? (stored as ReconcileProgress) : null;
  return {
    from: stored.from,
    until: stored.until,
    cursor: stored.cursor ?? null,
    pages: stored.pages ?? 0,
    checked: stored.checked ?? 0,
    fixed: stored.fixed ?? { orders: 0, refunds: 0, cancellations: 0, updates: 0 },
    fixes: stored.fixes ?? [],
    truncated: stored.truncated ?? 0,
    finished: stored.finished ?? false,
  };
}

function isoSearch(date: Date) {
  return `'${date.toISOString()}'`;
}

export function reconcileHandler(
  adminFor: (shop: ShopRecord) => Promise<AdminGraphqlClient>,
  clock: () => Date = () => new Date(),
): JobHandler {
  return async ({ job, progress }) => {
    if (!(await takeSyncLease(job.shopId, job.id))) {
      // Another job is reconciling this shop right now and covers the same orders.
      return { skipped: "another reconciliation of this shop is running" };
    }
    try {
      const shop = await prisma.shop.findUniqueOrThrow({ where: { id: job.shopId } });
      const sync = await prisma.shopSyncState.findUniqueOrThrow({ where: { shopId: shop.id } });
      const now = clock();
      // A shop's first run covers the backfill window (60 days, or the whole history with
      // read_all_orders): every order a backfill could have imported is checked once.
      const firstFrom = sync.reconciledUntil ? null : ((await shopBackfillWindowStart(shop, now))?.getTime() ?? 0);
      const state: ReconcileProgress = readReconcileProgress(job.result) ?? {
        from: new Date(sync.reconciledUntil ? sync.reconciledUntil.getTime() - OVERLAP_MS : firstFrom!).toISOString(),
        until: now.toISOString(),
        cursor: null,
        pages: 0,
        checked: 0,
        fixed: { orders: 0, refunds: 0, cancellations: 0, updates: 0 },
        fixes: [],
        truncated: 0,
        finished: false,
      };
      const admin = await adminFor(shop);
      const query = `updated_at:>=${isoSearch(new Date(state.from))} updated_at:<=${isoSearch(new Date(state.until))}`;
      while (!state.finished) {
        const page = await fetchOrdersPage(admin, { query, after: state.cursor, sortKey: "UPDATED_AT" });
        for (const order of page.orders.nodes) {
          const applied = await syncAdminOrder(admin, shop, order);
          state.checked += 1;
          if (applied.truncated) state.truncated += 1;
          if (!applied.changes.length) continue;
          if (applied.changes.includes("order")) state.fixed.orders += 1;
          if (applied.changes.includes("refund")) state.fixed.refunds += 1;
          if (applied.changes.includes("cancellation")) state.fixed.cancellations += 1;
          if (applied.changes.includes("update")) state.fixed.updates += 1;
          if (state.fixes.length < MAX_FIXES_LISTED) state.fixes.push({ name: applied.name, changes: applied.changes });
        }
        state.pages += 1;
        state.cursor = page.orders.pageInfo.endCursor ?? state.cursor;
        state.finished = !page.orders.pageInfo.hasNextPage;
        const fixedCount = state.fixed.orders + state.fixed.refunds + state.fixed.cancellations + state.fixed.updates;
        await progress({ done: state.checked, total: state.checked, failed: 0, result: JSON.parse(JSON.stringify({ ...state, fixedCount })) });
        if (!(await takeSyncLease(shop.id, job.id))) throw new Error("Lost the reconciliation lease to another process.");
      }
      await prisma.shopSyncState.update({
        where: { shopId: shop.id },
        data: { reconciledUntil: new Date(state.until), lastReconcileJob: job.id },
      });
      return JSON.parse(JSON.stringify(state)) as Prisma.InputJsonValue;
    } finally {
      await releaseSyncLease(job.shopId, job.id);
    }
  };
}

/** The shop's sync state and recent reconciliations, for the sync page. */
export async function reconcileOverview(shopId: string, take = 10) {
  const [sync, jobs] = await Promise.all([
    prisma.shopSyncState.findUnique({ where: { shopId } }),
    prisma.backgroundJob.findMany({ where: { shopId, kind: RECONCILE }, orderBy: { createdAt: "desc" }, take }),
  ]);
  return {
    reconciledUntil: sync?.reconciledUntil?.toISOString() ?? null,
    nextReconcileAt: sync?.nextReconcileAt?.toISOString() ?? null,
    runs: jobs.map((job) => ({
      id: job.id,
      status: job.status,
      manual: (job.payload as unknown as Payload).manual ?? false,
      lastError: job.lastError,
      createdAt: job.createdAt.toISOString(),
      finishedAt: job.finishedAt?.toISOString() ?? null,
      progress: readReconcileProgress(job.result),
    })),
  };
}

let scheduler: ReturnType<typeof setInterval> | undefined;

/** Checks for due shops once a minute in this process (started by the server entry, not in tests). */
export function startReconcileScheduler(intervalMs = 60_000) {
  if (scheduler) return;
  scheduler = setInterval(() => {
    scheduleDueReconciliations().catch((error) => log.error({ err: error }, "reconciliation scheduler failed"));
  }, intervalMs);
  scheduler.unref();
}

export function stopReconcileScheduler() {
  if (scheduler) clearInterval(scheduler);
  scheduler = undefined;
}

registerJobHandler(RECONCILE, reconcileHandler(async (shop) => throttledAdmin(await adminForShop(shop))), { payload: payloadSchema });
