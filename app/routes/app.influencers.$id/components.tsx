import { useFetcher, useLoaderData } from "@remix-run/react";
import { BlockStack, Button, Card, InlineStack, Link, Select, Text } from "@shopify/polaris";
import { useState } from "react";
import { InfluencerFields } from "../../components/InfluencerFields";
import { IntentFormCard } from "../../components/IntentFormCard";
import { useFormat, useT } from "../../i18n/use-i18n";
import type { FormResult } from "../../lib/http.server";
import type { loader } from "./route";

export function ProfileCard() {
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
            language: influencer.language ?? "",
            handles: influencer.handles,
          }}
          errors={result?.fieldErrors}
        />
      )}
    </IntentFormCard>
  );
}

export function CampaignsCard() {
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
