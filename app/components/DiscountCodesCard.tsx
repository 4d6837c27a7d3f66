import { useFetcher } from "@remix-run/react";
import { Badge, Banner, BlockStack, Box, Button, Card, Divider, InlineStack, Text, TextField } from "@shopify/polaris";
import { useEffect, useState } from "react";
import type { MessageKey } from "../i18n/messages";
import { useFormat, useT } from "../i18n/use-i18n";
import type { FormResult } from "../lib/http.server";
import { CodeSettingsFields } from "./CodeSettingsFields";
import { ConfirmButton } from "./ConfirmButton";
import { CopyField } from "./CopyField";
import { useFieldError } from "./form-helpers";

export interface CodeRow {
  id: string;
  code: string;
  valueType: "PERCENTAGE" | "FIXED_AMOUNT";
  value: string;
  status: "ACTIVE" | "PAUSED" | "SCHEDULED" | "EXPIRED";
  syncState: "PENDING" | "SYNCED" | "FAILED";
  syncError: string | null;
  linkedExisting: boolean;
  startsAt: string;
  endsAt: string | null;
  campaign: { id: string; name: string } | null;
  link: string;
}

const STATUS_TONE = { ACTIVE: "success", PAUSED: "attention", SCHEDULED: "info", EXPIRED: undefined } as const;
const SYNC_TONE = { PENDING: "attention", SYNCED: undefined, FAILED: "critical" } as const;

function CodeActions({ code }: { code: CodeRow }) {
  const t = useT();
  const fetcher = useFetcher<FormResult>();
  const error = fetcher.data && !fetcher.data.ok ? fetcher.data.fieldErrors.form : undefined;
  const translate = useFieldError(fetcher.data?.fieldErrors);
  return (
    <BlockStack gap="100" inlineAlign="end">
      <fetcher.Form method="post" noValidate>
        <input type="hidden" name="codeId" value={code.id} />
        {code.syncState === "SYNCED" ? (
          <>
            <input type="hidden" name="intent" value="codeActive" />
            <input type="hidden" name="active" value={code.status === "PAUSED" ? "true" : "false"} />
            {code.status === "EXPIRED" ? null : (
              <InlineStack gap="200">
                <Button submit size="slim" loading={fetcher.state !== "idle"} accessibilityLabel={t(code.status === "PAUSED" ? "codeui.resume.label" : "codeui.pause.label", { code: code.code })}>
                  {code.status === "PAUSED" ? t("codeui.resume") : t("codeui.pause")}
                </Button>
                <ConfirmButton
                  size="slim"
                  tone="critical"
                  variant="plain"
                  accessibilityLabel={t("codes.end.label", { code: code.code })}
                  title={t("confirm.endCode.title", { code: code.code })}
                  message={t("confirm.endCode.message")}
                  confirmLabel={t("confirm.endCode.confirm")}
                  onConfirm={() => fetcher.submit({ intent: "endCode", codeId: code.id }, { method: "post" })}
                >
                  {t("codes.end")}
                </ConfirmButton>
              </InlineStack>
            )}
          </>
        ) : (
          <>
            <input type="hidden" name="intent" value="retryCode" />
            <Button submit size="slim" loading={fetcher.state !== "idle"}>
              {t("codeui.retry")}
            </Button>
          </>
        )}
      </fetcher.Form>
      {error ? (
        <Text as="span" tone="critical" variant="bodySm">
          {translate("form")}
        </Text>
      ) : null}
    </BlockStack>
  );
}

function CodeItem({ code, currency }: { code: CodeRow; currency: string }) {
  const t = useT();
  const f = useFormat();
  const offer =
    code.valueType === "PERCENTAGE" ? f.percent(code.value) : f.money(code.value, currency);
  return (
    <Box paddingBlock="200">
      <BlockStack gap="200">
        <InlineStack align="space-between" blockAlign="start" gap="300">
          <BlockStack gap="100">
            <InlineStack gap="200" blockAlign="center">
              <Text as="span" variant="headingSm">
                <bdi data-testid="code">{code.code}</bdi>
              </Text>
              <Badge tone={STATUS_TONE[code.status]}>{t(`codeui.status.${code.status}` as MessageKey)}</Badge>
              {code.syncState === "SYNCED" ? null : (
                <Badge tone={SYNC_TONE[code.syncState]}>{t(`codeui.sync.${code.syncState}` as MessageKey)}</Badge>
              )}
              {code.linkedExisting ? <Badge>{t("codeui.linked")}</Badge> : null}
            </InlineStack>
            <Text as="span" tone="subdued">
              {t("codeui.offer", { offer })}
              {" · "}
              {code.endsAt
                ? t("codeui.dates", { from: f.date(code.startsAt), to: f.date(code.endsAt) })
                : t("codeui.datesOpen", { from: f.date(code.startsAt) })}
              {code.campaign ? ` · ${code.campaign.name}` : ""}
            </Text>
            {code.syncError ? (
              <Text as="span" tone="critical" variant="bodySm">
                {t("codeui.syncError", { error: code.syncError })}
              </Text>
            ) : null}
          </BlockStack>
          <CodeActions code={code} />
        </InlineStack>
        <CopyField value={code.link} label={code.code} />
        {code.syncState === "SYNCED" && code.status !== "EXPIRED" ? <CodeOfferEditor code={code} currency={currency} /> : null}
      </BlockStack>
    </Box>
  );
}

/** Changes the offer and dates of a code that exists in Shopify (discountCodeBasicUpdate). */
function CodeOfferEditor({ code, currency }: { code: CodeRow; currency: string }) {
  const t = useT();
  const [open, setOpen] = useState(false);
  const fetcher = useFetcher<FormResult>({ key: `edit-code-${code.id}` });
  const result = fetcher.data?.intent === "editCode" ? fetcher.data : undefined;
  const error = useFieldError(result?.fieldErrors);
  const [value, setValue] = useState(code.value);
  const [startsAt, setStartsAt] = useState(code.startsAt.slice(0, 10));
  const [endsAt, setEndsAt] = useState(code.endsAt?.slice(0, 10) ?? "");
  if (!open) {
    return (
      <InlineStack>
        <Button variant="plain" onClick={() => setOpen(true)}>
          {t("codes.edit")}
        </Button>
      </InlineStack>
    );
  }
  return (
    <fetcher.Form method="post" noValidate>
      <input type="hidden" name="intent" value="editCode" />
      <input type="hidden" name="codeId" value={code.id} />
      <BlockStack gap="200">
        {result?.ok ? <Banner tone="success">{t("codes.edit.saved")}</Banner> : null}
        {error("form") ? <Banner tone="critical">{error("form")}</Banner> : null}
        <InlineStack gap="200" wrap={false}>
          <TextField
            label={t("codeui.field.value")}
            name="value"
            value={value}
            onChange={setValue}
            autoComplete="off"
            inputMode="decimal"
            suffix={code.valueType === "PERCENTAGE" ? "%" : currency}
            error={error("value")}
          />
          <TextField label={t("codeui.field.startsAt")} name="startsAt" type="date" value={startsAt} onChange={setStartsAt} autoComplete="off" error={error("startsAt")} />
          <TextField label={t("codeui.field.endsAt")} name="endsAt" type="date" value={endsAt} onChange={setEndsAt} autoComplete="off" error={error("endsAt")} />
        </InlineStack>
        <InlineStack align="end">
          <Button submit size="slim" loading={fetcher.state !== "idle"}>
            {t("codes.edit.save")}
          </Button>
        </InlineStack>
      </BlockStack>
    </fetcher.Form>
  );
}

function CreateCodeForm({
  currency,
  today,
  campaigns,
  defaultCampaignId,
}: {
  currency: string;
  today: string;
  campaigns: { id: string; name: string }[];
  defaultCampaignId: string | null;
}) {
  const t = useT();
  const fetcher = useFetcher<FormResult>({ key: "create-code" });
  const result = fetcher.data?.intent === "createCode" ? fetcher.data : undefined;
  const error = useFieldError(result?.fieldErrors);
  const created = result?.ok ? (result as FormResult & { code: string; requestedCode: string }) : undefined;
  // A fresh form after each created code; the fields stay as typed after an error.
  const [formKey, setFormKey] = useState(0);
  const savedAt = created?.savedAt;
  useEffect(() => {
    if (savedAt) setFormKey(savedAt);
  }, [savedAt]);
  return (
    <fetcher.Form method="post" noValidate aria-label={t("codeui.create.title")}>
      <input type="hidden" name="intent" value="createCode" />
      <BlockStack gap="300">
        <Text as="h3" variant="headingSm">
          {t("codeui.create.title")}
        </Text>
        {created ? (
          <Banner tone="success">
            <p>
              {created.requestedCode && created.requestedCode !== created.code
                ? t("codeui.created.variant", { requested: created.requestedCode, code: created.code })
                : t("codeui.created", { code: created.code })}
            </p>
          </Banner>
        ) : null}
        {result && !result.ok && result.fieldErrors.form ? (
          <Banner tone="critical">
            <p>{error("form")}</p>
          </Banner>
        ) : null}
        <CodeSettingsFields key={formKey} errors={result?.ok ? undefined : result?.fieldErrors} currency={currency} today={today} campaigns={campaigns} defaultCampaignId={defaultCampaignId ?? ""} withCode />
        <InlineStack align="end">
          <Button submit variant="primary" loading={fetcher.state !== "idle"}>
            {t("codeui.create.submit")}
          </Button>
        </InlineStack>
      </BlockStack>
    </fetcher.Form>
  );
}

function LinkCodeForm() {
  const t = useT();
  const fetcher = useFetcher<FormResult>({ key: "link-code" });
  const result = fetcher.data?.intent === "linkCode" ? fetcher.data : undefined;
  const error = useFieldError(result?.fieldErrors);
  const [code, setCode] = useState("");
  return (
    <fetcher.Form method="post" noValidate aria-label={t("codeui.link.title")}>
      <input type="hidden" name="intent" value="linkCode" />
      <BlockStack gap="300">
        <Text as="h3" variant="headingSm">
          {t("codeui.link.title")}
        </Text>
        <Text as="p" tone="subdued">
          {t("codeui.link.help")}
        </Text>
        <InlineStack gap="200" blockAlign="start">
          <div style={{ flexGrow: 1 }}>
            <TextField
              label={t("codeui.link.code")}
              name="code"
              autoComplete="off"
              value={code}
              onChange={setCode}
              error={error("code") ?? error("form")}
              connectedRight={
                <Button submit loading={fetcher.state !== "idle"}>
                  {t("codeui.link.submit")}
                </Button>
              }
            />
          </div>
        </InlineStack>
        {result?.ok ? (
          <span role="status">
            <Text as="p" tone="success">
              {t("codeui.linked.done", { code: String(result.code) })}
            </Text>
          </span>
        ) : null}
      </BlockStack>
    </fetcher.Form>
  );
}

/** The influencer's discount codes with their shareable links, and the forms to add one. */
export function DiscountCodesCard({
  codes,
  currency,
  today,
  campaigns,
  defaultCampaignId = null,
}: {
  codes: CodeRow[];
  currency: string;
  today: string;
  campaigns: { id: string; name: string }[];
  /** The campaign a new code starts on: the influencer's running campaign. */
  defaultCampaignId?: string | null;
}) {
  const t = useT();
  return (
    <Card>
      <BlockStack gap="300">
        <Text as="h2" variant="headingMd">
          {t("codeui.title")}
        </Text>
        {codes.length === 0 ? (
          <Text as="p" tone="subdued">
            {t("codeui.empty")}
          </Text>
        ) : (
          <BlockStack gap="100">
            {codes.map((code, index) => (
              <BlockStack key={code.id} gap="100">
                {index > 0 ? <Divider /> : null}
                <CodeItem code={code} currency={currency} />
              </BlockStack>
            ))}
          </BlockStack>
        )}
        <Divider />
        <CreateCodeForm currency={currency} today={today} campaigns={campaigns} defaultCampaignId={defaultCampaignId} />
        <Divider />
        <LinkCodeForm />
      </BlockStack>
    </Card>
  );
}
