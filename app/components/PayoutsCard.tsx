import { useFetcher } from "@remix-run/react";
import { Badge, BlockStack, Button, Card, InlineGrid, InlineStack, Link, Select, Text, TextField } from "@shopify/polaris";
import { useState } from "react";
import type { MessageKey } from "../i18n/messages";
import { useFormat, useT } from "../i18n/use-i18n";
import type { FormResult } from "../lib/http.server";

export interface PayoutFigures {
  accrued: string;
  held: string;
  payable: string;
  approved: string;
  paid: string;
  adjustments: string;
}

export interface StatementItem {
  id: string;
  periodStart: string | null;
  periodEnd: string;
  status: "APPROVED" | "PAID";
  accrued: string;
  payable: string;
  adjustments: string;
  total: string;
  paidOn: string | null;
  paymentReference: string | null;
  paymentMethod: string | null;
}

const METHODS = ["MANUAL", "PAYPAL", "STORE_CREDIT", "GIFT_CARD"] as const;

/** Store credit or a gift card through Shopify, for an approved statement. */
function PayInShop({ statementId }: { statementId: string }) {
  const t = useT();
  const fetcher = useFetcher<FormResult & { reference?: string }>();
  const pay = (method: "STORE_CREDIT" | "GIFT_CARD") => fetcher.submit({ intent: "payInShop", statementId, method }, { method: "post" });
  return (
    <InlineStack gap="200" blockAlign="center">
      <Button onClick={() => pay("STORE_CREDIT")} loading={fetcher.state !== "idle"}>
        {t("payouts.payStoreCredit")}
      </Button>
      <Button onClick={() => pay("GIFT_CARD")} loading={fetcher.state !== "idle"}>
        {t("payouts.payGiftCard")}
      </Button>
      {fetcher.data && !fetcher.data.ok && fetcher.data.message ? (
        <Text as="span" tone="critical">
          {t.safe(fetcher.data.message)}
        </Text>
      ) : null}
    </InlineStack>
  );
}

function MarkPaid({ statementId, today }: { statementId: string; today: string }) {
  const t = useT();
  const fetcher = useFetcher<FormResult>();
  const [paidOn, setPaidOn] = useState(today);
  const [method, setMethod] = useState<string>("MANUAL");
  const [reference, setReference] = useState("");
  const error = fetcher.data && !fetcher.data.ok ? fetcher.data : undefined;
  return (
    <fetcher.Form method="post">
      <input type="hidden" name="intent" value="markPaid" />
      <input type="hidden" name="statementId" value={statementId} />
      <InlineStack gap="200" blockAlign="end" wrap>
        <TextField label={t("payouts.paidOn")} type="date" name="paidOn" value={paidOn} onChange={setPaidOn} autoComplete="off" error={error?.fieldErrors.paidOn ? t.safe(error.fieldErrors.paidOn) : undefined} />
        <Select label={t("payouts.method")} name="method" value={method} onChange={setMethod} options={METHODS.map((m) => ({ value: m, label: t(`payouts.method.${m}` as MessageKey) }))} />
        <TextField label={t("payouts.reference")} name="reference" value={reference} onChange={setReference} autoComplete="off" />
        <Button submit loading={fetcher.state !== "idle"}>
          {t("payouts.markPaid")}
        </Button>
      </InlineStack>
      {error?.message ? (
        <Text as="p" tone="critical">
          {t.safe(error.message)}
        </Text>
      ) : null}
    </fetcher.Form>
  );
}

/**
 * What the influencer is owed and has been paid (decision 029): accrued commission split into
 * held (inside the hold period), payable, approved, paid and adjustments; approve a statement of
 * everything due; mark approved statements paid with a date, method and reference.
 */
export function PayoutsCard({
  balance,
  statements,
  holdDays,
  currency,
  today,
}: {
  balance: PayoutFigures | null;
  statements: readonly StatementItem[];
  holdDays: number;
  currency: string;
  today: string;
}) {
  const t = useT();
  const f = useFormat();
  const approve = useFetcher<FormResult>();
  const figure = (key: keyof PayoutFigures) => (
    <BlockStack gap="050" key={key}>
      <Text as="span" tone="subdued" variant="bodySm">
        {t(`payouts.figure.${key}` as MessageKey)}
      </Text>
      <Text as="span" fontWeight="semibold">
        <bdi data-payout-figure={key}>{f.money(balance?.[key] ?? "0", currency)}</bdi>
      </Text>
    </BlockStack>
  );
  return (
    <Card>
      <BlockStack gap="300">
        <Text as="h2" variant="headingMd">
          {t("payouts.title")}
        </Text>
        <Text as="p" tone="subdued">
          {t("payouts.help", { days: holdDays })}
        </Text>
        <InlineGrid columns={3} gap="300">
          {(["accrued", "held", "payable", "approved", "paid", "adjustments"] as const).map(figure)}
        </InlineGrid>
        <approve.Form method="post">
          <input type="hidden" name="intent" value="approveStatement" />
          <InlineStack gap="200" blockAlign="center">
            <Button submit loading={approve.state !== "idle"}>
              {t("payouts.approve")}
            </Button>
            <Link url="/app/payouts">{t("payouts.all")}</Link>
            {approve.data && !approve.data.ok && approve.data.message ? (
              <Text as="span" tone="caution">
                {t.safe(approve.data.message)}
              </Text>
            ) : null}
          </InlineStack>
        </approve.Form>
        {statements.map((s) => (
          <BlockStack gap="200" key={s.id}>
            <InlineStack gap="200" blockAlign="center">
              <Text as="h3" variant="headingSm">
                {s.periodStart
                  ? t("payouts.period", { from: f.date(s.periodStart), to: f.date(s.periodEnd) })
                  : t("payouts.periodUntil", { to: f.date(s.periodEnd) })}
              </Text>
              <Badge tone={s.status === "PAID" ? "success" : "attention"}>{t(`payouts.status.${s.status}`)}</Badge>
            </InlineStack>
            <Text as="p">
              {t("payouts.statementLine", {
                accrued: f.money(s.accrued, currency),
                payable: f.money(s.payable, currency),
                adjustments: f.money(s.adjustments, currency),
                total: f.money(s.total, currency),
              })}
            </Text>
            {s.status === "PAID" ? (
              <Text as="p" tone="subdued">
                {t("payouts.paidWith", {
                  date: f.date(s.paidOn ?? s.periodEnd),
                  method: t(`payouts.method.${s.paymentMethod ?? "MANUAL"}` as MessageKey),
                  reference: s.paymentReference ?? "—",
                })}
              </Text>
            ) : (
              <BlockStack gap="200">
                <PayInShop statementId={s.id} />
                <MarkPaid statementId={s.id} today={today} />
              </BlockStack>
            )}
          </BlockStack>
        ))}
      </BlockStack>
    </Card>
  );
}
