import { Link, useFetcher } from "@remix-run/react";
import { Banner, BlockStack, InlineStack, Text } from "@shopify/polaris";
import { useIntl } from "react-intl";
import type { MessageKey } from "../i18n/messages";
import { useT } from "../i18n/use-i18n";
import { ConfirmButton } from "./ConfirmButton";

type Result =
  | { ok: true; queued: number; noEmail: string[]; noCode: string[] }
  | { ok: false; message: MessageKey };

/**
 * "Send codes by email" on a campaign: queues the code email for every member (resource route
 * app.campaigns.$id.outreach) and says how many went out and who was left out. Each email's
 * delivery shows on the influencer's page.
 */
export function CampaignOutreachButton({ campaignId }: { campaignId: string }) {
  const t = useT();
  const intl = useIntl();
  const fetcher = useFetcher<Result>();
  const result = fetcher.data;
  const list = (names: string[]) => intl.formatList(names, { type: "conjunction" });
  return (
    <BlockStack gap="200">
      <InlineStack>
        <ConfirmButton
          destructive={false}
          loading={fetcher.state !== "idle"}
          title={t("confirm.campaignSend.title")}
          message={t("confirm.campaignSend.message")}
          confirmLabel={t("confirm.campaignSend.confirm")}
          onConfirm={() => fetcher.submit({}, { method: "post", action: `/app/campaigns/${campaignId}/outreach` })}
        >
          {t("outreach.campaign.send")}
        </ConfirmButton>
      </InlineStack>
      {result && result.ok ? (
        <Banner tone={result.queued > 0 ? "success" : "warning"}>
          <BlockStack gap="100">
            <Text as="p">{t("outreach.campaign.result", { count: result.queued })}</Text>
            {result.noEmail.length > 0 ? <Text as="p">{t("outreach.campaign.noEmail", { names: list(result.noEmail) })}</Text> : null}
            {result.noCode.length > 0 ? <Text as="p">{t("outreach.campaign.noCode", { names: list(result.noCode) })}</Text> : null}
          </BlockStack>
        </Banner>
      ) : null}
      {result && !result.ok ? (
        <Banner tone="critical">
          <p>
            {t(result.message)} <Link to="/app/settings/email">{t("outreach.card.settingsLink")}</Link>
          </p>
        </Banner>
      ) : null}
    </BlockStack>
  );
}
