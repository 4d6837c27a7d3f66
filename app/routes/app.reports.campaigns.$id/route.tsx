import type { LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData, useLocation } from "@remix-run/react";
import { Badge, BlockStack, DataTable, InlineGrid, Layout, Text } from "@shopify/polaris";
import { CostsLeftOut, ReportListCard, ReportPage } from "../../components/reports/ReportPage";
import { Defined, Figure, METRIC_LABELS, ReportFilters, useMetricText, type MetricColumn } from "../../components/reports/ReportParts";
import { RouteErrorBoundary } from "../../components/RouteErrorBoundary";
import type { MessageKey } from "../../i18n/messages";
import { useFormat, useT } from "../../i18n/use-i18n";
import { notFound } from "../../lib/http.server";
import { campaignRange, parseReportParams } from "../../lib/report-params";
import { shopDateOf } from "../../lib/shop-dates";
import { campaignDates } from "../../models/campaigns.server";
import { requireAdmin } from "../../services/admin-context.server";
import { BudgetCard, CampaignKpiCard, GOAL_KPIS } from "./components";
import { campaignReportData } from "./data.server";

export const loader = async ({ request, params }: LoaderFunctionArgs) => {
  const { shop } = await requireAdmin(request);
  const dates = (await campaignDates(shop.id, params.id ?? "")) ?? notFound();
  const { query, problems } = parseReportParams(new URL(request.url).searchParams, {
    ianaTimezone: shop.ianaTimezone,
    defaultRange: campaignRange(dates, shopDateOf(new Date(), shop.ianaTimezone)),
  });
  const report = (await campaignReportData(shop, params.id ?? "", query)) ?? notFound();
  return { ...report, problems };
};

const ALL_KPIS: MetricColumn[] = ["netSales", "cost", "roi", "roas", "cpa", "cac", "orders", "newCustomers", "aov"];
const TABLE: MetricColumn[] = ["orders", "netSales", "fees", "commission", "cost", "roi", "roas", "cpa"];

export default function CampaignDetail() {
  const { currency, problems, query, options, campaign, influencers, content, costsWithoutCampaign } = useLoaderData<typeof loader>();
  const t = useT();
  const f = useFormat();
  const metric = useMetricText();
  const location = useLocation();
  const rangeParams = new URLSearchParams({ from: query.range.from, to: query.range.to }).toString();
  const goal = t(`reports.goal.${campaign.goal}` as MessageKey);
  return (
    <ReportPage
      title={campaign.name}
      titleMetadata={<Badge tone="info">{goal}</Badge>}
      subtitle={
        campaign.endsOn
          ? t("reports.campaign.dates", { from: f.date(campaign.startsOn), to: f.date(campaign.endsOn) })
          : t("reports.campaign.ongoing", { from: f.date(campaign.startsOn) })
      }
      backAction={{ content: t("reports.back.campaigns"), url: `/app/reports/campaigns${location.search}` }}
      problems={problems}
      definitions={[{ label: "reports.col.spend", help: "reports.campaign.spend.help" }]}
    >
      <CostsLeftOut amount={costsWithoutCampaign} currency={currency} />
      <Layout.Section>
        <BudgetCard campaign={campaign} currency={currency} />
      </Layout.Section>
      <Layout.Section>
        <BlockStack gap="200">
          <Text as="h2" variant="headingMd">
            {t("reports.campaign.goalKpis", { goal })}
          </Text>
          <InlineGrid columns={{ xs: 2, md: 4 }} gap="400">
            {GOAL_KPIS[campaign.goal].map((k) => (
              <CampaignKpiCard key={k.label} kpi={k} metrics={campaign.metrics} content={content} currency={currency} />
            ))}
          </InlineGrid>
        </BlockStack>
      </Layout.Section>
      <Layout.Section>
        <ReportFilters key={location.search} query={query} campaigns={[]} platforms={options.platforms} showCompare={false} showCampaign={false} />
      </Layout.Section>
      <Layout.Section>
        <InlineGrid columns={{ xs: 2, md: 3, lg: 5 }} gap="300">
          {ALL_KPIS.filter((c) => !GOAL_KPIS[campaign.goal].some((k) => k.column === c)).map((c) => (
            <CampaignKpiCard key={c} kpi={{ label: METRIC_LABELS[c].label, column: c }} metrics={campaign.metrics} content={content} currency={currency} />
          ))}
        </InlineGrid>
      </Layout.Section>
      <Layout.Section>
        <ReportListCard title="reports.campaign.influencers">
          <div data-report="campaign-influencers">
            <DataTable
              columnContentTypes={["text", ...TABLE.map(() => "numeric" as const)]}
              headings={[t("reports.col.influencer"), ...TABLE.map((c) => <Defined key={c} label={METRIC_LABELS[c].label} help={METRIC_LABELS[c].help} />)]}
              rows={influencers.map((r) => [
                <Link key="n" to={`/app/reports/influencers/${r.id}?${rangeParams}`}>
                  {r.name}
                </Link>,
                ...TABLE.map((c) => <Figure key={c}>{metric(r.metrics, c, currency)}</Figure>),
              ])}
            />
          </div>
        </ReportListCard>
      </Layout.Section>
    </ReportPage>
  );
}

export const ErrorBoundary = RouteErrorBoundary;
