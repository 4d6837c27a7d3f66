import { LineChart, PolarisVizProvider } from "@shopify/polaris-viz";
import { useEffect, useState } from "react";
import { useIntl } from "react-intl";
import { useFormat, useT } from "../../i18n/use-i18n";

export interface TrendPoint {
  date: string;
  netSales: string;
  cost: string;
}

const HEIGHT = 300;

/**
 * Net sales against total cost per day (@shopify/polaris-viz). The chart measures its container
 * (ResizeObserver), which only exists in the browser, so the server renders a placeholder of the
 * same size and the chart mounts after hydration. The time axis runs left to right in every
 * language (as Shopify's own analytics do); labels and legend are translated and localised.
 */
export function TrendChart({ points, currency }: { points: TrendPoint[]; currency: string }) {
  const t = useT();
  const f = useFormat();
  const intl = useIntl();
  const [mounted, setMounted] = useState(false);
  useEffect(() => setMounted(true), []);

  const shortDate = (iso: string) =>
    intl.formatDate(new Date(`${iso}T00:00:00Z`), { month: "short", day: "numeric", timeZone: "UTC" });
  // Display only: chart coordinates are numbers; every figure was computed in decimals.
  const data = [
    { name: t("dash.chart.netSales"), data: points.map((p) => ({ key: p.date, value: Number(p.netSales) })) },
    { name: t("dash.chart.cost"), data: points.map((p) => ({ key: p.date, value: Number(p.cost) })) },
  ];
  return (
    <div dir="ltr" data-chart="trend" style={{ height: HEIGHT }} aria-label={t("dash.chart.title")} role="img">
      {mounted ? (
        <PolarisVizProvider>
          <LineChart
            data={data}
            theme="Light"
            isAnimated={false}
            emptyStateText={t("dash.chart.empty")}
            xAxisOptions={{ labelFormatter: (value) => shortDate(String(value)) }}
            yAxisOptions={{ labelFormatter: (value) => f.money(String(value ?? 0), currency) }}
            tooltipOptions={{
              titleFormatter: (value) => f.date(String(value)),
              valueFormatter: (value) => f.money(String(value ?? 0), currency),
            }}
          />
        </PolarisVizProvider>
      ) : null}
    </div>
  );
}
