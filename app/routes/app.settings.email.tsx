import { data, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { Banner, BlockStack, Box, Button, Card, Checkbox, FormLayout, InlineStack, Layout, Page, Select, Text, TextField } from "@shopify/polaris";
import { useState } from "react";
import { useIntl } from "react-intl";
import { useFieldError, useFields } from "../components/form-helpers";
import { RouteErrorBoundary } from "../components/RouteErrorBoundary";
import type { MessageKey } from "../i18n/messages";
import { useT } from "../i18n/use-i18n";
import { parseForm } from "../lib/form-validation";
import { emailSettingsSchema, SMTP_SECURITY } from "../lib/forms/email-settings";
import { invalid, saved } from "../lib/http.server";
import { smtpOutboundPolicy } from "../lib/config.server";
import {
  credentialsOf,
  findEmailSettings,
  isDemoMailbox,
  recordConnectionTest,
  saveEmailSettings,
  SmtpPasswordUnavailable,
  viewOf,
} from "../models/email-settings.server";
import { ensureDemoSmtpServer } from "../demo/demo-smtp.server";
import { requireAdmin } from "../services/admin-context.server";
import { testSmtpConnection, type SmtpAnswer } from "../services/smtp.server";

/**
 * Settings → Email: the shop's SMTP server for messages to influencers, and a connection test
 * (nodemailer verify: connect, TLS, sign-in) that shows what the server answered.
 */

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { shop, demo } = await requireAdmin(request);
  return { settings: viewOf(await findEmailSettings(shop)), shopName: shop.name, demo };
};

export const action = async ({ request }: ActionFunctionArgs) => {
  const { shop } = await requireAdmin(request);
  const form = await request.formData();
  const intent = String(form.get("intent") ?? "");
  const policy = smtpOutboundPolicy();
  if (intent === "save") {
    const parsed = parseForm(emailSettingsSchema, form);
    if (!parsed.ok) return invalid(intent, parsed.fieldErrors, "validation.form");
    const result = await saveEmailSettings(shop.id, parsed.data, policy);
    if (!result.ok) return invalid(intent, result.fieldErrors, "validation.form");
    return saved(intent, { message: "outreach.settings.saved" as const });
  }
  if (intent === "test") {
    const settings = await findEmailSettings(shop);
    if (!settings) return data({ intent, ok: false as const, fieldErrors: {}, message: "outreach.settings.notSaved" as const }, { status: 400 });
    if (isDemoMailbox(settings)) await ensureDemoSmtpServer();
    let answer: SmtpAnswer;
    try {
      const { server, password } = credentialsOf(settings);
      answer = await testSmtpConnection(server, password, policy);
    } catch (error) {
      if (!(error instanceof SmtpPasswordUnavailable)) throw error;
      answer = { ok: false, replies: [], failure: "password" };
    }
    await recordConnectionTest(shop.id, answer);
    return saved(intent, { tested: answer.ok });
  }
  throw new Response("Unknown intent", { status: 400 });
};

export default function EmailSettingsPage() {
  const { settings, shopName, demo } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const navigation = useNavigation();
  const t = useT();
  const intl = useIntl();
  const errors = result && !result.ok ? result.fieldErrors : undefined;
  const fieldError = useFieldError(errors);
  const { field } = useFields({
    host: settings?.host ?? "",
    port: String(settings?.port ?? 587),
    security: settings?.security ?? "STARTTLS",
    username: settings?.username ?? "",
    password: "",
    fromEmail: settings?.fromEmail ?? "",
  });
  const [clearPassword, setClearPassword] = useState(false);
  const busy = navigation.state !== "idle" ? String(navigation.formData?.get("intent") ?? "") : null;
  const message = result && "message" in result && result.message ? t(result.message as MessageKey) : null;
  return (
    <Page title={t("outreach.settings.title")} backAction={{ url: "/app" }}>
      <Layout>
        {demo && settings?.demoMailbox ? (
          <Layout.Section>
            <Banner tone="info">
              <p>
                {t("outreach.settings.demo")} <Link to="/app/demo/mailbox">{t("outreach.settings.demo.link")}</Link>
              </p>
            </Banner>
          </Layout.Section>
        ) : null}
        {message ? (
          <Layout.Section>
            <Banner tone={result?.ok ? "success" : "critical"}>
              <p>{message}</p>
            </Banner>
          </Layout.Section>
        ) : null}
        <Layout.Section>
          <Card>
            <Form method="post" noValidate>
              <input type="hidden" name="intent" value="save" />
              <FormLayout>
                <Text as="p" tone="subdued">
                  {t("outreach.settings.help")}
                </Text>
                <FormLayout.Group>
                  <TextField label={t("outreach.settings.host")} autoComplete="off" error={fieldError("host")} {...field("host")} />
                  <TextField label={t("outreach.settings.port")} type="number" autoComplete="off" error={fieldError("port")} {...field("port")} />
                  <Select
                    label={t("outreach.settings.security")}
                    options={SMTP_SECURITY.map((s) => ({ value: s, label: t(`outreach.settings.security.${s}`) }))}
                    error={fieldError("security")}
                    {...field("security")}
                  />
                </FormLayout.Group>
                <FormLayout.Group>
                  <TextField label={t("outreach.settings.username")} autoComplete="off" error={fieldError("username")} {...field("username")} />
                  <TextField
                    label={t("outreach.settings.password")}
                    type="password"
                    autoComplete="new-password"
                    helpText={settings?.hasPassword ? t("outreach.settings.password.keep") : undefined}
                    error={fieldError("password")}
                    {...field("password")}
                  />
                </FormLayout.Group>
                {settings?.hasPassword ? (
                  <>
                    <Checkbox label={t("outreach.settings.clearPassword")} checked={clearPassword} onChange={setClearPassword} />
                    {clearPassword ? <input type="hidden" name="clearPassword" value="on" /> : null}
                  </>
                ) : null}
                <TextField
                  label={t("outreach.settings.fromEmail")}
                  type="email"
                  autoComplete="off"
                  helpText={t("outreach.settings.fromEmail.help", { shop: shopName })}
                  error={fieldError("fromEmail")}
                  {...field("fromEmail")}
                />
                <Button submit variant="primary" loading={busy === "save"}>
                  {t("outreach.settings.save")}
                </Button>
              </FormLayout>
            </Form>
          </Card>
        </Layout.Section>
        <Layout.Section>
          <Card>
            <BlockStack gap="300">
              <InlineStack align="space-between" blockAlign="center">
                <Text as="h2" variant="headingMd">
                  {t("outreach.settings.test")}
                </Text>
                <Form method="post">
                  <input type="hidden" name="intent" value="test" />
                  <Button submit loading={busy === "test"} disabled={!settings}>
                    {t("outreach.settings.test")}
                  </Button>
                </Form>
              </InlineStack>
              {settings?.lastTestAt ? (
                <BlockStack gap="200">
                  <Banner tone={settings.lastTestOk ? "success" : "critical"}>
                    <p data-testid="smtp-test-result">{t(settings.lastTestOk ? "outreach.settings.test.ok" : "outreach.settings.test.failed")}</p>
                    {!settings.lastTestOk && settings.lastTestFailure ? (
                      <p data-testid="smtp-test-failure">{t(`outreach.settings.test.failure.${settings.lastTestFailure}`)}</p>
                    ) : null}
                  </Banner>
                  <Text as="p" tone="subdued">
                    {t("outreach.settings.test.at", { date: intl.formatDate(settings.lastTestAt, { dateStyle: "medium", timeStyle: "medium" }) })}
                  </Text>
                  {settings.lastTestResponse ? (
                    <>
                      <Text as="h3" variant="headingSm">
                        {t("outreach.settings.test.answer")}
                      </Text>
                      <Box background="bg-surface-secondary" padding="300" borderRadius="200">
                        <pre dir="ltr" data-testid="smtp-answer" style={{ margin: 0, whiteSpace: "pre-wrap", wordBreak: "break-word", fontSize: 12 }}>
                          {settings.lastTestResponse}
                        </pre>
                      </Box>
                    </>
                  ) : null}
                </BlockStack>
              ) : (
                <Text as="p" tone="subdued">
                  {t("outreach.settings.test.none")}
                </Text>
              )}
            </BlockStack>
          </Card>
        </Layout.Section>
      </Layout>
    </Page>
  );
}

export const ErrorBoundary = RouteErrorBoundary;
