import type { LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData, useSearchParams } from "@remix-run/react";
import { Banner, BlockStack, Box, Button, Card, ChoiceList, Layout, Page, Select, Text, TextField } from "@shopify/polaris";
import { useEffect, useState } from "react";
import {
  buildSurveyPayload,
  filterInfluencers,
  MAX_FREE_TEXT,
  SURVEY_LANGUAGES,
  surveyChoices,
  surveyLocale,
  surveyMessages,
  type SurveyChannel,
  type SurveyInfluencer,
} from "../../extensions/post-purchase-survey/src/survey-logic";
import { RouteErrorBoundary } from "../components/RouteErrorBoundary";
import { appConfig } from "../config.server";
import { checkoutSessionToken } from "../demo/checkout-token.server";
import { isDemoMode } from "../demo/demo-mode.server";
import { previewOrders } from "../demo/survey-preview.server";
import { LANGUAGE_NAMES } from "../i18n/locales";
import { useT } from "../i18n/use-i18n";
import { notFound } from "../lib/http.server";
import { requireAdmin } from "../services/admin-context.server";

/**
 * Demo only (404 otherwise): the post-purchase survey as a buyer meets it on the thank-you page,
 * for one of the store's orders, in any of the survey's languages. The questions, choices, search
 * and answer are the extension's own logic (extensions/post-purchase-survey/src/survey-logic.ts);
 * the page calls CodeTrail's real endpoints (GET /survey/options, POST /survey) with a session
 * token signed like Shopify's. Shopify renders the real block with its own components.
 */
export const loader = async ({ request }: LoaderFunctionArgs) => {
  if (!isDemoMode()) notFound();
  const { shop } = await requireAdmin(request);
  const search = new URL(request.url).searchParams;
  const orders = await previewOrders(shop.id);
  const ids = [...orders.tracked.map((o) => o.id), orders.untracked];
  const orderId = ids.includes(search.get("order") ?? "") ? search.get("order")! : (orders.tracked[0]?.id ?? orders.untracked);
  const config = appConfig();
  return {
    orders,
    orderId,
    language: surveyLocale(search.get("lang")).language,
    token: checkoutSessionToken({ shopDomain: shop.domain, apiKey: config.apiKey, apiSecret: config.apiSecret, now: new Date() }),
  };
};

type Phase = "loading" | "asking" | "sending" | "done" | "failed" | "off" | "answered";

function BuyerSurvey({ orderId, language, token }: { orderId: string; language: (typeof SURVEY_LANGUAGES)[number]; token: string }) {
  const t = useT();
  const { dir } = surveyLocale(language);
  const messages = surveyMessages(language);
  const [phase, setPhase] = useState<Phase>("loading");
  const [influencers, setInfluencers] = useState<SurveyInfluencer[]>([]);
  const [channel, setChannel] = useState<SurveyChannel | null>(null);
  const [query, setQuery] = useState("");
  const [influencerId, setInfluencerId] = useState<string | null>(null);
  const [freeText, setFreeText] = useState("");
  const auth = { Authorization: `Bearer ${token}` };

  useEffect(() => {
    let cancelled = false;
    setPhase("loading");
    fetch(`/survey/options?order=${orderId}`, { headers: auth })
      .then((response) => (response.ok ? response.json() : Promise.reject(new Error(String(response.status)))))
      .then((options: { enabled: boolean; answered: boolean; influencers: SurveyInfluencer[] }) => {
        if (cancelled) return;
        setInfluencers(options.influencers);
        setPhase(!options.enabled ? "off" : options.answered ? "answered" : "asking");
      })
      .catch(() => !cancelled && setPhase("failed"));
    return () => {
      cancelled = true;
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [orderId, token]);

  async function submit() {
    const built = buildSurveyPayload(`gid://shopify/Order/${orderId}`, { channel, influencerId, freeText }, language);
    if (!built.ok) return;
    setPhase("sending");
    const response = await fetch("/survey", { method: "POST", headers: { ...auth, "Content-Type": "application/json" }, body: JSON.stringify(built.payload) });
    setPhase(response.status === 201 || response.status === 409 ? "done" : "failed");
  }

  if (phase === "off") return <Banner tone="warning">{t("demo.survey.off")}</Banner>;
  if (phase === "answered") return <Banner tone="info">{t("demo.survey.answered")}</Banner>;
  if (phase === "loading") return <Text as="p" tone="subdued">…</Text>;
  if (phase === "done") {
    return (
      <BlockStack gap="200">
        <div dir={dir} lang={language} data-testid="survey-thanks">
          <Banner tone="success">{messages.thanks}</Banner>
        </div>
        <Link to="/app/survey">{t("demo.survey.seeAnswers")}</Link>
      </BlockStack>
    );
  }
  const shown = filterInfluencers(influencers, query, 8);
  return (
    <div dir={dir} lang={language} data-testid="buyer-survey">
      <BlockStack gap="300">
        <Text as="h3" variant="headingMd">
          {messages.question}
        </Text>
        <ChoiceList
          title={messages.question}
          titleHidden
          choices={surveyChoices(language).map((c) => ({ value: c.value, label: c.label }))}
          selected={channel ? [channel] : []}
          onChange={(values) => setChannel((values[0] ?? null) as SurveyChannel | null)}
        />
        {channel === "influencer" ? (
          <BlockStack gap="200">
            <TextField label={messages.searchLabel} autoComplete="off" value={query} onChange={setQuery} />
            {shown.length ? (
              <ChoiceList
                title={messages.searchLabel}
                titleHidden
                choices={shown.map((i) => ({ value: i.id, label: i.handles.length ? `${i.name} (@${i.handles.join(", @")})` : i.name }))}
                selected={influencerId ? [influencerId] : []}
                onChange={(values) => setInfluencerId(values[0] ?? null)}
              />
            ) : null}
            <TextField
              label={influencerId ? messages.freeTextLabel : messages.noInfluencer}
              autoComplete="off"
              maxLength={MAX_FREE_TEXT}
              value={freeText}
              onChange={setFreeText}
            />
          </BlockStack>
        ) : null}
        {phase === "failed" ? <Banner tone="critical">{messages.failed}</Banner> : null}
        <Box>
          <Button variant="primary" disabled={!channel} loading={phase === "sending"} onClick={() => void submit()}>
            {channel ? messages.submit : messages.chooseChannel}
          </Button>
        </Box>
      </BlockStack>
    </div>
  );
}

export default function DemoSurveyPreview() {
  const { orders, orderId, language, token } = useLoaderData<typeof loader>();
  const [, setSearchParams] = useSearchParams();
  const t = useT();
  const choose = (name: string, value: string) =>
    setSearchParams((params) => {
      params.set(name, value);
      return params;
    });
  const orderOptions = [
    ...orders.tracked.map((o) => ({ value: o.id, label: o.influencer ? t("demo.survey.order.tracked", { name: o.name, influencer: o.influencer }) : o.name })),
    { value: orders.untracked, label: t("demo.survey.order.untracked") },
  ];
  return (
    <Page title={t("demo.survey.title")} backAction={{ url: "/app/survey" }}>
      <Layout>
        <Layout.Section>
          <Banner tone="info">{t("demo.survey.help")}</Banner>
        </Layout.Section>
        <Layout.Section>
          <Card>
            <BlockStack gap="300">
              <Select label={t("demo.survey.order")} options={orderOptions} value={orderId} onChange={(value) => choose("order", value)} />
              <Select
                label={t("demo.survey.language")}
                options={SURVEY_LANGUAGES.map((l) => ({ value: l, label: LANGUAGE_NAMES[l] }))}
                value={language}
                onChange={(value) => choose("lang", value)}
              />
            </BlockStack>
          </Card>
        </Layout.Section>
        <Layout.Section>
          <Card>
            <BuyerSurvey key={`${orderId}-${language}`} orderId={orderId} language={language} token={token} />
          </Card>
        </Layout.Section>
      </Layout>
    </Page>
  );
}

export const ErrorBoundary = RouteErrorBoundary;
