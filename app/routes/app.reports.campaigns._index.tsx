import type { LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData, useLocation } from "@remix-run/react";
import { Card, DataTable, InlineStack, Layout, Text } from "@shopify/polaris";
import { DownloadButton } from "../components/DownloadButton";
import { ReportPage } from "../components/reports/ReportPage";
import { Defined, Figure, METRIC_LABELS, ReportFilters, useMetricText, type MetricColumn } from "../components/reports/ReportParts";
import { RouteErrorBoundary } from "../components/RouteErrorBoundary";
import type { MessageKey } from "../i18n/messages";
import { useFormat, useT } from "../i18n/use-i18n";
import { parseReportParams } from "../lib/report-params";
import { serializeMetrics } from "../lib/serialize";
import { campaignRows, filterOptions } from "../models/reports.server";
import { requireAdmin } from "../services/admin-context.server";

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { shop } = await requireAdmin(request);
  const { query, problems } = parseReportParams(new URL(request.url).searchParams, { ianaTimezone: shop.ianaTimezone });
  const [rows, options] = await Promise.all([
    campaignRows({ shopId: shop.id, range: query.range, platform: query.platform }),
    filterOptions(shop.id),
  ]);
  return {
    currency: shop.currencyCode,
    problems,
    query,
    options,
    rows: rows.map((r) => ({
      id: r.id,
      name: r.name,
      goal: r.goal,
      budget: r.budget?.toFixed(2) ?? null,
      spend: r.spend.toFixed(2),
      metrics: serializeMetrics(r.metrics),
    })),
  };
};

const COLUMNS: MetricColumn[] = ["orders", "netSales", "cost", "roi", "roas", "cpa"];

export default function CampaignReport() {
  const { currency, problems, query, options, rows } = useLoaderData<typeof loader>();
  const t = useT();
  const f = useFormat();
  const metric = useMetricText();
  const location = useLocation();
  const rangeParams = new URLSearchParams({ from: query.range.from, to: query.range.to }).toString();
  return (
    <ReportPage
      title={t("reports.campaigns.title")}
      subtitle={t("dash.range.summary", { from: f.date(query.range.from), to: f.date(query.range.to) })}
      backAction={{ content: t("overview.title"), url: `/app${location.search}` }}
      problems={problems}
      filters={<ReportFilters key={location.search} query={query} campaigns={options.campaigns} platforms={options.platforms} showCompare={false} showCampaign={false} />}
      definitions={[{ label: "reports.col.spend", help: "reports.campaign.spend.help" }]}
    >
        <Layout.Section>
          <Card padding="0">
            <div style={{ padding: "var(--p-space-400) var(--p-space-400) 0" }}>
              <InlineStack align="end" gap="400">
                <DownloadButton kind="campaigns-csv" url={`/app/reports/campaigns.csv?${rangeParams}`} fallbackName="codetrail-campaigns.csv" label="results.campaignCsv" />
                <DownloadButton kind="orders-csv" url={`/app/reports/orders.csv?${rangeParams}`} fallbackName="codetrail-orders.csv" label="results.ordersCsv" />
              </InlineStack>
            </div>
            {rows.length === 0 ? (
              <div style={{ padding: "var(--p-space-400)" }}>
                <Text as="p">{t("reports.campaigns.empty")}</Text>
              </div>
            ) : (
              <div data-report="campaigns" data-sticky-first>
                <DataTable
                  columnContentTypes={["text", "text", "numeric", "numeric", ...COLUMNS.map(() => "numeric" as const)]}
                  headings={[
                    t("reports.col.campaign"),
                    t("reports.col.goal"),
                    t("reports.col.budget"),
                    <Defined key="s" label="reports.col.spend" help="reports.campaign.spend.help" />,
                    ...COLUMNS.map((c) => <Defined key={c} label={METRIC_LABELS[c].label} help={METRIC_LABELS[c].help} />),
                  ]}
                  rows={rows.map((r) => [
                    <Link key="n" to={`/app/reports/campaigns/${r.id}?${rangeParams}`}>
                      {r.name}
                    </Link>,
                    t(`reports.goal.${r.goal}` as MessageKey),
                    r.budget === null ? t("reports.campaign.noBudget") : <Figure key="b">{f.money(r.budget, currency)}</Figure>,
                    <Figure key="s">{f.money(r.spend, currency)}</Figure>,
                    ...COLUMNS.map((c) => <Figure key={c}>{metric(r.metrics, c, currency)}</Figure>),
                  ])}
                />
              </div>
            )}
          </Card>
        </Layout.Section>
    </ReportPage>
  );
}

export const ErrorBoundary = RouteErrorBoundary;
