import { data, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Link, useActionData, useFetcher, useLoaderData, useNavigation, useSubmit } from "@remix-run/react";
import { Badge, Banner, BlockStack, Button, InlineStack, Layout, List, Page, Text } from "@shopify/polaris";
import { useIntl } from "react-intl";
import { z } from "zod";
import { CardListSections } from "../components/CardListSections";
import { ConfirmButton } from "../components/ConfirmButton";
import { RouteErrorBoundary } from "../components/RouteErrorBoundary";
import { useT } from "../i18n/use-i18n";
import { invalid, saved } from "../lib/http.server";
import type { LeakSignal } from "../lib/leak-detection";
import { flaggedCodes } from "../models/leaks.server";
import { requireAdmin } from "../services/admin-context.server";
import { rotateLeakedCode } from "../services/code-rotation.server";

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { shop } = await requireAdmin(request);
  return { flagged: await flaggedCodes(shop.id) };
};

const rotateSchema = z.object({ intent: z.literal("rotate"), codeId: z.string().uuid(), name: z.string().max(255).default("") });

export const action = async ({ request }: ActionFunctionArgs) => {
  const { shop, admin } = await requireAdmin(request);
  const parsed = rotateSchema.safeParse(Object.fromEntries(await request.formData()));
  if (!parsed.success) return invalid("rotate", { form: "validation.form" }, "validation.form");
  const result = await rotateLeakedCode(admin, shop, parsed.data.codeId);
  if (!result.ok) return data({ intent: "rotate", ok: false as const, error: result.error }, { status: 400 });
  return saved("rotate", {
    oldCode: result.oldCode,
    newCode: result.newCode,
    newCodeId: result.newCodeId,
    influencerId: result.influencerId,
    name: parsed.data.name,
  });
};

/** After a rotation: email the replacement code to the influencer in one click (their outreach route). */
function SendNewCode({ influencerId, codeId, name }: { influencerId: string; codeId: string; name: string }) {
  const t = useT();
  const fetcher = useFetcher<{ ok: boolean; message?: string }>();
  const result = fetcher.data;
  return (
    <InlineStack gap="300" blockAlign="center">
      <Button
        loading={fetcher.state !== "idle"}
        disabled={result?.ok === true}
        onClick={() => fetcher.submit({ intent: "send", codeId }, { method: "post", action: `/app/influencers/${influencerId}/outreach` })}
      >
        {t("leaks.sendNewCode", { name })}
      </Button>
      {result ? (
        <span role="status">
          <Text as="span" tone={result.ok ? "success" : "critical"}>
            {result.ok ? t("leaks.sendNewCode.queued", { name }) : t.safe(result.message ?? "validation.form")}
          </Text>
        </span>
      ) : null}
    </InlineStack>
  );
}

const SIGNAL_TONE = { coupon: "critical", spike: "warning", audience: "attention" } as const;

function SignalText({ signal }: { signal: LeakSignal }) {
  const t = useT();
  const intl = useIntl();
  const percent = (share: number) => intl.formatNumber(share, { style: "percent", maximumFractionDigits: 0 });
  const number = (n: number) => intl.formatNumber(n, { maximumFractionDigits: 1 });
  const list = (items: string[]) => intl.formatList(items, { type: "conjunction" });
  switch (signal.kind) {
    case "coupon":
      return (
        <BlockStack gap="100">
          <Text as="p">{t("leaks.signal.coupon", { share: percent(signal.share), count: signal.couponOrders, total: signal.orders })}</Text>
          <Text as="p" tone="subdued">
            {t("leaks.evidence.sites", { list: list(signal.sites.map((s) => `${s.site} (${intl.formatNumber(s.orders)})`)) })}
          </Text>
        </BlockStack>
      );
    case "spike":
      return (
        <Text as="p">
          {t("leaks.signal.spike", {
            count: signal.lastWeek,
            factor: `\u2066${number(signal.factor)}×\u2069`,
            average: number(signal.weeklyAverage),
          })}
        </Text>
      );
    case "audience":
      return (
        <BlockStack gap="100">
          <Text as="p">{t("leaks.signal.audience", { share: percent(signal.share), total: signal.orders })}</Text>
          <Text as="p" tone="subdued">
            {t("leaks.evidence.countries", { list: list(signal.countries.map((c) => `${c.country} (${intl.formatNumber(c.orders)})`)) })}
          </Text>
        </BlockStack>
      );
  }
}

/** Codes with signs of a leak, the evidence for each, and a one-click rotation. */
export default function Leaks() {
  const { flagged } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const navigation = useNavigation();
  const submit = useSubmit();
  const t = useT();
  const rotating = navigation.state !== "idle" ? navigation.formData?.get("codeId") : null;
  return (
    <Page title={t("leaks.title")} subtitle={t("leaks.subtitle")}>
      <Layout>
        {actionData && "newCode" in actionData ? (
          <Layout.Section>
            <Banner tone="success">
              <BlockStack gap="200">
                <p>{t("leaks.rotated", { old: actionData.oldCode, code: actionData.newCode, name: actionData.name })}</p>
                <SendNewCode influencerId={actionData.influencerId} codeId={actionData.newCodeId} name={actionData.name} />
              </BlockStack>
            </Banner>
          </Layout.Section>
        ) : actionData && "error" in actionData ? (
          <Layout.Section>
            <Banner tone="critical">
              <p>{t("leaks.rotate.failed", { error: t.safe(String(actionData.error)) })}</p>
            </Banner>
          </Layout.Section>
        ) : null}
        <CardListSections items={flagged} emptyHeading={t("leaks.empty.heading")} emptyBody={t("leaks.empty.body")}>
          {(code) => (
            <>
              <InlineStack align="space-between" blockAlign="center" gap="300">
                <BlockStack gap="100">
                  <Text as="h2" variant="headingMd">
                    <bdi data-testid="leaked-code">{code.code}</bdi>
                  </Text>
                  <Text as="p" tone="subdued">
                    {t("leaks.influencer", { name: code.influencerName })}{" "}
                    <Link to={`/app/influencers/${code.influencerId}`}>↗</Link>
                  </Text>
                </BlockStack>
                <ConfirmButton
                  tone="critical"
                  loading={rotating === code.id}
                  title={t("confirm.rotateCode.title", { code: code.code })}
                  message={t("confirm.rotateCode.message", { code: code.code, name: code.influencerName })}
                  confirmLabel={t("confirm.rotateCode.confirm")}
                  onConfirm={() => submit({ intent: "rotate", codeId: code.id, name: code.influencerName }, { method: "post" })}
                >
                  {t("leaks.rotate")}
                </ConfirmButton>
              </InlineStack>
              <List type="bullet">
                {code.signals.map((signal) => (
                  <List.Item key={signal.kind}>
                    <InlineStack gap="200" blockAlign="start" wrap={false}>
                      <Badge tone={SIGNAL_TONE[signal.kind]}>{signal.kind === "coupon" ? "%" : signal.kind === "spike" ? "↑" : "⌖"}</Badge>
                      <SignalText signal={signal} />
                    </InlineStack>
                  </List.Item>
                ))}
              </List>
              <Text as="p" tone="subdued">
                {t("leaks.rotate.help", { code: code.code, name: code.influencerName })}
              </Text>
            </>
          )}
        </CardListSections>
      </Layout>
    </Page>
  );
}

export const ErrorBoundary = RouteErrorBoundary;
