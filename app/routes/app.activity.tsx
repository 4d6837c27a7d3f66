import type { LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { Badge, Card, EmptyState, IndexTable, Layout, Link, Page, Text } from "@shopify/polaris";
import { useIntl } from "react-intl";
import { useMatchText } from "../components/reports/ResultsSection";
import { RouteErrorBoundary } from "../components/RouteErrorBoundary";
import type { MessageKey } from "../i18n/messages";
import { useT } from "../i18n/use-i18n";
import type { DeliveryOutcome } from "../generated/prisma/enums";
import { attributedOrderNames, describeDelivery } from "../lib/delivery-detail";
import { attributionsByName } from "../models/attributed-orders.server";
import { recentDeliveries } from "../models/webhook-deliveries.server";
import { requireAdmin } from "../services/admin-context.server";

const LIMIT = 100;

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { shop } = await requireAdmin(request);
  const rows = await recentDeliveries(shop.id, LIMIT);
  const messages = rows.map((d) => describeDelivery(d.detail));
  const credited = await attributionsByName(shop.id, attributedOrderNames(messages));
  return {
    timezone: shop.ianaTimezone,
    deliveries: rows.map((d, i) => ({
      id: d.id,
      topic: d.topic,
      outcome: d.outcome,
      detail: d.detail,
      message: messages[i] ?? null,
      credit: messages[i] && "order" in messages[i] ? (credited.get(messages[i].order) ?? null) : null,
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

type Delivery = ReturnType<typeof useLoaderData<typeof loader>>["deliveries"][number];

/**
 * What the delivery did, in the admin's language (app/lib/delivery-detail.ts reads the ledger's
 * notes); an attributed order says to whom and how. A note that is not one of the ledger's known
 * ones (an error) is shown as it is. A stored data request links to its report.
 */
function Summary({ delivery }: { delivery: Delivery }) {
  const t = useT();
  const match = useMatchText();
  const { topic, outcome, detail, message, credit } = delivery;
  if (topic === "customers/data_request" && outcome === "APPLIED") {
    return <Link url="/app/data-requests">{t("activity.detail.dataRequest")}</Link>;
  }
  if (!message) {
    if (!detail) return null;
    return (
      <Text as="span" tone="subdued">
        {detail.length > 120 ? `${detail.slice(0, 119)}…` : detail}
      </Text>
    );
  }
  let text: string;
  if (message.key === "activity.d.attributed" || message.key === "activity.d.updated") {
    const how = credit?.influencer ? match(credit) : null;
    const main = how
      ? t(message.key === "activity.d.attributed" ? "activity.d.attributedTo" : "activity.d.updatedTo", { order: message.order, influencer: credit!.influencer!, how })
      : t(message.key, { order: message.order });
    const extras = [
      ...(message.test ? [t("activity.d.test")] : []),
      ...(message.cancelled ? [t("activity.d.cancelled")] : []),
      ...(message.refunds ? [t("activity.d.newRefunds", { count: message.refunds })] : []),
    ];
    text = [main, ...extras].join(" · ");
  } else {
    const { key, ...values } = message;
    text = t(key, values as Record<string, string | number>);
  }
  return (
    <Text as="span" tone="subdued">
      <span data-detail>{text}</span>
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
                      <Summary delivery={d} />
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
