import { Form, useNavigation, useSubmit } from "@remix-run/react";
import {
  Banner,
  BlockStack,
  Button,
  Card,
  DataTable,
  FormLayout,
  InlineStack,
  ProgressBar,
  Select,
  Text,
  TextField,
} from "@shopify/polaris";
import { useState } from "react";
import { ConfirmButton } from "../../components/ConfirmButton";
import type { MessageKey } from "../../i18n/messages";
import { useFormat, useT } from "../../i18n/use-i18n";
import { PRECEDENCE_CHOICES, precedenceKey, SURVEY_ONLY_CHOICES, type Precedence } from "../../lib/attribution-precedence";
import type { InfluencerChange } from "../../models/attribution-rules.server";
import type { latestRecomputation } from "../../services/attribution-rules.server";

interface RulesFormValues {
  precedence: string;
  surveyOnly: string;
  from: string;
  to: string;
}

/** "discount code, then tracking link, then survey answer". */
export function useRuleText() {
  const t = useT();
  return (precedence: Precedence) => {
    const [first, second, third] = precedence.map((signal) => t(`attribution.signal.${signal}` as MessageKey));
    return t("attribution.rule", { first, second, third });
  };
}

/** The proposed rules and the period to recompute; submitting previews (a GET, nothing changes). */
export function RulesForm({ form, rangeError }: { form: RulesFormValues; rangeError: boolean }) {
  const t = useT();
  const ruleText = useRuleText();
  const navigation = useNavigation();
  const [values, setValues] = useState(form);
  const set = (key: keyof RulesFormValues) => (value: string) => setValues((v) => ({ ...v, [key]: value }));
  return (
    <Card>
      <Form method="get">
        <FormLayout>
          <Select
            label={t("attribution.field.precedence")}
            name="precedence"
            options={PRECEDENCE_CHOICES.map((p) => ({
              value: precedenceKey(p),
              label: ruleText(p),
            }))}
            value={values.precedence}
            onChange={set("precedence")}
          />
          <Select
            label={t("attribution.field.surveyOnly")}
            name="surveyOnly"
            options={SURVEY_ONLY_CHOICES.map((choice) => ({
              value: choice,
              label: t(`attribution.surveyOnly.${choice}` as MessageKey),
            }))}
            value={values.surveyOnly}
            onChange={set("surveyOnly")}
            helpText={t("attribution.surveyOnly.help")}
          />
          <FormLayout.Group condensed>
            <TextField
              label={t("attribution.field.from")}
              type="date"
              name="from"
              autoComplete="off"
              value={values.from}
              onChange={set("from")}
              error={rangeError ? t("attribution.error.range") : undefined}
            />
            <TextField label={t("attribution.field.to")} type="date" name="to" autoComplete="off" value={values.to} onChange={set("to")} />
          </FormLayout.Group>
          <InlineStack>
            <Button submit loading={navigation.state === "loading" && navigation.formMethod === "GET"}>
              {t("attribution.preview")}
            </Button>
          </InlineStack>
        </FormLayout>
      </Form>
    </Card>
  );
}

/** Each influencer's figures before and after the proposed rules, and the confirmed Apply. */
export function PreviewCard({ form, rows, currency }: { form: RulesFormValues; rows: InfluencerChange[]; currency: string }) {
  const t = useT();
  const f = useFormat();
  const submit = useSubmit();
  const navigation = useNavigation();
  const changed = rows.filter((r) => r.movedIn + r.movedOut > 0);
  const total = rows.reduce((sum, r) => sum + r.ordersBefore, 0);
  const pair = (before: string, after: string) => t("attribution.beforeAfter", { before, after });
  return (
    <Card>
      <BlockStack gap="300">
        <Text as="h2" variant="headingMd">
          {t("attribution.preview.title", {
            from: f.date(form.from),
            to: f.date(form.to),
          })}
        </Text>
        {changed.length === 0 ? (
          <Text as="p">{t("attribution.preview.none")}</Text>
        ) : (
          <div data-testid="attribution-preview">
            <DataTable
              columnContentTypes={["text", "numeric", "numeric", "numeric", "numeric"]}
              headings={[
                t("attribution.col.influencer"),
                t("attribution.col.orders"),
                t("attribution.col.netSales"),
                t("attribution.col.commission"),
                t("attribution.col.moved"),
              ]}
              rows={changed.map((r) => [
                r.name,
                pair(f.count(r.ordersBefore), f.count(r.ordersAfter)),
                pair(f.money(r.netBefore, currency), f.money(r.netAfter, currency)),
                pair(f.money(r.commissionBefore, currency), f.money(r.commissionAfter, currency)),
                t("attribution.moved", {
                  in: f.count(r.movedIn),
                  out: f.count(r.movedOut),
                }),
              ])}
            />
          </div>
        )}
        <InlineStack>
          <ConfirmButton
            variant="primary"
            destructive={false}
            title={t("attribution.apply.title")}
            message={t("attribution.apply.message", {
              count: total,
              from: f.date(form.from),
              to: f.date(form.to),
            })}
            confirmLabel={t("attribution.apply")}
            loading={navigation.state === "submitting"}
            onConfirm={() => submit({ intent: "apply", ...form }, { method: "post" })}
          >
            {t("attribution.apply")}
          </ConfirmButton>
        </InlineStack>
      </BlockStack>
    </Card>
  );
}

type Recomputation = NonNullable<Awaited<ReturnType<typeof latestRecomputation>>>;

/** The latest recomputation: progress while it runs, then how many orders changed influencer. */
export function RecomputationBanner({ job }: { job: Recomputation }) {
  const t = useT();
  const f = useFormat();
  const period = {
    from: job.from ? f.date(job.from) : "…",
    to: job.to ? f.date(job.to) : "…",
  };
  if (job.status === "QUEUED" || job.status === "RUNNING") {
    return (
      <Banner title={t("attribution.job.title")}>
        <BlockStack gap="200">
          <Text as="p" data-testid="attribution-job">
            {t("attribution.job.running", { done: job.done, total: job.total })}
          </Text>
          <ProgressBar progress={job.total ? Math.round((job.done / job.total) * 100) : 0} />
        </BlockStack>
      </Banner>
    );
  }
  if (job.status === "FAILED") {
    return (
      <Banner tone="critical" title={t("attribution.job.title")}>
        {t("attribution.job.failed", { error: job.lastError ?? "" })}
      </Banner>
    );
  }
  return (
    <Banner tone="success" title={t("attribution.job.title")}>
      <Text as="p" data-testid="attribution-job">
        {t("attribution.job.done", { ...period, changed: job.changed })}
      </Text>
      {job.surveyQueued > 0 ? <Text as="p">{t("attribution.job.surveyQueued", { count: job.surveyQueued })}</Text> : null}
    </Banner>
  );
}
