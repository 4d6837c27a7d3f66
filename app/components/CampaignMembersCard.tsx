import { useFetcher } from "@remix-run/react";
import { BlockStack, Button, Card, InlineStack, Link, Select, Text } from "@shopify/polaris";
import { useState } from "react";
import type { InfluencerStatus } from "../generated/prisma/enums";
import { useT } from "../i18n/use-i18n";
import type { FormResult } from "../lib/http.server";
import { StatusBadge } from "./influencer-bits";

/** The campaign's influencers: add, remove, and generate codes for them. */
export function CampaignMembersCard({
  campaignId,
  members,
  candidates,
}: {
  campaignId: string;
  members: { id: string; name: string; status: InfluencerStatus }[];
  candidates: { id: string; name: string }[];
}) {
  const t = useT();
  const add = useFetcher<FormResult>();
  const remove = useFetcher<FormResult>();
  const [influencerId, setInfluencerId] = useState("");
  return (
    <Card>
      <BlockStack gap="300">
        <InlineStack align="space-between" blockAlign="center">
          <Text as="h2" variant="headingMd">
            {t("campaigns.members")}
          </Text>
          {members.length > 0 ? (
            <Button url={`/app/codes/generate?campaignId=${campaignId}`}>{t("campaigns.generate")}</Button>
          ) : null}
        </InlineStack>
        {members.length === 0 ? (
          <Text as="p" tone="subdued">
            {t("campaigns.members.none")}
          </Text>
        ) : (
          <BlockStack gap="200">
            {members.map((m) => (
              <InlineStack key={m.id} align="space-between" blockAlign="center">
                <InlineStack gap="200" blockAlign="center">
                  <Link url={`/app/influencers/${m.id}`}>{m.name}</Link>
                  <StatusBadge status={m.status} />
                </InlineStack>
                <remove.Form method="post" noValidate>
                  <input type="hidden" name="intent" value="removeMember" />
                  <input type="hidden" name="influencerId" value={m.id} />
                  <Button submit variant="plain" tone="critical">
                    {t("campaigns.members.remove")}
                  </Button>
                </remove.Form>
              </InlineStack>
            ))}
          </BlockStack>
        )}
        {candidates.length > 0 ? (
          <add.Form method="post" noValidate onSubmit={() => setInfluencerId("")}>
            <input type="hidden" name="intent" value="addMember" />
            <InlineStack gap="200" blockAlign="end">
              <div style={{ flexGrow: 1 }}>
                <Select
                  label={t("campaigns.members.add")}
                  name="influencerId"
                  options={[{ label: t("campaigns.members.choose"), value: "" }, ...candidates.map((c) => ({ label: c.name, value: c.id }))]}
                  value={influencerId}
                  onChange={setInfluencerId}
                />
              </div>
              <Button submit disabled={!influencerId} loading={add.state !== "idle"}>
                {t("campaigns.members.addButton")}
              </Button>
            </InlineStack>
          </add.Form>
        ) : null}
      </BlockStack>
    </Card>
  );
}
