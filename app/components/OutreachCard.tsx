import { Link, useFetcher } from "@remix-run/react";
import { Badge, Banner, BlockStack, Box, Button, Card, InlineStack, Select, Text, TextField } from "@shopify/polaris";
import { useEffect, useState } from "react";
import { useIntl } from "react-intl";
import type { MessageKey } from "../i18n/messages";
import { useT } from "../i18n/use-i18n";
import type { loader as outreachLoader } from "../routes/app.influencers.$id.outreach";

type Data = Awaited<ReturnType<typeof outreachLoader>>;
type Platform = "INSTAGRAM" | "TIKTOK";
const DM_MAX = 1000;

const STATUS_TONE = { QUEUED: "info", RETRYING: "warning", SENT: "success", FAILED: "critical" } as const;

/** One-click copy of a direct message; when the clipboard is refused, the text to copy by hand. */
function CopyMessage({ platform, text }: { platform: Platform; text: string }) {
  const t = useT();
  const [state, setState] = useState<"idle" | "copied" | "manual">("idle");
  useEffect(() => setState("idle"), [text]);
  const copy = async () => {
    try {
      if (!navigator.clipboard) throw new Error("no clipboard");
      await navigator.clipboard.writeText(text);
      setState("copied");
    } catch {
      setState("manual");
    }
  };
  return (
    <BlockStack gap="200">
      <InlineStack gap="200" blockAlign="center">
        <Button onClick={copy} data-testid={`copy-dm-${platform}`}>
          {state === "copied" ? t("outreach.card.copied") : t(`outreach.card.copy.${platform}`)}
        </Button>
        <Text as="span" tone="subdued" variant="bodySm">
          {t("outreach.card.length", { count: text.length, max: DM_MAX })}
        </Text>
      </InlineStack>
      {state === "manual" ? (
        <TextField
          label={t("outreach.card.copyManual")}
          value={text}
          multiline={6}
          readOnly
          autoComplete="off"
          selectTextOnFocus
          focused
          onChange={() => {}}
        />
      ) : null}
    </BlockStack>
  );
}

/**
 * "Send code" on the influencer's page: email the code (background job through the shop's SMTP
 * server) or copy it as an Instagram / TikTok message, and the emails sent with their delivery.
 * Talks to the resource route app.influencers.$id.outreach.
 */
export function OutreachCard({ influencerId }: { influencerId: string }) {
  const t = useT();
  const intl = useIntl();
  const state = useFetcher<Data>();
  const change = useFetcher<{ ok: boolean; intent: string; message?: MessageKey }>();
  const [codeId, setCodeId] = useState<string | null>(null);
  const route = `/app/influencers/${influencerId}/outreach`;
  const url = codeId ? `${route}?code=${encodeURIComponent(codeId)}` : route;
  useEffect(() => {
    if (state.state === "idle" && !state.data) state.load(url);
  }, [state, url]);
  useEffect(() => {
    if (state.state === "idle") state.load(url);
    // Reload when the chosen code changes and after each completed change.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [url, change.data]);
  const data = state.data;
  const pending = data?.messages.some((m) => m.status === "QUEUED" || m.status === "RETRYING") ?? false;
  // While an email is on its way, follow its delivery.
  useEffect(() => {
    if (!pending) return;
    const timer = setInterval(() => {
      if (state.state === "idle") state.load(url);
    }, 3000);
    return () => clearInterval(timer);
  }, [pending, state, url]);
  const date = (iso: string) => intl.formatDate(iso, { dateStyle: "medium", timeStyle: "short" });
  const busy = change.state !== "idle";
  return (
    <Card>
      <BlockStack gap="300">
        <Text as="h2" variant="headingMd">
          {t("outreach.card.title")}
        </Text>
        <Text as="p" tone="subdued">
          {t("outreach.card.help")}
        </Text>
        {change.data?.message ? (
          <Banner tone={change.data.ok ? "success" : "critical"}>
            <p>
              {t(change.data.message)}{" "}
              {change.data.message === "outreach.error.noSettings" ? <Link to="/app/settings/email">{t("outreach.card.settingsLink")}</Link> : null}
            </p>
          </Banner>
        ) : null}
        {data && data.codes.length === 0 ? (
          <Text as="p" tone="caution">
            {t("outreach.error.noCode")}
          </Text>
        ) : null}
        {data && data.codes.length > 0 ? (
          <BlockStack gap="300">
            {data.codes.length > 1 ? (
              <Select
                label={t("outreach.card.code")}
                options={data.codes.map((c) => ({ value: c.id, label: c.code }))}
                value={data.codeId ?? undefined}
                onChange={setCodeId}
              />
            ) : null}
            {data.hasEmail === false ? (
              <Text as="p" tone="caution">
                {t("outreach.error.noEmail")}
              </Text>
            ) : null}
            {!data.hasSettings ? (
              <Text as="p" tone="caution">
                {t("outreach.error.noSettings")} <Link to="/app/settings/email">{t("outreach.card.settingsLink")}</Link>
              </Text>
            ) : null}
            {!data.hasPortal ? (
              <Text as="p" tone="subdued" variant="bodySm">
                {t("outreach.card.noPortal")}
              </Text>
            ) : null}
            <InlineStack>
              <Button
                variant="primary"
                loading={busy}
                disabled={!data.hasEmail || !data.hasSettings}
                onClick={() => change.submit({ intent: "send", codeId: data.codeId ?? "" }, { method: "post", action: route })}
              >
                {t("outreach.card.send")}
              </Button>
            </InlineStack>
            {data.directMessages ? (
              <InlineStack gap="400" wrap>
                {(["INSTAGRAM", "TIKTOK"] as const).map((p) => (
                  <CopyMessage key={p} platform={p} text={data.directMessages![p]} />
                ))}
              </InlineStack>
            ) : null}
          </BlockStack>
        ) : null}
        <Text as="h3" variant="headingSm">
          {t("outreach.history.title")}
        </Text>
        {data && data.messages.length === 0 ? (
          <Text as="p" tone="subdued">
            {t("outreach.history.empty")}
          </Text>
        ) : null}
        {data?.messages.map((m) => (
          <Box key={m.id} padding="300" background="bg-surface-secondary" borderRadius="200">
            <BlockStack gap="100">
              <InlineStack gap="200" blockAlign="center" wrap>
                <Badge tone={STATUS_TONE[m.status]}>{t(`outreach.status.${m.status}`)}</Badge>
                <Text as="span" fontWeight="semibold">
                  <bdi>{m.code}</bdi>
                </Text>
                <Text as="span" tone="subdued">
                  <bdi>{t("outreach.history.to", { email: m.toEmail })}</bdi>
                </Text>
              </InlineStack>
              <Text as="p" variant="bodySm" tone="subdued">
                {t("outreach.history.queuedAt", { date: date(m.queuedAt) })}
                {m.sentAt ? ` · ${t("outreach.history.sentAt", { date: date(m.sentAt) })}` : ""}
                {m.failedAt ? ` · ${t("outreach.history.failedAt", { date: date(m.failedAt) })}` : ""}
                {m.attempts > 0 ? ` · ${t("outreach.history.attempts", { count: m.attempts })}` : ""}
              </Text>
              {m.smtpResponse ? (
                <Text as="p" variant="bodySm" breakWord>
                  <bdi dir="ltr">{t("outreach.history.response", { response: m.smtpResponse })}</bdi>
                </Text>
              ) : null}
              {m.messageId ? (
                <Text as="p" variant="bodySm" tone="subdued" breakWord>
                  <bdi dir="ltr">{t("outreach.history.messageId", { id: m.messageId })}</bdi>
                </Text>
              ) : null}
              {m.lastError && m.status !== "SENT" ? (
                <Text as="p" variant="bodySm" tone="critical" breakWord>
                  <bdi dir="ltr">{t("outreach.history.error", { error: m.lastError })}</bdi>
                </Text>
              ) : null}
              {m.status === "FAILED" ? (
                <InlineStack>
                  <Button
                    size="slim"
                    loading={busy}
                    onClick={() => change.submit({ intent: "retry", messageId: m.id }, { method: "post", action: route })}
                  >
                    {t("outreach.history.retry")}
                  </Button>
                </InlineStack>
              ) : null}
            </BlockStack>
          </Box>
        ))}
      </BlockStack>
    </Card>
  );
}
