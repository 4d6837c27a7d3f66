import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { Badge, Banner, BlockStack, Button, Card, EmptyState, IndexTable, InlineStack, Layout, Link, Page, Text } from "@shopify/polaris";
import { CampaignFields } from "../components/CampaignFields";
import { RouteErrorBoundary } from "../components/RouteErrorBoundary";
import { useFormat, useT } from "../i18n/use-i18n";
import { parseForm } from "../lib/form-validation";
import { campaignSchema } from "../lib/forms/campaign";
import { invalid } from "../lib/http.server";
import { shopDateOf } from "../lib/shop-dates";
import { createCampaign, listCampaigns } from "../models/campaigns.server";
import { requireAdmin } from "../services/admin-context.server";

const day = (d: Date) => d.toISOString().slice(0, 10);

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { shop } = await requireAdmin(request);
  const campaigns = await listCampaigns(shop.id);
  return {
    currency: shop.currencyCode,
    today: shopDateOf(new Date(), shop.ianaTimezone),
    campaigns: campaigns.map((c) => ({
      id: c.id,
      name: c.name,
      goal: c.goal,
      startsOn: day(c.startsOn),
      endsOn: c.endsOn ? day(c.endsOn) : null,
      budget: c.budget?.toFixed(4) ?? null,
      hashtag: c.hashtag,
      members: c._count.influencers,
      codes: c._count.discountCodes,
    })),
  };
};

export const action = async ({ request }: ActionFunctionArgs) => {
  const { shop } = await requireAdmin(request);
  const parsed = parseForm(campaignSchema, await request.formData());
  if (!parsed.ok) return invalid("create", parsed.fieldErrors, "validation.form");
  const result = await createCampaign(shop.id, parsed.data);
  if (!result.ok) return invalid("create", result.fieldErrors, "validation.form");
  return redirect(`/app/campaigns/${result.value.id}?created=1`);
};

export default function Campaigns() {
  const { campaigns, currency, today } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const navigation = useNavigation();
  const t = useT();
  const f = useFormat();
  const phase = (c: { startsOn: string; endsOn: string | null }) =>
    c.startsOn > today ? "upcoming" : c.endsOn && c.endsOn < today ? "ended" : "running";
  return (
    <Page title={t("campaigns.title")}>
      <Layout>
        <Layout.Section>
          <Card padding="0">
            {campaigns.length === 0 ? (
              <EmptyState heading={t("campaigns.empty.heading")} image="">
                <p>{t("campaigns.empty.body")}</p>
              </EmptyState>
            ) : (
              <IndexTable
                resourceName={{ singular: t("campaigns.resource.one"), plural: t("campaigns.resource.other") }}
                itemCount={campaigns.length}
                selectable={false}
                headings={[
                  { title: t("campaigns.col.name") },
                  { title: t("campaigns.col.goal") },
                  { title: t("campaigns.col.dates") },
                  { title: t("campaigns.col.budget"), alignment: "end" },
                  { title: t("campaigns.col.members"), alignment: "end" },
                ]}
              >
                {campaigns.map((c, index) => (
                  <IndexTable.Row id={c.id} key={c.id} position={index}>
                    <IndexTable.Cell>
                      <InlineStack gap="200" blockAlign="center">
                        <Link url={`/app/campaigns/${c.id}`} removeUnderline dataPrimaryLink>
                          <Text as="span" fontWeight="semibold">
                            {c.name}
                          </Text>
                        </Link>
                        <Badge tone={phase(c) === "running" ? "success" : undefined}>{t(`campaigns.phase.${phase(c)}`)}</Badge>
                      </InlineStack>
                      {c.hashtag ? (
                        <Text as="span" tone="subdued" variant="bodySm">
                          <bdi>{c.hashtag}</bdi>
                        </Text>
                      ) : null}
                    </IndexTable.Cell>
                    <IndexTable.Cell>{t(`campaigns.goal.${c.goal}`)}</IndexTable.Cell>
                    <IndexTable.Cell>
                      {c.endsOn
                        ? t("campaigns.dates", { from: f.date(c.startsOn), to: f.date(c.endsOn) })
                        : t("campaigns.datesOpen", { from: f.date(c.startsOn) })}
                    </IndexTable.Cell>
                    <IndexTable.Cell>
                      <Text as="span" alignment="end" numeric>
                        <bdi>{f.money(c.budget, currency)}</bdi>
                      </Text>
                    </IndexTable.Cell>
                    <IndexTable.Cell>
                      <Text as="span" alignment="end" numeric>
                        {f.count(c.members)}
                      </Text>
                    </IndexTable.Cell>
                  </IndexTable.Row>
                ))}
              </IndexTable>
            )}
          </Card>
        </Layout.Section>
        <Layout.Section variant="oneThird">
          <Card>
            <Form method="post" noValidate>
              <BlockStack gap="400">
                <Text as="h2" variant="headingMd">
                  {t("campaigns.new.title")}
                </Text>
                {actionData?.message ? (
                  <Banner tone="critical">
                    <p>{t(actionData.message)}</p>
                  </Banner>
                ) : null}
                <CampaignFields
                  currency={currency}
                  initial={{ name: "", goal: "CONVERSION", startsOn: today, endsOn: "", budget: "", hashtag: "" }}
                  errors={actionData?.fieldErrors}
                />
                <InlineStack align="end">
                  <Button submit variant="primary" loading={navigation.state === "submitting"}>
                    {t("campaigns.new.submit")}
                  </Button>
                </InlineStack>
              </BlockStack>
            </Form>
          </Card>
        </Layout.Section>
      </Layout>
    </Page>
  );
}

export const ErrorBoundary = RouteErrorBoundary;
