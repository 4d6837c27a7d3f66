import type { LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import {
  BlockStack,
  Card,
  DataTable,
  EmptyState,
  InlineGrid,
  Layout,
  Page,
  Text,
} from "@shopify/polaris";
import { RouteErrorBoundary } from "../components/RouteErrorBoundary";
import type { MessageKey } from "../i18n/messages";
import { useFormat, useT } from "../i18n/use-i18n";
import { serializeMetrics } from "../lib/serialize";
import { lastDays } from "../lib/shop-dates";
import { influencerPerformance, shopPerformance } from "../models/performance.server";
import { requireAdmin } from "../services/admin-context.server";

const RANGE_DAYS = 30;

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { shop } = await requireAdmin(request);
  const range = lastDays(RANGE_DAYS, shop.ianaTimezone);
  const [totals, top] = await Promise.all([
    shopPerformance(shop.id, range),
    influencerPerformance(shop.id, range, 5),
  ]);
  return {
    currency: shop.currencyCode,
    range,
    totals: serializeMetrics(totals),
    top: top.map((row) => ({ ...row.influencer, metrics: serializeMetrics(row.metrics) })),
  };
};

export default function Overview() {
  const { currency, range, totals, top } = useLoaderData<typeof loader>();
  const t = useT();
  const f = useFormat();
  const kpis: { key: MessageKey; help: MessageKey; value: string }[] = [
    { key: "kpi.netSales", help: "kpi.netSales.help", value: f.money(totals.netSales, currency) },
    { key: "kpi.totalCost", help: "kpi.totalCost.help", value: f.money(totals.cost, currency) },
    { key: "kpi.roi", help: "kpi.roi.help", value: f.percent(totals.roiPercent) },
    { key: "kpi.roas", help: "kpi.roas.help", value: f.multiple(totals.roas) },
    { key: "kpi.cpa", help: "kpi.cpa.help", value: f.money(totals.cpa, currency) },
    { key: "kpi.orders", help: "kpi.orders.help", value: f.count(totals.orders) },
    { key: "kpi.newCustomers", help: "kpi.newCustomers.help", value: f.count(totals.newCustomers) },
    { key: "kpi.aov", help: "kpi.aov.help", value: f.money(totals.aov, currency) },
  ];
  return (
    <Page
      title={t("overview.title")}
      subtitle={t("overview.subtitle", { days: RANGE_DAYS, from: f.date(range.from), to: f.date(range.to) })}
    >
      <Layout>
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
                  <Text as="p" variant="bodySm" tone="subdued">
                    {t(kpi.help)}
                  </Text>
                </BlockStack>
              </Card>
            ))}
          </InlineGrid>
        </Layout.Section>
        <Layout.Section>
          <Card padding="0">
            {top.length === 0 ? (
              <EmptyState heading={t("overview.empty.heading")} image="">
                <p>{t("overview.empty.body")}</p>
              </EmptyState>
            ) : (
              <BlockStack>
                <div style={{ padding: "var(--p-space-400)" }}>
                  <Text as="h2" variant="headingMd">
                    {t("overview.top.title")}
                  </Text>
                </div>
                <DataTable
                  columnContentTypes={["text", "numeric", "numeric", "numeric", "numeric", "numeric"]}
                  headings={[
                    t("table.influencer"),
                    t("table.orders"),
                    t("table.netSales"),
                    t("table.cost"),
                    t("table.roi"),
                    t("table.cpa"),
                  ]}
                  rows={top.map((row) => [
                    row.name,
                    f.count(row.metrics.orders),
                    f.money(row.metrics.netSales, currency),
                    f.money(row.metrics.cost, currency),
                    f.percent(row.metrics.roiPercent),
                    f.money(row.metrics.cpa, currency),
                  ])}
                />
              </BlockStack>
            )}
          </Card>
        </Layout.Section>
      </Layout>
    </Page>
  );
}

export const ErrorBoundary = RouteErrorBoundary;
