import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { Badge, Banner, BlockStack, Button, Card, Checkbox, InlineStack, Layout, Page, Text } from "@shopify/polaris";
import { useState } from "react";
import { CodeSettingsFields } from "../components/CodeSettingsFields";
import { StatusBadge } from "../components/influencer-bits";
import { RouteErrorBoundary } from "../components/RouteErrorBoundary";
import { useT } from "../i18n/use-i18n";
import { codeSettingsSchema } from "../lib/code-settings";
import { parseForm } from "../lib/form-validation";
import { invalid, notFound } from "../lib/http.server";
import { shopDateOf } from "../lib/shop-dates";
import { campaignMemberIds, campaignOptions } from "../models/campaigns.server";
import { influencersByIds } from "../models/influencers.server";
import { requireAdmin } from "../services/admin-context.server";
import { enqueueCodeGeneration, retryFailedCodeGeneration } from "../services/code-generation.server";

const MAX_IDS = 1000;

/**
 * Bulk code generation: the influencers selected on the index (?ids=…) or everyone in a campaign
 * (?campaignId=…), one offer for all; each gets their own generated code in a background job.
 */
export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { shop } = await requireAdmin(request);
  const url = new URL(request.url);
  const campaignId = url.searchParams.get("campaignId");
  const ids = campaignId
    ? ((await campaignMemberIds(shop.id, campaignId)) ?? notFound())
    : url.searchParams.getAll("ids").slice(0, MAX_IDS);
  const [influencers, campaigns] = await Promise.all([influencersByIds(shop.id, ids), campaignOptions(shop.id)]);
  return {
    influencers,
    campaigns,
    campaignId: campaignId ?? "",
    currency: shop.currencyCode,
    today: shopDateOf(new Date(), shop.ianaTimezone),
  };
};

export const action = async ({ request }: ActionFunctionArgs) => {
  const { shop } = await requireAdmin(request);
  const form = await request.formData();
  if (form.get("intent") === "retry") {
    // The failed rows of a finished generation, from its progress page.
    const jobId = String(form.get("jobId") ?? "");
    const retried = await retryFailedCodeGeneration(shop, jobId);
    return redirect(`/app/jobs/${retried ?? jobId}`);
  }
  const ids = form.getAll("ids").map(String).filter(Boolean).slice(0, MAX_IDS);
  const parsed = parseForm(codeSettingsSchema(shopDateOf(new Date(), shop.ianaTimezone)), form);
  if (!parsed.ok) return invalid("generate", parsed.fieldErrors, "validation.form");
  // Only this shop's influencers are kept; none left means nothing was selected. Influencers who
  // already hold an active code get a second one only when the owner asked for it.
  const selected = await influencersByIds(shop.id, ids);
  if (selected.length === 0) return invalid("generate", { ids: "validation.selection" }, "validation.selection");
  const influencers = form.get("includeCodeHolders") === "on" ? selected : selected.filter((i) => !i.activeCode);
  if (influencers.length === 0) return invalid("generate", { ids: "codeui.generate.allHaveCodes" }, "codeui.generate.allHaveCodes");
  const jobId = await enqueueCodeGeneration(
    shop,
    influencers.map((i) => i.id),
    parsed.data,
  );
  return redirect(`/app/jobs/${jobId}`);
};

export default function GenerateCodes() {
  const { influencers, campaigns, campaignId, currency, today } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const navigation = useNavigation();
  const t = useT();
  const holders = influencers.filter((i) => i.activeCode).length;
  const [includeHolders, setIncludeHolders] = useState(false);
  const count = includeHolders ? influencers.length : influencers.length - holders;
  return (
    <Page
      title={t("codeui.generate.title")}
      subtitle={t("codeui.generate.subtitle", { count: influencers.length })}
      backAction={{ content: t("influencers.title"), url: campaignId ? `/app/campaigns/${campaignId}` : "/app/influencers" }}
    >
      <Form method="post" noValidate>
        {influencers.map((i) => (
          <input key={i.id} type="hidden" name="ids" value={i.id} />
        ))}
        <Layout>
          {actionData?.message ? (
            <Layout.Section>
              <Banner tone="critical">
                <p>{t(actionData.message)}</p>
              </Banner>
            </Layout.Section>
          ) : null}
          <Layout.Section>
            <Card>
              <BlockStack gap="300">
                <Text as="p" tone="subdued">
                  {t("codeui.generate.help")}
                </Text>
                <CodeSettingsFields
                  errors={actionData?.fieldErrors}
                  currency={currency}
                  today={today}
                  campaigns={campaigns}
                  withCode={false}
                  defaultCampaignId={campaignId}
                />
                {holders > 0 ? (
                  <Checkbox
                    label={t("codeui.generate.includeHolders", { count: holders })}
                    helpText={t("codeui.generate.includeHolders.help")}
                    checked={includeHolders}
                    onChange={setIncludeHolders}
                  />
                ) : null}
                {/* The choice is posted by a hidden field, so what is sent is exactly what the button counts. */}
                {includeHolders ? <input type="hidden" name="includeCodeHolders" value="on" /> : null}
                <InlineStack align="end">
                  <Button submit variant="primary" disabled={count === 0} loading={navigation.state === "submitting"}>
                    {t("codeui.generate.submit", { count })}
                  </Button>
                </InlineStack>
              </BlockStack>
            </Card>
          </Layout.Section>
          <Layout.Section variant="oneThird">
            <Card>
              <BlockStack gap="200">
                <Text as="h2" variant="headingMd">
                  {t("codeui.generate.who")}
                </Text>
                {influencers.length === 0 ? (
                  <Text as="p" tone="subdued">
                    {t("codeui.generate.none")}
                  </Text>
                ) : (
                  influencers.map((i) => (
                    <InlineStack key={i.id} gap="200" blockAlign="center">
                      <Text as="span">{i.name}</Text>
                      {i.status === "ACTIVE" ? null : <StatusBadge status={i.status} />}
                      {i.activeCode ? (
                        <Badge tone={includeHolders ? "attention" : undefined}>
                          {t("codeui.generate.hasCode", { code: i.activeCode })}
                        </Badge>
                      ) : null}
                    </InlineStack>
                  ))
                )}
              </BlockStack>
            </Card>
          </Layout.Section>
        </Layout>
      </Form>
    </Page>
  );
}

export const ErrorBoundary = RouteErrorBoundary;
