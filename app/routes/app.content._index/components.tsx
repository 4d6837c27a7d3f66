import { useFetcher, useLoaderData } from "@remix-run/react";
import { Banner, BlockStack, Button, Card, DataTable, InlineGrid, InlineStack, Select, Text, TextField } from "@shopify/polaris";
import { useState } from "react";
import type { MessageKey } from "../../i18n/messages";
import { useFormat, useT } from "../../i18n/use-i18n";
import { EMV_METRICS } from "../../lib/content-metrics";
import { POST_COUNTERS } from "../../lib/forms/content-post";
import { LINK_PLATFORMS } from "../../lib/forms/tracking-link";
import type { FormResult } from "../../lib/http.server";
import type { loader } from "./route";
import type { serializeMetrics } from "./serialize";

export type Row = ReturnType<typeof serializeMetrics>;

export function useMetricCells() {
  const f = useFormat();
  const { currency } = useLoaderData<typeof loader>();
  return (m: Row) => [
    f.count(m.reach),
    f.count(m.impressions),
    f.count(m.engagements),
    f.percent(m.engagementRate),
    f.percent(m.ctr),
    f.money(m.cpe, currency),
    f.money(m.cpm, currency),
    f.money(m.emv, currency),
    f.count(m.hashtagMentions),
  ];
}

export function useMetricHeadings() {
  const t = useT();
  return [
    t("content.reach"),
    t("content.impressions"),
    t("content.engagements"),
    t("content.engagementRate"),
    t("content.ctr"),
    t("content.cpe"),
    t("content.cpm"),
    t("content.emv"),
    t("content.hashtagMentions"),
  ];
}

export const NUMERIC = Array(9).fill("numeric") as "numeric"[];

export function GroupTable({ title, rows }: { title: string; rows: { id: string; name: string; metrics: Row }[] }) {
  const t = useT();
  const cells = useMetricCells();
  const headings = useMetricHeadings();
  return (
    <Card>
      <BlockStack gap="200">
        <Text as="h2" variant="headingMd">
          {title}
        </Text>
        {rows.length === 0 ? (
          <Text as="p" tone="subdued">
            {t("content.empty")}
          </Text>
        ) : (
          <DataTable columnContentTypes={["text", "numeric", ...NUMERIC]} headings={[t("content.name"), t("content.posts"), ...headings]} rows={rows.map((r) => [r.name, String(r.metrics.posts), ...cells(r.metrics)])} />
        )}
      </BlockStack>
    </Card>
  );
}

export function AddPostCard() {
  const { influencers, campaigns, links, today } = useLoaderData<typeof loader>();
  const t = useT();
  const fetcher = useFetcher<FormResult>();
  const result = fetcher.data?.intent === "add" ? fetcher.data : undefined;
  const err = (field: string) => (result && !result.ok && result.fieldErrors[field] ? t.safe(result.fieldErrors[field]) : undefined);
  const [values, setValues] = useState<Record<string, string>>({ influencerId: influencers[0]?.id ?? "", campaignId: "", platform: "INSTAGRAM", postedOn: today });
  // A post carries one of its influencer's links: choosing another influencer clears the link.
  const field = (name: string) => ({
    name,
    value: values[name] ?? "",
    onChange: (v: string) => setValues({ ...values, [name]: v, ...(name === "influencerId" ? { trackingLinkId: "" } : {}) }),
    error: err(name),
    autoComplete: "off",
  });
  const influencerLinks = links.filter((l) => l.influencerId === values.influencerId);
  return (
    <Card>
      <fetcher.Form method="post" noValidate key={result?.ok ? result.savedAt : undefined}>
        <input type="hidden" name="intent" value="add" />
        <BlockStack gap="300">
          <Text as="h2" variant="headingMd">
            {t("content.add")}
          </Text>
          {result?.message ? <Banner tone="critical">{t(result.message)}</Banner> : null}
          {result?.ok ? <Banner tone="success">{t("content.saved")}</Banner> : null}
          <InlineGrid columns={{ xs: 1, md: 3 }} gap="200">
            <Select label={t("content.influencer")} options={influencers.map((i) => ({ label: i.name, value: i.id }))} {...field("influencerId")} />
            <Select label={t("content.campaign")} options={[{ label: t("content.campaign.none"), value: "" }, ...campaigns.map((c) => ({ label: c.name, value: c.id }))]} {...field("campaignId")} />
            <Select label={t("content.platform")} options={LINK_PLATFORMS.map((p) => ({ label: t(`links.platform.${p}` as MessageKey), value: p }))} {...field("platform")} />
          </InlineGrid>
          <InlineGrid columns={{ xs: 1, md: 3 }} gap="200">
            <TextField label={t("content.url")} type="url" {...field("url")} />
            <TextField label={t("content.postedOn")} type="date" {...field("postedOn")} />
            <TextField label={t("content.cost")} inputMode="decimal" {...field("cost")} />
          </InlineGrid>
          <Select
            label={t("content.link")}
            helpText={t("content.link.help")}
            options={[
              { label: t("content.link.none"), value: "" },
              ...influencerLinks.map((l) => ({ label: `${t(`links.platform.${l.platform}` as MessageKey)} · ${l.utmContent} · /l/${l.slug}`, value: l.id })),
            ]}
            {...field("trackingLinkId")}
          />
          <InlineGrid columns={{ xs: 2, md: 5 }} gap="200">
            {POST_COUNTERS.map((c) => (
              <TextField key={c} label={t(`content.${c}` as MessageKey)} inputMode="numeric" {...field(c)} />
            ))}
          </InlineGrid>
          <InlineStack align="end">
            <Button submit variant="primary" loading={fetcher.state !== "idle"}>
              {t("content.save")}
            </Button>
          </InlineStack>
        </BlockStack>
      </fetcher.Form>
    </Card>
  );
}

interface ImportData extends FormResult {
  imported?: number;
  rows?: number;
  rowErrors?: { line: number; errors: Record<string, string> }[];
}

export function ImportCard() {
  const t = useT();
  const fetcher = useFetcher<ImportData>();
  const result = fetcher.data?.intent === "import" ? fetcher.data : undefined;
  return (
    <Card>
      <fetcher.Form method="post" encType="multipart/form-data" noValidate>
        <input type="hidden" name="intent" value="import" />
        <BlockStack gap="300">
          <Text as="h2" variant="headingMd">
            {t("content.import")}
          </Text>
          <Text as="p" tone="subdued">
            {t("content.import.help")}
          </Text>
          <input type="file" name="file" accept=".csv,text/csv" aria-label={t("content.import.file")} />
          {result && !result.ok ? <Banner tone="critical">{t.safe(result.fieldErrors.form ?? "validation.form")}</Banner> : null}
          {result?.ok ? (
            <Banner tone={result.rowErrors?.length ? "warning" : "success"}>
              <p>{t("content.import.done", { imported: result.imported ?? 0, rows: result.rows ?? 0 })}</p>
              {result.rowErrors?.map((r) => (
                <p key={r.line} data-row-error={r.line}>
                  {t("content.import.rowError", {
                    line: r.line,
                    errors: Object.entries(r.errors)
                      .map(([f, m]) => `${f}: ${t.safe(m)}`)
                      .join("; "),
                  })}
                </p>
              ))}
            </Banner>
          ) : null}
          <InlineStack align="end">
            <Button submit loading={fetcher.state !== "idle"}>
              {t("content.import.submit")}
            </Button>
          </InlineStack>
        </BlockStack>
      </fetcher.Form>
    </Card>
  );
}

export function RatesCard() {
  const { rates, currency } = useLoaderData<typeof loader>();
  const t = useT();
  const fetcher = useFetcher<FormResult>();
  const result = fetcher.data?.intent === "rates" ? fetcher.data : undefined;
  const [values, setValues] = useState<Record<string, string>>(rates);
  return (
    <Card>
      <fetcher.Form method="post" noValidate>
        <input type="hidden" name="intent" value="rates" />
        <BlockStack gap="300">
          <Text as="h2" variant="headingMd">
            {t("content.rates")}
          </Text>
          <Text as="p" tone="subdued">
            {t("content.rates.help", { currency })}
          </Text>
          {EMV_METRICS.map((m) => (
            <TextField
              key={m}
              label={t(`content.${m}` as MessageKey)}
              name={m}
              inputMode="decimal"
              value={values[m]}
              onChange={(v) => setValues({ ...values, [m]: v })}
              error={result && !result.ok && result.fieldErrors[m] ? t.safe(result.fieldErrors[m]) : undefined}
              autoComplete="off"
            />
          ))}
          <InlineStack align="end" gap="200" blockAlign="center">
            {result?.ok ? <Text as="span" tone="success">{t("content.saved")}</Text> : null}
            <Button submit loading={fetcher.state !== "idle"}>
              {t("content.save")}
            </Button>
          </InlineStack>
        </BlockStack>
      </fetcher.Form>
    </Card>
  );
}
