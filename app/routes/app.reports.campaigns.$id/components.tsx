import { Badge, BlockStack, Card, InlineStack, ProgressBar, Text } from "@shopify/polaris";
import { KpiCard } from "../../components/reports/ReportPage";
import { Defined, METRIC_LABELS, useMetricText, type MetricColumn } from "../../components/reports/ReportParts";
import type { CampaignGoal } from "../../generated/prisma/enums";
import type { MessageKey } from "../../i18n/messages";
import { useFormat, useT } from "../../i18n/use-i18n";
import type { SerializedMetrics } from "../../lib/serialize";
import type { campaignReportData } from "./data.server";

type CampaignReport = NonNullable<Awaited<ReturnType<typeof campaignReportData>>>;
type Content = CampaignReport["content"];

type ContentKpi = "reach" | "impressions" | "cpm" | "emv" | "clicks" | "ctr" | "visits" | "engagement";
export type GoalKpi = { label: MessageKey; help?: MessageKey; column?: MetricColumn; content?: ContentKpi };
export const GOAL_KPIS: Record<CampaignGoal, GoalKpi[]> = {
  AWARENESS: [
    { label: "reports.kpi.reach", content: "reach" },
    { label: "reports.kpi.impressions", content: "impressions" },
    { label: "reports.kpi.cpm", content: "cpm" },
    { label: "reports.kpi.emv", content: "emv" },
  ],
  CONSIDERATION: [
    { label: "reports.kpi.clicks", content: "clicks" },
    { label: "reports.kpi.ctr", content: "ctr" },
    { label: "reports.kpi.visits", content: "visits" },
    { label: "reports.kpi.engagement", content: "engagement" },
  ],
  CONVERSION: [
    { label: "reports.col.orders", column: "orders" },
    { label: "reports.col.roi", column: "roi" },
    { label: "reports.col.cpa", column: "cpa" },
  ],
};
/** One KPI of the campaign: a sales figure, a content figure (reach, clicks…), or "not tracked" when nothing measures it. */
export function CampaignKpiCard({ kpi, metrics, content, currency }: { kpi: GoalKpi; metrics: SerializedMetrics; content: Content; currency: string }) {
  const t = useT();
  const f = useFormat();
  const metric = useMetricText();
  if (kpi.column) return <KpiCard label={kpi.label} help={METRIC_LABELS[kpi.column].help} kpi={kpi.column} value={metric(metrics, kpi.column, currency)} />;
  if (kpi.content && content) {
    const c = kpi.content;
    const value = c === "cpm" || c === "emv" ? f.money(content[c], currency) : c === "ctr" || c === "engagement" ? f.percent(content[c]) : f.count(content[c]);
    return <KpiCard label={kpi.label} help={`${kpi.label}.help` as MessageKey} kpi={c} value={value} />;
  }
  return (
    <Card>
      <BlockStack gap="100">
        <Text as="h3" variant="headingSm" tone="subdued">
          <Defined label={kpi.label} help={content ? (`${kpi.label}.help` as MessageKey) : "reports.notTracked.help"} />
        </Text>
        <Text as="p" variant="headingMd" tone="subdued">
          <span data-not-tracked={kpi.label}>{t("reports.notTracked")}</span>
        </Text>
      </BlockStack>
    </Card>
  );
}

/** Spend against budget, with a bar (capped at 100 %) and a badge when over. */
export function BudgetCard({ campaign, currency }: { campaign: CampaignReport["campaign"]; currency: string }) {
  const t = useT();
  const f = useFormat();
  const used = campaign.budgetUsedPercent === null ? null : Number(campaign.budgetUsedPercent);
  return (
    <Card>
      <BlockStack gap="200">
        <InlineStack align="space-between">
          <Text as="h2" variant="headingMd">
            <Defined label="reports.col.budget" help="reports.campaign.spend.help" />
          </Text>
          {used !== null && used > 100 ? <Badge tone="critical">{t("reports.campaign.overBudget")}</Badge> : null}
        </InlineStack>
        {campaign.budget === null ? (
          <Text as="p">{t("reports.campaign.noBudget")}</Text>
        ) : (
          <>
            <Text as="p" data-budget>
              {t("reports.campaign.budgetUsed", {
                spend: `\u2066${f.money(campaign.spend, currency)}\u2069`,
                budget: `\u2066${f.money(campaign.budget, currency)}\u2069`,
              })}
            </Text>
            <ProgressBar progress={Math.min(100, used ?? 0)} tone={used !== null && used > 100 ? "critical" : "primary"} />
          </>
        )}
      </BlockStack>
    </Card>
  );
}
