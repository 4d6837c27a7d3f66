import type { LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { Banner, BlockStack, Card, EmptyState, Layout, Page } from "@shopify/polaris";
import { RouteErrorBoundary } from "../../components/RouteErrorBoundary";
import { useFormat, useT } from "../../i18n/use-i18n";
import { lastDays, shopDateOf } from "../../lib/shop-dates";
import { firstRecordedDay, liftInRange } from "../../models/lift.server";
import { requireAdmin } from "../../services/admin-context.server";
import { LiftGroupCard } from "./components";

/**
 * Lift after each post and campaign start of the last 90 days (decision 036, docs/metrics.md): the
 * shop's orders, net sales and new customers in the week after, against the same weekdays of the
 * four weeks before, with the baseline's range.
 */
export const LIFT_RANGE_DAYS = 90;

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { shop } = await requireAdmin(request);
  const now = new Date();
  const today = shopDateOf(now, shop.ianaTimezone);
  const range = lastDays(LIFT_RANGE_DAYS, shop.ianaTimezone, now);
  const [groups, firstDay] = await Promise.all([liftInRange(shop.id, range, today), firstRecordedDay(shop.id)]);
  return { currency: shop.currencyCode, range, firstDay, groups };
};

export default function LiftPage() {
  const { currency, range, firstDay, groups } = useLoaderData<typeof loader>();
  const t = useT();
  const f = useFormat();
  return (
    <Page title={t("lift.title")} subtitle={t("dash.range.summary", { from: f.date(range.from), to: f.date(range.to) })}>
      <Layout>
        <Layout.Section>
          <Banner tone="info">
            <BlockStack gap="100">
              <p>{t("lift.help")}</p>
              <p>{firstDay ? t("lift.recordedSince", { date: f.date(firstDay) }) : t("lift.noFacts")}</p>
            </BlockStack>
          </Banner>
        </Layout.Section>
        {groups.length === 0 ? (
          <Layout.Section>
            <Card>
              <EmptyState heading={t("lift.empty.heading")} image="">
                <p>
                  {t("lift.empty.body")} <Link to="/app/content">{t("lift.empty.link")}</Link>
                </p>
              </EmptyState>
            </Card>
          </Layout.Section>
        ) : (
          groups.map((group) => (
            <Layout.Section key={`${group.from}-${group.events[0]?.id}`}>
              <LiftGroupCard group={group} currency={currency} />
            </Layout.Section>
          ))
        )}
      </Layout>
    </Page>
  );
}

export const ErrorBoundary = RouteErrorBoundary;
