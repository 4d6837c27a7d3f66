import type { LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData, useLocation, useNavigate, useSearchParams } from "@remix-run/react";
import { BlockStack, Card, DataTable, InlineStack, Layout, Pagination, Text } from "@shopify/polaris";
import { DownloadButton } from "../components/DownloadButton";
import { CostsLeftOut, ReportPage } from "../components/reports/ReportPage";
import { Defined, Figure, METRIC_LABELS, ReportFilters, useMetricText, type MetricColumn } from "../components/reports/ReportParts";
import { RouteErrorBoundary } from "../components/RouteErrorBoundary";
import type { MessageKey } from "../i18n/messages";
import { useFormat, useT } from "../i18n/use-i18n";
import { parseReportParams } from "../lib/report-params";
import { serializeMetrics } from "../lib/serialize";
import type { Decimal } from "../lib/money";
import { costsWithoutCampaign, filterOptions, INFLUENCER_SORTS, influencerRows, sortInfluencers, sumOf, type InfluencerSort } from "../models/reports.server";
import { requireAdmin } from "../services/admin-context.server";

const PAGE_SIZE = 50;

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { shop } = await requireAdmin(request);
  const { query, problems } = parseReportParams<InfluencerSort>(new URL(request.url).searchParams, {
    ianaTimezone: shop.ianaTimezone,
    sortKeys: INFLUENCER_SORTS,
    defaultSort: "roi",
  });
  const filter = { shopId: shop.id, range: query.range, campaignId: query.campaignId, platform: query.platform };
  const [rows, options, leftOut] = await Promise.all([
    influencerRows(filter),
    filterOptions(shop.id),
    query.campaignId ? costsWithoutCampaign({ ...filter, campaignId: query.campaignId }) : Promise.resolve(new Map<string, Decimal>()),
  ]);
  const sorted = sortInfluencers(rows, query.sort, query.dir);
  const pages = Math.max(1, Math.ceil(sorted.length / PAGE_SIZE));
  const page = Math.min(query.page, pages);
  return {
    currency: shop.currencyCode,
    problems,
    query: { ...query, page },
    pages,
    total: sorted.length,
    options,
    costsWithoutCampaign: sumOf(leftOut.values()).toFixed(2),
    rows: sorted.slice((page - 1) * PAGE_SIZE, page * PAGE_SIZE).map((r) => ({
      id: r.id,
      name: r.name,
      status: r.status,
      codes: r.codes,
      metrics: serializeMetrics(r.metrics),
      repeatOrders: r.repeatOrders,
      repeatNetSales: r.repeatNetSales.toFixed(2),
      survey: r.survey ? { named: r.survey.named, dark: r.survey.dark, darkSocialRatio: r.survey.darkSocialRatio?.toFixed(2) ?? null } : null,
    })),
  };
};

// The figures a merchant decides by come first, so they are on screen at 1440 px without scrolling;
// the influencer's name stays fixed while the rest scrolls.
const METRIC_COLUMNS: MetricColumn[] = ["netSales", "cost", "roi", "roas", "cpa", "aov", "orders", "newCustomers", "sales", "discounts", "refunds", "fees", "commission"];
/** Table columns in order, with the sort key of each (codes and repeat orders do not sort). */
const COLUMNS: { id: string; sort: InfluencerSort | null }[] = [
  { id: "influencer", sort: "name" },
  ...METRIC_COLUMNS.map((c) => ({ id: c, sort: c as InfluencerSort })),
  { id: "repeatOrders", sort: null },
  { id: "repeatNetSales", sort: "repeatNetSales" },
  { id: "surveyNamed", sort: null },
  { id: "surveyDark", sort: null },
  { id: "darkSocial", sort: "darkSocial" },
  { id: "codes", sort: null },
];

function sortLabel(sort: InfluencerSort): MessageKey {
  if (sort === "name") return "reports.col.influencer";
  if (sort === "repeatNetSales") return "reports.col.repeatNetSales";
  if (sort === "darkSocial") return "reports.col.darkSocial";
  return METRIC_LABELS[sort].label;
}

export default function InfluencerReport() {
  const { currency, problems, query, pages, options, rows, costsWithoutCampaign } = useLoaderData<typeof loader>();
  const t = useT();
  const f = useFormat();
  const metric = useMetricText();
  const location = useLocation();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const rangeParams = new URLSearchParams({ from: query.range.from, to: query.range.to }).toString();
  const exportParams = new URLSearchParams({ from: query.range.from, to: query.range.to, ...(query.campaignId ? { campaign: query.campaignId } : {}) }).toString();
  const sortIndex = COLUMNS.findIndex((c) => c.sort === query.sort);

  const goTo = (changes: Record<string, string>) => {
    const next = new URLSearchParams(params);
    for (const [k, v] of Object.entries(changes)) next.set(k, v);
    navigate(`?${next.toString()}`, { preventScrollReset: true });
  };

  const headings = COLUMNS.map((c) => {
    if (c.id === "influencer") return t("reports.col.influencer");
    if (c.id === "codes") return t("reports.col.codes");
    if (c.id === "repeatOrders") return <Defined key={c.id} label="reports.col.repeatOrders" help="reports.help.repeat" />;
    if (c.id === "repeatNetSales") return <Defined key={c.id} label="reports.col.repeatNetSales" help="reports.help.repeat" />;
    if (c.id === "surveyNamed") return <Defined key={c.id} label="reports.col.surveyNamed" help="reports.help.survey" />;
    if (c.id === "surveyDark") return <Defined key={c.id} label="reports.col.surveyDark" help="reports.help.survey" />;
    if (c.id === "darkSocial") return <Defined key={c.id} label="reports.col.darkSocial" help="reports.help.darkSocial" />;
    const { label, help } = METRIC_LABELS[c.id as MetricColumn];
    return <Defined key={c.id} label={label} help={help} />;
  });

  return (
    <ReportPage
      title={t("reports.influencers.title")}
      subtitle={t("dash.range.summary", { from: f.date(query.range.from), to: f.date(query.range.to) })}
      backAction={{ content: t("overview.title"), url: `/app${location.search}` }}
      problems={problems}
      filters={<ReportFilters key={location.search} query={query} campaigns={options.campaigns} platforms={options.platforms} showCompare={false} />}
      definitions={[
        { label: "reports.col.repeatNetSales", help: "reports.help.repeat" },
        { label: "reports.col.darkSocial", help: "reports.help.darkSocial" },
      ]}
    >
        <CostsLeftOut amount={costsWithoutCampaign} currency={currency} />
        <Layout.Section>
          <Card padding="0">
            <BlockStack>
              <div style={{ padding: "var(--p-space-400)" }}>
                <InlineStack align="space-between" blockAlign="center" gap="400">
                  <Text as="p" tone="subdued">
                    {t("reports.sortedBy", {
                      column: t(sortLabel(query.sort)),
                      direction: t(query.dir === "asc" ? "reports.dir.asc" : "reports.dir.desc"),
                    })}
                  </Text>
                  <BlockStack inlineAlign="end">
                    <DownloadButton
                      kind="csv"
                      url={`/app/reports/influencers.csv?${exportParams}`}
                      fallbackName="codetrail-influencers.csv"
                      label="reports.export"
                    />
                    <DownloadButton kind="orders-csv" url={`/app/reports/orders.csv?${exportParams}`} fallbackName="codetrail-orders.csv" label="results.ordersCsv" />
                    <Text as="span" variant="bodySm" tone="subdued">
                      {t("reports.export.help")}
                    </Text>
                  </BlockStack>
                </InlineStack>
              </div>
              {rows.length === 0 ? (
                <div style={{ padding: "0 var(--p-space-400) var(--p-space-400)" }}>
                  <Text as="p">{t("reports.empty")}</Text>
                </div>
              ) : (
                <div data-report="influencers" data-sticky-first>
                  <DataTable
                    key={`${query.sort}-${query.dir}`}
                    columnContentTypes={COLUMNS.map((c) => (c.id === "influencer" || c.id === "codes" ? "text" : "numeric"))}
                    headings={headings}
                    sortable={COLUMNS.map((c) => c.sort !== null)}
                    initialSortColumnIndex={sortIndex >= 0 ? sortIndex : undefined}
                    defaultSortDirection={query.dir === "asc" ? "ascending" : "descending"}
                    onSort={(index, direction) => {
                      const sort = COLUMNS[index]?.sort;
                      if (!sort) return;
                      // Clicking a new column starts with the highest (names: A first).
                      const dir = index === sortIndex ? (direction === "ascending" ? "asc" : "desc") : sort === "name" ? "asc" : "desc";
                      goTo({ sort, dir, page: "1" });
                    }}
                    rows={rows.map((row) => [
                      <Link key="name" to={`/app/reports/influencers/${row.id}?${rangeParams}`} data-influencer={row.id}>
                        {row.name}
                      </Link>,
                      ...METRIC_COLUMNS.map((c) => <Figure key={c}>{metric(row.metrics, c, currency)}</Figure>),
                      <Figure key="ro">{f.count(row.repeatOrders)}</Figure>,
                      <Figure key="rn">{f.money(row.repeatNetSales, currency)}</Figure>,
                      <Figure key="sn">{row.survey ? f.count(row.survey.named) : "—"}</Figure>,
                      <Figure key="sd">{row.survey ? f.count(row.survey.dark) : "—"}</Figure>,
                      <Figure key="ds">{row.survey ? f.multiple(row.survey.darkSocialRatio) : "—"}</Figure>,
                      <Figure key="codes">{row.codes.join(", ")}</Figure>,
                    ])}
                  />
                </div>
              )}
              {pages > 1 ? (
                <div style={{ padding: "var(--p-space-400)" }}>
                  <Pagination
                    hasPrevious={query.page > 1}
                    hasNext={query.page < pages}
                    onPrevious={() => goTo({ page: String(query.page - 1) })}
                    onNext={() => goTo({ page: String(query.page + 1) })}
                    label={t("reports.page", { page: query.page, pages })}
                  />
                </div>
              ) : null}
            </BlockStack>
          </Card>
        </Layout.Section>
    </ReportPage>
  );
}

export const ErrorBoundary = RouteErrorBoundary;
