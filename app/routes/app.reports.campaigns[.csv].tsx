import type { LoaderFunctionArgs } from "@remix-run/node";
import { csvFileName, csvResponse, METRIC_CSV_COLUMNS, metricCells, moneyCell, parseCsvQuery } from "../lib/csv-export";
import { neutraliseFormula, toCsv } from "../lib/csv";
import { campaignRows } from "../models/reports.server";
import { requireAdmin } from "../services/admin-context.server";

/**
 * GET /app/reports/campaigns.csv?from&to: one row per campaign with its figures for the period
 * (shop-local days; all time without dates), its dates, budget and spend to date. Same machine
 * format as the influencer export.
 */

export const CAMPAIGNS_CSV_HEADER = [
  "campaign_id",
  "campaign",
  "goal",
  "starts_on",
  "ends_on",
  "budget",
  "spend_to_date",
  ...METRIC_CSV_COLUMNS,
  "currency",
] as const;

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { shop } = await requireAdmin(request);
  const parsed = parseCsvQuery(new URL(request.url).searchParams);
  if (!parsed.ok) return parsed.response;
  const { query } = parsed;
  const rows = await campaignRows({ shopId: shop.id, range: query.range, campaignId: query.campaignId });
  const csv = toCsv(
    CAMPAIGNS_CSV_HEADER,
    rows.map((c) => {
      const m = c.metrics;
      return [
        c.id,
        neutraliseFormula(c.name),
        c.goal,
        c.startsOn,
        c.endsOn ?? "",
        c.budget ? moneyCell(c.budget) : "",
        moneyCell(c.spend),
        ...metricCells(m),
        shop.currencyCode,
      ];
    }),
  );
  return csvResponse(csv, csvFileName("campaigns", query));
};
