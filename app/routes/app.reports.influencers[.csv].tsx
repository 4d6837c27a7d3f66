import type { LoaderFunctionArgs } from "@remix-run/node";
import { csvFileName, csvResponse, METRIC_CSV_COLUMNS, metricCells, moneyCell, parseCsvQuery, ratioCell } from "../lib/csv-export";
import { neutraliseFormula, toCsv } from "../lib/csv";
import { influencerRows, sortInfluencers } from "../models/reports.server";
import { requireAdmin } from "../services/admin-context.server";

/**
 * GET /app/reports/influencers.csv?from=YYYY-MM-DD&to=YYYY-MM-DD[&campaign=ID] (inclusive,
 * shop-local days; both optional, all time without them). A fixed machine format in every UI
 * language: dot decimals, no thousands separators or symbols, ratios empty where undefined, text
 * cells neutralised against formula injection. Returning orders are the orders that did not bring
 * a new customer; repeat orders and their net sales are the later purchases of the customers the
 * influencer acquired in the period (docs/metrics.md). The survey columns (orders whose buyer named
 * the influencer, those without their code or link, and the dark-social ratio) are empty under a
 * campaign filter: a survey answer has no campaign.
 */

export const CSV_HEADER = [
  "influencer_id",
  "influencer",
  "codes",
  ...METRIC_CSV_COLUMNS,
  "currency",
  "returning_customer_orders",
  "repeat_orders",
  "repeat_net_sales",
  "survey_orders",
  "survey_orders_without_code_or_link",
  "dark_social_ratio",
] as const;

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { shop } = await requireAdmin(request);
  const parsed = parseCsvQuery(new URL(request.url).searchParams);
  if (!parsed.ok) return parsed.response;
  const { query } = parsed;
  const rows = sortInfluencers(await influencerRows({ shopId: shop.id, range: query.range, campaignId: query.campaignId }), "name", "asc");
  const csv = toCsv(
    CSV_HEADER,
    rows.map((r) => {
      const m = r.metrics;
      return [
        r.id,
        neutraliseFormula(r.name),
        neutraliseFormula(r.codes.join(";")),
        ...metricCells(m),
        shop.currencyCode,
        String(m.orders - m.newCustomers),
        String(r.repeatOrders),
        moneyCell(r.repeatNetSales),
        r.survey ? String(r.survey.named) : "",
        r.survey ? String(r.survey.dark) : "",
        r.survey ? ratioCell(r.survey.darkSocialRatio) : "",
      ];
    }),
  );
  return csvResponse(csv, csvFileName("influencers", query));
};
