import prisma from "../db.server";
import type { Prisma } from "../generated/prisma/client";
import { NEVER_STORED, REPORT_FORMAT } from "../lib/customer-data-report";
import type { CustomerRequest } from "../lib/order-payload";

/**
 * customers/data_request reports (CustomerDataReport): written by the webhook in the delivery's
 * transaction, listed and downloaded by the shop's owner, removed by customers/redact of the same
 * customer and with the shop. Every query is scoped by shop. See docs/privacy.md.
 */

type Tx = Prisma.TransactionClient;

export interface StoreReportInput {
  shop: { id: string; domain: string };
  request: CustomerRequest;
  deliveryId: string;
  receivedAt: Date;
}

export type StoreReportResult =
  | { stored: true; orderCount: number; refundCount: number }
  | { stored: false; reason: "same data request already stored" };

// An instant as JavaScript's toISOString writes it (the columns hold UTC without a zone).
const iso = (column: string) => `to_char(${column}, 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;

/**
 * The report, built and stored by the database in one statement (no row crosses to Node; figures
 * in docs/privacy.md). What it lists:
 * - orders: every attributed order that carries the customer id, and every order Shopify names in
 *   `orders_requested` (one already anonymised by customers/redact among them), oldest first, with
 *   every column CodeTrail keeps about it and the names behind its attribution;
 * - refunds: CodeTrail's refunds of those orders and of requested orders it keeps only a refund of;
 * - surveyAnswers: the post-purchase survey's answers with the customer id or of a requested order
 *   (decision 028).
 * Ids are strings (Shopify ids exceed 2^53), amounts the stored decimals written exactly
 * (trim_scale: 4.1000 is "4.1"), times ISO 8601 UTC. ON CONFLICT on (shopId, dataRequestId): a
 * second delivery of the same data request stores nothing.
 */
const STORE_REPORT = `
WITH o AS (
  SELECT o.*, i."name" AS "influencerName", c."name" AS "campaignName", d."code" AS "code"
  FROM "AttributedOrder" o
  LEFT JOIN "Influencer" i ON i."id" = o."influencerId" AND i."shopId" = o."shopId"
  LEFT JOIN "Campaign" c ON c."id" = o."campaignId" AND c."shopId" = o."shopId"
  LEFT JOIN "DiscountCode" d ON d."id" = o."discountCodeId" AND d."shopId" = o."shopId"
  WHERE o."shopId" = $1 AND (o."customerId" = $2::bigint OR o."shopifyOrderId" = ANY($4::bigint[]))
), r AS (
  SELECT r.* FROM "OrderRefund" r
  WHERE r."shopId" = $1 AND (r."shopifyOrderId" IN (SELECT "shopifyOrderId" FROM o) OR r."shopifyOrderId" = ANY($4::bigint[]))
), s AS (
  SELECT s.*, ci."name" AS "chosenName", mi."name" AS "matchedName"
  FROM "SurveyResponse" s
  LEFT JOIN "Influencer" ci ON ci."id" = s."influencerId" AND ci."shopId" = s."shopId"
  LEFT JOIN "Influencer" mi ON mi."id" = s."matchedInfluencerId" AND mi."shopId" = s."shopId"
  WHERE s."shopId" = $1 AND (s."customerId" = $2::bigint OR s."shopifyOrderId" = ANY($4::bigint[]))
), counts AS (
  SELECT (SELECT count(*) FROM o)::int AS "orderCount", (SELECT count(*) FROM r)::int AS "refundCount"
)
INSERT INTO "CustomerDataReport" ("id", "shopId", "dataRequestId", "customerId", "deliveryId", "orderCount", "refundCount", "report", "receivedAt")
SELECT gen_random_uuid()::text, $1, $3::bigint, $2::bigint, $5, counts."orderCount", counts."refundCount",
  json_build_object(
    'format', $7::text,
    'shop', $8::text,
    'dataRequestId', $3::bigint::text,
    'customerId', $2::bigint::text,
    'ordersRequested', (SELECT coalesce(json_agg(x::text ORDER BY n), '[]'::json) FROM unnest($4::bigint[]) WITH ORDINALITY AS t(x, n)),
    'receivedAt', ${iso("$6::timestamp")},
    'neverStored', to_json($9::text[]),
    'orderCount', counts."orderCount",
    'refundCount', counts."refundCount",
    'orders', (SELECT coalesce(json_agg(json_build_object(
        'orderId', o."shopifyOrderId"::text,
        'name', o."name",
        'createdAt', ${iso('o."orderCreatedAt"')},
        'shopDate', to_char(o."shopDate", 'YYYY-MM-DD'),
        'updatedAt', ${iso('o."shopifyUpdatedAt"')},
        'cancelledAt', ${iso('o."cancelledAt"')},
        'test', o."test",
        'currency', o."currencyCode",
        'presentmentCurrency', o."presentmentCurrency",
        'sales', trim_scale(o."sales")::text,
        'discounts', trim_scale(o."discounts")::text,
        'refunded', trim_scale(o."refunded")::text,
        'customerId', o."customerId"::text,
        'newCustomer', o."newCustomer",
        'countryCode', o."countryCode",
        'attribution', json_build_object(
          'source', o."source"::text,
          'code', o."code",
          'codeAsTyped', o."matchedCode",
          'influencer', o."influencerName",
          'campaign', o."campaignName",
          'utmSource', o."utmSource",
          'utmCampaign', o."utmCampaign",
          'utmContent', o."utmContent",
          'referringHost', o."referringHost",
          'landingHost', o."landingHost"
        )
      ) ORDER BY o."orderCreatedAt", o."shopifyOrderId"), '[]'::json) FROM o),
    'refunds', (SELECT coalesce(json_agg(json_build_object(
        'refundId', r."shopifyRefundId"::text,
        'orderId', r."shopifyOrderId"::text,
        'amount', trim_scale(r."amount")::text,
        'refundedAt', ${iso('r."refundedAt"')}
      ) ORDER BY r."refundedAt", r."shopifyRefundId"), '[]'::json) FROM r),
    'surveyAnswers', (SELECT coalesce(json_agg(json_build_object(
        'orderId', s."shopifyOrderId"::text,
        'customerId', s."customerId"::text,
        'answer', s."channel",
        'influencer', s."chosenName",
        'freeText', s."freeText",
        'language', s."locale",
        'proposedInfluencer', s."matchedName",
        'matchScore', trim_scale(s."matchScore")::text,
        'confirmedAt', ${iso('s."confirmedAt"')},
        'answeredAt', ${iso('s."createdAt"')}
      ) ORDER BY s."createdAt", s."shopifyOrderId"), '[]'::json) FROM s)
  )::text,
  $6::timestamp
FROM counts
ON CONFLICT ("shopId", "dataRequestId") DO NOTHING
RETURNING "orderCount", "refundCount"`;

/**
 * Builds the report from what the ledger holds now and stores it, inside the caller's transaction
 * (the delivery's claim). One statement, so one snapshot: an order and its refunds, which the
 * ledger commits together, are in it whole or not at all, and no ledger lock is taken (a large
 * report never holds up the shop's order webhooks). A second delivery of the same data request
 * (same data_request.id, other webhook id) stores nothing; a concurrent copy waits for the first
 * and then changes nothing.
 */
export async function storeCustomerDataReport(tx: Tx, input: StoreReportInput): Promise<StoreReportResult> {
  const { shop, request } = input;
  if (request.dataRequestId !== null) {
    const existing = await tx.customerDataReport.count({ where: { shopId: shop.id, dataRequestId: request.dataRequestId } });
    if (existing) return { stored: false, reason: "same data request already stored" };
  }
  const rows = await tx.$queryRawUnsafe<{ orderCount: number; refundCount: number }[]>(
    STORE_REPORT,
    shop.id,
    request.customerId,
    request.dataRequestId,
    request.orderIds,
    input.deliveryId,
    input.receivedAt,
    REPORT_FORMAT,
    shop.domain,
    [...NEVER_STORED],
  );
  if (rows.length === 0) return { stored: false, reason: "same data request already stored" };
  return { stored: true, orderCount: rows[0].orderCount, refundCount: rows[0].refundCount };
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
