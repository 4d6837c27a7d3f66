import type { AdminOrder } from "../graphql/order-fragments";
import { adminOrderSnapshot } from "../lib/admin-order";
import { normalizeCode, parseTrackingLink } from "../lib/attribution";
import { bulkGroupToOrder, bulkOrderOwnIds } from "../lib/bulk-orders";
import { groupJsonl, readJsonl, type JsonlGroup } from "../lib/jsonl";
import { gidOf, PayloadError, type OrderSnapshot } from "../lib/order-payload";
import { importOrderBatch, type RawQuery, type ShopRef } from "../models/order-ledger.server";

/**
 * A bulk operation's result (JSONL, grouped) streamed into the ledger — the part of the bulk
 * backfill that needs no Shopify and no job (the job in bulk-backfill.server.ts, the benchmark in
 * scripts/bench/backfill.ts). One batch of orders is held at a time.
 */

export interface ImportTotals {
  linesApplied: number;
  ordersRead: number;
  ordersApplied: number;
  ordersRejected: number;
  outcomes: Record<string, number>;
  /** Batches the set-based statement refused, applied order by order instead (see importOrderBatch). */
  batchesFellBack: number;
}

export interface ImportOptions {
  shop: ShopRef;
  /** The shop's codes, normalised (upper case). */
  codes: ReadonlySet<string>;
  /** Lines already applied from this file (skipped unparsed). */
  skipLines: number;
  /** Runs the ledger statement and the known-orders lookup (the driver, as webhooks use it). */
  query: RawQuery;
  /** Most orders per ledger statement, and most orders read before a batch is written anyway. */
  batchOrders?: number;
  batchLines?: number;
  /** Called after each batch committed, with the totals so far (the job saves its position). */
  onBatch?: (totals: ImportTotals) => Promise<void>;
}

const orderGid = gidOf("Order");
/** An order's numeric id, or null for an id that is not one (such an order cannot be in the ledger). */
const gidNumber = (gid: string): bigint | null => {
  const parsed = orderGid.safeParse(gid);
  return parsed.success ? parsed.data : null;
};

/** Whether the order carries one of the shop's codes (any position) or a tracking link to one. */
function carriesTrackedCode(order: AdminOrder, codes: ReadonlySet<string>): boolean {
  for (const code of order.discountCodes ?? []) if (codes.has(normalizeCode(code))) return true;
  const visit = order.customerJourneySummary?.lastVisit ?? order.customerJourneySummary?.firstVisit;
  for (const code of parseTrackingLink(visit?.landingPage ?? null).codes) if (codes.has(normalizeCode(code))) return true;
  return false;
}

async function knownOrders(query: RawQuery, shopId: string, ids: bigint[]): Promise<Set<bigint>> {
  if (!ids.length) return new Set();
  const rows = await query<{ id: string }>(
    `SELECT "shopifyOrderId"::text AS id FROM "AttributedOrder"
      WHERE "shopId" = $1 AND "shopifyOrderId" IN (SELECT jsonb_array_elements_text($2::jsonb)::bigint)`,
    [shopId, JSON.stringify(ids.map(String))],
  );
  return new Set(rows.map((r) => BigInt(r.id)));
}

/**
 * Streams a bulk result (JSONL, grouped) into the ledger: orders that carry one of the shop's codes
 * in any position or a tracking link, or that the ledger already has, are applied like an
 * orders/updated webhook, many per statement; the rest are read and passed over. Returns the totals.
 */
export async function importBulkOrders(source: AsyncIterable<Uint8Array>, options: ImportOptions): Promise<ImportTotals> {
  const batchOrders = options.batchOrders ?? 500;
  const batchLines = options.batchLines ?? 20_000;
  const totals: ImportTotals = { linesApplied: options.skipLines, ordersRead: 0, ordersApplied: 0, ordersRejected: 0, outcomes: {}, batchesFellBack: 0 };
  let tracked: JsonlGroup[] = [];
  let untracked: JsonlGroup[] = [];
  let lastLine = options.skipLines;
  let linesInBatch = 0;

  async function flush() {
    const ids = untracked.map((g) => gidNumber(String(g.root.id)));
    const known = await knownOrders(options.query, options.shop.id, ids.filter((id): id is bigint => id !== null));
    const groups = [...tracked, ...untracked.filter((_g, i) => ids[i] !== null && known.has(ids[i]))];
    const snapshots: OrderSnapshot[] = [];
    for (const group of groups) {
      const { order, details } = bulkGroupToOrder(group);
      try {
        snapshots.push(adminOrderSnapshot(order, details));
      } catch (error) {
        if (!(error instanceof PayloadError)) throw error;
        totals.ordersRejected += 1;
      }
    }
    if (snapshots.length) {
      const { results, fellBack } = await importOrderBatch(options.query, options.shop, snapshots);
      if (fellBack) totals.batchesFellBack += 1;
      for (const result of results) {
        if (!result.ok) {
          totals.ordersRejected += 1;
          continue;
        }
        totals.ordersApplied += 1;
        totals.outcomes[result.value.outcome] = (totals.outcomes[result.value.outcome] ?? 0) + 1;
      }
    }
    totals.linesApplied = lastLine;
    tracked = [];
    untracked = [];
    linesInBatch = 0;
    await options.onBatch?.({ ...totals, outcomes: { ...totals.outcomes } });
  }

  for await (const group of groupJsonl(readJsonl(source, { skip: options.skipLines }), bulkOrderOwnIds)) {
    totals.ordersRead += 1;
    lastLine = group.lastLine;
    linesInBatch += group.lastLine - group.firstLine + 1;
    (carriesTrackedCode(group.root as unknown as AdminOrder, options.codes) ? tracked : untracked).push(group);
    if (tracked.length >= batchOrders || linesInBatch >= batchLines) await flush();
  }
  if (tracked.length || untracked.length) await flush();
  return totals;
}
