import type { LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData, useLocation } from "@remix-run/react";
import { Badge, DataTable, InlineGrid, Layout, Text } from "@shopify/polaris";
import { KpiCard, ReportListCard, ReportPage } from "../components/reports/ReportPage";
import { Defined, Figure, METRIC_LABELS, ReportFilters, useMetricText, type MetricColumn } from "../components/reports/ReportParts";
import { RouteErrorBoundary } from "../components/RouteErrorBoundary";
import type { MessageKey } from "../i18n/messages";
import { useFormat, useT } from "../i18n/use-i18n";
import { parseReportParams } from "../lib/report-params";
import { serializeMetrics } from "../lib/serialize";
import { influencerSummary } from "../models/influencers.server";
import { influencerBreakdown, influencerRows } from "../models/reports.server";
import { requireAdmin } from "../services/admin-context.server";

export const loader = async ({ request, params }: LoaderFunctionArgs) => {
  const { shop } = await requireAdmin(request);
  const influencer = await influencerSummary(shop.id, params.id ?? "");
  if (!influencer) throw new Response("Not found", { status: 404, statusText: "Not Found" });
  const { query, problems } = parseReportParams(new URL(request.url).searchParams, { ianaTimezone: shop.ianaTimezone });
  const filter = { shopId: shop.id, range: query.range, influencerId: influencer.id };
  const [[row], breakdown] = await Promise.all([influencerRows(filter), influencerBreakdown(filter)]);
  return {
    currency: shop.currencyCode,
    problems,
    query,
    influencer,
    codes: row?.codes ?? [],
    totals: serializeMetrics(row.metrics),
    repeatOrders: row.repeatOrders,
    repeatNetSales: row.repeatNetSales.toFixed(2),
    perCampaign: breakdown.perCampaign.map((r) => ({ id: r.id, label: r.label, metrics: serializeMetrics(r.metrics) })),
    perCode: breakdown.perCode.map((r) => ({ id: r.id, label: r.label, metrics: serializeMetrics(r.metrics) })),
  };
};

const COLUMNS: MetricColumn[] = ["orders", "newCustomers", "sales", "discounts", "refunds", "netSales", "fees", "commission", "cost", "roi", "roas", "cpa", "aov"];
const CODE_COLUMNS: MetricColumn[] = ["orders", "newCustomers", "sales", "discounts", "refunds", "netSales", "commission", "aov"];

export default function InfluencerDetail() {
  const data = useLoaderData<typeof loader>();
  const { currency, query, influencer, totals } = data;
  const t = useT();
  const f = useFormat();
  const metric = useMetricText();
  const location = useLocation();
  const kpis: { column: MetricColumn; label: MessageKey }[] = [
    { column: "netSales", label: "reports.col.netSales" },
    { column: "cost", label: "reports.col.cost" },
    { column: "roi", label: "reports.col.roi" },
    { column: "roas", label: "reports.col.roas" },
    { column: "cpa", label: "reports.col.cpa" },
    { column: "cac", label: "reports.col.cac" },
    { column: "orders", label: "reports.col.orders" },
    { column: "aov", label: "reports.col.aov" },
  ];
  const table = (rows: typeof data.perCampaign, columns: MetricColumn[], first: MessageKey, empty: MessageKey, id: string) => (
    <div data-breakdown={id}>
      <DataTable
        columnContentTypes={["text", ...columns.map(() => "numeric" as const)]}
        headings={[t(first), ...columns.map((c) => <Defined key={c} label={METRIC_LABELS[c].label} help={METRIC_LABELS[c].help} />)]}
        rows={rows.map((r) => [
          r.id ? (r.label === null ? t("reports.deleted") : <Figure key="l">{r.label}</Figure>) : t(empty),
          ...columns.map((c) => <Figure key={c}>{metric(r.metrics, c, currency)}</Figure>),
        ])}
      />
    </div>
  );
  return (
    <ReportPage
      title={influencer.name}
      titleMetadata={influencer.status !== "ACTIVE" ? <Badge>{t(`reports.status.${influencer.status}` as MessageKey)}</Badge> : undefined}
      subtitle={t("dash.range.summary", { from: f.date(query.range.from), to: f.date(query.range.to) })}
      backAction={{ content: t("reports.back.influencers"), url: `/app/reports/influencers${location.search}` }}
      problems={data.problems}
      filters={<ReportFilters key={location.search} query={query} campaigns={[]} platforms={[]} showCompare={false} showCampaign={false} showPlatform={false} />}
      definitions={[{ label: "reports.col.repeatNetSales", help: "reports.help.repeat" }]}
    >
      <Layout.Section>
        <InlineGrid columns={{ xs: 2, md: 4 }} gap="400">
          {kpis.map((k) => (
            <KpiCard key={k.column} label={k.label} help={METRIC_LABELS[k.column].help} kpi={k.column} value={metric(totals, k.column, currency)} />
          ))}
        </InlineGrid>
      </Layout.Section>
      <Layout.Section>
        <KpiCard label="reports.col.repeatNetSales" help="reports.help.repeat" kpi="repeat" value={f.money(data.repeatNetSales, currency)}>
          <Text as="p" tone="subdued">
            {t("reports.col.repeatOrders")}: <Figure>{f.count(data.repeatOrders)}</Figure> · {t("reports.col.codes")}: <Figure>{data.codes.join(", ")}</Figure>
          </Text>
        </KpiCard>
      </Layout.Section>
      <Layout.Section>
        <ReportListCard title="reports.influencer.byCampaign">{table(data.perCampaign, COLUMNS, "reports.col.campaign", "reports.noCampaign", "campaign")}</ReportListCard>
      </Layout.Section>
      <Layout.Section>
        <ReportListCard title="reports.influencer.byCode" help="reports.influencer.byCode.help">
          {table(data.perCode, CODE_COLUMNS, "reports.col.code", "reports.noCode", "code")}
        </ReportListCard>
      </Layout.Section>
    </ReportPage>
  );
}

export const ErrorBoundary = RouteErrorBoundary;
