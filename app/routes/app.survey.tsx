import { data, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation, useSearchParams } from "@remix-run/react";
import { Badge, Banner, BlockStack, Button, Card, EmptyState, IndexTable, InlineStack, Layout, Page, Text } from "@shopify/polaris";
import { useIntl } from "react-intl";
import { z } from "zod";
import { ListPagination } from "../components/ListPagination";
import { RouteErrorBoundary } from "../components/RouteErrorBoundary";
import type { MessageKey } from "../i18n/messages";
import { useT } from "../i18n/use-i18n";
import { invalid, saved } from "../lib/http.server";
import { listSurveyAnswers, setSurveyEnabled, surveyEnabled } from "../models/survey.server";
import { confirmSurveyAnswer } from "../services/survey-credit.server";
import { requireAdmin } from "../services/admin-context.server";

/** The survey's answers with their proposed influencer match (Confirm), and the on/off switch (decision 028). */
export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { shop, demo } = await requireAdmin(request);
  const page = Math.max(1, Number.parseInt(new URL(request.url).searchParams.get("page") ?? "1", 10) || 1);
  const [enabled, { rows, total, pageSize }] = await Promise.all([surveyEnabled(shop.id), listSurveyAnswers(shop.id, page)]);
  return {
    demo,
    enabled,
    total,
    page,
    hasNext: page * pageSize < total,
    timezone: shop.ianaTimezone,
    answers: rows.map((r) => ({
      id: r.id,
      orderId: r.shopifyOrderId.toString(),
      orderName: r.order?.name ?? null,
      creditedTo: r.order?.influencer ?? null,
      channel: r.channel,
      freeText: r.freeText,
      influencer: r.influencer,
      match: r.matchedInfluencer,
      score: r.matchScore?.toString() ?? null,
      confirmedAt: r.confirmedAt?.toISOString() ?? null,
      createdAt: r.createdAt.toISOString(),
    })),
  };
};

const actionSchema = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("confirm"), id: z.uuid() }),
  z.object({ intent: z.literal("toggle"), enabled: z.enum(["true", "false"]) }),
]);

export const action = async ({ request }: ActionFunctionArgs) => {
  const { shop } = await requireAdmin(request);
  const parsed = actionSchema.safeParse(Object.fromEntries(await request.formData()));
  if (!parsed.success) return invalid("survey", { form: "validation.form" }, "validation.form");
  if (parsed.data.intent === "toggle") {
    await setSurveyEnabled(shop.id, parsed.data.enabled === "true");
    return saved("toggle");
  }
  if (!(await confirmSurveyAnswer(shop.id, parsed.data.id, new Date()))) {
    return data({ intent: "confirm", ok: false as const, error: "survey.confirm.failed" as MessageKey }, { status: 400 });
  }
  return saved("confirm");
};

export default function Survey() {
  const { demo, enabled, answers, timezone, page, hasNext } = useLoaderData<typeof loader>();
  const [, setSearchParams] = useSearchParams();
  const actionData = useActionData<typeof action>();
  const navigation = useNavigation();
  const t = useT();
  const intl = useIntl();
  const busy = navigation.state !== "idle" ? navigation.formData?.get("id") : null;
  return (
    <Page
      title={t("survey.title")}
      subtitle={t("survey.subtitle")}
      secondaryActions={demo ? [{ content: t("demo.survey.open"), url: "/app/demo/survey" }] : undefined}
    >
      <Layout>
        {actionData?.intent === "confirm" ? (
          <Layout.Section>
            <Banner tone={actionData.ok ? "success" : "critical"}>
              <p>{t(actionData.ok ? "survey.confirmed" : "survey.confirm.failed")}</p>
            </Banner>
          </Layout.Section>
        ) : null}
        <Layout.Section>
          <Card>
            <InlineStack align="space-between" blockAlign="center" gap="300">
              <BlockStack gap="100">
                <Text as="h2" variant="headingMd">
                  {t("survey.settings.heading")}
                </Text>
                <Text as="p" tone="subdued">
                  {t(enabled ? "survey.settings.on" : "survey.settings.off")}
                </Text>
              </BlockStack>
              <Form method="post">
                <input type="hidden" name="intent" value="toggle" />
                <input type="hidden" name="enabled" value={enabled ? "false" : "true"} />
                <Button submit variant={enabled ? "secondary" : "primary"}>
                  {t(enabled ? "survey.settings.disable" : "survey.settings.enable")}
                </Button>
              </Form>
            </InlineStack>
          </Card>
        </Layout.Section>
        <Layout.Section>
          <Card padding="0">
            {answers.length === 0 ? (
              <EmptyState heading={t("survey.empty.heading")} image="">
                <p>{t("survey.empty.body")}</p>
              </EmptyState>
            ) : (
              <IndexTable
                itemCount={answers.length}
                selectable={false}
                headings={[
                  { title: t("survey.col.date") },
                  { title: t("survey.col.order") },
                  { title: t("survey.col.answer") },
                  { title: t("survey.col.influencer") },
                  { title: t("survey.col.match") },
                ]}
              >
                {answers.map((a, index) => (
                  <IndexTable.Row id={a.id} key={a.id} position={index}>
                    <IndexTable.Cell>{intl.formatDate(new Date(a.createdAt), { timeZone: timezone, dateStyle: "medium" })}</IndexTable.Cell>
                    <IndexTable.Cell>
                      <BlockStack gap="050">
                        <Text as="span" fontWeight="medium">
                          <bdi data-testid="survey-order">{a.orderName ?? t("survey.order.byId", { id: a.orderId })}</bdi>
                        </Text>
                        <Text as="span" tone="subdued">
                          {a.creditedTo ? t("survey.order.creditedTo", { name: a.creditedTo.name }) : t("survey.order.notCredited")}
                        </Text>
                      </BlockStack>
                    </IndexTable.Cell>
                    <IndexTable.Cell>{t(`survey.channel.${a.channel}` as MessageKey)}</IndexTable.Cell>
                    <IndexTable.Cell>
                      <BlockStack gap="050">
                        {a.influencer ? <Text as="span">{a.influencer.name}</Text> : null}
                        {a.freeText ? (
                          <Text as="span" tone="subdued">
                            <bdi>{a.freeText}</bdi>
                          </Text>
                        ) : null}
                      </BlockStack>
                    </IndexTable.Cell>
                    <IndexTable.Cell>
                      {a.match ? (
                        <InlineStack gap="200" blockAlign="center">
                          <Text as="span">
                            {t("survey.match.score", { name: a.match.name, score: intl.formatNumber(Number(a.score), { style: "percent" }) })}
                          </Text>
                          {a.confirmedAt ? (
                            <Badge tone="success">{t("survey.match.confirmed")}</Badge>
                          ) : (
                            <Form method="post">
                              <input type="hidden" name="intent" value="confirm" />
                              <input type="hidden" name="id" value={a.id} />
                              <Button submit size="slim" loading={busy === a.id}>
                                {t("survey.confirm")}
                              </Button>
                            </Form>
                          )}
                        </InlineStack>
                      ) : (
                        <Text as="span" tone="subdued">
                          {t("survey.match.none")}
                        </Text>
                      )}
                    </IndexTable.Cell>
                  </IndexTable.Row>
                ))}
              </IndexTable>
            )}
            <ListPagination
              page={page}
              hasNext={hasNext}
              hasPrevious={page > 1}
              onPage={(next) => setSearchParams((params) => {
                params.set("page", String(next));
                return params;
              })}
            />
          </Card>
        </Layout.Section>
      </Layout>
    </Page>
  );
}

export const ErrorBoundary = RouteErrorBoundary;
