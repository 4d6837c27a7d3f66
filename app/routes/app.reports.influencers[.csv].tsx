import type { LoaderFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { neutraliseFormula, toCsv } from "../lib/csv";
import { isoDate } from "../lib/report-params";
import { influencerRows, sortInfluencers } from "../models/reports.server";
import { requireAdmin } from "../services/admin-context.server";

/**
 * GET /app/reports/influencers.csv?from=YYYY-MM-DD&to=YYYY-MM-DD (inclusive, shop-local days; both
 * optional, all time without them). A fixed machine format in every UI language: dot decimals,
 * no thousands separators or symbols, ratios empty where undefined, text cells neutralised
 * against formula injection.
 */

export const CSV_HEADER = [
  "influencer_id",
  "influencer",
  "codes",
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
  "currency",
] as const;

const params = z
  .object({ from: isoDate.optional(), to: isoDate.optional() })
  .refine((p) => !p.from || !p.to || p.from <= p.to, { message: "must not be before from", path: ["to"] });

const money = (d: { toFixed(n: number): string }) => d.toFixed(2);
const ratio = (d: { toFixed(n: number): string } | null) => (d ? d.toFixed(2) : "");

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { shop } = await requireAdmin(request);
  const search = new URL(request.url).searchParams;
  const parsed = params.safeParse({ from: search.get("from") || undefined, to: search.get("to") || undefined });
  if (!parsed.success) {
    const detail = parsed.error.issues.map((i) => `${i.path.join(".")} ${i.message}`).join("; ");
    return new Response(`Bad parameters: ${detail}. Use from and to as YYYY-MM-DD (inclusive), or neither for all time.\n`, {
      status: 400,
      headers: { "Content-Type": "text/plain; charset=utf-8" },
    });
  }
  const { from, to } = parsed.data;
  const range = from || to ? { from: from ?? "0001-01-01", to: to ?? "9999-12-31" } : null;
  const rows = sortInfluencers(await influencerRows({ shopId: shop.id, range }, { withRepeat: false }), "name", "asc");
  const csv = toCsv(
    CSV_HEADER,
    rows.map((r) => {
      const m = r.metrics;
      return [
        r.id,
        neutraliseFormula(r.name),
        neutraliseFormula(r.codes.join(";")),
        String(m.orders),
        String(m.newCustomers),
        money(m.sales),
        money(m.discounts),
        money(m.refunds),
        money(m.netSales),
        money(m.fees),
        money(m.commission),
        money(m.cost),
        ratio(m.roiPercent),
        ratio(m.roas),
        ratio(m.cpa),
        ratio(m.aov),
        shop.currencyCode,
      ];
    }),
  );
  const name = `codetrail-influencers-${from ?? "start"}-${to ?? "today"}.csv`;
  return new Response(csv, {
    status: 200,
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="${name}"`,
      "Cache-Control": "private, no-store",
    },
  });
};
