import type { LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData, useRevalidator } from "@remix-run/react";
import { BlockStack, Box, InlineGrid, Layout, Page, Text } from "@shopify/polaris";
import { useEffect } from "react";
import { useIntl } from "react-intl";
import { CardListSections } from "../components/CardListSections";
import { RouteErrorBoundary } from "../components/RouteErrorBoundary";
import { ensureDemoSmtpServer, listDemoMail } from "../demo/demo-smtp.server";
import { isDemoMode } from "../demo/demo-mode.server";
import { useT } from "../i18n/use-i18n";
import { notFound } from "../lib/http.server";
import { requireAdmin } from "../services/admin-context.server";

/**
 * Demo only (404 otherwise): the mail the demo's local SMTP server received, newest first, with
 * both parts of each message. The HTML part is shown in a sandboxed frame (no scripts, no forms).
 */
export const loader = async ({ request }: LoaderFunctionArgs) => {
  if (!isDemoMode()) notFound();
  await requireAdmin(request);
  const port = await ensureDemoSmtpServer();
  const mail = await listDemoMail();
  return {
    port,
    mail: mail.map((m) => ({
      id: m.id,
      from: m.fromHeader,
      to: m.toHeader,
      envelopeTo: m.envelopeTo,
      subject: m.subject,
      messageId: m.messageId,
      text: m.text,
      html: m.html,
      receivedAt: m.receivedAt.toISOString(),
    })),
  };
};

export default function DemoMailbox() {
  const { port, mail } = useLoaderData<typeof loader>();
  const t = useT();
  const intl = useIntl();
  const revalidator = useRevalidator();
  // New mail arrives from background jobs: look again every few seconds.
  useEffect(() => {
    const timer = setInterval(() => {
      if (revalidator.state === "idle" && document.visibilityState === "visible") revalidator.revalidate();
    }, 5000);
    return () => clearInterval(timer);
  }, [revalidator]);
  return (
    <Page title={t("outreach.mailbox.title")} subtitle={t("outreach.mailbox.help", { port: String(port ?? "") })}>
      <Layout>
        <CardListSections items={mail} emptyHeading={t("outreach.mailbox.title")} emptyBody={t("outreach.mailbox.empty")}>
          {(m) => (
            <>
              <Text as="h2" variant="headingMd">
                <span dir="auto" data-testid="mail-subject">{m.subject}</span>
              </Text>
              <Text as="p" tone="subdued">
                <bdi>{t("outreach.mailbox.from", { from: m.from })}</bdi> · <bdi>{t("outreach.mailbox.to", { to: m.to })}</bdi> ·{" "}
                {t("outreach.mailbox.received", { date: intl.formatDate(m.receivedAt, { dateStyle: "medium", timeStyle: "medium" }) })}
              </Text>
              <InlineGrid columns={{ xs: 1, md: 2 }} gap="300">
                <BlockStack gap="100">
                  <Text as="h3" variant="headingSm">
                    {t("outreach.mailbox.text")}
                  </Text>
                  <Box background="bg-surface-secondary" padding="300" borderRadius="200">
                    <pre dir="auto" data-testid="mail-text" style={{ margin: 0, whiteSpace: "pre-wrap", wordBreak: "break-word", fontFamily: "inherit" }}>
                      {m.text}
                    </pre>
                  </Box>
                </BlockStack>
                {m.html ? (
                  <BlockStack gap="100">
                    <Text as="h3" variant="headingSm">
                      {t("outreach.mailbox.html")}
                    </Text>
                    <iframe title={m.subject} sandbox="" srcDoc={m.html} style={{ width: "100%", minHeight: 420, border: "1px solid #e1e3e5", borderRadius: 8 }} />
                  </BlockStack>
                ) : null}
              </InlineGrid>
            </>
          )}
        </CardListSections>
      </Layout>
    </Page>
  );
}

export const ErrorBoundary = RouteErrorBoundary;
