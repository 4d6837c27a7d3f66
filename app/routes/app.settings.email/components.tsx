import { Form } from "@remix-run/react";
import { Banner, BlockStack, Box, Button, Card, InlineStack, Text } from "@shopify/polaris";
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
