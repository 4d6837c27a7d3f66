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

export function formatMoney(amount: Decimal, currencyCode: string, locale = "en-US"): string {
  // Intl needs a number; rounding to cents first keeps the display exact for any realistic sum.
  return new Intl.NumberFormat(locale, { style: "currency", currency: currencyCode }).format(
    amount.toDecimalPlaces(2).toNumber(),
  );
}
