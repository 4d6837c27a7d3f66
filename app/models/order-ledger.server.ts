import { randomUUID } from "node:crypto";
import type { Prisma } from "../generated/prisma/client";
import type { AttributionSource, DeliveryOutcome } from "../generated/prisma/enums";
import { attributeOrder, isNewCustomer, normalizeCode, parseTrackingLink } from "../lib/attribution";
import { toDecimal } from "../lib/money";
import { orderSource } from "../lib/order-source";
import type { CustomerRequest, OrderSnapshot, RefundSnapshot } from "../lib/order-payload";
import { dateColumn, shopDateOf } from "../lib/shop-dates";
import { applyRollupDelta, lockRollupsShared, readOrderState } from "./rollups.server";

/**
 * The attribution ledger: every function runs inside the caller's transaction and is scoped by
 * shopId. Exactly-once comes from unique constraints (INSERT … ON CONFLICT), never from
 * check-then-insert; a per-order advisory lock serialises the refund total of one order.
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

/** The shop a webhook is for, created (known only by its domain) when first seen. */
export async function ensureShopInTx(tx: Tx, domain: string): Promise<ShopRef> {
  await tx.shop.createMany({ data: [{ domain, name: domain }], skipDuplicates: true });
  return tx.shop.findUniqueOrThrow({ where: { domain }, select: { id: true, ianaTimezone: true } });
}

export function findShopInTx(tx: Tx, domain: string): Promise<ShopRef | null> {
  return tx.shop.findUnique({ where: { domain }, select: { id: true, ianaTimezone: true } });
}

/**
 * Claims a delivery. Returns its row id, or null when the same webhook id or the same event id
 * was already recorded for this shop and topic (a duplicate: the caller changes nothing). A
 * concurrent claim of the same key waits for the other transaction and then sees the conflict.
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

/** Serialises every change to one order (its row and its refund total) across processes. */
async function lockOrder(tx: Tx, shopId: string, orderId: bigint) {
  const key = `codetrail:order:${shopId}:${orderId}`;
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtextextended(${key}, 0))`;
}

/**
 * Runs a change to one order with the order locked, and applies the difference it made to the
 * order's report figures (DailyRollup) in the same transaction.
 */
async function changeOrder<T>(tx: Tx, shopId: string, orderId: bigint, change: () => Promise<T>): Promise<T> {
  await lockOrder(tx, shopId, orderId);
  await lockRollupsShared(tx, shopId);
  const before = await readOrderState(tx, shopId, orderId);
  const result = await change();
  await applyRollupDelta(tx, shopId, before, await readOrderState(tx, shopId, orderId));
  return result;
}

// --- Orders and refunds ---------------------------------------------------------------------

async function influencerCodesFor(tx: Tx, shopId: string, order: OrderSnapshot) {
  const candidates = new Set<string>();
  for (const d of order.discountCodes) candidates.add(normalizeCode(d.code));
  for (const c of parseTrackingLink(order.landingSite).codes) candidates.add(normalizeCode(c));
  if (!candidates.size) return [];
  return tx.discountCode.findMany({
    where: { shopId, code: { in: [...candidates] } },
    select: { id: true, code: true, influencerId: true, campaignId: true },
  });
}

async function hasEarlierOrderOf(tx: Tx, shopId: string, order: OrderSnapshot) {
  if (!order.customer) return false;
  const earlier = await tx.attributedOrder.findFirst({
    where: {
      shopId,
      customerId: order.customer.id,
      shopifyOrderId: { not: order.orderId },
      orderCreatedAt: { lt: order.createdAt },
    },
    select: { id: true },
  });
  return earlier !== null;
}

/** Keeps refunds (by refund id, so a repeated refund counts once); returns how many were new. */
async function keepRefunds(tx: Tx, shopId: string, refunds: RefundSnapshot[]) {
  if (!refunds.length) return 0;
  const { count } = await tx.orderRefund.createMany({
    data: refunds.map((r) => ({
      shopId,
      shopifyRefundId: r.refundId,
      shopifyOrderId: r.orderId,
      amount: r.amount.toFixed(),
      refundedAt: r.refundedAt,
    })),
    skipDuplicates: true,
  });
  return count;
}

/** AttributedOrder.refunded is always the sum of the order's OrderRefund rows. */
async function recomputeRefunded(tx: Tx, shopId: string, orderId: bigint) {
  const sum = await tx.orderRefund.aggregate({
    where: { shopId, shopifyOrderId: orderId },
    _sum: { amount: true },
  });
  await tx.attributedOrder.updateMany({
    where: { shopId, shopifyOrderId: orderId },
    data: { refunded: toDecimal(sum._sum.amount).toFixed() },
  });
}

/**
 * orders/create, orders/updated, orders/cancelled. Stores the order when it is attributed (or
 * already in the ledger), never rolls it back to an older version (updated_at), applies refunds
 * the payload carries and any that arrived before the order.
 */
export function applyOrder(tx: Tx, shop: ShopRef, order: OrderSnapshot): Promise<ApplyResult> {
  return changeOrder(tx, shop.id, order.orderId, () => applyOrderLocked(tx, shop, order));
}

async function applyOrderLocked(tx: Tx, shop: ShopRef, order: OrderSnapshot): Promise<ApplyResult> {
  const existing = await tx.attributedOrder.findUnique({
    where: { shopId_shopifyOrderId: { shopId: shop.id, shopifyOrderId: order.orderId } },
    select: { id: true },
  });

  let inserted = false;
  if (!existing) {
    const attribution = attributeOrder(order, await influencerCodesFor(tx, shop.id, order));
    if (!attribution) {
      // Unattributed orders are not kept, nor refunds that arrived ahead of them.
      await tx.orderRefund.deleteMany({ where: { shopId: shop.id, shopifyOrderId: order.orderId } });
      return { outcome: "IGNORED", detail: `${order.name}: no influencer code or tracking link` };
    }
    const link = parseTrackingLink(order.landingSite);
    const newCustomer = isNewCustomer(order, await hasEarlierOrderOf(tx, shop.id, order));
    inserted = await upsertOrderRow(tx, shop, order, {
      influencerId: attribution.discountCode.influencerId,
      discountCodeId: attribution.discountCode.id,
      campaignId: attribution.discountCode.campaignId,
      source: attribution.source,
      matchedCode: attribution.matchedCode.slice(0, 255),
      utmCampaign: link.utmCampaign,
      utmContent: link.utmContent,
      newCustomer,
    });
  }

  // The row exists (inserted above, or earlier): update it unless this version is older.
  const applied = existing ? await upsertOrderRow(tx, shop, order, null) : inserted;
  const newRefunds = await keepRefunds(tx, shop.id, order.refunds);
  await recomputeRefunded(tx, shop.id, order.orderId);
  const refundNote = newRefunds ? `, ${newRefunds} new refund(s)` : "";
  if (!applied) {
    return { outcome: "STALE", detail: `${order.name}: older than the stored version${refundNote}` };
  }
  const verb = existing ? "updated" : "attributed";
  const flags = [order.test ? "test order" : "", order.cancelledAt ? "cancelled" : ""].filter(Boolean).join(", ");
  return { outcome: "APPLIED", detail: `${order.name} ${verb}${flags ? ` (${flags})` : ""}${refundNote}` };
}

interface NewOrderAttribution {
  influencerId: string;
  discountCodeId: string;
  campaignId: string | null;
  source: AttributionSource;
  matchedCode: string;
  utmCampaign: string | null;
  utmContent: string | null;
  newCustomer: boolean;
}

/**
 * INSERT … ON CONFLICT (shopId, shopifyOrderId) DO UPDATE … WHERE stored updated_at <= incoming.
 * Attribution and customer columns are written on insert only (attribution is decided once;
 * a redacted customer id never comes back). With `attribution` null only the update can apply.
 * Returns whether a row was written (false: the stored version is newer).
 */
async function upsertOrderRow(
  tx: Tx,
  shop: ShopRef,
  order: OrderSnapshot,
  attribution: NewOrderAttribution | null,
): Promise<boolean> {
  const now = new Date();
  const shopDate = dateColumn(shopDateOf(order.createdAt, shop.ianaTimezone));
  const common = orderColumns(order);
  // Leak evidence (hosts, utm_source, country): kept from the first version that has it.
  const source = orderSource(order);
  if (attribution) {
    const rows = await tx.$queryRaw<{ id: string }[]>`
      INSERT INTO "AttributedOrder" (
        "id", "shopId", "shopifyOrderId", "name", "influencerId", "discountCodeId", "campaignId",
        "source", "matchedCode", "utmCampaign", "utmContent", "orderCreatedAt", "shopDate",
        "shopifyUpdatedAt", "currencyCode", "presentmentCurrency", "sales", "discounts", "refunded",
        "cancelledAt", "test", "customerId", "newCustomer", "createdAt", "updatedAt",
        "referringHost", "landingHost", "utmSource", "countryCode")
      VALUES (
        ${randomUUID()}, ${shop.id}, ${order.orderId}, ${order.name}, ${attribution.influencerId},
        ${attribution.discountCodeId}, ${attribution.campaignId},
        CAST(${attribution.source} AS "AttributionSource"), ${attribution.matchedCode},
        ${attribution.utmCampaign}, ${attribution.utmContent}, ${order.createdAt}, CAST(${shopDate} AS DATE),
        ${order.updatedAt}, ${common.currencyCode}, ${common.presentmentCurrency},
        CAST(${common.sales} AS DECIMAL(18,4)), CAST(${common.discounts} AS DECIMAL(18,4)), 0,
        ${order.cancelledAt}, ${order.test}, ${order.customer?.id ?? null}, ${attribution.newCustomer},
        ${now}, ${now},
        ${source.referringHost}, ${source.landingHost}, ${source.utmSource}, ${source.countryCode})
      ON CONFLICT ("shopId", "shopifyOrderId") DO UPDATE SET
        "name" = EXCLUDED."name",
        "shopifyUpdatedAt" = EXCLUDED."shopifyUpdatedAt",
        "currencyCode" = EXCLUDED."currencyCode",
        "presentmentCurrency" = EXCLUDED."presentmentCurrency",
        "sales" = EXCLUDED."sales",
        "discounts" = EXCLUDED."discounts",
        "cancelledAt" = EXCLUDED."cancelledAt",
        "test" = EXCLUDED."test",
        "updatedAt" = EXCLUDED."updatedAt",
        "referringHost" = COALESCE("AttributedOrder"."referringHost", EXCLUDED."referringHost"),
        "landingHost" = COALESCE("AttributedOrder"."landingHost", EXCLUDED."landingHost"),
        "utmSource" = COALESCE("AttributedOrder"."utmSource", EXCLUDED."utmSource"),
        "countryCode" = COALESCE("AttributedOrder"."countryCode", EXCLUDED."countryCode")
      WHERE "AttributedOrder"."shopifyUpdatedAt" <= EXCLUDED."shopifyUpdatedAt"
      RETURNING "id"`;
    return rows.length > 0;
  }
  const count = await tx.$executeRaw`
    UPDATE "AttributedOrder" SET
      "name" = ${order.name},
      "shopifyUpdatedAt" = ${order.updatedAt},
      "currencyCode" = ${common.currencyCode},
      "presentmentCurrency" = ${common.presentmentCurrency},
      "sales" = CAST(${common.sales} AS DECIMAL(18,4)),
      "discounts" = CAST(${common.discounts} AS DECIMAL(18,4)),
      "cancelledAt" = ${order.cancelledAt},
      "test" = ${order.test},
      "updatedAt" = ${now},
      "referringHost" = COALESCE("referringHost", ${source.referringHost}),
      "landingHost" = COALESCE("landingHost", ${source.landingHost}),
      "utmSource" = COALESCE("utmSource", ${source.utmSource}),
      "countryCode" = COALESCE("countryCode", ${source.countryCode})
    WHERE "shopId" = ${shop.id} AND "shopifyOrderId" = ${order.orderId}
      AND "shopifyUpdatedAt" <= ${order.updatedAt}`;
  return count > 0;
}

function orderColumns(order: OrderSnapshot) {
  return {
    currencyCode: order.currencyCode,
    presentmentCurrency: order.presentmentCurrency,
    sales: order.sales.toFixed(),
    discounts: order.discounts.toFixed(),
  };
}

/** refunds/create: kept by refund id (even before its order arrives) and added to the order. */
export function applyRefund(tx: Tx, shopId: string, refund: RefundSnapshot): Promise<ApplyResult> {
  return changeOrder(tx, shopId, refund.orderId, () => applyRefundLocked(tx, shopId, refund));
}

async function applyRefundLocked(tx: Tx, shopId: string, refund: RefundSnapshot): Promise<ApplyResult> {
  const inserted = await keepRefunds(tx, shopId, [refund]);
  await recomputeRefunded(tx, shopId, refund.orderId);
  const order = await tx.attributedOrder.findUnique({
    where: { shopId_shopifyOrderId: { shopId, shopifyOrderId: refund.orderId } },
    select: { name: true },
  });
  const what = `refund ${refund.refundId} of ${refund.amount.toFixed(2)} on order ${order?.name ?? refund.orderId}`;
  if (!inserted) return { outcome: "IGNORED", detail: `${what} was already recorded` };
  return { outcome: "APPLIED", detail: order ? what : `${what} kept until the order arrives` };
}

// --- Compliance and lifecycle ---------------------------------------------------------------

function customerOrdersWhere(shopId: string, request: CustomerRequest) {
  return {
    shopId,
    OR: [
      { customerId: request.customerId },
      ...(request.orderIds.length ? [{ shopifyOrderId: { in: request.orderIds } }] : []),
    ],
  };
}

/** customers/redact: forget the customer; the anonymised revenue figures stay. */
export async function redactCustomer(tx: Tx, shopId: string, request: CustomerRequest): Promise<ApplyResult> {
  const { count } = await tx.attributedOrder.updateMany({
    where: customerOrdersWhere(shopId, request),
    data: { customerId: null },
  });
  return { outcome: "APPLIED", detail: `customer redacted on ${count} order(s)` };
}

/**
 * customers/data_request: everything CodeTrail stores about the customer (no names, emails or
 * addresses: order ids, amounts and attribution). Recorded in the delivery's detail for the
 * merchant to pass on.
 */
export async function customerDataReport(tx: Tx, shopId: string, request: CustomerRequest): Promise<ApplyResult> {
  const orders = await tx.attributedOrder.findMany({
    where: customerOrdersWhere(shopId, request),
    orderBy: { orderCreatedAt: "asc" },
    select: {
      shopifyOrderId: true,
      name: true,
      orderCreatedAt: true,
      currencyCode: true,
      sales: true,
      discounts: true,
      refunded: true,
      cancelledAt: true,
      newCustomer: true,
      source: true,
      matchedCode: true,
    },
  });
  const report = {
    dataRequestId: request.dataRequestId?.toString() ?? null,
    orders: orders.map((o) => ({
      ...o,
      shopifyOrderId: o.shopifyOrderId.toString(),
      sales: toDecimal(o.sales).toFixed(2),
      discounts: toDecimal(o.discounts).toFixed(2),
      refunded: toDecimal(o.refunded).toFixed(2),
    })),
  };
  return { outcome: "APPLIED", detail: JSON.stringify(report) };
}

/** shop/redact: every row of the shop goes (cascades from Shop), except this delivery's record. */
export async function redactShop(tx: Tx, domain: string, keepDeliveryId: string): Promise<ApplyResult> {
  const shops = await tx.shop.deleteMany({ where: { domain } });
  const sessions = await tx.session.deleteMany({ where: { shop: domain } });
  await tx.webhookDelivery.deleteMany({ where: { shopDomain: domain, id: { not: keepDeliveryId } } });
  return { outcome: "APPLIED", detail: `shop data deleted (${shops.count} shop, ${sessions.count} session(s))` };
}

/** app/uninstalled: sessions end; the shop is marked uninstalled (its data stays until shop/redact). */
export async function endInstall(tx: Tx, domain: string): Promise<ApplyResult> {
  const sessions = await tx.session.deleteMany({ where: { shop: domain } });
  await tx.shop.updateMany({ where: { domain }, data: { uninstalledAt: new Date() } });
  return { outcome: "APPLIED", detail: `uninstalled, ${sessions.count} session(s) ended` };
}
