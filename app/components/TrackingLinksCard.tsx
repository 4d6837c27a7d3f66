import { useFetcher } from "@remix-run/react";
import { BlockStack, Box, Button, Card, Divider, InlineStack, Select, Text, TextField } from "@shopify/polaris";
import { useEffect, useState } from "react";
import type { MessageKey } from "../i18n/messages";
import { useFormat, useT } from "../i18n/use-i18n";
import { LINK_PLATFORMS } from "../lib/forms/tracking-link";
import type { FormResult } from "../lib/http.server";
import type { loader as linksLoader } from "../routes/app.influencers.$id.links";
import { ConfirmButton } from "./ConfirmButton";
import { CopyField } from "./CopyField";

/**
 * The influencer's tracking links: one per platform and content piece, to any store path, with the
 * code and UTM parameters, shortened to /l/<slug>; clicks, visits and checkouts per link. Talks to
 * the resource route app.influencers.$id.links.
 */
type LinkRow = NonNullable<ReturnType<typeof useFetcher<typeof linksLoader>>["data"]>["links"][number];

/**
 * clicks → visits → checkouts → orders → net sales, each arrow with the share of one step that
 * reached the next (a dash when the step before is zero).
 */
function LinkFunnelRow({ link, currency }: { link: LinkRow; currency: string }) {
  const t = useT();
  const f = useFormat();
  const step = (key: MessageKey, value: string, testId: string) => (
    <BlockStack gap="0">
      <Text as="span" variant="bodySm" tone="subdued">
        {t(key)}
      </Text>
      <Text as="span" variant="bodyMd" fontWeight="semibold">
        <span data-testid={testId}>{value}</span>
      </Text>
    </BlockStack>
  );
  const rate = (value: string | null, testId: string) => (
    <Text as="span" variant="bodySm" tone="subdued">
      <span data-testid={testId}>{t("links.funnel.step", { rate: f.percent(value) })}</span>
    </Text>
  );
  return (
    <div role="group" aria-label={t("links.funnel.label")} data-testid="link-funnel">
      <InlineStack gap="300" blockAlign="center" wrap>
        {step("links.funnel.clicks", f.count(link.clicks), "funnel-clicks")}
        {rate(link.visitRate, "funnel-visit-rate")}
        {step("links.funnel.visits", f.count(link.visits), "funnel-visits")}
        {rate(link.checkoutRate, "funnel-checkout-rate")}
        {step("links.funnel.checkouts", f.count(link.checkouts), "funnel-checkouts")}
        {rate(link.orderRate, "funnel-order-rate")}
        {step("links.funnel.orders", f.count(link.orders), "funnel-orders")}
        {step("links.funnel.netSales", f.money(link.netSales, currency), "funnel-net-sales")}
        {link.roiPercent !== null
          ? step("links.funnel.roi", f.percent(link.roiPercent), "funnel-roi")
          : null}
      </InlineStack>
      <Text as="p" variant="bodySm" tone="subdued">
        <span data-testid="funnel-roi-basis">
          {link.roiPercent !== null
            ? t("links.funnel.roi.basis", { count: link.posts, cost: f.money(link.postCost, currency) })
            : t("links.funnel.roi.none")}
        </span>
      </Text>
    </div>
  );
}

export function TrackingLinksCard({ influencerId }: { influencerId: string }) {
  const t = useT();
  const list = useFetcher<typeof linksLoader>();
  const create = useFetcher<FormResult>();
  const remove = useFetcher<FormResult>();
  const route = `/app/influencers/${influencerId}/links`;
  const [form, setForm] = useState({ discountCodeId: "", platform: "INSTAGRAM", campaignId: "", content: "", path: "/" });
  useEffect(() => {
    if (list.state === "idle" && !list.data) list.load(route);
  }, [list, route]);
  useEffect(() => {
    if (create.state === "idle" && create.data?.ok) {
      list.load(route);
      setForm((old) => ({ ...old, content: "" }));
    }
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [create.state, create.data]);
  useEffect(() => {
    if (remove.state === "idle" && remove.data?.ok) list.load(route);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [remove.state, remove.data]);
  const data = list.data;
  // Until the codes and campaigns have loaded, the form cannot be filled in honestly: a submit
  // would be refused for a code the select was about to show.
  const loading = !data;
  const codeId = form.discountCodeId || data?.codes[0]?.id || "";
  const errors = create.data && !create.data.ok ? create.data.fieldErrors : {};
  const err = (field: string) => (errors[field] ? t.safe(errors[field]) : undefined);
  return (
    <Card>
      <BlockStack gap="300">
        <Text as="h2" variant="headingMd">
          {t("links.title")}
        </Text>
        <Text as="p" tone="subdued">
          {t("links.help")}
        </Text>
        <Text as="p" variant="bodySm" tone="subdued">
          {t("links.funnel.help")}
        </Text>
        {data && data.links.length === 0 ? (
          <Text as="p" tone="subdued">
            {t("links.empty")}
          </Text>
        ) : null}
        {data?.links.map((link) => (
          <Box key={link.id} paddingBlock="100">
            <BlockStack gap="100">
              <InlineStack align="space-between" blockAlign="center" gap="200">
                <Text as="span" variant="headingSm">
                  {t(`links.platform.${link.platform}` as MessageKey)} · <bdi>{link.utmContent}</bdi> · <bdi>{link.code}</bdi>
                </Text>
                <ConfirmButton
                  variant="plain"
                  tone="critical"
                  title={t("confirm.deleteLink.title")}
                  message={t("confirm.deleteLink.message", { url: link.shortUrl })}
                  confirmLabel={t("confirm.deleteLink.confirm")}
                  onConfirm={() => remove.submit({ intent: "delete", linkId: link.id }, { method: "post", action: route })}
                >
                  {t("links.delete")}
                </ConfirmButton>
              </InlineStack>
              <div data-testid="tracking-link">
                <CopyField value={link.shortUrl} label={link.utmContent} />
              </div>
              <LinkFunnelRow link={link} currency={data.currency} />
              <Text as="p" variant="bodySm" tone="subdued">
                <bdi dir="ltr">{link.path}</bdi>
              </Text>
            </BlockStack>
          </Box>
        ))}
        <Divider />
        {data && data.codes.length === 0 ? (
          <Text as="p" tone="subdued">
            {t("links.needCode")}
          </Text>
        ) : (
          <create.Form method="post" action={route} noValidate>
            <input type="hidden" name="intent" value="create" />
            <BlockStack gap="200">
              <InlineStack gap="200" wrap>
                <Select
                  label={t("links.code")}
                  name="discountCodeId"
                  options={(data?.codes ?? []).map((c) => ({ label: c.code, value: c.id }))}
                  value={codeId}
                  onChange={(v) => setForm({ ...form, discountCodeId: v })}
                  disabled={loading}
                  error={err("discountCodeId")}
                />
                <Select
                  label={t("links.platform")}
                  name="platform"
                  options={LINK_PLATFORMS.map((p) => ({ label: t(`links.platform.${p}` as MessageKey), value: p }))}
                  value={form.platform}
                  onChange={(v) => setForm({ ...form, platform: v })}
                  disabled={loading}
                  error={err("platform")}
                />
                <Select
                  label={t("links.campaign")}
                  name="campaignId"
                  options={[{ label: t("links.campaign.none"), value: "" }, ...(data?.campaigns ?? []).map((c) => ({ label: c.name, value: c.id }))]}
                  value={form.campaignId}
                  onChange={(v) => setForm({ ...form, campaignId: v })}
                  disabled={loading}
                  error={err("campaignId")}
                />
              </InlineStack>
              <TextField
                label={t("links.content")}
                name="content"
                value={form.content}
                onChange={(v) => setForm({ ...form, content: v })}
                disabled={loading}
                helpText={t("links.content.help")}
                autoComplete="off"
                error={err("content")}
              />
              <TextField
                label={t("links.path")}
                name="path"
                value={form.path}
                onChange={(v) => setForm({ ...form, path: v })}
                disabled={loading}
                helpText={t("links.path.help")}
                autoComplete="off"
                error={err("path")}
              />
              <InlineStack align="end">
                <Button submit variant="primary" disabled={loading} loading={create.state !== "idle"}>
                  {t("links.create")}
                </Button>
              </InlineStack>
            </BlockStack>
          </create.Form>
        )}
      </BlockStack>
    </Card>
  );
}
