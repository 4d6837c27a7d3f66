import type { LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { Badge, Card, EmptyState, IndexTable, Layout, Link, Page, Text } from "@shopify/polaris";
import { useIntl } from "react-intl";
import { RouteErrorBoundary } from "../components/RouteErrorBoundary";
import type { MessageKey } from "../i18n/messages";
import { useT } from "../i18n/use-i18n";
import type { DeliveryOutcome } from "../generated/prisma/enums";
import { recentDeliveries } from "../models/webhook-deliveries.server";
import { requireAdmin } from "../services/admin-context.server";

const LIMIT = 100;

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { shop } = await requireAdmin(request);
  const rows = await recentDeliveries(shop.id, LIMIT);
  return {
    timezone: shop.ianaTimezone,
    deliveries: rows.map((d) => ({
      id: d.id,
      topic: d.topic,
      outcome: d.outcome,
      detail: d.detail,
      webhookId: d.webhookId,
      apiVersion: d.apiVersion,
      receivedAt: d.receivedAt.toISOString(),
    })),
  };
};

const OUTCOME: Record<DeliveryOutcome, { label: MessageKey; tone?: "success" | "info" | "attention" | "critical" }> = {
  APPLIED: { label: "activity.outcome.applied", tone: "success" },
  DUPLICATE: { label: "activity.outcome.duplicate", tone: "info" },
  STALE: { label: "activity.outcome.stale", tone: "attention" },
  IGNORED: { label: "activity.outcome.ignored" },
  FAILED: { label: "activity.outcome.failed", tone: "critical" },
};

// Details are the ledger's own technical notes (codes, ids); a stored data request links to its
// report on /app/data-requests.
function Summary({ topic, outcome, detail }: { topic: string; outcome: DeliveryOutcome; detail: string | null }) {
  const t = useT();
  if (topic === "customers/data_request" && outcome === "APPLIED") {
    return <Link url="/app/data-requests">{t("activity.detail.dataRequest")}</Link>;
  }
  if (!detail) return null;
  return (
    <Text as="span" tone="subdued">
      {detail.length > 120 ? `${detail.slice(0, 119)}…` : detail}
    </Text>
  );
}

export default function Activity() {
  const { deliveries, timezone } = useLoaderData<typeof loader>();
  const t = useT();
  const intl = useIntl();
  // Times in the shop's time zone, in the admin's language; server and browser render the same.
  const received = (iso: string) =>
    intl.formatDate(new Date(iso), { timeZone: timezone, dateStyle: "medium", timeStyle: "medium" });
  return (
    <Page
      title={t("activity.title")}
      subtitle={t("activity.subtitle", { count: LIMIT, timezone })}
      secondaryActions={[{ content: t("activity.dataRequests"), url: "/app/data-requests" }]}
    >
      <Layout>
        <Layout.Section>
          <Card padding="0">
            {deliveries.length === 0 ? (
              <EmptyState heading={t("activity.empty.heading")} image="">
                <p>{t("activity.empty.body")}</p>
              </EmptyState>
            ) : (
              <IndexTable
                resourceName={{ singular: t("activity.resource.one"), plural: t("activity.resource.other") }}
                itemCount={deliveries.length}
                selectable={false}
                headings={[
                  { title: t("activity.col.received") },
                  { title: t("activity.col.topic") },
                  { title: t("activity.col.outcome") },
                  { title: t("activity.col.details") },
                ]}
              >
                {deliveries.map((d, index) => (
                  <IndexTable.Row id={d.id} key={d.id} position={index}>
                    <IndexTable.Cell>
                      <Text as="span" numeric>
                        {received(d.receivedAt)}
                      </Text>
                    </IndexTable.Cell>
                    <IndexTable.Cell>
                      <Text as="span" fontWeight="medium">
                        <bdi>{d.topic}</bdi>
                      </Text>
                    </IndexTable.Cell>
                    <IndexTable.Cell>
                      <Badge tone={OUTCOME[d.outcome].tone}>{t(OUTCOME[d.outcome].label)}</Badge>
                    </IndexTable.Cell>
                    <IndexTable.Cell>
                      <Summary topic={d.topic} outcome={d.outcome} detail={d.detail} />
                    </IndexTable.Cell>
                  </IndexTable.Row>
                ))}
              </IndexTable>
            )}
          </Card>
        </Layout.Section>
      </Layout>
    </Page>
  );
}

export const ErrorBoundary = RouteErrorBoundary;
