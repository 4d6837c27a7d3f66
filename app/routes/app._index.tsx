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
import { count, money, multiple, percent } from "../lib/format";
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
  const kpis = [
    { label: "Net sales", value: money(totals.netSales, currency), help: "Sales minus refunds" },
    { label: "Total cost", value: money(totals.cost, currency), help: "Fees, gifts and other costs" },
    { label: "ROI", value: percent(totals.roiPercent), help: "(Net sales − cost) ÷ cost" },
    { label: "ROAS", value: multiple(totals.roas), help: "Net sales ÷ cost" },
    { label: "CPA", value: money(totals.cpa, currency), help: "Cost ÷ orders" },
    { label: "Orders", value: count(totals.orders), help: "Attributed, not cancelled" },
    { label: "New customers", value: count(totals.newCustomers), help: "First order with the shop" },
    { label: "AOV", value: money(totals.aov, currency), help: "Net sales ÷ orders" },
  ];
  return (
    <Page title="Overview" subtitle={`Last ${RANGE_DAYS} days (${range.from} to ${range.to})`}>
      <Layout>
        <Layout.Section>
          <InlineGrid columns={{ xs: 2, md: 4 }} gap="400">
            {kpis.map((kpi) => (
              <Card key={kpi.label}>
                <BlockStack gap="100">
                  <Text as="h3" variant="headingSm" tone="subdued">
                    {kpi.label}
                  </Text>
                  <Text as="p" variant="headingLg" numeric>
                    {kpi.value}
                  </Text>
                  <Text as="p" variant="bodySm" tone="subdued">
                    {kpi.help}
                  </Text>
                </BlockStack>
              </Card>
            ))}
          </InlineGrid>
        </Layout.Section>
        <Layout.Section>
          <Card padding="0">
            {top.length === 0 ? (
              <EmptyState heading="No influencers yet" image="">
                <p>Add an influencer and give them a code to start tracking their orders.</p>
              </EmptyState>
            ) : (
              <BlockStack>
                <div style={{ padding: "var(--p-space-400)" }}>
                  <Text as="h2" variant="headingMd">
                    Top influencers by net sales
                  </Text>
                </div>
                <DataTable
                  columnContentTypes={["text", "numeric", "numeric", "numeric", "numeric", "numeric"]}
                  headings={["Influencer", "Orders", "Net sales", "Cost", "ROI", "CPA"]}
                  rows={top.map((row) => [
                    row.name,
                    count(row.metrics.orders),
                    money(row.metrics.netSales, currency),
                    money(row.metrics.cost, currency),
                    percent(row.metrics.roiPercent),
                    money(row.metrics.cpa, currency),
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
