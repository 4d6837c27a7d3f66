import type { LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { Badge, Card, EmptyState, IndexTable, Layout, Page, Text } from "@shopify/polaris";
import { RouteErrorBoundary } from "../components/RouteErrorBoundary";
import type { DeliveryOutcome } from "../generated/prisma/enums";
import { recentDeliveries } from "../models/webhook-deliveries.server";
import { requireAdmin } from "../services/admin-context.server";

const LIMIT = 100;

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { shop } = await requireAdmin(request);
  const rows = await recentDeliveries(shop.id, LIMIT);
  // Times are formatted here, in the shop's time zone, so server and browser render the same text.
  const time = new Intl.DateTimeFormat("en-US", {
    timeZone: shop.ianaTimezone,
    dateStyle: "medium",
    timeStyle: "medium",
  });
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
      received: time.format(d.receivedAt),
    })),
  };
};

const OUTCOME: Record<DeliveryOutcome, { label: string; tone?: "success" | "info" | "attention" | "critical" }> = {
  APPLIED: { label: "Applied", tone: "success" },
  DUPLICATE: { label: "Duplicate", tone: "info" },
  STALE: { label: "Older version", tone: "attention" },
  IGNORED: { label: "No change" },
  FAILED: { label: "Failed", tone: "critical" },
};

function summary(detail: string | null): string {
  if (!detail) return "";
  if (detail.startsWith("{")) return "Stored data for the customer recorded";
  return detail.length > 120 ? `${detail.slice(0, 119)}…` : detail;
}

export default function Activity() {
  const { deliveries, timezone } = useLoaderData<typeof loader>();
  return (
    <Page title="Webhook activity" subtitle={`Latest ${LIMIT} deliveries from Shopify (times in ${timezone})`}>
      <Layout>
        <Layout.Section>
          <Card padding="0">
            {deliveries.length === 0 ? (
              <EmptyState heading="No webhooks received yet" image="">
                <p>Orders, refunds and privacy requests from Shopify appear here as they arrive.</p>
              </EmptyState>
            ) : (
              <IndexTable
                resourceName={{ singular: "delivery", plural: "deliveries" }}
                itemCount={deliveries.length}
                selectable={false}
                headings={[{ title: "Received" }, { title: "Topic" }, { title: "Outcome" }, { title: "Details" }]}
              >
                {deliveries.map((d, index) => (
                  <IndexTable.Row id={d.id} key={d.id} position={index}>
                    <IndexTable.Cell>
                      <Text as="span" numeric>
                        {d.received}
                      </Text>
                    </IndexTable.Cell>
                    <IndexTable.Cell>
                      <Text as="span" fontWeight="medium">
                        {d.topic}
                      </Text>
                    </IndexTable.Cell>
                    <IndexTable.Cell>
                      <Badge tone={OUTCOME[d.outcome].tone}>{OUTCOME[d.outcome].label}</Badge>
                    </IndexTable.Cell>
                    <IndexTable.Cell>
                      <Text as="span" tone="subdued">
                        {summary(d.detail)}
                      </Text>
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
