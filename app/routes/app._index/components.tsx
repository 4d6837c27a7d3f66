import { Link } from "@remix-run/react";
import { Badge, DataTable, Text } from "@shopify/polaris";
import { useIntl } from "react-intl";
import { ReportListCard } from "../../components/reports/ReportPage";
import { Defined, Figure } from "../../components/reports/ReportParts";
import type { MessageKey } from "../../i18n/messages";
import { useFormat, useT } from "../../i18n/use-i18n";
import type { SerializedMetrics } from "../../lib/serialize";
import type { KpiKey } from "./data.server";

// Up is good for these, bad for the costs.
const LOWER_IS_BETTER: ReadonlySet<KpiKey> = new Set(["cost", "cpa"]);

/** The change of one KPI against the previous period: green when better, red when worse, a note when there is nothing to compare. */
export function DeltaBadge({ kpi, value }: { kpi: KpiKey; value: string | null }) {
  const t = useT();
  const intl = useIntl();
  if (value === null) return <Text as="span" variant="bodySm" tone="subdued">{t("dash.delta.none")}</Text>;
  const n = Number(value);
  const text = intl.formatNumber(n / 100, { style: "percent", maximumFractionDigits: 1, signDisplay: "exceptZero" });
  const good = LOWER_IS_BETTER.has(kpi) ? n < 0 : n > 0;
  return <Badge tone={n === 0 ? undefined : good ? "success" : "critical"}>{t("dash.delta", { value: `\u2066${text}\u2069` })}</Badge>;
}

/** The best or worst influencers by ROI, linking to their reports for the same dates. */
export function PerformersCard({
  rows,
  title,
  id,
  currency,
  rangeParams,
  empty,
}: {
  rows: { id: string; name: string; metrics: SerializedMetrics }[];
  title: MessageKey;
  id: string;
  currency: string;
  rangeParams: string;
  /** Why the list is empty, in words. */
  empty: MessageKey;
}) {
  const t = useT();
  const f = useFormat();
  return (
    <ReportListCard title={title}>
      {rows.length === 0 ? (
        <div style={{ padding: "0 var(--p-space-400) var(--p-space-400)" }}>
          <Text as="p" tone="subdued">
            <span data-performers-empty={id}>{t(empty)}</span>
          </Text>
        </div>
      ) : (
        <div data-performers={id}>
          <DataTable
            columnContentTypes={["text", "numeric", "numeric", "numeric", "numeric"]}
            headings={[
              t("reports.col.influencer"),
              <Defined key="n" label="reports.col.netSales" help="reports.help.netSales" />,
              <Defined key="c" label="reports.col.cost" help="reports.help.cost" />,
              <Defined key="r" label="reports.col.roi" help="reports.help.roi" />,
              <Defined key="p" label="reports.col.cpa" help="reports.help.cpa" />,
            ]}
            rows={rows.map((row) => [
              <Link key={row.id} to={`/app/reports/influencers/${row.id}?${rangeParams}`}>
                {row.name}
              </Link>,
              <Figure key="n">{f.money(row.metrics.netSales, currency)}</Figure>,
              <Figure key="c">{f.money(row.metrics.cost, currency)}</Figure>,
              <Figure key="r">{f.percent(row.metrics.roiPercent)}</Figure>,
              <Figure key="p">{f.money(row.metrics.cpa, currency)}</Figure>,
            ])}
          />
        </div>
      )}
    </ReportListCard>
  );
}
