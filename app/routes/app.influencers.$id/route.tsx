import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData, useSearchParams } from "@remix-run/react";
import { Banner, BlockStack, Layout, Page } from "@shopify/polaris";
import { CommissionRuleCard } from "../../components/CommissionRuleCard";
import { CostLedgerCard } from "../../components/CostLedgerCard";
import { DiscountCodesCard } from "../../components/DiscountCodesCard";
import { OutreachCard } from "../../components/OutreachCard";
import { PayoutsCard } from "../../components/PayoutsCard";
import { PortalLinkCard } from "../../components/PortalLinkCard";
import { StatusBadge } from "../../components/influencer-bits";
import { ResultsSection } from "../../components/reports/ResultsSection";
import { RouteErrorBoundary } from "../../components/RouteErrorBoundary";
import { TrackingLinksCard } from "../../components/TrackingLinksCard";
import { useT } from "../../i18n/use-i18n";
import { notFound } from "../../lib/http.server";
import { parseReportParams } from "../../lib/report-params";
import { requireAdmin } from "../../services/admin-context.server";
import { influencerActions } from "./actions.server";
import { CampaignsCard, ProfileCard } from "./components";
import { influencerPageData } from "./data.server";

export const loader = async ({ request, params }: LoaderFunctionArgs) => {
  const { shop } = await requireAdmin(request);
  const { query } = parseReportParams(new URL(request.url).searchParams, { ianaTimezone: shop.ianaTimezone });
  const data = (await influencerPageData(shop, params.id ?? "", query.range)) ?? notFound();
  return { ...data, preset: query.preset };
};

export const action = async ({ request, params }: ActionFunctionArgs) => {
  const { shop, admin } = await requireAdmin(request);
  const form = await request.formData();
  const intent = String(form.get("intent") ?? "");
  if (!Object.hasOwn(influencerActions, intent)) throw new Response("Unknown intent", { status: 400 });
  return influencerActions[intent as keyof typeof influencerActions]({ shop, admin, id: params.id ?? "", form });
};

export default function InfluencerDetail() {
  const data = useLoaderData<typeof loader>();
  const t = useT();
  const [searchParams] = useSearchParams();
  const rangeQuery = new URLSearchParams({ from: data.results.range.from, to: data.results.range.to }).toString();
  return (
    <Page
      title={data.influencer.name}
      titleMetadata={<StatusBadge status={data.influencer.status} />}
      backAction={{ content: t("influencers.title"), url: "/app/influencers" }}
    >
      <Layout>
        {searchParams.get("created") ? (
          <Layout.Section>
            <Banner tone="success" title={t("influencers.created", { name: data.influencer.name })} />
          </Layout.Section>
        ) : null}
        <Layout.Section>
          <ResultsSection
            results={data.results}
            currency={data.currency}
            reportUrl={`/app/reports/influencers/${data.influencer.id}?${rangeQuery}`}
            ordersCsvUrl={`/app/reports/orders.csv?${rangeQuery}&influencer=${data.influencer.id}`}
            showInfluencer={false}
            showCampaign
            preset={data.preset}
          />
        </Layout.Section>
        <Layout.Section>
          <BlockStack gap="400">
            <DiscountCodesCard codes={data.codes} currency={data.currency} today={data.today} campaigns={data.campaigns} defaultCampaignId={data.runningCampaignId} />
            <TrackingLinksCard influencerId={data.influencer.id} />
            <OutreachCard influencerId={data.influencer.id} />
            <CostLedgerCard
              costs={data.costs}
              total={data.totalCost}
              currency={data.currency}
              campaigns={data.campaigns}
              defaultCampaignId={data.runningCampaignId}
              today={data.today}
            />
            <PayoutsCard
              balance={data.payouts.balance}
              statements={data.payouts.statements}
              holdDays={data.payouts.holdDays}
              currency={data.currency}
              today={data.today}
            />
          </BlockStack>
        </Layout.Section>
        <Layout.Section variant="oneThird">
          <BlockStack gap="400">
            <CampaignsCard />
            <CommissionRuleCard rule={data.commission} terms={data.terms} currency={data.currency} help="commission.help.influencer" />
            <PortalLinkCard influencerId={data.influencer.id} />
          </BlockStack>
        </Layout.Section>
        <Layout.Section>
          <ProfileCard />
        </Layout.Section>
      </Layout>
    </Page>
  );
}

export const ErrorBoundary = RouteErrorBoundary;
