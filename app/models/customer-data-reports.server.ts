import prisma from "../db.server";
import type { Prisma } from "../generated/prisma/client";
import {
  buildCustomerDataReport,
  type ReportOrderRow,
  type ReportRefundRow,
} from "../lib/customer-data-report";
import type { CustomerRequest } from "../lib/order-payload";
import { lockShopLedger } from "./order-ledger.server";

/**
 * customers/data_request reports (CustomerDataReport): written by the webhook in the delivery's
 * transaction, listed and downloaded by the shop's owner, removed by customers/redact of the same
 * customer and with the shop. Every query is scoped by shop. See docs/privacy.md.
 */

type Tx = Prisma.TransactionClient;

/**
 * The customer's orders: every attributed order that carries the customer id, and every order
 * Shopify names in `orders_requested` (one already anonymised by customers/redact among them).
 * One parameter for the list, however long it is.
 */
function customerOrders(tx: Tx, shopId: string, request: CustomerRequest) {
  return tx.$queryRaw<ReportOrderRow[]>`
    SELECT o."shopifyOrderId", o."name", o."orderCreatedAt", o."shopDate", o."shopifyUpdatedAt", o."cancelledAt",
           o."test", o."currencyCode", o."presentmentCurrency", o."sales", o."discounts", o."refunded",
           o."customerId", o."newCustomer", o."countryCode", o."source"::text AS "source", o."matchedCode",
           o."utmCampaign", o."utmContent", o."utmSource", o."referringHost", o."landingHost",
           CASE WHEN i."id" IS NULL THEN NULL ELSE json_build_object('name', i."name") END AS "influencer",
           CASE WHEN c."id" IS NULL THEN NULL ELSE json_build_object('name', c."name") END AS "campaign",
           CASE WHEN d."id" IS NULL THEN NULL ELSE json_build_object('code', d."code") END AS "discountCode"
    FROM "AttributedOrder" o
    LEFT JOIN "Influencer" i ON i."id" = o."influencerId" AND i."shopId" = o."shopId"
    LEFT JOIN "Campaign" c ON c."id" = o."campaignId" AND c."shopId" = o."shopId"
    LEFT JOIN "DiscountCode" d ON d."id" = o."discountCodeId" AND d."shopId" = o."shopId"
    WHERE o."shopId" = ${shopId}
      AND (o."customerId" = ${request.customerId} OR o."shopifyOrderId" = ANY(CAST(${request.orderIds} AS BIGINT[])))
    ORDER BY o."orderCreatedAt", o."shopifyOrderId"`;
}

/** Refunds of those orders, and of requested orders CodeTrail keeps only a refund of. */
function customerRefunds(tx: Tx, shopId: string, orderIds: bigint[]) {
  return tx.$queryRaw<ReportRefundRow[]>`
    SELECT r."shopifyRefundId", r."shopifyOrderId", r."amount", r."refundedAt"
    FROM "OrderRefund" r
    WHERE r."shopId" = ${shopId} AND r."shopifyOrderId" = ANY(CAST(${orderIds} AS BIGINT[]))
    ORDER BY r."refundedAt", r."shopifyRefundId"`;
}

export interface StoreReportInput {
  shop: { id: string; domain: string };
  request: CustomerRequest;
  deliveryId: string;
  receivedAt: Date;
}

export type StoreReportResult =
  | { stored: true; orderCount: number; refundCount: number }
  | { stored: false; reason: "same data request already stored" };

/**
 * Builds the report from what the ledger holds now and stores it, inside the caller's transaction
 * (the delivery's claim). A second delivery of the same data request (same data_request.id, other
 * webhook id) stores nothing: ON CONFLICT DO NOTHING on (shopId, dataRequestId), so a concurrent
 * copy waits for the first and then changes nothing.
 */
export async function storeCustomerDataReport(tx: Tx, input: StoreReportInput): Promise<StoreReportResult> {
  const { shop, request } = input;
  // One consistent picture: no order or refund of the shop is applied while the report reads.
  await lockShopLedger(tx, shop.id);
  if (request.dataRequestId !== null) {
    const existing = await tx.customerDataReport.count({ where: { shopId: shop.id, dataRequestId: request.dataRequestId } });
    if (existing) return { stored: false, reason: "same data request already stored" };
  }
  const orders = await customerOrders(tx, shop.id, request);
  const orderIds = [...new Set([...orders.map((o) => o.shopifyOrderId), ...request.orderIds])];
  const refunds = await customerRefunds(tx, shop.id, orderIds);
  const document = buildCustomerDataReport(
    {
      shopDomain: shop.domain,
      customerId: request.customerId,
      dataRequestId: request.dataRequestId,
      ordersRequested: request.orderIds,
      receivedAt: input.receivedAt,
    },
    orders,
    refunds,
  );
  const { count } = await tx.customerDataReport.createMany({
    data: [
      {
        shopId: shop.id,
        dataRequestId: request.dataRequestId,
        customerId: request.customerId,
        deliveryId: input.deliveryId,
        orderCount: document.orderCount,
        refundCount: document.refundCount,
        report: JSON.stringify(document, null, 2),
        receivedAt: input.receivedAt,
      },
    ],
    skipDuplicates: true,
  });
  if (count === 0) return { stored: false, reason: "same data request already stored" };
  return { stored: true, orderCount: document.orderCount, refundCount: document.refundCount };
}

/** customers/redact: the customer's stored reports go (they are a copy of the customer's data). */
export async function deleteCustomerDataReports(tx: Tx, shopId: string, customerId: bigint): Promise<number> {
  const { count } = await tx.customerDataReport.deleteMany({ where: { shopId, customerId } });
  return count;
}

export const REPORTS_PER_PAGE = 50;

/** The shop's data requests, newest first, a page at a time (the reports themselves are not read). */
export async function listCustomerDataReports(shopId: string, page: number) {
  const [total, rows] = await Promise.all([
    prisma.customerDataReport.count({ where: { shopId } }),
    prisma.customerDataReport.findMany({
      where: { shopId },
      orderBy: [{ receivedAt: "desc" }, { id: "asc" }],
      skip: (page - 1) * REPORTS_PER_PAGE,
      // One more than a page says whether there is a next page.
      take: REPORTS_PER_PAGE + 1,
      select: { id: true, receivedAt: true, customerId: true, dataRequestId: true, orderCount: true, refundCount: true },
    }),
  ]);
  return { total, rows: rows.slice(0, REPORTS_PER_PAGE), hasNext: rows.length > REPORTS_PER_PAGE, hasPrevious: page > 1 };
}

/** One report of the shop, with its document; null when this shop has no such report. */
export function findCustomerDataReport(shopId: string, id: string) {
  return prisma.customerDataReport.findFirst({
    where: { id, shopId },
    select: { report: true, customerId: true, dataRequestId: true, receivedAt: true },
  });
}
