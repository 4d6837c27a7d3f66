import { Link, useRevalidator } from "@remix-run/react";
import { Badge, BlockStack, InlineStack, Text } from "@shopify/polaris";
import { useEffect } from "react";
import { useIntl } from "react-intl";
import type { MessageKey } from "../i18n/messages";
import { useT } from "../i18n/use-i18n";

export interface RecipientRow {
  id: string;
  name: string;
  hasEmail: boolean;
  message: {
    code: string;
    status: "QUEUED" | "RETRYING" | "SENT" | "FAILED";
    attempts: number;
    queuedAt: string;
    sentAt: string | null;
    failedAt: string | null;
    lastError: string | null;
  } | null;
}

const TONE = { QUEUED: "info", RETRYING: "attention", SENT: "success", FAILED: "critical" } as const;
const REFRESH_MS = 5_000;

/**
 * Per recipient, the latest code email: queued, retrying (and how often), delivered to the mail
 * server (when), or failed (why, with the way to try again on the influencer's page). While any is
 * on its way the page refreshes itself.
 */
export function CampaignRecipients({ recipients, timezone }: { recipients: RecipientRow[]; timezone: string }) {
  const t = useT();
  const intl = useIntl();
  const revalidator = useRevalidator();
  const pending = recipients.some((r) => r.message?.status === "QUEUED" || r.message?.status === "RETRYING");
  useEffect(() => {
    if (!pending) return;
    const timer = setInterval(() => {
      if (document.visibilityState === "visible" && revalidator.state === "idle") revalidator.revalidate();
    }, REFRESH_MS);
    return () => clearInterval(timer);
  }, [pending, revalidator]);
  const when = (iso: string) => intl.formatDate(new Date(iso), { timeZone: timezone, dateStyle: "medium", timeStyle: "short" });
  if (recipients.length === 0) return null;
  return (
    <BlockStack gap="200">
      <Text as="h3" variant="headingSm">
        {t("recipients.title")}
      </Text>
      <ul style={{ listStyle: "none", margin: 0, padding: 0 }} data-recipients>
        {recipients.map((r) => (
          <li key={r.id} data-recipient={r.name} style={{ padding: "var(--p-space-100) 0" }}>
            <InlineStack gap="200" blockAlign="center" wrap>
              <Link to={`/app/influencers/${r.id}`}>{r.name}</Link>
              {r.message ? (
                <>
                  <Badge tone={TONE[r.message.status]}>{t(`outreach.status.${r.message.status}` as MessageKey)}</Badge>
                  <Text as="span" variant="bodySm" tone="subdued">
                    <bdi>{r.message.code}</bdi>
                    {" · "}
                    {r.message.status === "SENT" && r.message.sentAt
                      ? t("outreach.history.sentAt", { date: when(r.message.sentAt) })
                      : r.message.status === "FAILED" && r.message.failedAt
                        ? t("outreach.history.failedAt", { date: when(r.message.failedAt) })
                        : t("outreach.history.queuedAt", { date: when(r.message.queuedAt) })}
                    {r.message.attempts > 1 ? ` · ${t("outreach.history.attempts", { count: r.message.attempts })}` : ""}
                  </Text>
                  {r.message.status === "FAILED" ? (
                    <Link to={`/app/influencers/${r.id}`}>{t("recipients.retry")}</Link>
                  ) : null}
                </>
              ) : (
                <Text as="span" variant="bodySm" tone="subdued">
                  {t(r.hasEmail ? "recipients.notSent" : "recipients.noEmail")}
                </Text>
              )}
            </InlineStack>
            {r.message?.status === "FAILED" || r.message?.status === "RETRYING" ? (
              r.message.lastError ? (
                <Text as="p" variant="bodySm" tone="critical" breakWord>
                  <bdi dir="ltr">{t("outreach.history.error", { error: r.message.lastError })}</bdi>
                </Text>
              ) : null
            ) : null}
          </li>
        ))}
      </ul>
    </BlockStack>
  );
}
