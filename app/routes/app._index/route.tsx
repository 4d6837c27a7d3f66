import type { LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData, useLocation } from "@remix-run/react";
import { BlockStack, Card, InlineGrid, InlineStack, Layout, Text } from "@shopify/polaris";
import polarisVizStyles from "@shopify/polaris-viz/build/esm/styles.css?url";
import { CostsLeftOut, KpiCard, ReportPage } from "../../components/reports/ReportPage";
import { ReportFilters } from "../../components/reports/ReportParts";
import { TrendChart } from "../../components/reports/TrendChart";
import { RouteErrorBoundary } from "../../components/RouteErrorBoundary";
import type { MessageKey } from "../../i18n/messages";
import { useFormat, useT } from "../../i18n/use-i18n";
import { parseReportParams } from "../../lib/report-params";
import { requireAdmin } from "../../services/admin-context.server";
import { DeltaBadge, PerformersCard } from "./components";
import { overviewData, type KpiKey } from "./data.server";

export const links = () => [{ rel: "stylesheet", href: polarisVizStyles }];

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { shop } = await requireAdmin(request);
  const { query, problems } = parseReportParams(new URL(request.url).searchParams, { ianaTimezone: shop.ianaTimezone });
  return { ...(await overviewData(shop, query)), problems };
};

export default function Overview() {
  const { currency, problems, query, options, totals, deltas, series, top, bottom, costsWithoutCampaign } = useLoaderData<typeof loader>();
  const t = useT();
  const f = useFormat();
  const location = useLocation();
  const rangeParams = new URLSearchParams({ from: query.range.from, to: query.range.to }).toString();
  const noRoi: MessageKey = query.campaignId ? "dash.performers.emptyCampaign" : "dash.performers.empty";

  const kpis: { key: MessageKey; help: MessageKey; delta: KpiKey; value: string }[] = [
    { key: "kpi.netSales", help: "reports.help.netSales", delta: "netSales", value: f.money(totals.netSales, currency) },
    { key: "kpi.totalCost", help: "reports.help.cost", delta: "cost", value: f.money(totals.cost, currency) },
    { key: "kpi.roi", help: "reports.help.roi", delta: "roiPercent", value: f.percent(totals.roiPercent) },
    { key: "kpi.roas", help: "reports.help.roas", delta: "roas", value: f.multiple(totals.roas) },
    { key: "kpi.cpa", help: "reports.help.cpa", delta: "cpa", value: f.money(totals.cpa, currency) },
    { key: "kpi.orders", help: "reports.help.orders", delta: "orders", value: f.count(totals.orders) },
    { key: "kpi.newCustomers", help: "reports.help.newCustomers", delta: "newCustomers", value: f.count(totals.newCustomers) },
    { key: "kpi.aov", help: "reports.help.aov", delta: "aov", value: f.money(totals.aov, currency) },
  ];

  return (
    <ReportPage
      title={t("overview.title")}
      subtitle={t("dash.range.summary", { from: f.date(query.range.from), to: f.date(query.range.to) })}
      secondaryActions={[{ content: t("dash.viewAll"), url: `/app/reports/influencers${location.search}` }]}
      problems={problems}
      filters={<ReportFilters key={location.search} query={query} campaigns={options.campaigns} platforms={options.platforms} />}
      definitions={[]}
    >
      <CostsLeftOut amount={costsWithoutCampaign} currency={currency} />
      <Layout.Section>
        <InlineGrid columns={{ xs: 2, md: 4 }} gap="400">
          {kpis.map((kpi) => (
            <KpiCard key={kpi.key} label={kpi.key} help={null} kpi={kpi.key} value={kpi.value}>
              <InlineStack>{query.previous ? <DeltaBadge kpi={kpi.delta} value={deltas[kpi.delta]} /> : null}</InlineStack>
              <Text as="p" variant="bodySm" tone="subdued">
                {t(kpi.help)}
              </Text>
            </KpiCard>
          ))}
        </InlineGrid>
      </Layout.Section>
      <Layout.Section>
        <Card>
          <BlockStack gap="200">
            <Text as="h2" variant="headingMd">
              {t("dash.chart.title")}
            </Text>
            <Text as="p" variant="bodySm" tone="subdued">
              {t("dash.chart.help")}
            </Text>
            <TrendChart points={series} currency={currency} />
          </BlockStack>
        </Card>
      </Layout.Section>
      <Layout.Section>
        <InlineGrid columns={{ xs: 1, lg: 2 }} gap="400">
          <PerformersCard rows={top} title="dash.top.title" id="top" currency={currency} rangeParams={rangeParams} empty={noRoi} />
          <PerformersCard
            rows={bottom}
            title="dash.bottom.title"
            id="bottom"
            currency={currency}
            rangeParams={rangeParams}
            empty={top.length > 0 ? "dash.performers.allInTop" : noRoi}
          />
        </InlineGrid>
      </Layout.Section>
    </ReportPage>
  );
}

export const ErrorBoundary = RouteErrorBoundary;
