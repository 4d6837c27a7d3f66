import { Badge, BlockStack, Card, DataTable, InlineStack, Text } from "@shopify/polaris";
import type { MessageKey } from "../../i18n/messages";
import { useFormat, useT } from "../../i18n/use-i18n";
import { LIFT_METRICS, type LiftGroup, type LiftMetric, type Verdict } from "../../lib/lift";
import { Figure } from "../../components/reports/ReportParts";

const VERDICT_TONE: Record<Verdict, "success" | "critical" | "info" | undefined> = { above: "success", below: "critical", within: "info", noBaseline: undefined };

/** One post or campaign start (or several overlapping ones): the week after against the baseline. */
export function LiftGroupCard({ group, currency }: { group: LiftGroup; currency: string }) {
  const t = useT();
  const f = useFormat();
  const value = (metric: LiftMetric, amount: string | null) => {
    if (amount === null) return "—";
    if (metric === "netSales") return f.money(amount, currency);
    return f.decimal(amount);
  };
  const signed = (metric: LiftMetric, amount: string | null) => (amount !== null && !amount.startsWith("-") ? `+${value(metric, amount)}` : value(metric, amount));
  const rows = LIFT_METRICS.map((metric) => {
    const m = group.metrics[metric];
    return [
      t(`lift.metric.${metric}` as MessageKey),
      <Figure key="a">{value(metric, m.after)}</Figure>,
      <Figure key="m">{value(metric, m.mean)}</Figure>,
      <Figure key="r">{m.min === null ? "—" : `${value(metric, m.min)} – ${value(metric, m.max)}`}</Figure>,
      <Figure key="l">
        {/* Signs and brackets read left to right in every language: "+127 (+48.1%)". */}
        <span dir="ltr">
          {signed(metric, m.lift)}
          {m.liftPercent !== null ? ` (${m.liftPercent.startsWith("-") ? "" : "+"}${f.percent(m.liftPercent)})` : ""}
        </span>
      </Figure>,
      <span key="v" data-verdict={m.verdict}>
        <Badge tone={VERDICT_TONE[m.verdict]}>{t(`lift.verdict.${m.verdict}` as MessageKey)}</Badge>
      </span>,
    ];
  });
  return (
    <Card>
      <BlockStack gap="300">
        <BlockStack gap="100">
          {group.events.map((event) => (
            <Text as="h2" variant="headingMd" key={event.id}>
              {event.kind === "post"
                ? t("lift.event.post", { name: event.label, platform: t(`platform.${event.platform}` as MessageKey), date: f.date(event.date) })
                : t("lift.event.campaign", { name: event.label, date: f.date(event.date) })}
            </Text>
          ))}
          {group.events.length > 1 ? (
            <InlineStack>
              <Badge tone="attention">{t("lift.overlap", { count: group.events.length })}</Badge>
            </InlineStack>
          ) : null}
          <Text as="p" tone="subdued">
            {group.daysElapsed < group.days
              ? t("lift.window.running", { from: f.date(group.from), to: f.date(group.to), elapsed: group.daysElapsed, days: group.days })
              : t("lift.window", { from: f.date(group.from), to: f.date(group.to), days: group.days })}
          </Text>
        </BlockStack>
        <div data-lift-group={group.from}>
          <DataTable
            columnContentTypes={["text", "numeric", "numeric", "numeric", "numeric", "text"]}
            headings={[t("lift.col.metric"), t("lift.col.after"), t("lift.col.mean"), t("lift.col.range"), t("lift.col.lift"), t("lift.col.verdict")]}
            rows={rows}
          />
        </div>
        <Text as="p" variant="bodySm" tone="subdued">
          {group.baselineWeeks.length
            ? t("lift.baseline", { count: group.baselineWeeks.length, dates: group.baselineWeeks.map((d) => f.date(d)).join(", ") })
            : t("lift.baseline.none")}
          {group.skippedWeeks.map((w) => ` ${t(`lift.skipped.${w.reason}` as MessageKey, { date: f.date(w.from) })}`).join("")}
        </Text>
      </BlockStack>
    </Card>
  );
}
