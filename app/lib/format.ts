/** Display formatting for the admin pages. Amounts arrive as exact decimal strings. */
export function money(amount: string | null, currencyCode: string, locale = "en-US"): string {
  if (amount === null) return "—";
  return new Intl.NumberFormat(locale, { style: "currency", currency: currencyCode }).format(
    Number(amount),
  );
}

export function percent(value: string | null, locale = "en-US"): string {
  if (value === null) return "—";
  return `${new Intl.NumberFormat(locale, { maximumFractionDigits: 1 }).format(Number(value))} %`;
}

export function multiple(value: string | null, locale = "en-US"): string {
  if (value === null) return "—";
  return `${new Intl.NumberFormat(locale, { maximumFractionDigits: 2 }).format(Number(value))}×`;
}

export function count(value: number, locale = "en-US"): string {
  return new Intl.NumberFormat(locale).format(value);
}
