import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { Banner, BlockStack, Button, Card, InlineStack, Layout, Page, Select, Text, TextField } from "@shopify/polaris";
import { useState } from "react";
import { DownloadButton } from "../components/DownloadButton";
import { RouteErrorBoundary } from "../components/RouteErrorBoundary";
import type { MessageKey } from "../i18n/messages";
import { useFormat, useT } from "../i18n/use-i18n";
import { parseForm } from "../lib/form-validation";
import { holdDaysSchema, markPaidSchema, PAYOUT_METHODS } from "../lib/forms/payout";
import { invalid, saved } from "../lib/http.server";
import { shopDateOf } from "../lib/shop-dates";
import { approvedStatements, markStatementsPaid, setHoldDays } from "../models/payouts.server";
import { requireAdmin } from "../services/admin-context.server";

/**
 * /app/payouts: every approved statement awaiting payment (decision 029); mark one or many paid at
 * once with a date, method and reference; download them as a PayPal mass-payment file or a
 * generic CSV (app.payouts[.csv]).
 */
export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { shop } = await requireAdmin(request);
  return { statements: await approvedStatements(shop.id), today: shopDateOf(new Date(), shop.ianaTimezone), holdDays: shop.commissionHoldDays };
};

export const action = async ({ request }: ActionFunctionArgs) => {
  const { shop } = await requireAdmin(request);
  const form = await request.formData();
  if (form.get("intent") === "holdDays") {
    const hold = parseForm(holdDaysSchema, form);
    if (!hold.ok) return invalid("holdDays", hold.fieldErrors, "validation.form");
    await setHoldDays(shop.id, hold.data.holdDays);
    return saved("holdDays");
  }
  const parsed = parseForm(markPaidSchema, { ...Object.fromEntries(form), statementId: form.getAll("statementId").map(String) });
  if (!parsed.ok) return invalid("markPaid", parsed.fieldErrors, "validation.form");
  const { statementId, ...payment } = parsed.data;
  return (await markStatementsPaid(shop.id, statementId, payment)) ? saved("markPaid", { count: statementId.length }) : invalid("markPaid", {}, "payouts.notApproved");
};

export default function Payouts() {
  const { statements, today, holdDays } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const navigation = useNavigation();
  const t = useT();
  const f = useFormat();
  const [paidOn, setPaidOn] = useState(today);
  const [method, setMethod] = useState<string>("PAYPAL");
  const [reference, setReference] = useState("");
  const [hold, setHold] = useState(String(holdDays));
  const withoutEmail = statements.filter((s) => !s.email);
  return (
    <Page title={t("payouts.page.title")}>
      <Layout>
        <Layout.Section>
          <Card>
            <BlockStack gap="300">
              <Text as="p" tone="subdued">
                {t("payouts.page.help")}
              </Text>
              <InlineStack gap="300">
                <DownloadButton url="/app/payouts.csv?format=paypal" fallbackName="codetrail-payouts-paypal.csv" label="payouts.page.paypal" kind="paypal-csv" />
                <DownloadButton url="/app/payouts.csv?format=generic" fallbackName="codetrail-payouts.csv" label="payouts.page.generic" kind="payouts-csv" />
              </InlineStack>
              {withoutEmail.length > 0 ? (
                <Banner tone="warning">{t("payouts.page.noEmail", { names: withoutEmail.map((s) => s.influencerName).join(", ") })}</Banner>
              ) : null}
              {result && "message" in result && result.message ? <Banner tone="critical">{t.safe(result.message)}</Banner> : null}
              {result?.ok ? <Banner tone="success">{t(result.intent === "holdDays" ? "payouts.holdDays.saved" : "payouts.page.marked")}</Banner> : null}
              <Form method="post">
                <input type="hidden" name="intent" value="holdDays" />
                <InlineStack gap="200" blockAlign="end">
                  <TextField
                    label={t("payouts.holdDays")}
                    type="number"
                    name="holdDays"
                    value={hold}
                    onChange={setHold}
                    autoComplete="off"
                    error={result && !result.ok && result.intent === "holdDays" && result.fieldErrors.holdDays ? t.safe(result.fieldErrors.holdDays) : undefined}
                  />
                  <Button submit>{t("payouts.holdDays.save")}</Button>
                </InlineStack>
              </Form>
              {statements.length === 0 ? (
                <Text as="p">{t("payouts.page.none")}</Text>
              ) : (
                <Form method="post">
                  <BlockStack gap="300">
                    {statements.map((s) => (
                      <label key={s.id} style={{ display: "flex", gap: "0.5rem", alignItems: "center" }}>
                        <input type="checkbox" name="statementId" value={s.id} defaultChecked />
                        <Text as="span">
                          <bdi>{s.influencerName}</bdi> · {t("payouts.periodUntil", { to: f.date(s.periodEnd) })} ·{" "}
                          <bdi data-payout-total={s.id}>{f.money(s.total, s.currency)}</bdi>
                        </Text>
                      </label>
                    ))}
                    <InlineStack gap="200" blockAlign="end" wrap>
                      <TextField label={t("payouts.paidOn")} type="date" name="paidOn" value={paidOn} onChange={setPaidOn} autoComplete="off" />
                      <Select
                        label={t("payouts.method")}
                        name="method"
                        value={method}
                        onChange={setMethod}
                        options={PAYOUT_METHODS.map((m) => ({ value: m, label: t(`payouts.method.${m}` as MessageKey) }))}
                      />
                      <TextField label={t("payouts.reference")} name="reference" value={reference} onChange={setReference} autoComplete="off" />
                      <Button submit variant="primary" loading={navigation.state === "submitting"}>
                        {t("payouts.page.markSelected")}
                      </Button>
                    </InlineStack>
                  </BlockStack>
                </Form>
              )}
            </BlockStack>
          </Card>
        </Layout.Section>
      </Layout>
    </Page>
  );
}

export const ErrorBoundary = RouteErrorBoundary;
