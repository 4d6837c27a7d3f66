import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { useFetcher, useLoaderData, useSearchParams } from "@remix-run/react";
import {
  Banner,
  BlockStack,
  Button,
  Card,
  InlineStack,
  Layout,
  Link,
  Page,
  Select,
  Text,
} from "@shopify/polaris";
import { useState } from "react";
import { CommissionRuleCard } from "../components/CommissionRuleCard";
import { CostLedgerCard } from "../components/CostLedgerCard";
import { DiscountCodesCard } from "../components/DiscountCodesCard";
import { PortalLinkCard } from "../components/PortalLinkCard";
import { OutreachCard } from "../components/OutreachCard";
import { TrackingLinksCard } from "../components/TrackingLinksCard";
import { InfluencerFields } from "../components/InfluencerFields";
import { IntentFormCard } from "../components/IntentFormCard";
import { StatusBadge } from "../components/influencer-bits";
import { RouteErrorBoundary } from "../components/RouteErrorBoundary";
import { useFormat, useT } from "../i18n/use-i18n";
import { codeSettingsSchema, parseCodeOfferChange } from "../lib/code-settings";
import { parseForm } from "../lib/form-validation";
import { commissionSchema } from "../lib/forms/commission";
import { costSchema } from "../lib/forms/cost";
import { influencerSchema } from "../lib/forms/influencer";
import { invalid, notFound, saved, type FormResult } from "../lib/http.server";
import { shopDateOf } from "../lib/shop-dates";
import { addCampaignMembers, campaignOptions, removeCampaignMember } from "../models/campaigns.server";
import { getCommissionRule, setCommissionRule } from "../models/commission-rules.server";
import { addCost, deleteCost, listCosts, totalCost } from "../models/costs.server";
import { findInfluencerCode, getInfluencer, influencerExists, influencerHasCode, updateInfluencer } from "../models/influencers.server";
import { requireAdmin } from "../services/admin-context.server";
import {
  createInfluencerCode,
  endCode,
  linkExistingCode,
  retryCodeSync,
  setCodeActive,
  shareableLink,
  updateCodeOffer,
} from "../services/discount-codes.server";

const day = (d: Date) => d.toISOString().slice(0, 10);

export const loader = async ({ request, params }: LoaderFunctionArgs) => {
  const { shop } = await requireAdmin(request);
  const influencer = (await getInfluencer(shop.id, params.id ?? "")) ?? notFound();
  const [costs, rule, campaigns] = await Promise.all([
    listCosts(shop.id, influencer.id),
    getCommissionRule(shop.id, { influencerId: influencer.id }),
    campaignOptions(shop.id),
  ]);
  return {
    currency: shop.currencyCode,
    today: shopDateOf(new Date(), shop.ianaTimezone),
    influencer: {
      id: influencer.id,
      name: influencer.name,
      email: influencer.email,
      notes: influencer.notes,
      status: influencer.status,
      updatedAt: influencer.updatedAt.toISOString(),
      handles: Object.fromEntries(influencer.handles.map((h) => [h.platform, h.handle])),
    },
    memberships: influencer.campaigns.map((m) => ({
      id: m.campaign.id,
      name: m.campaign.name,
      startsOn: day(m.campaign.startsOn),
      endsOn: m.campaign.endsOn ? day(m.campaign.endsOn) : null,
    })),
    campaigns,
    costs: costs.map((c) => ({
      id: c.id,
      kind: c.kind,
      amount: c.amount.toFixed(4),
      originalAmount: c.originalAmount?.toFixed(4) ?? null,
      originalCurrency: c.originalCurrency,
      exchangeRate: c.exchangeRate?.toFixed(8) ?? null,
      incurredOn: day(c.incurredOn),
      note: c.note,
      campaign: c.campaign,
    })),
    codes: influencer.discountCodes.map((c) => ({
      id: c.id,
      code: c.code,
      valueType: c.valueType,
      value: c.value.toDecimalPlaces(4).toString(),
      status: c.status,
      syncState: c.syncState,
      syncError: c.syncError,
      linkedExisting: c.linkedExisting,
      startsAt: shopDateOf(c.startsAt, shop.ianaTimezone),
      endsAt: c.endsAt ? shopDateOf(c.endsAt, shop.ianaTimezone) : null,
      campaign: c.campaign,
      link: shareableLink(shop.domain, c.code),
    })),
    totalCost: totalCost(costs).toFixed(4),
    commission: rule ? { kind: rule.kind, rate: rule.rate.toDecimalPlaces(4).toString() } : null,
  };
};

export const action = async ({ request, params }: ActionFunctionArgs) => {
  const { shop, admin } = await requireAdmin(request);
  const id = params.id ?? "";
  const form = await request.formData();
  const intent = String(form.get("intent") ?? "");
  switch (intent) {
    case "profile": {
      const parsed = parseForm(influencerSchema, form);
      if (!parsed.ok) return invalid(intent, parsed.fieldErrors, "validation.form");
      const result = (await updateInfluencer(shop.id, id, parsed.data)) ?? notFound();
      return result.ok ? saved(intent) : invalid(intent, result.fieldErrors, "validation.form");
    }
    case "addCost": {
      const parsed = parseForm(costSchema(shop.currencyCode), form);
      if (!parsed.ok) return invalid(intent, parsed.fieldErrors, "validation.form");
      const result = await addCost(shop.id, id, parsed.data);
      if (!result.ok && result.reason === "influencer") notFound();
      return result.ok ? saved(intent) : invalid(intent, { campaignId: "validation.notFound" }, "validation.form");
    }
    case "deleteCost": {
      const removed = await deleteCost(shop.id, id, String(form.get("costId") ?? ""));
      return removed ? saved(intent) : notFound();
    }
    case "commission": {
      const parsed = parseForm(commissionSchema, form);
      if (!parsed.ok) return invalid(intent, parsed.fieldErrors, "validation.form");
      return (await setCommissionRule(shop.id, { influencerId: id }, parsed.data)) ? saved(intent) : notFound();
    }
    case "joinCampaign": {
      const campaignId = String(form.get("campaignId") ?? "");
      if (!campaignId) return invalid(intent, { campaignId: "validation.required" });
      return (await addCampaignMembers(shop.id, campaignId, [id])) ? saved(intent) : notFound();
    }
    case "leaveCampaign": {
      const removed = await removeCampaignMember(shop.id, String(form.get("campaignId") ?? ""), id);
      return removed ? saved(intent) : notFound();
    }
    case "createCode": {
      if (!(await influencerExists(shop.id, id))) notFound();
      const parsed = parseForm(codeSettingsSchema(shopDateOf(new Date(), shop.ianaTimezone)), form);
      if (!parsed.ok) return invalid(intent, parsed.fieldErrors);
      const result = await createInfluencerCode(admin, shop, id, parsed.data);
      if (!result.ok) return invalid(intent, result.fieldErrors);
      return saved(intent, { code: result.code.code, requestedCode: result.requestedCode, chosenCode: result.chosenCode });
    }
    case "linkCode": {
      if (!(await influencerExists(shop.id, id))) notFound();
      const code = String(form.get("code") ?? "");
      const result = await linkExistingCode(admin, shop, id, code);
      return result.ok ? saved(intent, { code: result.code.code }) : invalid(intent, result.fieldErrors);
    }
    case "codeActive":
    case "retryCode": {
      const codeId = String(form.get("codeId") ?? "");
      if (!(await influencerHasCode(shop.id, id, codeId))) notFound();
      const result =
        intent === "retryCode"
          ? await retryCodeSync(admin, shop, codeId)
          : await setCodeActive(admin, shop, codeId, form.get("active") === "true");
      return result.ok ? saved(intent) : invalid(intent, { form: result.error });
    }
    case "editCode": {
      const codeId = String(form.get("codeId") ?? "");
      const row = await findInfluencerCode(shop.id, id, codeId);
      if (!row) return notFound();
      const parsed = parseCodeOfferChange(row.valueType, Object.fromEntries(form), shopDateOf(new Date(), shop.ianaTimezone));
      if (!parsed.ok) return invalid(intent, parsed.fieldErrors);
      const result = await updateCodeOffer(admin, shop, codeId, parsed.change);
      return result.ok ? saved(intent) : invalid(intent, result.fieldErrors);
    }
    case "endCode": {
      const codeId = String(form.get("codeId") ?? "");
      if (!(await influencerHasCode(shop.id, id, codeId))) notFound();
      const result = await endCode(admin, shop, codeId);
      return result.ok ? saved(intent) : invalid(intent, { form: result.error });
    }
    default:
      throw new Response("Unknown intent", { status: 400 });
  }
};

function ProfileCard() {
  const { influencer } = useLoaderData<typeof loader>();
  return (
    <IntentFormCard intent="profile" title="influencers.profile" saveLabel="influencers.save" savedLabel="influencers.saved">
      {(result) => (
        <InfluencerFields
          key={influencer.updatedAt}
          initial={{
            name: influencer.name,
            email: influencer.email ?? "",
            notes: influencer.notes ?? "",
            status: influencer.status,
            handles: influencer.handles,
          }}
          errors={result?.fieldErrors}
        />
      )}
    </IntentFormCard>
  );
}

function CampaignsCard() {
  const { memberships, campaigns } = useLoaderData<typeof loader>();
  const t = useT();
  const f = useFormat();
  const join = useFetcher<FormResult>();
  const leave = useFetcher<FormResult>();
  const available = campaigns.filter((c) => !memberships.some((m) => m.id === c.id));
  const [campaignId, setCampaignId] = useState("");
  return (
    <Card>
      <BlockStack gap="300">
        <Text as="h2" variant="headingMd">
          {t("influencers.campaigns")}
        </Text>
        {memberships.length === 0 ? (
          <Text as="p" tone="subdued">
            {t("influencers.campaigns.none")}
          </Text>
        ) : (
          <BlockStack gap="200">
            {memberships.map((m) => (
              <InlineStack key={m.id} align="space-between" blockAlign="center">
                <BlockStack gap="050">
                  <Link url={`/app/campaigns/${m.id}`}>{m.name}</Link>
                  <Text as="span" variant="bodySm" tone="subdued">
                    {m.endsOn ? t("campaigns.dates", { from: f.date(m.startsOn), to: f.date(m.endsOn) }) : t("campaigns.datesOpen", { from: f.date(m.startsOn) })}
                  </Text>
                </BlockStack>
                <leave.Form method="post" noValidate>
                  <input type="hidden" name="intent" value="leaveCampaign" />
                  <input type="hidden" name="campaignId" value={m.id} />
                  <Button submit variant="plain" tone="critical">
                    {t("influencers.campaigns.remove")}
                  </Button>
                </leave.Form>
              </InlineStack>
            ))}
          </BlockStack>
        )}
        {available.length > 0 ? (
          <join.Form method="post" noValidate>
            <input type="hidden" name="intent" value="joinCampaign" />
            <InlineStack gap="200" blockAlign="end">
              <div style={{ flexGrow: 1 }}>
                <Select
                  label={t("influencers.campaigns.add")}
                  name="campaignId"
                  options={[{ label: t("influencers.campaigns.choose"), value: "" }, ...available.map((c) => ({ label: c.name, value: c.id }))]}
                  value={campaignId}
                  onChange={setCampaignId}
                />
              </div>
              <Button submit disabled={!campaignId} loading={join.state !== "idle"}>
                {t("influencers.campaigns.addButton")}
              </Button>
            </InlineStack>
          </join.Form>
        ) : null}
      </BlockStack>
    </Card>
  );
}

export default function InfluencerDetail() {
  const data = useLoaderData<typeof loader>();
  const t = useT();
  const [searchParams] = useSearchParams();
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
          <BlockStack gap="400">
            <DiscountCodesCard codes={data.codes} currency={data.currency} today={data.today} campaigns={data.campaigns} />
            <TrackingLinksCard influencerId={data.influencer.id} />
            <OutreachCard influencerId={data.influencer.id} />
            <CostLedgerCard
              costs={data.costs}
              total={data.totalCost}
              currency={data.currency}
              campaigns={data.campaigns}
              today={data.today}
            />
          </BlockStack>
        </Layout.Section>
        <Layout.Section variant="oneThird">
          <BlockStack gap="400">
            <CampaignsCard />
            <CommissionRuleCard rule={data.commission} currency={data.currency} help="commission.help.influencer" />
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
