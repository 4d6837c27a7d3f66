import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData, useSearchParams } from "@remix-run/react";
import { Banner, BlockStack, Card, InlineStack, Layout, Link, Page, Text } from "@shopify/polaris";
import { CampaignFields } from "../components/CampaignFields";
import { CampaignMembersCard } from "../components/CampaignMembersCard";
import { CampaignRecipients } from "../components/CampaignRecipients";
import { ResultsSection } from "../components/reports/ResultsSection";
import { IntentFormCard } from "../components/IntentFormCard";
import { CampaignOutreachButton } from "../components/CampaignOutreachButton";
import { CommissionRuleCard } from "../components/CommissionRuleCard";
import { RouteErrorBoundary } from "../components/RouteErrorBoundary";
import { useT } from "../i18n/use-i18n";
import { parseForm } from "../lib/form-validation";
import { campaignSchema } from "../lib/forms/campaign";
import { commissionSchema, commissionStartSchema } from "../lib/forms/commission";
import { campaignRange } from "../lib/report-params";
import { shopDateOf } from "../lib/shop-dates";
import { invalid, notFound, saved } from "../lib/http.server";
import { addCampaignMembers, getCampaign, removeCampaignMember, updateCampaign } from "../models/campaigns.server";
import { getCommissionRule, listCommissionTerms, setCommissionRule } from "../models/commission-rules.server";
import { influencerOptions } from "../models/influencers.server";
import { campaignRecipients } from "../models/outreach-status.server";
import { resultsFor } from "../models/results.server";
import { requireAdmin } from "../services/admin-context.server";

const day = (d: Date) => d.toISOString().slice(0, 10);

export const loader = async ({ request, params }: LoaderFunctionArgs) => {
  const { shop } = await requireAdmin(request);
  const campaign = (await getCampaign(shop.id, params.id ?? "")) ?? notFound();
  const [rule, terms, influencers, recipients, results] = await Promise.all([
    getCommissionRule(shop.id, { campaignId: campaign.id }),
    listCommissionTerms(shop.id, { campaignId: campaign.id }),
    influencerOptions(shop.id),
    campaignRecipients(shop.id, campaign.id),
    resultsFor({ shopId: shop.id, range: campaignRange({ startsOn: day(campaign.startsOn), endsOn: campaign.endsOn ? day(campaign.endsOn) : null }, shopDateOf(new Date(), shop.ianaTimezone)), campaignId: campaign.id }),
  ]);
  return {
    currency: shop.currencyCode,
    timezone: shop.ianaTimezone,
    results,
    recipients,
    campaign: {
      id: campaign.id,
      name: campaign.name,
      goal: campaign.goal,
      startsOn: day(campaign.startsOn),
      endsOn: campaign.endsOn ? day(campaign.endsOn) : "",
      budget: campaign.budget ? campaign.budget.toDecimalPlaces(4).toString() : "",
      hashtag: campaign.hashtag?.replace(/^#/, "") ?? "",
      updatedAt: campaign.updatedAt.toISOString(),
    },
    members: campaign.influencers.map((m) => m.influencer),
    codes: campaign.discountCodes.map((c) => ({ id: c.id, code: c.code, status: c.status, influencer: c.influencer })),
    candidates: influencers.filter((i) => i.status !== "ARCHIVED" && !campaign.influencers.some((m) => m.influencerId === i.id)),
    commission: rule ? { kind: rule.kind, rate: rule.rate.toDecimalPlaces(4).toString() } : null,
    terms,
  };
};

export const action = async ({ request, params }: ActionFunctionArgs) => {
  const { shop } = await requireAdmin(request);
  const id = params.id ?? "";
  const form = await request.formData();
  const intent = String(form.get("intent") ?? "");
  switch (intent) {
    case "update": {
      const parsed = parseForm(campaignSchema, form);
      if (!parsed.ok) return invalid(intent, parsed.fieldErrors, "validation.form");
      const result = (await updateCampaign(shop.id, id, parsed.data)) ?? notFound();
      return result.ok ? saved(intent) : invalid(intent, result.fieldErrors, "validation.form");
    }
    case "addMember": {
      const influencerIds = form.getAll("influencerId").map(String).filter(Boolean);
      if (influencerIds.length === 0) return invalid(intent, { influencerId: "validation.required" });
      return (await addCampaignMembers(shop.id, id, influencerIds)) ? saved(intent) : notFound();
    }
    case "removeMember": {
      const removed = await removeCampaignMember(shop.id, id, String(form.get("influencerId") ?? ""));
      return removed ? saved(intent) : notFound();
    }
    case "commission": {
      const parsed = parseForm(commissionSchema, form);
      const start = parseForm(commissionStartSchema, form);
      if (!parsed.ok || !start.ok) {
        return invalid(intent, { ...(parsed.ok ? {} : parsed.fieldErrors), ...(start.ok ? {} : start.fieldErrors) }, "validation.form");
      }
      const result = await setCommissionRule(shop.id, { campaignId: id }, parsed.data, { startsOn: start.data.startsOn, now: new Date() });
      if (result === "notFound") notFound();
      if (result === "startsInPast" || result === "startsBeforeLatest") return invalid(intent, { startsOn: `validation.commission.${result}` }, "validation.form");
      return saved(intent);
    }
    default:
      throw new Response("Unknown intent", { status: 400 });
  }
};

function EditCard() {
  const { campaign, currency } = useLoaderData<typeof loader>();
  return (
    <IntentFormCard intent="update" title="campaigns.details" saveLabel="campaigns.save" savedLabel="campaigns.saved">
      {(result) => <CampaignFields key={campaign.updatedAt} initial={campaign} currency={currency} errors={result?.fieldErrors} />}
    </IntentFormCard>
  );
}

export default function CampaignDetail() {
  const data = useLoaderData<typeof loader>();
  const t = useT();
  const [searchParams] = useSearchParams();
  return (
    <Page title={data.campaign.name} backAction={{ content: t("campaigns.title"), url: "/app/campaigns" }}>
      <Layout>
        {searchParams.get("created") ? (
          <Layout.Section>
            <Banner tone="success" title={t("campaigns.created", { name: data.campaign.name })} />
          </Layout.Section>
        ) : null}
        <Layout.Section>
          <ResultsSection
            results={data.results}
            currency={data.currency}
            reportUrl={`/app/reports/campaigns/${data.campaign.id}`}
            ordersCsvUrl={`/app/reports/orders.csv?from=${data.results.range.from}&to=${data.results.range.to}&campaign=${data.campaign.id}`}
            showInfluencer
            showCampaign={false}
          />
        </Layout.Section>
        <Layout.Section>
          <BlockStack gap="400">
            <EditCard />
            {data.codes.length > 0 ? (
              <Card>
                <BlockStack gap="200">
                  <Text as="h2" variant="headingMd">
                    {t("campaigns.codes")}
                  </Text>
                  {data.codes.map((c) => (
                    <InlineStack key={c.id} gap="200">
                      <Text as="span" fontWeight="semibold">
                        <bdi>{c.code}</bdi>
                      </Text>
                      <Link url={`/app/influencers/${c.influencer.id}`}>{c.influencer.name}</Link>
                    </InlineStack>
                  ))}
                  <CampaignOutreachButton campaignId={data.campaign.id} />
                  <CampaignRecipients recipients={data.recipients} timezone={data.timezone} />
                </BlockStack>
              </Card>
            ) : null}
          </BlockStack>
        </Layout.Section>
        <Layout.Section variant="oneThird">
          <BlockStack gap="400">
            <CampaignMembersCard campaignId={data.campaign.id} members={data.members} candidates={data.candidates} />
            <CommissionRuleCard rule={data.commission} terms={data.terms} currency={data.currency} help="commission.help.campaign" />
          </BlockStack>
        </Layout.Section>
      </Layout>
    </Page>
  );
}

export const ErrorBoundary = RouteErrorBoundary;
