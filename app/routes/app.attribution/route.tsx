import { type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { useActionData, useLoaderData, useRevalidator } from "@remix-run/react";
import { Banner, BlockStack, Layout, Page, Text } from "@shopify/polaris";
import { useEffect } from "react";
import { z } from "zod";
import { RouteErrorBoundary } from "../../components/RouteErrorBoundary";
import { useT } from "../../i18n/use-i18n";
import { precedenceKey, precedenceSchema, sameRules, surveyOnlyChoice, surveyOnlySchema } from "../../lib/attribution-precedence";
import { invalid, saved } from "../../lib/http.server";
import { lastDays } from "../../lib/shop-dates";
import { attributionRules, previewAttributionRules } from "../../models/attribution-rules.server";
import { requireAdmin } from "../../services/admin-context.server";
import { applyAttributionRules, latestRecomputation } from "../../services/attribution-rules.server";
import { PreviewCard, RecomputationBanner, RulesForm, useRuleText } from "./components";

/**
 * The shop's attribution rules (decisions 037, 038): which evidence wins when an order's code, link
 * and survey answer disagree, and whether the survey alone credits an order. Choosing other rules
 * shows, read only, each influencer's figures before and after for a period; applying them
 * switches new orders at once and recomputes the period's orders in the background.
 */
export const DEFAULT_PERIOD_DAYS = 90;

const isoDate = z.iso.date();
const querySchema = z.object({
  precedence: precedenceSchema,
  surveyOnly: surveyOnlySchema.optional(),
  from: isoDate,
  to: isoDate,
});

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { shop } = await requireAdmin(request);
  const params = Object.fromEntries(new URL(request.url).searchParams);
  const [current, job] = await Promise.all([attributionRules(shop.id), latestRecomputation(shop.id)]);
  const defaults = lastDays(DEFAULT_PERIOD_DAYS, shop.ianaTimezone, new Date());
  const query = querySchema.safeParse(params);
  const proposal =
    query.success && query.data.from <= query.data.to
      ? {
          rules: {
            precedence: query.data.precedence,
            creditSurveyOnly: query.data.surveyOnly ?? current.creditSurveyOnly,
          },
          from: query.data.from,
          to: query.data.to,
        }
      : null;
  const preview =
    proposal && !sameRules(proposal.rules, current)
      ? await previewAttributionRules(shop.id, proposal.rules, {
          from: proposal.from,
          to: proposal.to,
        })
      : null;
  const proposed = proposal?.rules ?? current;
  return {
    currency: shop.currencyCode,
    current,
    form: {
      precedence: precedenceKey(proposed.precedence),
      surveyOnly: surveyOnlyChoice(proposed.creditSurveyOnly),
      from: proposal?.from ?? defaults.from,
      to: proposal?.to ?? defaults.to,
    },
    rangeError: query.success && !proposal,
    sameAsCurrent: proposal !== null && sameRules(proposal.rules, current),
    preview,
    job,
  };
};

const actionSchema = z.object({
  intent: z.literal("apply"),
  precedence: precedenceSchema,
  surveyOnly: surveyOnlySchema,
  from: isoDate,
  to: isoDate,
});

export const action = async ({ request }: ActionFunctionArgs) => {
  const { shop } = await requireAdmin(request);
  const parsed = actionSchema.safeParse(Object.fromEntries(await request.formData()));
  if (!parsed.success) return invalid("apply", { form: "validation.form" }, "validation.form");
  const { precedence, surveyOnly, from, to } = parsed.data;
  if (from > to) return invalid("apply", { from: "attribution.error.range" }, "attribution.error.range");
  const job = await applyAttributionRules(shop.id, { precedence, creditSurveyOnly: surveyOnly }, { from, to });
  return saved("apply", { jobId: job.id });
};

export default function AttributionRules() {
  const { currency, current, form, rangeError, sameAsCurrent, preview, job } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const t = useT();
  const ruleText = useRuleText();
  const revalidator = useRevalidator();
  const running = job?.status === "QUEUED" || job?.status === "RUNNING";
  useEffect(() => {
    if (!running) return;
    const timer = setInterval(() => revalidator.state === "idle" && revalidator.revalidate(), 1000);
    return () => clearInterval(timer);
  }, [running, revalidator]);
  return (
    <Page title={t("attribution.title")} subtitle={t("attribution.current", { rule: ruleText(current.precedence) })}>
      <Layout>
        <Layout.Section>
          <Banner tone="info">
            <BlockStack gap="100">
              <Text as="p">{t("attribution.help")}</Text>
              <Text as="p">{t(current.creditSurveyOnly ? "attribution.surveyOnly.credited" : "attribution.surveyOnly.reported")}</Text>
            </BlockStack>
          </Banner>
        </Layout.Section>
        {job ? (
          <Layout.Section>
            <RecomputationBanner job={job} />
          </Layout.Section>
        ) : null}
        {actionData && !actionData.ok && "message" in actionData && actionData.message ? (
          <Layout.Section>
            <Banner tone="critical">{t(actionData.message)}</Banner>
          </Layout.Section>
        ) : null}
        <Layout.Section>
          <RulesForm form={form} rangeError={rangeError} />
        </Layout.Section>
        {sameAsCurrent ? (
          <Layout.Section>
            <Banner>{t("attribution.preview.same")}</Banner>
          </Layout.Section>
        ) : null}
        {preview ? (
          <Layout.Section>
            <PreviewCard form={form} rows={preview} currency={currency} />
          </Layout.Section>
        ) : null}
      </Layout>
    </Page>
  );
}

export const ErrorBoundary = RouteErrorBoundary;
