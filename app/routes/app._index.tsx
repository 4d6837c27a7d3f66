import type { LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData, useLocation } from "@remix-run/react";
import { Badge, BlockStack, Card, DataTable, InlineGrid, InlineStack, Layout, Page, Text } from "@shopify/polaris";
import polarisVizStyles from "@shopify/polaris-viz/build/esm/styles.css?url";
import { useIntl } from "react-intl";
import { Defined, Definitions, Ltr, ParamProblems, ReportFilters } from "../components/reports/ReportParts";
import { TrendChart } from "../components/reports/TrendChart";
import { RouteErrorBoundary } from "../components/RouteErrorBoundary";
import type { MessageKey } from "../i18n/messages";
import { useFormat, useT } from "../i18n/use-i18n";
import { deltaPercent, type PerformanceMetrics } from "../lib/metrics";
import { Decimal } from "../lib/money";
import { parseReportParams } from "../lib/report-params";
import { serializeMetrics } from "../lib/serialize";
import { dailySeries, filterOptions, influencerRows, totals, type ReportFilter } from "../models/reports.server";
import { requireAdmin } from "../services/admin-context.server";

export const links = () => [{ rel: "stylesheet", href: polarisVizStyles }];

const PERFORMERS = 5;

type KpiKey = "netSales" | "cost" | "roiPercent" | "roas" | "cpa" | "orders" | "newCustomers" | "aov";
const KPI_VALUE: Record<KpiKey, (m: PerformanceMetrics) => Decimal | number | null> = {
  netSales: (m) => m.netSales,
  cost: (m) => m.cost,
  roiPercent: (m) => m.roiPercent,
  roas: (m) => m.roas,
  cpa: (m) => m.cpa,
  orders: (m) => m.orders,
  newCustomers: (m) => m.newCustomers,
  aov: (m) => m.aov,
};

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { shop } = await requireAdmin(request);
  const { query, problems } = parseReportParams(new URL(request.url).searchParams, { ianaTimezone: shop.ianaTimezone });
  const filter: ReportFilter & { range: NonNullable<ReportFilter["range"]> } = {
    shopId: shop.id,
    range: query.range,
    campaignId: query.campaignId,
    platform: query.platform,
  };
  const [current, previous, series, influencers, options] = await Promise.all([
    totals(filter),
    query.previous ? totals({ ...filter, range: query.previous }) : Promise.resolve(null),
    dailySeries(filter),
    influencerRows(filter, { withRepeat: false }),
    filterOptions(shop.id),
  ]);
  const dec = (v: Decimal | number | null) => (typeof v === "number" ? new Decimal(v) : v);
  const deltas = Object.fromEntries(
    (Object.keys(KPI_VALUE) as KpiKey[]).map((key) => [
      key,
      previous ? (deltaPercent(dec(KPI_VALUE[key](current)), dec(KPI_VALUE[key](previous)))?.toFixed(1) ?? null) : null,
    ]),
  ) as Record<KpiKey, string | null>;

  const ranked = influencers
    .filter((row) => row.metrics.roiPercent !== null)
    .sort((a, b) => b.metrics.roiPercent!.comparedTo(a.metrics.roiPercent!) || a.name.localeCompare(b.name));
  const top = ranked.slice(0, PERFORMERS);
  const bottom = ranked.slice(Math.max(PERFORMERS, ranked.length - PERFORMERS)).reverse();
  const row = (r: (typeof influencers)[number]) => ({ id: r.id, name: r.name, metrics: serializeMetrics(r.metrics) });
  return {
    currency: shop.currencyCode,
    problems,
    query,
    options,
    totals: serializeMetrics(current),
    deltas,
    series: series.map((p) => ({ date: p.date, netSales: p.netSales.toFixed(2), cost: p.cost.toFixed(2) })),
    top: top.map(row),
    bottom: bottom.map(row),
  };
};

// Up is good for these, bad for the costs.
const LOWER_IS_BETTER: ReadonlySet<KpiKey> = new Set(["cost", "cpa"]);

export default function Overview() {
  const { currency, problems, query, options, totals, deltas, series, top, bottom } = useLoaderData<typeof loader>();
  const t = useT();
  const f = useFormat();
  const intl = useIntl();
  const location = useLocation();
  const rangeParams = new URLSearchParams({ from: query.range.from, to: query.range.to }).toString();

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

  const deltaBadge = (key: KpiKey) => {
    if (!query.previous) return null;
    const value = deltas[key];
    if (value === null) return <Text as="span" variant="bodySm" tone="subdued">{t("dash.delta.none")}</Text>;
    const n = Number(value);
    const text = intl.formatNumber(n / 100, { style: "percent", maximumFractionDigits: 1, signDisplay: "exceptZero" });
    const good = LOWER_IS_BETTER.has(key) ? n < 0 : n > 0;
    return (
      <Badge tone={n === 0 ? undefined : good ? "success" : "critical"}>
        {t("dash.delta", { value: `\u2066${text}\u2069` })}
      </Badge>
    );
  };

  const performers = (rows: typeof top, title: MessageKey, id: string) => (
    <Card padding="0">
      <div style={{ padding: "var(--p-space-400)" }}>
        <Text as="h2" variant="headingMd">
          {t(title)}
        </Text>
      </div>
      {rows.length === 0 ? (
        <div style={{ padding: "0 var(--p-space-400) var(--p-space-400)" }}>
          <Text as="p" tone="subdued">
            {t("dash.performers.empty")}
          </Text>
        </div>
      ) : (
        <div data-performers={id}>
          <DataTable
            columnContentTypes={["text", "numeric", "numeric", "numeric", "numeric"]}
            headings={[
              t("reports.col.influencer"),
              <Defined key="n" label="reports.col.netSales" help="reports.help.netSales" />,
              <Defined key="c" label="reports.col.cost" help="reports.help.cost" />,
              <Defined key="r" label="reports.col.roi" help="reports.help.roi" />,
              <Defined key="p" label="reports.col.cpa" help="reports.help.cpa" />,
            ]}
            rows={rows.map((row) => [
              <Link key={row.id} to={`/app/reports/influencers/${row.id}?${rangeParams}`}>
                {row.name}
              </Link>,
              <Ltr key="n">{f.money(row.metrics.netSales, currency)}</Ltr>,
              <Ltr key="c">{f.money(row.metrics.cost, currency)}</Ltr>,
              <Ltr key="r">{f.percent(row.metrics.roiPercent)}</Ltr>,
              <Ltr key="p">{f.money(row.metrics.cpa, currency)}</Ltr>,
            ])}
          />
        </div>
      )}
    </Card>
  );

  return (
    <Page
      title={t("overview.title")}
      subtitle={t("dash.range.summary", { from: f.date(query.range.from), to: f.date(query.range.to) })}
      secondaryActions={[{ content: t("dash.viewAll"), url: `/app/reports/influencers${location.search}` }]}
    >
      <Layout>
        {problems.length ? (
          <Layout.Section>
            <ParamProblems problems={problems} />
          </Layout.Section>
        ) : null}
        <Layout.Section>
          <ReportFilters key={location.search} query={query} campaigns={options.campaigns} platforms={options.platforms} />
        </Layout.Section>
        <Layout.Section>
          <InlineGrid columns={{ xs: 2, md: 4 }} gap="400">
            {kpis.map((kpi) => (
              <Card key={kpi.key}>
                <BlockStack gap="100">
                  <Text as="h3" variant="headingSm" tone="subdued">
                    {t(kpi.key)}
                  </Text>
                  <Text as="p" variant="headingLg" numeric>
                    <bdi data-kpi={kpi.key}>{kpi.value}</bdi>
                  </Text>
                  <InlineStack>{deltaBadge(kpi.delta)}</InlineStack>
                  <Text as="p" variant="bodySm" tone="subdued">
                    {t(kpi.help)}
                  </Text>
                </BlockStack>
              </Card>
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
            {performers(top, "dash.top.title", "top")}
            {performers(bottom, "dash.bottom.title", "bottom")}
          </InlineGrid>
        </Layout.Section>
        <Layout.Section>
          <Definitions />
        </Layout.Section>
      </Layout>
    </Page>
  );
}

export const ErrorBoundary = RouteErrorBoundary;
