import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { useFetcher, useLoaderData } from "@remix-run/react";
import { BlockStack, Card, DataTable, Layout, Link, Page, Text } from "@shopify/polaris";
import { ConfirmButton } from "../../components/ConfirmButton";
import { RouteErrorBoundary } from "../../components/RouteErrorBoundary";
import type { MessageKey } from "../../i18n/messages";
import { useFormat, useT } from "../../i18n/use-i18n";
import { EMV_METRICS } from "../../lib/content-metrics";
import { shopDateOf } from "../../lib/shop-dates";
import { campaignOptions } from "../../models/campaigns.server";
import { contentReport } from "../../models/content.server";
import { activeInfluencerOptions } from "../../models/influencers.server";
import { trackingLinkOptions } from "../../models/tracking-links.server";
import { requireAdmin } from "../../services/admin-context.server";
import { contentActions } from "./actions.server";
import { AddPostCard, GroupTable, ImportCard, NUMERIC, RatesCard, useMetricCells, useMetricHeadings } from "./components";
import { usePostSalesCells } from "./post-sales";
import { serializeMetrics } from "./serialize";

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { shop } = await requireAdmin(request);
  const [report, influencers, campaigns, links] = await Promise.all([
    contentReport(shop.id),
    activeInfluencerOptions(shop.id),
    campaignOptions(shop.id),
    trackingLinkOptions(shop.id),
  ]);
  return {
    currency: shop.currencyCode,
    today: shopDateOf(new Date(), shop.ianaTimezone),
    influencers,
    campaigns,
    links,
    rates: Object.fromEntries(EMV_METRICS.map((m) => [m, report.rates[m]?.toFixed(4) ?? "0"])),
    posts: report.posts.map((p) => ({ ...p, metrics: serializeMetrics(p.metrics) })),
    byInfluencer: report.byInfluencer.map((g) => ({ ...g, metrics: serializeMetrics(g.metrics) })),
    byCampaign: report.byCampaign.map((g) => ({ ...g, metrics: serializeMetrics(g.metrics) })),
  };
};

export const action = async ({ request }: ActionFunctionArgs) => {
  const { shop } = await requireAdmin(request);
  const form = await request.formData();
  const intent = String(form.get("intent") ?? "");
  if (!Object.hasOwn(contentActions, intent)) throw new Response("Unknown intent", { status: 400 });
  return contentActions[intent as keyof typeof contentActions](shop.id, form);
};

export default function ContentPage() {
  const data = useLoaderData<typeof loader>();
  const t = useT();
  const f = useFormat();
  const cells = useMetricCells();
  const headings = useMetricHeadings();
  const postSalesCells = usePostSalesCells();
  const remove = useFetcher();
  return (
    <Page title={t("content.title")} subtitle={t("content.subtitle")}>
      <Layout>
        <Layout.Section>
          <BlockStack gap="400">
            <Card>
              <BlockStack gap="200">
                <Text as="h2" variant="headingMd">
                  {t("content.postsTitle")}
                </Text>
                {data.posts.length === 0 ? (
                  <Text as="p" tone="subdued">
                    {t("content.empty")}
                  </Text>
                ) : (
                  <div data-sticky-first>
                    <DataTable
                      columnContentTypes={["text", "text", "text", "numeric", "numeric", ...NUMERIC, "text"]}
                    headings={[t("content.post"), t("content.influencer"), t("content.col.funnel"), t("content.col.netSales"), t("content.col.roi"), ...headings, ""]}
                    rows={data.posts.map((p) => [
                      <BlockStack key="p" gap="050">
                        <Link url={p.url} target="_blank">
                          {t(`links.platform.${p.platform}` as MessageKey)} · {f.date(p.postedOn)}
                        </Link>
                        {p.campaign ? <Text as="span" variant="bodySm" tone="subdued">{p.campaign.name}</Text> : null}
                      </BlockStack>,
                      p.influencer.name,
                      ...postSalesCells(p.link),
                      ...cells(p.metrics),
                      <ConfirmButton
                        key="d"
                        variant="plain"
                        tone="critical"
                        title={t("confirm.deletePost.title")}
                        message={t("confirm.deletePost.message")}
                        confirmLabel={t("confirm.deletePost.confirm")}
                        onConfirm={() => remove.submit({ intent: "delete", postId: p.id }, { method: "post" })}
                      >
                        {t("content.delete")}
                      </ConfirmButton>,
                    ])}
                    />
                  </div>
                )}
              </BlockStack>
            </Card>
            <GroupTable title={t("content.byInfluencer")} rows={data.byInfluencer} />
            <GroupTable title={t("content.byCampaign")} rows={data.byCampaign} />
            <AddPostCard />
          </BlockStack>
        </Layout.Section>
        <Layout.Section variant="oneThird">
          <BlockStack gap="400">
            <ImportCard />
            <RatesCard />
          </BlockStack>
        </Layout.Section>
      </Layout>
    </Page>
  );
}

export const ErrorBoundary = RouteErrorBoundary;
