import type { LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData, useSearchParams } from "@remix-run/react";
import { BlockStack, Card, EmptyState, IndexTable, Layout, Page, Text } from "@shopify/polaris";
import { useIntl } from "react-intl";
import { DownloadButton } from "../components/DownloadButton";
import { ListPagination } from "../components/ListPagination";
import { RouteErrorBoundary } from "../components/RouteErrorBoundary";
import { useT } from "../i18n/use-i18n";
import { listCustomerDataReports } from "../models/customer-data-reports.server";
import { requireAdmin } from "../services/admin-context.server";

/**
 * /app/data-requests: the shop's customers/data_request reports (newest first, 50 a page), each
 * downloadable as its JSON file. Reached from the Activity page.
 */

function pageOf(url: URL): number {
  const page = Number(url.searchParams.get("page") ?? "1");
  return Number.isInteger(page) && page > 0 ? page : 1;
}

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { shop } = await requireAdmin(request);
  const page = pageOf(new URL(request.url));
  const { total, rows, hasNext, hasPrevious } = await listCustomerDataReports(shop.id, page);
  return {
    timezone: shop.ianaTimezone,
    page,
    total,
    hasNext,
    hasPrevious,
    requests: rows.map((r) => ({
      id: r.id,
      receivedAt: r.receivedAt.toISOString(),
      customerId: r.customerId.toString(),
      dataRequestId: r.dataRequestId?.toString() ?? null,
      orderCount: r.orderCount,
      refundCount: r.refundCount,
    })),
  };
};

export default function DataRequests() {
  const { requests, timezone, total, page, hasNext, hasPrevious } = useLoaderData<typeof loader>();
  const t = useT();
  const intl = useIntl();
  const [, setSearchParams] = useSearchParams();
  const received = (iso: string) =>
    intl.formatDate(new Date(iso), { timeZone: timezone, dateStyle: "medium", timeStyle: "short" });
  return (
    <Page
      title={t("dataRequests.title")}
      subtitle={t("dataRequests.subtitle", { count: total, timezone })}
      backAction={{ content: t("activity.title"), url: "/app/activity" }}
    >
      <Layout>
        <Layout.Section>
          <BlockStack gap="400">
            <Text as="p" tone="subdued">
              {t("dataRequests.explainer")}
            </Text>
            <Card padding="0">
              {requests.length === 0 ? (
                <EmptyState heading={t("dataRequests.empty.heading")} image="">
                  <p>{t("dataRequests.empty.body")}</p>
                </EmptyState>
              ) : (
                <>
                  <IndexTable
                    resourceName={{ singular: t("dataRequests.resource.one"), plural: t("dataRequests.resource.other") }}
                    itemCount={requests.length}
                    selectable={false}
                    headings={[
                      { title: t("dataRequests.col.received") },
                      { title: t("dataRequests.col.customer") },
                      { title: t("dataRequests.col.request") },
                      { title: t("dataRequests.col.orders"), alignment: "end" },
                      { title: t("dataRequests.col.refunds"), alignment: "end" },
                      { title: t("dataRequests.col.report"), alignment: "end" },
                    ]}
                  >
                    {requests.map((r, index) => (
                      <IndexTable.Row id={r.id} key={r.id} position={index}>
                        <IndexTable.Cell>
                          <Text as="span" numeric>
                            {received(r.receivedAt)}
                          </Text>
                        </IndexTable.Cell>
                        <IndexTable.Cell>
                          <bdi>{r.customerId}</bdi>
                        </IndexTable.Cell>
                        <IndexTable.Cell>
                          <bdi>{r.dataRequestId ?? "—"}</bdi>
                        </IndexTable.Cell>
                        <IndexTable.Cell>
                          <Text as="span" alignment="end" numeric>
                            {intl.formatNumber(r.orderCount)}
                          </Text>
                        </IndexTable.Cell>
                        <IndexTable.Cell>
                          <Text as="span" alignment="end" numeric>
                            {intl.formatNumber(r.refundCount)}
                          </Text>
                        </IndexTable.Cell>
                        <IndexTable.Cell>
                          <DownloadButton
                            url={`/app/data-requests/${r.id}/download`}
                            fallbackName={`codetrail-data-request-${r.dataRequestId ?? r.customerId}.json`}
                            label="dataRequests.download"
                            kind="data-request"
                          />
                        </IndexTable.Cell>
                      </IndexTable.Row>
                    ))}
                  </IndexTable>
                  <ListPagination page={page} hasNext={hasNext} hasPrevious={hasPrevious} onPage={(p) => setSearchParams({ page: String(p) })} />
                </>
              )}
            </Card>
          </BlockStack>
        </Layout.Section>
      </Layout>
    </Page>
  );
}

export const ErrorBoundary = RouteErrorBoundary;
