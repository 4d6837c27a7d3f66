import { useFetcher } from "@remix-run/react";
import { Badge, BlockStack, Button, Card, InlineStack, Text } from "@shopify/polaris";
import { useEffect } from "react";
import { useT } from "../i18n/use-i18n";
import type { loader as portalLoader } from "../routes/app.influencers.$id.portal";
import { ConfirmButton } from "./ConfirmButton";
import { CopyField } from "./CopyField";

/**
 * The influencer's portal link on their page: create, copy, rotate (the old link stops working) or
 * revoke. Talks to the resource route app.influencers.$id.portal.
 */
export function PortalLinkCard({ influencerId }: { influencerId: string }) {
  const t = useT();
  const state = useFetcher<typeof portalLoader>();
  const change = useFetcher<{ ok: boolean; intent: string; url?: string }>();
  const route = `/app/influencers/${influencerId}/portal`;
  useEffect(() => {
    if (state.state === "idle" && !state.data) state.load(route);
  }, [state, route]);
  useEffect(() => {
    if (change.state === "idle" && change.data?.ok) state.load(route);
    // Reload once per completed change.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [change.state, change.data]);
  const data = state.data;
  const url = (change.data?.intent === "issue" ? change.data.url : undefined) ?? data?.url ?? null;
  const active = data?.state === "active";
  const busy = change.state !== "idle";
  const submit = (intent: string) => change.submit({ intent }, { method: "post", action: route });
  return (
    <Card>
      <BlockStack gap="300">
        <InlineStack align="space-between" blockAlign="center">
          <Text as="h2" variant="headingMd">
            {t("portal.owner.title")}
          </Text>
          {data ? (
            <Badge tone={active ? "success" : undefined}>
              {t(active ? "portal.owner.active" : data.state === "revoked" ? "portal.owner.revoked" : "portal.owner.none")}
            </Badge>
          ) : null}
        </InlineStack>
        <Text as="p" tone="subdued">
          {t("portal.owner.help")}
        </Text>
        {active && url ? (
          <div data-testid="portal-link">
            <CopyField value={url} label={t("portal.owner.title")} />
          </div>
        ) : null}
        {active && !url ? (
          <Text as="p" tone="caution">
            {t("portal.owner.sealed")}
          </Text>
        ) : null}
        <InlineStack gap="200">
          {active ? (
            <>
              <ConfirmButton
                destructive={false}
                loading={busy}
                title={t("confirm.rotatePortal.title")}
                message={t("confirm.rotatePortal.message")}
                confirmLabel={t("confirm.rotatePortal.confirm")}
                onConfirm={() => submit("issue")}
              >
                {t("portal.owner.rotate")}
              </ConfirmButton>
              <ConfirmButton
                tone="critical"
                loading={busy}
                title={t("confirm.revokePortal.title")}
                message={t("confirm.revokePortal.message")}
                confirmLabel={t("confirm.revokePortal.confirm")}
                onConfirm={() => submit("revoke")}
              >
                {t("portal.owner.revoke")}
              </ConfirmButton>
            </>
          ) : (
            <Button variant="primary" onClick={() => submit("issue")} loading={busy}>
              {t("portal.owner.create")}
            </Button>
          )}
        </InlineStack>
      </BlockStack>
    </Card>
  );
}
