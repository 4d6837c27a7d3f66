import Decimal from "decimal.js";

export { Decimal };

/** Decimal from whatever the database or a payload hands over; never via a JS float. */
export function toDecimal(value: Decimal.Value | { toString(): string } | null | undefined): Decimal {
  if (value === null || value === undefined) return new Decimal(0);
  if (typeof value === "number") {
    throw new TypeError("Money must not arrive as a JS number; pass a string or Decimal.");
  }
  return new Decimal(value.toString());
}

/** A ratio, or null when the denominator is zero (shown as a dash, never Infinity or NaN). */
export function ratio(numerator: Decimal, denominator: Decimal): Decimal | null {
  return denominator.isZero() ? null : numerator.div(denominator);
}

/**
 * The one way money is written, everywhere (cards, tables, activity, emails, the portal): Intl in
 * the reader's locale, so Hebrew reads "35,551.54 $" and Arabic its own digits and symbol alike on
 * every page. The amount goes to Intl as a decimal string, never a float, so any sum is exact.
 */
export function formatMoney(amount: Decimal | string, currencyCode: string, locale = "en-US"): string {
  const exact = (typeof amount === "string" ? new Decimal(amount) : amount).toFixed() as `${number}`;
  return new Intl.NumberFormat(locale, { style: "currency", currency: currencyCode }).format(exact);
}
