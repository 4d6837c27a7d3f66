import { data, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { Banner, Button, Card, Checkbox, FormLayout, Layout, Page, Select, Text, TextField } from "@shopify/polaris";
import { useState } from "react";
import { useFieldError, useFields } from "../../components/form-helpers";
import { RouteErrorBoundary } from "../../components/RouteErrorBoundary";
import type { MessageKey } from "../../i18n/messages";
import { useT } from "../../i18n/use-i18n";
import { smtpOutboundPolicy } from "../../config.server";
import { parseForm } from "../../lib/form-validation";
import { dailySummarySchema, emailSettingsSchema, SMTP_SECURITY } from "../../lib/forms/email-settings";
import { invalid, saved } from "../../lib/http.server";
import { requireAdmin } from "../../services/admin-context.server";
import { emailSettingsView, saveCheckedEmailSettings, testEmailConnection } from "../../services/email-settings.server";
import { latestSummary, saveSummarySettings } from "../../models/daily-summary.server";
import { ConnectionTestCard, DailySummaryCard } from "./components";

/**
 * Settings → Email: the shop's SMTP server for messages to influencers, and a connection test
 * (nodemailer verify: connect, TLS, sign-in) that shows what the server answered.
 */

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { shop, demo } = await requireAdmin(request);
  const [settings, last] = await Promise.all([emailSettingsView(shop), latestSummary(shop.id)]);
  const lastSummary = last
    ? { shopDate: last.shopDate.toISOString().slice(0, 10), status: last.status, toEmail: last.toEmail }
    : null;
  return { settings, lastSummary, shopName: shop.name, demo };
};

export const action = async ({ request }: ActionFunctionArgs) => {
  const { shop } = await requireAdmin(request);
  const form = await request.formData();
  const intent = String(form.get("intent") ?? "");
  const policy = smtpOutboundPolicy();
  if (intent === "save") {
    const parsed = parseForm(emailSettingsSchema, form);
    if (!parsed.ok) return invalid(intent, parsed.fieldErrors, "validation.form");
    const result = await saveCheckedEmailSettings(shop.id, parsed.data, policy);
    if (!result.ok) return invalid(intent, result.fieldErrors, "validation.form");
    return saved(intent, { message: "outreach.settings.saved" as const });
  }
  if (intent === "summary") {
    const parsed = parseForm(dailySummarySchema, form);
    if (!parsed.ok) return invalid(intent, parsed.fieldErrors, "validation.form");
    const { count } = await saveSummarySettings(shop.id, parsed.data);
    if (!count) return data({ intent, ok: false as const, fieldErrors: {}, message: "summary.settings.noSmtp" as const }, { status: 400 });
    return saved(intent, { message: "summary.settings.saved" as const });
  }
  if (intent === "test") {
    const answer = await testEmailConnection(shop, policy);
    if (!answer) return data({ intent, ok: false as const, fieldErrors: {}, message: "outreach.settings.notSaved" as const }, { status: 400 });
    return saved(intent, { tested: answer.ok });
  }
  throw new Response("Unknown intent", { status: 400 });
};

export default function EmailSettingsPage() {
  const { settings, lastSummary, shopName, demo } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const navigation = useNavigation();
  const t = useT();
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
          <ConnectionTestCard settings={settings} busy={busy === "test"} />
        </Layout.Section>
        <Layout.Section>
          <DailySummaryCard
            settings={settings}
            lastSummary={lastSummary}
            busy={busy === "summary"}
            fieldError={fieldError}
          />
        </Layout.Section>
      </Layout>
    </Page>
  );
}

export const ErrorBoundary = RouteErrorBoundary;
