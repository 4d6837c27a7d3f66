import { useIntl } from "react-intl";
import { formatMoney } from "../lib/money";
import type { MessageKey } from "./messages";

type Values = Record<string, string | number | Date>;

/** Translated text by key; keys are checked against the English catalogue at compile time. */
export function useT() {
  const intl = useIntl();
  const t = (key: MessageKey, values?: Values) => intl.formatMessage({ id: key }, values);
  /** A message key from the server (a field error), or text that is not a key (Shopify's own message). */
  t.safe = (keyOrText: string, values?: Values) =>
    keyOrText in intl.messages ? intl.formatMessage({ id: keyOrText }, values) : keyOrText;
  return t;
}

/** Numbers, money, percentages and dates in the admin's locale (its digits, its separators). */
export function useFormat() {
  const intl = useIntl();
  const t = useT();
  return {
    money(amount: string | null, currencyCode: string) {
      if (amount === null) return "—";
      return formatMoney(amount, currencyCode, intl.locale);
    },
    /** A percentage given in percent units ("277.4" → 277.4 %). */
    percent(value: string | null) {
      if (value === null) return "—";
      return intl.formatNumber(Number(value) / 100, { style: "percent", maximumFractionDigits: 1 });
    },
    multiple(value: string | null) {
      if (value === null) return "—";
      const text = t("format.multiple", { value: intl.formatNumber(Number(value), { maximumFractionDigits: 2 }) });
      // A left-to-right isolate keeps "3.77×" in order inside right-to-left text.
      return `\u2066${text}\u2069`;
    },
    /** A decimal given as text ("90.8"), up to one decimal place. */
    decimal(value: string) {
      return intl.formatNumber(Number(value), { maximumFractionDigits: 1 });
    },
    count(value: number) {
      return intl.formatNumber(value);
    },
    date(isoDate: string) {
      return intl.formatDate(new Date(`${isoDate}T00:00:00Z`), { dateStyle: "medium", timeZone: "UTC" });
    },
  };
}
