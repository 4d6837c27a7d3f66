/**
 * The customers/data_request report: everything CodeTrail holds about one customer of one shop,
 * as the JSON document the owner downloads and passes on (docs/privacy.md). The database builds it
 * (app/models/customer-data-reports.server.ts); this is what it is called and what it says.
 */

export const REPORT_FORMAT = "codetrail.customer-data-report.v1";

/** What Shopify's payload may carry and CodeTrail never receives or keeps (include_fields). */
export const NEVER_STORED = ["name", "email", "phone", "address"] as const;

const day = (date: Date) => date.toISOString().slice(0, 10);

/** The file name the download route gives a report: ids only, safe in any file system. */
export function reportFileName(report: { dataRequestId: bigint | null; customerId: bigint; receivedAt: Date }): string {
  const what = report.dataRequestId !== null ? `request-${report.dataRequestId}` : `customer-${report.customerId}`;
  return `codetrail-data-${what}-${day(report.receivedAt)}.json`;
}
