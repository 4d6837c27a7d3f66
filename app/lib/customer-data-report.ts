import { toDecimal } from "./money";

/**
 * The customers/data_request report: everything CodeTrail holds about one customer of one shop,
 * as the JSON document the owner downloads and passes on (docs/privacy.md). Pure: the rows come
 * from app/models/customer-data-reports.server.ts. Ids are strings (Shopify ids exceed 2^53),
 * amounts are the stored decimals written exactly (never through a JS number), times are ISO 8601
 * in UTC.
 */

export const REPORT_FORMAT = "codetrail.customer-data-report.v1";

/** What Shopify's payload may carry and CodeTrail never receives or keeps (include_fields). */
export const NEVER_STORED = ["name", "email", "phone", "address"] as const;

type Amount = { toString(): string };

export interface ReportOrderRow {
  shopifyOrderId: bigint;
  name: string;
  orderCreatedAt: Date;
  shopDate: Date;
  shopifyUpdatedAt: Date;
  cancelledAt: Date | null;
  test: boolean;
  currencyCode: string;
  presentmentCurrency: string;
  sales: Amount;
  discounts: Amount;
  refunded: Amount;
  customerId: bigint | null;
  newCustomer: boolean;
  countryCode: string | null;
  source: string;
  matchedCode: string | null;
  utmCampaign: string | null;
  utmContent: string | null;
  utmSource: string | null;
  referringHost: string | null;
  landingHost: string | null;
  influencer: { name: string } | null;
  campaign: { name: string } | null;
  discountCode: { code: string } | null;
}

export interface ReportRefundRow {
  shopifyRefundId: bigint;
  shopifyOrderId: bigint;
  amount: Amount;
  refundedAt: Date;
}

export interface ReportRequest {
  shopDomain: string;
  customerId: bigint;
  dataRequestId: bigint | null;
  ordersRequested: bigint[];
  receivedAt: Date;
}

const exact = (amount: Amount) => toDecimal(amount).toFixed();
const day = (date: Date) => date.toISOString().slice(0, 10);

export function buildCustomerDataReport(request: ReportRequest, orders: ReportOrderRow[], refunds: ReportRefundRow[]) {
  return {
    format: REPORT_FORMAT,
    shop: request.shopDomain,
    dataRequestId: request.dataRequestId?.toString() ?? null,
    customerId: request.customerId.toString(),
    ordersRequested: request.ordersRequested.map(String),
    receivedAt: request.receivedAt.toISOString(),
    neverStored: [...NEVER_STORED],
    orderCount: orders.length,
    refundCount: refunds.length,
    orders: orders.map((o) => ({
      orderId: o.shopifyOrderId.toString(),
      name: o.name,
      createdAt: o.orderCreatedAt.toISOString(),
      shopDate: day(o.shopDate),
      updatedAt: o.shopifyUpdatedAt.toISOString(),
      cancelledAt: o.cancelledAt?.toISOString() ?? null,
      test: o.test,
      currency: o.currencyCode,
      presentmentCurrency: o.presentmentCurrency,
      sales: exact(o.sales),
      discounts: exact(o.discounts),
      refunded: exact(o.refunded),
      // Null when a customers/redact already removed the customer from this order (it is listed
      // because Shopify named it in orders_requested).
      customerId: o.customerId?.toString() ?? null,
      newCustomer: o.newCustomer,
      countryCode: o.countryCode,
      attribution: {
        source: o.source,
        code: o.discountCode?.code ?? null,
        codeAsTyped: o.matchedCode,
        influencer: o.influencer?.name ?? null,
        campaign: o.campaign?.name ?? null,
        utmSource: o.utmSource,
        utmCampaign: o.utmCampaign,
        utmContent: o.utmContent,
        referringHost: o.referringHost,
        landingHost: o.landingHost,
      },
    })),
    refunds: refunds.map((r) => ({
      refundId: r.shopifyRefundId.toString(),
      orderId: r.shopifyOrderId.toString(),
      amount: exact(r.amount),
      refundedAt: r.refundedAt.toISOString(),
    })),
  };
}

export type CustomerDataReportDocument = ReturnType<typeof buildCustomerDataReport>;

/** The file name the download route gives a report: ids only, safe in any file system. */
export function reportFileName(report: { dataRequestId: bigint | null; customerId: bigint; receivedAt: Date }): string {
  const what = report.dataRequestId !== null ? `request-${report.dataRequestId}` : `customer-${report.customerId}`;
  return `codetrail-data-${what}-${day(report.receivedAt)}.json`;
}
