import { Form } from "@remix-run/react";
import { Banner, BlockStack, Box, Button, Card, Checkbox, FormLayout, InlineStack, Text, TextField } from "@shopify/polaris";
import { useState } from "react";
import { useIntl } from "react-intl";
import { useT } from "../../i18n/use-i18n";
import type { EmailSettingsView } from "../../models/email-settings.server";

/** The connection test: its button, and what the last test found (the failure and the server's SMTP replies). */
export function ConnectionTestCard({ settings, busy }: { settings: EmailSettingsView | null; busy: boolean }) {
  const t = useT();
  const intl = useIntl();
  return (
    <Card>
      <BlockStack gap="300">
        <InlineStack align="space-between" blockAlign="center">
          <Text as="h2" variant="headingMd">
            {t("outreach.settings.test")}
          </Text>
          <Form method="post">
            <input type="hidden" name="intent" value="test" />
            <Button submit loading={busy} disabled={!settings}>
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
  );
}

export interface LastSummary {
  shopDate: string;
  status: "PENDING" | "SENT" | "NOTHING";
  toEmail: string | null;
}

/** The owner's daily summary: on or off, where it goes, and what the last one did (decision 035). */
export function DailySummaryCard({
  settings,
  lastSummary,
  busy,
  fieldError,
}: {
  settings: EmailSettingsView | null;
  lastSummary: LastSummary | null;
  busy: boolean;
  fieldError: (name: string) => string | undefined;
}) {
  const t = useT();
  const intl = useIntl();
  const [enabled, setEnabled] = useState(settings?.dailySummary ?? true);
  const [to, setTo] = useState(settings?.summaryTo ?? "");
  const lastDate = lastSummary ? intl.formatDate(`${lastSummary.shopDate}T12:00:00Z`, { dateStyle: "long", timeZone: "UTC" }) : null;
  return (
    <Card>
      <Form method="post" noValidate>
        <input type="hidden" name="intent" value="summary" />
        <FormLayout>
          <Text as="h2" variant="headingMd">
            {t("summary.settings.heading")}
          </Text>
          <Text as="p" tone="subdued">
            {t("summary.settings.help")}
          </Text>
          {settings ? (
            <>
              <Checkbox label={t("summary.settings.enabled")} name="dailySummary" checked={enabled} onChange={setEnabled} />
              <TextField
                label={t("summary.settings.to")}
                name="summaryTo"
                type="email"
                autoComplete="email"
                value={to}
                onChange={setTo}
                disabled={!enabled}
                helpText={t("summary.settings.to.help", { email: settings.fromEmail })}
                error={fieldError("summaryTo")}
              />
              {/* A disabled field is not submitted: keep the address while the summary is off. */}
              {!enabled ? <input type="hidden" name="summaryTo" value={to} /> : null}
              {lastSummary && lastDate ? (
                <Text as="p" tone="subdued">
                  <span data-testid="daily-summary-last">
                    {t(`summary.settings.last.${lastSummary.status}`, { date: lastDate, email: lastSummary.toEmail ?? settings.fromEmail })}
                  </span>
                </Text>
              ) : null}
              <InlineStack>
                <Button submit loading={busy}>
                  {t("summary.settings.save")}
                </Button>
              </InlineStack>
            </>
          ) : (
            <Text as="p">{t("summary.settings.noSmtp")}</Text>
          )}
        </FormLayout>
      </Form>
    </Card>
  );
}
