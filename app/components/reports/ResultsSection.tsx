import { useNavigate } from "@remix-run/react";
import { Badge, Banner, BlockStack, Box, Button, Card, DataTable, InlineGrid, InlineStack, Link, Select, Text } from "@shopify/polaris";
import type { MessageKey } from "../../i18n/messages";
import { DownloadButton } from "../DownloadButton";
import { useFormat, useT } from "../../i18n/use-i18n";
import type { SerializedMetrics } from "../../lib/serialize";
import { KpiCard } from "./ReportPage";
import { Figure, METRIC_LABELS, useMetricText, type MetricColumn } from "./ReportParts";
import { TrendChart, type TrendPoint } from "./TrendChart";

/** One attributed order as the loaders serialize it (app/models/attributed-orders.server.ts orderView). */
export interface OrderItem {
  id: string;
  name: string;
  date: string;
  source: "DISCOUNT_CODE" | "TRACKING_LINK" | "SURVEY";
  code: string | null;
  link: string | null;
  linkContent: string | null;
  influencer: { id: string; name: string } | null;
  campaign: { id: string; name: string } | null;
  net: string;
  refunded: string;
  currency: string;
  presentmentCurrency: string;
  newCustomer: boolean;
  status: "cancelled" | "test" | "refunded" | "partiallyRefunded" | null;
}

export interface ResultsData {
  range: { from: string; to: string };
  totals: SerializedMetrics;
  series: TrendPoint[];
  orders: OrderItem[];
  orderCount: number;
  costsWithoutCampaign: string;
}

const KPIS: MetricColumn[] = ["netSales", "cost", "roi", "roas", "cpa", "orders", "newCustomers", "aov"];

/** How an order was matched, in words: the code it used, the link it landed through, or both. */
export function useMatchText() {
  const t = useT();
  return (o: Pick<OrderItem, "source" | "code" | "link"> & { linkContent?: string | null }) => {
    if (o.source === "DISCOUNT_CODE") {
      return o.link ? t("results.match.codeAndLink", { code: o.code ?? "", link: o.link }) : t("results.match.code", { code: o.code ?? "" });
    }
    if (o.source === "SURVEY") return t("results.match.survey");
    if (o.link) return t("results.match.link", { link: o.link });
    return o.linkContent ? t("results.match.linkContent", { content: o.linkContent }) : t("results.match.linkUnknown");
  };
}

/** The attributed orders, newest first: when, how matched, for whom, net sales, and what happened to them. */
export function OrdersTable({ orders, showInfluencer, showCampaign }: { orders: OrderItem[]; showInfluencer: boolean; showCampaign: boolean }) {
  const t = useT();
  const f = useFormat();
  const match = useMatchText();
  const statusBadge = (o: OrderItem) =>
    o.status ? (
      <Badge key="s" tone={o.status === "cancelled" || o.status === "refunded" ? "critical" : o.status === "test" ? undefined : "warning"}>
        {t(`results.status.${o.status}` as MessageKey)}
      </Badge>
    ) : null;
  const headings = [
    t("results.col.order"),
    t("results.col.date"),
    ...(showInfluencer ? [t("results.col.influencer")] : []),
    t("results.col.match"),
    ...(showCampaign ? [t("results.col.campaign")] : []),
    t("results.col.net"),
  ];
  return (
    <div data-orders>
      <DataTable
        columnContentTypes={["text", "text", ...(showInfluencer ? ["text" as const] : []), "text", ...(showCampaign ? ["text" as const] : []), "numeric"]}
        headings={headings}
        rows={orders.map((o) => [
          <InlineStack key="o" gap="100" blockAlign="center" wrap={false}>
            <span data-order={o.id}>
              <Figure>{o.name}</Figure>
            </span>
            {o.presentmentCurrency !== o.currency ? (
              <Badge tone="info">{t("results.presentment", { currency: o.presentmentCurrency })}</Badge>
            ) : null}
            {o.newCustomer ? <Badge tone="success">{t("results.newCustomer")}</Badge> : null}
            {statusBadge(o)}
          </InlineStack>,
          f.date(o.date),
          ...(showInfluencer ? [o.influencer ? <Link key="i" url={`/app/influencers/${o.influencer.id}`}>{o.influencer.name}</Link> : t("reports.deleted")] : []),
          <span key="m" data-match>
            {match(o)}
          </span>,
          ...(showCampaign ? [o.campaign?.name ?? t("reports.noCampaign")] : []),
          <Figure key="n">{f.money(o.net, o.currency)}</Figure>,
        ])}
      />
    </div>
  );
}

/**
 * The results an influencer or campaign page opens with: headline figures for the range, the
 * trend, the latest orders and the way to the full report. Figures are those of the reports (the
 * same rollups), so the two never disagree.
 */
export function ResultsSection({
  results,
  currency,
  reportUrl,
  ordersCsvUrl,
  showInfluencer,
  showCampaign,
  preset,
}: {
  results: ResultsData;
  currency: string;
  reportUrl: string;
  ordersCsvUrl: string;
  /** The range preset in the URL, offered as a choice; leave out for a fixed range (a campaign's dates). */
  preset?: string;
  showInfluencer: boolean;
  showCampaign: boolean;
}) {
  const t = useT();
  const f = useFormat();
  const metric = useMetricText();
  const navigate = useNavigate();
  const left = !/^0(\.0*)?$/.test(results.costsWithoutCampaign);
  const presets = (["7d", "30d", "90d", "month"] as const).map((value) => ({ value, label: t(`dash.range.${value}`) }));
  return (
    <BlockStack gap="400">
      <InlineStack align="space-between" blockAlign="center">
        <BlockStack gap="050">
          <Text as="h2" variant="headingLg">
            {t("results.title")}
          </Text>
          <Text as="p" tone="subdued">
            {t("dash.range.summary", { from: f.date(results.range.from), to: f.date(results.range.to) })}
          </Text>
        </BlockStack>
        <InlineStack gap="300" blockAlign="center">
          {preset !== undefined ? (
            <Box minWidth="160px">
              <Select
                label={t("dash.range.label")}
                labelHidden
                options={presets.some((p) => p.value === preset) ? presets : [{ value: preset, label: t("dash.range.custom") }, ...presets]}
                value={preset}
                onChange={(value) => navigate(`?range=${value}`, { preventScrollReset: true })}
              />
            </Box>
          ) : null}
          <Button url={reportUrl}>{t("results.fullReport")}</Button>
        </InlineStack>
      </InlineStack>
      {left ? (
        <div data-costs-left-out>
          <Banner tone="warning">{t("results.costsLeftOut", { amount: f.money(results.costsWithoutCampaign, currency) })}</Banner>
        </div>
      ) : null}
      <InlineGrid columns={{ xs: 2, md: 4 }} gap="400">
        {KPIS.map((k) => (
          <KpiCard key={k} label={METRIC_LABELS[k].label} help={METRIC_LABELS[k].help} kpi={k} value={metric(results.totals, k, currency)} />
        ))}
      </InlineGrid>
      <Card>
        <TrendChart points={results.series} currency={currency} />
      </Card>
      <Card padding="0">
        <div style={{ padding: "var(--p-space-400)" }}>
          <InlineStack align="space-between" blockAlign="center">
            <Text as="h3" variant="headingMd">
              {results.orderCount > results.orders.length
                ? t("results.ordersLatest", { shown: results.orders.length, count: results.orderCount })
                : t("results.orders", { count: results.orderCount })}
            </Text>
            {results.orderCount > 0 ? (
              <DownloadButton url={ordersCsvUrl} fallbackName="codetrail-orders.csv" label="results.ordersCsv" kind="orders-csv" />
            ) : null}
          </InlineStack>
        </div>
        {results.orderCount > results.totals.orders ? (
          <div style={{ padding: "0 var(--p-space-400) var(--p-space-200)" }}>
            <Text as="p" variant="bodySm" tone="subdued">
              {t("results.notCounted", { count: results.orderCount - results.totals.orders })}
            </Text>
          </div>
        ) : null}
        {results.orders.length ? (
          <OrdersTable orders={results.orders} showInfluencer={showInfluencer} showCampaign={showCampaign} />
        ) : (
          <div style={{ padding: "0 var(--p-space-400) var(--p-space-400)" }}>
            <Text as="p" tone="subdued">
              {t("results.noOrders")}
            </Text>
          </div>
        )}
      </Card>
    </BlockStack>
  );
}
