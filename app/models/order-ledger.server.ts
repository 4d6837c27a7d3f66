import { randomUUID } from "node:crypto";
import type { Prisma } from "../generated/prisma/client";
import type { DeliveryOutcome } from "../generated/prisma/enums";
import { attributionCandidates, isNewCustomer, parseTrackingLink } from "../lib/attribution";
import { orderSource } from "../lib/order-source";
import type { ItemResult } from "../lib/group-commit";
import type { CustomerRequest, OrderSnapshot, RefundSnapshot } from "../lib/order-payload";

/**
 * The attribution ledger: every function runs inside the caller's transaction and is scoped by
 * shopId. Exactly-once comes from unique constraints (INSERT … ON CONFLICT), never from
 * check-then-insert; a per-order advisory lock serialises the refund total of one order. Orders
 * and refunds go through the SQL function `codetrail_apply` (below); the rare compliance and
 * lifecycle topics use Prisma.
 */

export type Tx = Prisma.TransactionClient;

export interface ShopRef {
  id: string;
  ianaTimezone: string;
}

export interface ApplyResult {
  outcome: DeliveryOutcome;
  detail: string;
}

export interface DeliveryHeaders {
  shopDomain: string;
  topic: string;
  webhookId: string;
  eventId: string | null;
  apiVersion: string | null;
  triggeredAt: Date | null;
}

// --- Shops and deliveries -------------------------------------------------------------------

export function findShopInTx(tx: Tx, domain: string): Promise<ShopRef | null> {
  return tx.shop.findUnique({ where: { domain }, select: { id: true, ianaTimezone: true } });
}

/**
 * Claims a delivery. Returns its row id, or null when the same webhook id or the same event id
 * was already recorded for this shop and topic (a duplicate: the caller changes nothing). A
 * concurrent claim of the same key waits for the other transaction and then sees the conflict.
 * (Orders and refunds are claimed inside `codetrail_apply`, the same way.)
 */
export async function claimDelivery(tx: Tx, delivery: DeliveryHeaders, shopId: string | null): Promise<string | null> {
  const id = randomUUID();
  const { count } = await tx.webhookDelivery.createMany({
    data: [{ id, shopId, outcome: "APPLIED", ...delivery }],
    skipDuplicates: true,
  });
  return count === 1 ? id : null;
}

export async function settleDelivery(tx: Tx, id: string, result: ApplyResult) {
  await tx.webhookDelivery.update({ where: { id }, data: { outcome: result.outcome, detail: result.detail.slice(0, 2000) } });
}

// --- Orders and refunds ---------------------------------------------------------------------

/**
 * Orders and refunds are applied by one SQL function, `codetrail_apply(jsonb)` (prisma/sql/functions,
 * one function per step), in one statement: claim the delivery (webhooks), ensure the
 * shop, lock the order (advisory, per shop and order) and the rollups (shared), attribute a new
 * order, store or update it unless stale (updated_at), keep refunds unique by refund id with
 * `refunded` = their sum, apply the difference to DailyRollup (commission included) and settle
 * the delivery. Everything that needs no database is decided here first: the attribution
 * candidates in the rule's order, the tracking link's utm values, the new-customer evidence of the
 * payload, the leak-evidence hosts.
 */

type Db = Pick<Tx, "$queryRawUnsafe">;

export interface LedgerCall {
  shopId?: string;
  shopDomain?: string;
  delivery?: Omit<DeliveryHeaders, "shopDomain" | "triggeredAt"> & { triggeredAt: string | null };
  order?: ReturnType<typeof orderArgument>;
  refund?: ReturnType<typeof refundArgument>;
}

function orderArgument(order: OrderSnapshot) {
  const candidates = attributionCandidates(order);
  const link = parseTrackingLink(order.landingSite);
  const source = orderSource(order);
  return {
    orderId: order.orderId.toString(),
    name: order.name,
    createdAt: order.createdAt.toISOString(),
    updatedAt: order.updatedAt.toISOString(),
    cancelledAt: order.cancelledAt?.toISOString() ?? null,
    test: order.test,
    currencyCode: order.currencyCode,
    presentmentCurrency: order.presentmentCurrency,
    sales: order.sales.toFixed(),
    discounts: order.discounts.toFixed(),
    candidates: candidates.map((c) => ({ code: c.code, used: c.used.slice(0, 255), source: c.source })),
    utmCampaign: link.utmCampaign,
    utmContent: link.utmContent,
    // The tracking link the order landed through (decision 016): by its slug, else (links shared
    // before they carried one) by the code of the landing path and the utm values.
    link: {
      slug: link.slug,
      code: candidates.find((c) => c.source === "TRACKING_LINK")?.code ?? null,
      utmSource: link.utmSource,
      utmCampaign: link.utmCampaign,
      utmContent: link.utmContent,
    },
    customerId: order.customer?.id.toString() ?? null,
    // The payload's evidence; the function adds "no earlier order of this customer in the ledger".
    newCustomerEvidence: isNewCustomer(order, false),
    referringHost: source.referringHost,
    landingHost: source.landingHost,
    utmSource: source.utmSource,
    countryCode: source.countryCode,
    flags: [order.test ? "test order" : "", order.cancelledAt ? "cancelled" : ""].filter(Boolean).join(", "),
    refunds: order.refunds.map((r) => ({
      refundId: r.refundId.toString(),
      amount: r.amount.toFixed(),
      refundedAt: r.refundedAt.toISOString(),
    })),
  };
}

function refundArgument(refund: RefundSnapshot) {
  return {
    refundId: refund.refundId.toString(),
    orderId: refund.orderId.toString(),
    amount: refund.amount.toFixed(),
    amountText: refund.amount.toFixed(2),
    refundedAt: refund.refundedAt.toISOString(),
  };
}

/** The database's own message of a failed raw query, which Prisma leaves out of P2010 errors. */
function databaseMessage(error: unknown): string | undefined {
  const cause = (error as { meta?: { driverAdapterError?: { cause?: { message?: unknown; originalMessage?: unknown } } } })
    ?.meta?.driverAdapterError?.cause;
  const message = cause?.originalMessage ?? cause?.message;
  return typeof message === "string" ? message : undefined;
}

/**
 * Applies calls with one statement, `codetrail_apply_batch` (prisma/sql/functions):
 * one transaction, each call in its own subtransaction. Returns one result per call; a call that
 * failed in the database fails alone (its changes rolled back, the others committed).
 */
export type RawQuery = <T>(sql: string, params: unknown[]) => Promise<T[]>;

export async function applyLedgerBatch(query: RawQuery, calls: LedgerCall[]): Promise<ItemResult<ApplyResult>[]> {
  let rows: { call_index: number; outcome: DeliveryOutcome | null; detail: string | null; error: string | null }[];
  try {
    rows = await query(`SELECT "call_index", "outcome", "detail", "error" FROM codetrail_apply_batch($1::jsonb)`, [JSON.stringify(calls)]);
  } catch (error) {
    const message = databaseMessage(error);
    if (error instanceof Error && message && !error.message.includes(message)) error.message += `\nDatabase: ${message}`;
    throw error;
  }
  const results: ItemResult<ApplyResult>[] = calls.map(() => ({ ok: false, error: new Error("codetrail_apply_batch returned no row") }));
  for (const row of rows) {
    results[Number(row.call_index)] =
      row.error === null && row.outcome !== null
        ? { ok: true, value: { outcome: row.outcome, detail: row.detail ?? "" } }
        : { ok: false, error: new Error(`The ledger refused the call: ${row.error}`) };
  }
  return results;
}

/** The batch statement through Prisma (inside the caller's transaction, when there is one). */
export function prismaQuery(db: Db): RawQuery {
  return <T,>(sql: string, params: unknown[]) => db.$queryRawUnsafe<T[]>(sql, ...params);
}

async function callLedger(db: Db, call: LedgerCall): Promise<ApplyResult> {
  const [result] = await applyLedgerBatch(prismaQuery(db), [call]);
  if (!result.ok) throw result.error;
  return result.value;
}

function deliveryArgument(delivery: DeliveryHeaders): LedgerCall["delivery"] {
  return {
    topic: delivery.topic,
    webhookId: delivery.webhookId,
    eventId: delivery.eventId,
    apiVersion: delivery.apiVersion,
    triggeredAt: delivery.triggeredAt?.toISOString() ?? null,
  };
}

/** orders/create, orders/updated, orders/cancelled as a webhook: the ledger call (see `applyLedgerBatch`). */
export function orderDeliveryCall(delivery: DeliveryHeaders, order: OrderSnapshot): LedgerCall {
  return { shopDomain: delivery.shopDomain, delivery: deliveryArgument(delivery), order: orderArgument(order) };
}

/** refunds/create as a webhook: kept by refund id (even before its order arrives) and added to the order. */
export function refundDeliveryCall(delivery: DeliveryHeaders, refund: RefundSnapshot): LedgerCall {
  return { shopDomain: delivery.shopDomain, delivery: deliveryArgument(delivery), refund: refundArgument(refund) };
}


/**
 * An order from elsewhere (backfill, reconciliation) applied exactly like an orders/updated
 * webhook, without a delivery row. Stores the order when it is attributed (or already in the
 * ledger), never rolls it back to an older version (updated_at), applies refunds the order
 * carries and any that arrived before it.
 */
export function applyOrder(db: Db, shop: ShopRef, order: OrderSnapshot): Promise<ApplyResult> {
  return callLedger(db, orderSyncCall(shop, order));
}

/**
 * The ledger call of `applyOrder`, for applying many orders in one statement with
 * `applyLedgerBatch` (bulk backfill): the same call, so the same rows and rollups.
 */
export function orderSyncCall(shop: ShopRef, order: OrderSnapshot): LedgerCall {
  return { shopId: shop.id, order: orderArgument(order) };
}

/**
 * Whether the database refused a statement for what it was given (SQLSTATE classes 22 data
 * exception, 23 integrity violation, P0 raised by a function), not because it failed or went away.
 */
function isDataError(error: unknown): boolean {
  const direct = (error as { code?: unknown })?.code;
  const cause = (error as { meta?: { driverAdapterError?: { cause?: { code?: unknown; originalCode?: unknown } } } })?.meta
    ?.driverAdapterError?.cause;
  const state = [direct, cause?.originalCode, cause?.code].find((code): code is string => typeof code === "string" && /^[0-9A-Z]{5}$/.test(code));
  return state !== undefined && /^(22|23|P0)/.test(state);
}

/**
 * Many orders of one shop from a bulk backfill, applied by the set-based `codetrail_import_orders`
 * (prisma/sql/functions/codetrail_import_orders.sql): the same rows, rollups and outcomes as
 * `applyLedgerBatch` with `orderSyncCall` for each, in a few statements. A later copy of an order
 * already in the batch goes through `applyLedgerBatch` after the rest. The set-based statement is
 * all or nothing: when it fails, the whole batch goes through `applyLedgerBatch` (each order in
 * its own subtransaction, so a bad one fails alone) and `fellBack` says so.
 */
export async function importOrderBatch(
  query: RawQuery,
  shop: ShopRef,
  orders: OrderSnapshot[],
): Promise<{ results: ItemResult<ApplyResult>[]; fellBack: boolean }> {
  const calls = orders.map((order) => orderSyncCall(shop, order));
  const seen = new Set<string>();
  const firstIndexes: number[] = [];
  const repeatIndexes: number[] = [];
  calls.forEach((call, index) => {
    const id = call.order!.orderId;
    (seen.has(id) ? repeatIndexes : firstIndexes).push(index);
    seen.add(id);
  });
  let rows: { call_index: number; outcome: DeliveryOutcome; detail: string }[];
  try {
    rows = await query(`SELECT "call_index", "outcome", "detail" FROM codetrail_import_orders($1, $2::jsonb)`, [
      shop.id,
      JSON.stringify(firstIndexes.map((index) => calls[index]!.order)),
    ]);
  } catch (error) {
    if (!isDataError(error)) throw error;
    return { results: await applyLedgerBatch(query, calls), fellBack: true };
  }
  const results: ItemResult<ApplyResult>[] = calls.map(() => ({ ok: false, error: new Error("codetrail_import_orders returned no row") }));
  for (const row of rows) {
    results[firstIndexes[Number(row.call_index)]!] = { ok: true, value: { outcome: row.outcome, detail: row.detail } };
  }
  if (repeatIndexes.length) {
    const repeated = await applyLedgerBatch(query, repeatIndexes.map((index) => calls[index]!));
    repeated.forEach((result, i) => (results[repeatIndexes[i]!] = result));
  }
  return { results, fellBack: false };
}

// --- Compliance and lifecycle ---------------------------------------------------------------

/** customers/redact: forget the customer; the anonymised revenue figures stay. */
export async function redactCustomer(tx: Tx, shopId: string, request: CustomerRequest): Promise<ApplyResult> {
  // The customer's repeat-purchase figures leave RepeatPurchaseRollup in the same statement, under
  // the ledger's rollup and customer locks (prisma/sql/functions/codetrail_redact_customer.sql).
  // The shop's lock first, as codetrail_apply_batch takes it: a batch that holds one of these
  // customers' locks and waits for another cannot deadlock with this (decision 013).
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(codetrail_lock_key('shop', ${shopId}))`;
  const [{ count }] = await tx.$queryRaw<{ count: number }[]>`
    SELECT codetrail_redact_customer(${shopId}, ${request.customerId}, CAST(${request.orderIds} AS BIGINT[])) AS "count"`;
  return { outcome: "APPLIED", detail: `customer redacted on ${count} order(s)` };
}

/** shop/redact: every row of the shop goes (cascades from Shop), except this delivery's record. */
export async function redactShop(tx: Tx, domain: string, keepDeliveryId: string): Promise<ApplyResult> {
  const shops = await tx.shop.deleteMany({ where: { domain } });
  const sessions = await tx.session.deleteMany({ where: { shop: domain } });
  await tx.webhookDelivery.deleteMany({ where: { shopDomain: domain, id: { not: keepDeliveryId } } });
  return { outcome: "APPLIED", detail: `shop data deleted (${shops.count} shop, ${sessions.count} session(s))` };
}

/**
 * app/uninstalled: sessions end; the shop is marked uninstalled (its data stays until shop/redact)
 * and forgets its web pixel, which Shopify removes with the app (a reinstall creates a new one).
 */
export async function endInstall(tx: Tx, domain: string): Promise<ApplyResult> {
  const sessions = await tx.session.deleteMany({ where: { shop: domain } });
  await tx.shop.updateMany({ where: { domain }, data: { uninstalledAt: new Date(), webPixelId: null } });
  return { outcome: "APPLIED", detail: `uninstalled, ${sessions.count} session(s) ended` };
}

/**
 * app/scopes_update: the sessions of the shop get the scopes the merchant granted now (as
 * `Session.scope`, comma separated like the session storage writes it). A delivery older than one
 * already applied (Shopify does not deliver in order) changes nothing.
 */
export async function updateGrantedScopes(tx: Tx, delivery: DeliveryHeaders, scopes: string[]): Promise<ApplyResult> {
  if (delivery.triggeredAt) {
    const newer = await tx.webhookDelivery.count({
      where: { shopDomain: delivery.shopDomain, topic: delivery.topic, outcome: "APPLIED", triggeredAt: { gt: delivery.triggeredAt } },
    });
    if (newer) return { outcome: "STALE", detail: "a later scopes update was already applied" };
  }
  const scope = scopes.join(",");
  const { count } = await tx.session.updateMany({ where: { shop: delivery.shopDomain }, data: { scope } });
  if (!count) return { outcome: "IGNORED", detail: "no session for this shop" };
  return { outcome: "APPLIED", detail: `scopes ${scope || "(none)"} on ${count} session(s)` };
}
