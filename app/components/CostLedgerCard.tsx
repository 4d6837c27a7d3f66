import { useFetcher } from "@remix-run/react";
import { useState } from "react";
import {
  Banner,
  BlockStack,
  Button,
  Card,
  DataTable,
  FormLayout,
  InlineStack,
  Select,
  Text,
  TextField,
} from "@shopify/polaris";
import type { CostKind } from "../generated/prisma/enums";
import { useFormat, useT } from "../i18n/use-i18n";
import { ConfirmButton } from "./ConfirmButton";
import { COST_KINDS } from "../lib/forms/cost";
import type { FormResult } from "../lib/http.server";
import { useFieldError, useFields } from "./form-helpers";

export interface CostRow {
  id: string;
  kind: CostKind;
  amount: string;
  originalAmount: string | null;
  originalCurrency: string | null;
  exchangeRate: string | null;
  incurredOn: string;
  note: string | null;
  campaign: { id: string; name: string } | null;
}

function AddCostForm({
  currency,
  campaigns,
  defaultCampaignId,
  today,
}: {
  currency: string;
  campaigns: { id: string; name: string }[];
  defaultCampaignId: string | null;
  today: string;
}) {
  const t = useT();
  // Keyed, so the outcome survives the form's reset after a save.
  const fetcher = useFetcher<FormResult>({ key: "add-cost" });
  const result = fetcher.data?.intent === "addCost" ? fetcher.data : undefined;
  const error = useFieldError(result?.fieldErrors);
  const { field, values } = useFields({
    kind: "FLAT_FEE",
    amount: "",
    currency,
    exchangeRate: "",
    incurredOn: today,
    note: "",
    campaignId: defaultCampaignId ?? "",
  });
  const foreign = values.currency.trim() !== "" && values.currency.trim().toUpperCase() !== currency;
  return (
    <fetcher.Form method="post" noValidate aria-label={t("costs.add.title")}>
      <input type="hidden" name="intent" value="addCost" />
      <BlockStack gap="300">
        <Text as="h3" variant="headingSm">
          {t("costs.add.title")}
        </Text>
        <FormLayout>
          <FormLayout.Group>
            <Select
              label={t("costs.field.kind")}
              options={COST_KINDS.map((k) => ({ label: t(`costs.kind.${k}`), value: k }))}
              error={error("kind")}
              {...field("kind")}
            />
            <TextField label={t("costs.field.amount")} autoComplete="off" inputMode="decimal" error={error("amount")} {...field("amount")} />
            <TextField
              label={t("costs.field.currency")}
              autoComplete="off"
              maxLength={3}
              helpText={t("costs.field.currency.help", { currency })}
              error={error("currency")}
              {...field("currency")}
            />
          </FormLayout.Group>
          {foreign ? (
            <TextField
              label={t("costs.field.rate", { from: values.currency.toUpperCase(), to: currency })}
              autoComplete="off"
              inputMode="decimal"
              helpText={t("costs.field.rate.help", { from: values.currency.toUpperCase(), to: currency })}
              error={error("exchangeRate")}
              {...field("exchangeRate")}
            />
          ) : null}
          <FormLayout.Group>
            <TextField label={t("costs.field.date")} type="date" autoComplete="off" error={error("incurredOn")} {...field("incurredOn")} />
            <Select
              label={t("costs.field.campaign")}
              options={[{ label: t("costs.field.campaign.none"), value: "" }, ...campaigns.map((c) => ({ label: c.name, value: c.id }))]}
              error={error("campaignId")}
              {...field("campaignId")}
            />
          </FormLayout.Group>
          <TextField label={t("costs.field.note")} autoComplete="off" error={error("note")} {...field("note")} />
        </FormLayout>
        <InlineStack align="end" gap="300" blockAlign="center">
          {result?.ok ? (
            <span role="status">
              <Text as="span" tone="success">
                {t("costs.added")}
              </Text>
            </span>
          ) : null}
          <Button submit loading={fetcher.state !== "idle"}>
            {t("costs.add.submit")}
          </Button>
        </InlineStack>
      </BlockStack>
    </fetcher.Form>
  );
}

/** The add-cost form's fields that recreate a deleted cost exactly (undo). */
function costFields(cost: CostRow): Record<string, string> {
  const foreign = cost.originalCurrency && cost.originalAmount && cost.exchangeRate;
  return {
    intent: "addCost",
    kind: cost.kind,
    amount: foreign ? cost.originalAmount! : cost.amount,
    currency: foreign ? cost.originalCurrency! : "",
    exchangeRate: foreign ? cost.exchangeRate! : "",
    incurredOn: cost.incurredOn,
    note: cost.note ?? "",
    campaignId: cost.campaign?.id ?? "",
  };
}

function DeleteCostButton({ cost, currency, onDelete }: { cost: CostRow; currency: string; onDelete: (cost: CostRow) => void }) {
  const t = useT();
  const f = useFormat();
  const fetcher = useFetcher<FormResult>();
  return (
    <ConfirmButton
      variant="plain"
      tone="critical"
      loading={fetcher.state !== "idle"}
      title={t("confirm.deleteCost.title")}
      message={t("confirm.deleteCost.message", { amount: f.money(cost.amount, currency), date: f.date(cost.incurredOn) })}
      confirmLabel={t("confirm.deleteCost.confirm")}
      onConfirm={() => {
        onDelete(cost);
        fetcher.submit({ intent: "deleteCost", costId: cost.id }, { method: "post" });
      }}
    >
      {t("costs.delete")}
    </ConfirmButton>
  );
}

/** The influencer's cost ledger in the shop currency, its total, and the add-cost form. */
export function CostLedgerCard({
  costs,
  total,
  currency,
  campaigns,
  defaultCampaignId = null,
  today,
}: {
  costs: CostRow[];
  total: string;
  currency: string;
  campaigns: { id: string; name: string }[];
  /** The campaign a new cost starts on: the influencer's running campaign. */
  defaultCampaignId?: string | null;
  today: string;
}) {
  const t = useT();
  const f = useFormat();
  // The form resets (fresh state) after each successful save.
  const addedKey = costs.length;
  const [deleted, setDeleted] = useState<CostRow | null>(null);
  const undo = useFetcher<FormResult>();
  return (
    <Card>
      <BlockStack gap="400">
        <InlineStack align="space-between" blockAlign="center">
          <Text as="h2" variant="headingMd">
            {t("costs.title")}
          </Text>
          <Text as="p" variant="headingMd" numeric>
            {t("costs.total")} <bdi data-testid="cost-total">{f.money(total, currency)}</bdi>
          </Text>
        </InlineStack>
        {deleted ? (
          <div data-cost-deleted>
            <Banner
              tone="info"
              onDismiss={() => setDeleted(null)}
              action={{
                content: t("confirm.undo"),
                onAction: () => {
                  undo.submit(costFields(deleted), { method: "post" });
                  setDeleted(null);
                },
              }}
            >
              {t("confirm.costDeleted")}
            </Banner>
          </div>
        ) : null}
        {costs.length === 0 ? (
          <Text as="p" tone="subdued">
            {t("costs.empty")}
          </Text>
        ) : (
          <DataTable
            columnContentTypes={["text", "text", "numeric", "text", "text"]}
            headings={[t("costs.col.date"), t("costs.col.kind"), t("costs.col.amount"), t("costs.col.note"), ""]}
            rows={costs.map((c) => [
              f.date(c.incurredOn),
              t(`costs.kind.${c.kind}`),
              <BlockStack key="amount" gap="050" inlineAlign="end">
                <bdi>{f.money(c.amount, currency)}</bdi>
                {c.originalCurrency && c.originalAmount && c.exchangeRate ? (
                  <Text as="span" variant="bodySm" tone="subdued">
                    <bdi>
                      {t("costs.converted", {
                        original: f.money(c.originalAmount, c.originalCurrency),
                        rate: c.exchangeRate.replace(/\.?0+$/, ""),
                      })}
                    </bdi>
                  </Text>
                ) : null}
              </BlockStack>,
              [c.note, c.campaign?.name].filter(Boolean).join(" · "),
              <DeleteCostButton key="delete" cost={c} currency={currency} onDelete={setDeleted} />,
            ])}
          />
        )}
        <AddCostForm key={addedKey} currency={currency} campaigns={campaigns} defaultCampaignId={defaultCampaignId} today={today} />
      </BlockStack>
    </Card>
  );
}
