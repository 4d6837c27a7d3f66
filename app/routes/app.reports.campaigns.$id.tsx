import type { LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData, useLocation } from "@remix-run/react";
import { Badge, BlockStack, Card, DataTable, InlineGrid, InlineStack, Layout, Page, ProgressBar, Text } from "@shopify/polaris";
import { Defined, Definitions, Ltr, METRIC_LABELS, ParamProblems, ReportFilters, useMetricText, type MetricColumn } from "../components/reports/ReportParts";
import { RouteErrorBoundary } from "../components/RouteErrorBoundary";
import type { CampaignGoal } from "../generated/prisma/enums";
import type { MessageKey } from "../i18n/messages";
import { useFormat, useT } from "../i18n/use-i18n";
import { parseReportParams } from "../lib/report-params";
import { serializeMetrics } from "../lib/serialize";
import { Decimal } from "../lib/money";
import { campaignContent } from "../models/content.server";
import { campaignRows, filterOptions, influencerRows, sortInfluencers } from "../models/reports.server";
import { requireAdmin } from "../services/admin-context.server";

export const loader = async ({ request, params }: LoaderFunctionArgs) => {
  const { shop } = await requireAdmin(request);
  const { query, problems } = parseReportParams(new URL(request.url).searchParams, { ianaTimezone: shop.ianaTimezone });
  const [campaign] = await campaignRows({ shopId: shop.id, range: query.range, campaignId: params.id ?? "", platform: query.platform });
  if (!campaign) throw new Response("Not found", { status: 404, statusText: "Not Found" });
  const [influencers, options, content] = await Promise.all([
    influencerRows({ shopId: shop.id, range: query.range, campaignId: campaign.id, platform: query.platform }, { withRepeat: false }),
    filterOptions(shop.id),
    campaignContent(shop.id, campaign, query.range),
  ]);
  const impressions = new Decimal(content.metrics.impressions);
  const fixed = (d: Decimal | null, places = 2) => (d ? d.toFixed(places) : null);
  return {
    currency: shop.currencyCode,
    problems,
    query,
    options,
    campaign: {
      id: campaign.id,
      name: campaign.name,
      goal: campaign.goal,
      startsOn: campaign.startsOn,
      endsOn: campaign.endsOn,
      budget: campaign.budget?.toFixed(2) ?? null,
      spend: campaign.spend.toFixed(2),
      // Display only (the progress bar): a percentage of the budget, capped for the bar.
      budgetUsedPercent: campaign.budget && !campaign.budget.isZero() ? campaign.spend.div(campaign.budget).times(100).toFixed(1) : null,
      metrics: serializeMetrics(campaign.metrics),
    },
    // Reach and engagement come from the sponsored posts the owner records (Content page);
    // clicks and visits from the campaign's tracking links. No posts and no traffic: not tracked.
    content:
      content.metrics.posts === 0 && content.visits === 0 && content.linkClicks === 0
        ? null
        : {
            reach: content.metrics.reach,
            impressions: content.metrics.impressions,
            cpm: fixed(impressions.isZero() ? null : campaign.metrics.cost.div(impressions).times(1000)),
            emv: content.metrics.emv.toFixed(2),
            clicks: content.metrics.linkClicks + content.linkClicks,
            ctr: fixed(content.metrics.ctrPercent, 1),
            visits: content.visits,
            engagement: fixed(content.metrics.engagementRatePercent, 1),
          },
    influencers: sortInfluencers(influencers, "roi", "desc").map((r) => ({ id: r.id, name: r.name, metrics: serializeMetrics(r.metrics) })),
  };
};

type ContentKpi = "reach" | "impressions" | "cpm" | "emv" | "clicks" | "ctr" | "visits" | "engagement";
type GoalKpi = { label: MessageKey; help?: MessageKey; column?: MetricColumn; content?: ContentKpi };
const GOAL_KPIS: Record<CampaignGoal, GoalKpi[]> = {
  AWARENESS: [
    { label: "reports.kpi.reach", content: "reach" },
    { label: "reports.kpi.impressions", content: "impressions" },
    { label: "reports.kpi.cpm", content: "cpm" },
    { label: "reports.kpi.emv", content: "emv" },
  ],
  CONSIDERATION: [
    { label: "reports.kpi.clicks", content: "clicks" },
    { label: "reports.kpi.ctr", content: "ctr" },
    { label: "reports.kpi.visits", content: "visits" },
    { label: "reports.kpi.engagement", content: "engagement" },
  ],
  CONVERSION: [
    { label: "reports.col.orders", column: "orders" },
    { label: "reports.col.roi", column: "roi" },
    { label: "reports.col.cpa", column: "cpa" },
  ],
};
const ALL_KPIS: MetricColumn[] = ["netSales", "cost", "roi", "roas", "cpa", "cac", "orders", "newCustomers", "aov"];
const TABLE: MetricColumn[] = ["orders", "netSales", "fees", "commission", "cost", "roi", "roas", "cpa"];

export default function CampaignDetail() {
  const { currency, problems, query, options, campaign, influencers, content } = useLoaderData<typeof loader>();
  const t = useT();
  const f = useFormat();
  const metric = useMetricText();
  const location = useLocation();
  const rangeParams = new URLSearchParams({ from: query.range.from, to: query.range.to }).toString();
  const goal = t(`reports.goal.${campaign.goal}` as MessageKey);
  const used = campaign.budgetUsedPercent === null ? null : Number(campaign.budgetUsedPercent);

  const contentValue = (kpi: ContentKpi, c: NonNullable<typeof content>) => {
    switch (kpi) {
      case "reach":
      case "impressions":
      case "clicks":
      case "visits":
        return f.count(c[kpi]);
      case "cpm":
      case "emv":
        return f.money(c[kpi], currency);
      case "ctr":
      case "engagement":
        return f.percent(c[kpi]);
    }
  };

  const kpiCard = (k: GoalKpi) => (
    <Card key={k.label}>
      <BlockStack gap="100">
        <Text as="h3" variant="headingSm" tone="subdued">
          <Defined
            label={k.label}
            help={k.column ? METRIC_LABELS[k.column].help : content ? (`${k.label}.help` as MessageKey) : "reports.notTracked.help"}
          />
        </Text>
        {k.column ? (
          <Text as="p" variant="headingLg" numeric>
            <bdi data-kpi={k.column}>{metric(campaign.metrics, k.column, currency)}</bdi>
          </Text>
        ) : k.content && content ? (
          <Text as="p" variant="headingLg" numeric>
            <bdi data-kpi={k.content}>{contentValue(k.content, content)}</bdi>
          </Text>
        ) : (
          <Text as="p" variant="headingMd" tone="subdued">
            <span data-not-tracked={k.label}>{t("reports.notTracked")}</span>
          </Text>
        )}
      </BlockStack>
    </Card>
  );

  return (
    <Page
      title={campaign.name}
      titleMetadata={<Badge tone="info">{goal}</Badge>}
      subtitle={
        campaign.endsOn
          ? t("reports.campaign.dates", { from: f.date(campaign.startsOn), to: f.date(campaign.endsOn) })
          : t("reports.campaign.ongoing", { from: f.date(campaign.startsOn) })
      }
      backAction={{ content: t("reports.back.campaigns"), url: `/app/reports/campaigns${location.search}` }}
    >
      <Layout>
        {problems.length ? (
          <Layout.Section>
            <ParamProblems problems={problems} />
          </Layout.Section>
        ) : null}
        <Layout.Section>
          <Card>
            <BlockStack gap="200">
              <InlineStack align="space-between">
                <Text as="h2" variant="headingMd">
                  <Defined label="reports.col.budget" help="reports.campaign.spend.help" />
                </Text>
                {used !== null && used > 100 ? <Badge tone="critical">{t("reports.campaign.overBudget")}</Badge> : null}
              </InlineStack>
              {campaign.budget === null ? (
                <Text as="p">{t("reports.campaign.noBudget")}</Text>
              ) : (
                <>
                  <Text as="p" data-budget>
                    {t("reports.campaign.budgetUsed", {
                      spend: `\u2066${f.money(campaign.spend, currency)}\u2069`,
                      budget: `\u2066${f.money(campaign.budget, currency)}\u2069`,
                    })}
                  </Text>
                  <ProgressBar progress={Math.min(100, used ?? 0)} tone={used !== null && used > 100 ? "critical" : "primary"} />
                </>
              )}
            </BlockStack>
          </Card>
        </Layout.Section>
        <Layout.Section>
          <BlockStack gap="200">
            <Text as="h2" variant="headingMd">
              {t("reports.campaign.goalKpis", { goal })}
            </Text>
            <InlineGrid columns={{ xs: 2, md: 4 }} gap="400">
              {GOAL_KPIS[campaign.goal].map(kpiCard)}
            </InlineGrid>
          </BlockStack>
        </Layout.Section>
        <Layout.Section>
          <ReportFilters key={location.search} query={query} campaigns={[]} platforms={options.platforms} showCompare={false} showCampaign={false} />
        </Layout.Section>
        <Layout.Section>
          <InlineGrid columns={{ xs: 2, md: 3, lg: 5 }} gap="300">
            {ALL_KPIS.filter((c) => !GOAL_KPIS[campaign.goal].some((k) => k.column === c)).map((c) => kpiCard({ label: METRIC_LABELS[c].label, column: c }))}
          </InlineGrid>
        </Layout.Section>
        <Layout.Section>
          <Card padding="0">
            <div style={{ padding: "var(--p-space-400)" }}>
              <Text as="h2" variant="headingMd">
                {t("reports.campaign.influencers")}
              </Text>
            </div>
            <div data-report="campaign-influencers">
              <DataTable
                columnContentTypes={["text", ...TABLE.map(() => "numeric" as const)]}
                headings={[t("reports.col.influencer"), ...TABLE.map((c) => <Defined key={c} label={METRIC_LABELS[c].label} help={METRIC_LABELS[c].help} />)]}
                rows={influencers.map((r) => [
                  <Link key="n" to={`/app/reports/influencers/${r.id}?${rangeParams}`}>
                    {r.name}
                  </Link>,
                  ...TABLE.map((c) => <Ltr key={c}>{metric(r.metrics, c, currency)}</Ltr>),
                ])}
              />
            </div>
          </Card>
        </Layout.Section>
        <Layout.Section>
          <Definitions extra={[{ label: "reports.col.spend", help: "reports.campaign.spend.help" }]} />
        </Layout.Section>
      </Layout>
    </Page>
  );
}

export const ErrorBoundary = RouteErrorBoundary;
