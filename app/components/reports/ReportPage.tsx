import { Banner, BlockStack, Card, Layout, Page, Text, type PageProps } from "@shopify/polaris";
import type { ReactNode } from "react";
import type { MessageKey } from "../../i18n/messages";
import { useFormat, useT } from "../../i18n/use-i18n";
import type { ParamProblem } from "../../lib/report-params";
import { Defined, Definitions, ParamProblems } from "./ReportParts";

/**
 * The shell every report page shares: the page header, the bad-parameter banner, the filters (when given
 * first), the page's own sections, and the definitions of every figure at the end.
 */
export function ReportPage({
  problems,
  filters,
  definitions,
  children,
  ...page
}: Omit<PageProps, "children"> & {
  problems: ParamProblem[];
  filters?: ReactNode;
  /** Definitions beyond the shared ones; leave out to show no definitions. */
  definitions?: { label: MessageKey; help: MessageKey }[];
  children: ReactNode;
}) {
  return (
    <Page {...page}>
      <Layout>
        {problems.length ? (
          <Layout.Section>
            <ParamProblems problems={problems} />
          </Layout.Section>
        ) : null}
        {filters ? <Layout.Section>{filters}</Layout.Section> : null}
        {children}
        {definitions ? (
          <Layout.Section>
            <Definitions extra={definitions} />
          </Layout.Section>
        ) : null}
      </Layout>
    </Page>
  );
}

/** A report table in a card: a heading (with an optional line of help) above a table that runs to the card's edges. */
export function ReportListCard({ title, help, children }: { title: MessageKey; help?: MessageKey; children: ReactNode }) {
  const t = useT();
  return (
    <Card padding="0">
      <div style={{ padding: "var(--p-space-400)" }}>
        <BlockStack gap="100">
          <Text as="h2" variant="headingMd">
            {t(title)}
          </Text>
          {help ? (
            <Text as="p" tone="subdued">
              {t(help)}
            </Text>
          ) : null}
        </BlockStack>
      </div>
      {children}
    </Card>
  );
}

/** One headline figure: its name (with its definition), the value, and anything below it (a change badge, help). */
export function KpiCard({ label, help, kpi, value, children }: { label: MessageKey; help: MessageKey | null; kpi: string; value: ReactNode; children?: ReactNode }) {
  return (
    <Card>
      <BlockStack gap="100">
        <Text as="h3" variant="headingSm" tone="subdued">
          <Defined label={label} help={help} />
        </Text>
        <Text as="p" variant="headingLg" numeric>
          <bdi data-kpi={kpi}>{value}</bdi>
        </Text>
        {children}
      </BlockStack>
    </Card>
  );
}

/**
 * With a campaign filter, what the view leaves out: costs of the influencers shown that were
 * recorded without a campaign (so ROI here is not their overall ROI). Nothing when none.
 */
export function CostsLeftOut({ amount, currency }: { amount: string; currency: string }) {
  const t = useT();
  const f = useFormat();
  if (/^0(\.0*)?$/.test(amount)) return null;
  return (
    <Layout.Section>
      <div data-costs-left-out>
        <Banner tone="warning">{t("results.costsLeftOutReport", { amount: f.money(amount, currency) })}</Banner>
      </div>
    </Layout.Section>
  );
}
