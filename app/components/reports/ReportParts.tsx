import { useNavigate, useSearchParams } from "@remix-run/react";
import {
  Banner,
  BlockStack,
  Box,
  Button,
  Card,
  Checkbox,
  InlineStack,
  Select,
  Text,
  TextField,
  Tooltip,
} from "@shopify/polaris";
import { useState, type ReactNode } from "react";
import type { MessageKey } from "../../i18n/messages";
import { useFormat, useT } from "../../i18n/use-i18n";
import type { ParamProblem, RangePreset } from "../../lib/report-params";
import type { SerializedMetrics } from "../../lib/serialize";

/** The bad URL parameters, in words, above the report (which shows defaults in their place). */
export function ParamProblems({ problems }: { problems: ParamProblem[] }) {
  const t = useT();
  if (!problems.length) return null;
  const text = (p: ParamProblem) => {
    switch (p.problem) {
      case "preset":
        return t("dash.params.preset");
      case "date":
        return t("dash.params.date", { param: p.param });
      case "order":
        return t("dash.params.order");
      case "length":
        return t("dash.params.length");
      case "id":
        return t("dash.params.id", { param: p.param });
      case "platform":
        return t("dash.params.platform");
      default:
        return t("dash.params.value", { param: p.param });
    }
  };
  return (
    <Banner tone="warning" title={t("dash.params.title")}>
      <ul data-param-problems>
        {problems.map((p) => (
          <li key={`${p.param}-${p.problem}`}>{text(p)}</li>
        ))}
      </ul>
    </Banner>
  );
}

export interface FilterState {
  preset: RangePreset;
  range: { from: string; to: string };
  previous: { from: string; to: string } | null;
  campaignId: string | null;
  platform: string | null;
}

/**
 * Date range (presets or custom dates), comparison and filters. Every change becomes URL search
 * parameters, so the view is a shareable link; `page` resets, sorting stays.
 */
export function ReportFilters({
  query,
  campaigns,
  platforms,
  showCompare = true,
  showCampaign = true,
  showPlatform = true,
}: {
  query: FilterState;
  campaigns: { id: string; name: string }[];
  platforms: string[];
  showCompare?: boolean;
  showCampaign?: boolean;
  showPlatform?: boolean;
}) {
  const t = useT();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const [from, setFrom] = useState(query.range.from);
  const [to, setTo] = useState(query.range.to);
  const [custom, setCustom] = useState(query.preset === "custom");

  const go = (changes: Record<string, string | null>) => {
    const next = new URLSearchParams(params);
    next.delete("page");
    for (const [key, value] of Object.entries(changes)) {
      if (value === null || value === "") next.delete(key);
      else next.set(key, value);
    }
    navigate(`?${next.toString()}`, { preventScrollReset: true });
  };

  const presets: { label: string; value: RangePreset }[] = [
    { label: t("dash.range.7d"), value: "7d" },
    { label: t("dash.range.30d"), value: "30d" },
    { label: t("dash.range.90d"), value: "90d" },
    { label: t("dash.range.month"), value: "month" },
    { label: t("dash.range.custom"), value: "custom" },
  ];
  return (
    <Card>
      <BlockStack gap="300">
        <InlineStack gap="400" blockAlign="end" wrap>
          <Box minWidth="180px">
            <Select
              label={t("dash.range.label")}
              options={presets}
              value={custom ? "custom" : query.preset}
              onChange={(value) => {
                if (value === "custom") setCustom(true);
                else {
                  setCustom(false);
                  go({ range: value, from: null, to: null });
                }
              }}
            />
          </Box>
          {custom ? (
            <>
              <Box minWidth="160px">
                <TextField label={t("dash.range.from")} type="date" value={from} onChange={setFrom} autoComplete="off" />
              </Box>
              <Box minWidth="160px">
                <TextField label={t("dash.range.to")} type="date" value={to} onChange={setTo} autoComplete="off" />
              </Box>
              <Button onClick={() => go({ range: "custom", from, to })}>{t("dash.apply")}</Button>
            </>
          ) : null}
          {showCampaign ? (
            <Box minWidth="180px">
              <Select
                label={t("dash.filter.campaign")}
                options={[{ label: t("dash.filter.allCampaigns"), value: "" }, ...campaigns.map((c) => ({ label: c.name, value: c.id }))]}
                value={query.campaignId ?? ""}
                onChange={(value) => go({ campaign: value })}
              />
            </Box>
          ) : null}
          {showPlatform ? (
          <Box minWidth="160px">
            <Select
              label={t("dash.filter.platform")}
              helpText={t("dash.filter.platform.help")}
              options={[
                { label: t("dash.filter.allPlatforms"), value: "" },
                ...platforms.map((p) => ({ label: t(`platform.${p}` as MessageKey), value: p })),
              ]}
              value={query.platform ?? ""}
              onChange={(value) => go({ platform: value })}
            />
          </Box>
          ) : null}
          {showCompare ? (
            <Checkbox
              label={t("dash.compare.label")}
              checked={query.previous !== null}
              onChange={(checked) => go({ compare: checked ? null : "0" })}
            />
          ) : null}
        </InlineStack>
        <RangeSummary query={query} showCompare={showCompare} />
      </BlockStack>
    </Card>
  );
}

function RangeSummary({ query, showCompare }: { query: FilterState; showCompare: boolean }) {
  const t = useT();
  const f = useFormat();
  return (
    <Text as="p" tone="subdued">
      <span data-range={`${query.range.from}..${query.range.to}`}>
        {t("dash.range.summary", { from: f.date(query.range.from), to: f.date(query.range.to) })}
      </span>
      {showCompare && query.previous ? (
        <> · {t("dash.compare.summary", { from: f.date(query.previous.from), to: f.date(query.previous.to) })}</>
      ) : null}
    </Text>
  );
}

/** A column heading with its definition on hover and focus. */
export function Defined({ label, help }: { label: MessageKey; help: MessageKey | null }) {
  const t = useT();
  if (!help) return <>{t(label)}</>;
  return (
    <Tooltip content={t(help)} dismissOnMouseOut>
      <span style={{ textDecoration: "underline dotted", cursor: "help" }}>{t(label)}</span>
    </Tooltip>
  );
}

/** The definitions of every figure, as docs/metrics.md states them. */
export function Definitions({ extra = [] }: { extra?: { label: MessageKey; help: MessageKey }[] }) {
  const t = useT();
  const items: { label: MessageKey; help: MessageKey }[] = [
    { label: "reports.col.orders", help: "reports.help.orders" },
    { label: "reports.col.newCustomers", help: "reports.help.newCustomers" },
    { label: "reports.col.sales", help: "reports.help.sales" },
    { label: "reports.col.discounts", help: "reports.help.discounts" },
    { label: "reports.col.refunds", help: "reports.help.refunds" },
    { label: "reports.col.netSales", help: "reports.help.netSales" },
    { label: "reports.col.fees", help: "reports.help.fees" },
    { label: "reports.col.commission", help: "reports.help.commission" },
    { label: "reports.col.cost", help: "reports.help.cost" },
    { label: "reports.col.roi", help: "reports.help.roi" },
    { label: "reports.col.roas", help: "reports.help.roas" },
    { label: "reports.col.cpa", help: "reports.help.cpa" },
    { label: "reports.col.cac", help: "reports.help.cac" },
    { label: "reports.col.aov", help: "reports.help.aov" },
    ...extra,
  ];
  return (
    <Card>
      <BlockStack gap="200">
        <Text as="h2" variant="headingMd">
          {t("reports.definitions")}
        </Text>
        <dl style={{ display: "grid", gridTemplateColumns: "max-content 1fr", gap: "var(--p-space-100) var(--p-space-400)", margin: 0 }}>
          {items.map((item) => (
            <DefinitionRow key={item.label} term={t(item.label)} description={t(item.help)} />
          ))}
        </dl>
        <Text as="p" tone="subdued">
          {t("reports.help.dash")}
        </Text>
      </BlockStack>
    </Card>
  );
}

function DefinitionRow({ term, description }: { term: string; description: string }) {
  return (
    <>
      <dt style={{ fontWeight: 600 }}>{term}</dt>
      <dd style={{ margin: 0 }}>{description}</dd>
    </>
  );
}

/**
 * A figure isolated from the text around it (numbers, money, codes, names), reading in its own
 * direction: digits and codes left to right, and money as the language writes it (Intl marks
 * Hebrew and Arabic amounts right to left, so "$" sits where the KPI cards and the portal put it).
 * Forcing left to right here made tables show "3,502.85 $" beside cards showing "$ 3,502.85".
 */
export function Figure({ children }: { children: ReactNode }) {
  return <bdi>{children}</bdi>;
}

export type MetricColumn =
  | "orders"
  | "newCustomers"
  | "sales"
  | "discounts"
  | "refunds"
  | "netSales"
  | "fees"
  | "commission"
  | "cost"
  | "roi"
  | "roas"
  | "cpa"
  | "cac"
  | "aov";

export const METRIC_LABELS: Record<MetricColumn, { label: MessageKey; help: MessageKey }> = {
  orders: { label: "reports.col.orders", help: "reports.help.orders" },
  newCustomers: { label: "reports.col.newCustomers", help: "reports.help.newCustomers" },
  sales: { label: "reports.col.sales", help: "reports.help.sales" },
  discounts: { label: "reports.col.discounts", help: "reports.help.discounts" },
  refunds: { label: "reports.col.refunds", help: "reports.help.refunds" },
  netSales: { label: "reports.col.netSales", help: "reports.help.netSales" },
  fees: { label: "reports.col.fees", help: "reports.help.fees" },
  commission: { label: "reports.col.commission", help: "reports.help.commission" },
  cost: { label: "reports.col.cost", help: "reports.help.cost" },
  roi: { label: "reports.col.roi", help: "reports.help.roi" },
  roas: { label: "reports.col.roas", help: "reports.help.roas" },
  cpa: { label: "reports.col.cpa", help: "reports.help.cpa" },
  cac: { label: "reports.col.cac", help: "reports.help.cac" },
  aov: { label: "reports.col.aov", help: "reports.help.aov" },
};

/** One metric of a serialized row, formatted for the admin's locale and isolated left to right. */
export function useMetricText() {
  const f = useFormat();
  return (m: SerializedMetrics, column: MetricColumn, currency: string): string => {
    switch (column) {
      case "orders":
      case "newCustomers":
        return f.count(m[column]);
      case "roi":
        return f.percent(m.roiPercent);
      case "roas":
        return f.multiple(m.roas);
      case "cpa":
      case "cac":
      case "aov":
        return f.money(m[column], currency);
      default:
        return f.money(m[column], currency);
    }
  };
}
