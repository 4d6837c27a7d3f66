import { BlockStack, Text } from "@shopify/polaris";
import { useFormat, useT } from "../i18n/use-i18n";

export interface CommissionTermItem {
  id: string;
  kind: "PERCENT_OF_NET_SALES" | "FIXED_PER_ORDER";
  rate: string;
  startsOn: string;
  endsOn: string | null;
  /** Whose term, when it is not the influencer's own (a campaign's name). */
  campaign?: string | null;
}

/** "10 % of net sales since 2 Dec 2026" and the earlier terms, newest first (decision 029). */
export function CommissionTerms({ terms, currency }: { terms: readonly CommissionTermItem[]; currency: string }) {
  const t = useT();
  const f = useFormat();
  return (
    <BlockStack gap="100">
      {terms.map((term) => {
        const what =
          term.kind === "PERCENT_OF_NET_SALES"
            ? t("commission.term.PERCENT_OF_NET_SALES", { rate: f.percent(term.rate) })
            : t("commission.term.FIXED_PER_ORDER", { amount: f.money(term.rate, currency) });
        // Rules from before terms had dates start on 1970-01-01 (decision 029): "from the start".
        const fromStart = term.startsOn <= "1970-01-01";
        const text =
          term.endsOn === null
            ? fromStart
              ? t("commission.term.fromStart", { term: what })
              : t("commission.term.since", { term: what, date: f.date(term.startsOn) })
            : fromStart
              ? t("commission.term.until", { term: what, date: f.date(term.endsOn) })
            : term.endsOn < term.startsOn
              ? t("commission.term.replaced", { term: what, date: f.date(term.startsOn) })
              : t("commission.term.between", { term: what, from: f.date(term.startsOn), to: f.date(term.endsOn) });
        return (
          <Text as="p" key={term.id} tone={term.endsOn === null ? undefined : "subdued"}>
            <span data-commission-term={term.endsOn === null ? "open" : "closed"}>
              {term.campaign ? t("commission.term.campaign", { campaign: term.campaign, term: text }) : text}
            </span>
          </Text>
        );
      })}
    </BlockStack>
  );
}
