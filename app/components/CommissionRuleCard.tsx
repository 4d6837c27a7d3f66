import { useFetcher } from "@remix-run/react";
import { BlockStack, Button, Card, FormLayout, InlineStack, Select, Text, TextField } from "@shopify/polaris";
import { useT } from "../i18n/use-i18n";
import type { MessageKey } from "../i18n/messages";
import type { FormResult } from "../lib/http.server";
import { CommissionTerms, type CommissionTermItem } from "./CommissionTerms";
import { useFieldError, useFields } from "./form-helpers";

export interface CommissionRuleValue {
  kind: "PERCENT_OF_NET_SALES" | "FIXED_PER_ORDER";
  rate: string;
}

/**
 * None / percent of net sales / fixed amount per order from a start date (default today), saved
 * with intent=commission as a new term; the earlier terms are listed below and never change.
 */
export function CommissionRuleCard({
  rule,
  terms,
  currency,
  help,
}: {
  rule: CommissionRuleValue | null;
  terms: readonly CommissionTermItem[];
  currency: string;
  help: MessageKey;
}) {
  const t = useT();
  const fetcher = useFetcher<FormResult>();
  const result = fetcher.data?.intent === "commission" ? fetcher.data : undefined;
  const error = useFieldError(result?.fieldErrors);
  const { field, values } = useFields({ kind: rule?.kind ?? "NONE", rate: rule?.rate ?? "", startsOn: "" });
  return (
    <Card>
      <fetcher.Form method="post" noValidate>
        <input type="hidden" name="intent" value="commission" />
        <BlockStack gap="300">
          <Text as="h2" variant="headingMd">
            {t("commission.title")}
          </Text>
          <Text as="p" tone="subdued">
            {t(help)}
          </Text>
          <FormLayout>
            <FormLayout.Group>
              <Select
                label={t("commission.kind")}
                options={[
                  { label: t("commission.kind.NONE"), value: "NONE" },
                  { label: t("commission.kind.PERCENT_OF_NET_SALES"), value: "PERCENT_OF_NET_SALES" },
                  { label: t("commission.kind.FIXED_PER_ORDER"), value: "FIXED_PER_ORDER" },
                ]}
                error={error("kind")}
                {...field("kind")}
              />
              {values.kind === "NONE" ? null : (
                <TextField
                  label={values.kind === "PERCENT_OF_NET_SALES" ? t("commission.percent") : t("commission.amount")}
                  autoComplete="off"
                  inputMode="decimal"
                  suffix={values.kind === "PERCENT_OF_NET_SALES" ? "%" : <bdi>{currency}</bdi>}
                  error={error("rate")}
                  {...field("rate")}
                />
              )}
            </FormLayout.Group>
            <TextField
              label={t("commission.startsOn")}
              type="date"
              autoComplete="off"
              helpText={t("commission.startsOn.help")}
              error={error("startsOn")}
              {...field("startsOn")}
            />
          </FormLayout>
          {terms.length > 0 ? (
            <BlockStack gap="100">
              <Text as="h3" variant="headingSm">
                {t("commission.terms")}
              </Text>
              <CommissionTerms terms={terms} currency={currency} />
            </BlockStack>
          ) : null}
          <InlineStack align="end" gap="300" blockAlign="center">
            {result?.ok ? (
              <span role="status">
                <Text as="span" tone="success">
                  {t("commission.saved")}
                </Text>
              </span>
            ) : null}
            <Button submit loading={fetcher.state !== "idle"}>
              {t("commission.save")}
            </Button>
          </InlineStack>
        </BlockStack>
      </fetcher.Form>
    </Card>
  );
}
