import { z } from "zod";
import type { PerformanceMetrics } from "./metrics";
import type { DateRange } from "./shop-dates";
import { isoDate } from "./report-params";

/**
 * The query every CSV export takes: `from` and `to` (YYYY-MM-DD, inclusive shop-local days; both
 * optional, all time without them) and, where the export supports them, `influencer` and
 * `campaign` ids. Bad parameters answer 400 with the reason, in plain text.
 */
const id = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, "must be an id");
const params = z
  .object({ from: isoDate.optional(), to: isoDate.optional(), influencer: id.optional(), campaign: id.optional() })
  .refine((p) => !p.from || !p.to || p.from <= p.to, { message: "must not be before from", path: ["to"] });

export interface CsvQuery {
  from?: string;
  to?: string;
  range: DateRange | null;
  influencerId: string | null;
  campaignId: string | null;
}

export function parseCsvQuery(search: URLSearchParams): { ok: true; query: CsvQuery } | { ok: false; response: Response } {
  const value = (name: string) => search.get(name) || undefined;
  const parsed = params.safeParse({ from: value("from"), to: value("to"), influencer: value("influencer"), campaign: value("campaign") });
  if (!parsed.success) {
    const detail = parsed.error.issues.map((i) => `${i.path.join(".")} ${i.message}`).join("; ");
    return {
      ok: false,
      response: new Response(`Bad parameters: ${detail}. Use from and to as YYYY-MM-DD (inclusive), or neither for all time.\n`, {
        status: 400,
        headers: { "Content-Type": "text/plain; charset=utf-8" },
      }),
    };
  }
  const { from, to, influencer, campaign } = parsed.data;
  return {
    ok: true,
    query: {
      from,
      to,
      range: from || to ? { from: from ?? "0001-01-01", to: to ?? "9999-12-31" } : null,
      influencerId: influencer ?? null,
      campaignId: campaign ?? null,
    },
  };
}

/** The export's file name: what it holds and the days it covers. */
export function csvFileName(what: string, query: Pick<CsvQuery, "from" | "to">): string {
  return `codetrail-${what}-${query.from ?? "start"}-${query.to ?? "today"}.csv`;
}

export function csvResponse(body: string | ReadableStream<Uint8Array>, fileName: string): Response {
  return new Response(body, {
    status: 200,
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="${fileName}"`,
      "Cache-Control": "private, no-store",
    },
  });
}

/** Money and ratio cells: dot decimals, two places, empty where a ratio is undefined. */
export const moneyCell = (d: { toFixed(n: number): string }) => d.toFixed(2);
export const ratioCell = (d: { toFixed(n: number): string } | null) => (d ? d.toFixed(2) : "");

/** The figures every per-row export carries, in this order (docs/metrics.md, "CSV export"). */
export const METRIC_CSV_COLUMNS = [
  "orders",
  "new_customers",
  "sales",
  "discounts",
  "refunds",
  "net_sales",
  "fees",
  "commission",
  "total_cost",
  "roi_pct",
  "roas",
  "cpa",
  "aov",
] as const;

export function metricCells(m: PerformanceMetrics): string[] {
  return [
    String(m.orders),
    String(m.newCustomers),
    moneyCell(m.sales),
    moneyCell(m.discounts),
    moneyCell(m.refunds),
    moneyCell(m.netSales),
    moneyCell(m.fees),
    moneyCell(m.commission),
    moneyCell(m.cost),
    ratioCell(m.roiPercent),
    ratioCell(m.roas),
    ratioCell(m.cpa),
    ratioCell(m.aov),
  ];
}
