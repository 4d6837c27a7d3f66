/** Calendar dates (YYYY-MM-DD) as the shop sees them, in its own time zone. */
export type IsoDate = string;

export function shopDateOf(instant: Date, ianaTimezone: string): IsoDate {
  // en-CA formats as YYYY-MM-DD.
  return new Intl.DateTimeFormat("en-CA", {
    timeZone: ianaTimezone,
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
  }).format(instant);
}

export function addDays(date: IsoDate, days: number): IsoDate {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/** A DATE column value for Prisma (midnight UTC of that calendar day). */
export function dateColumn(date: IsoDate): Date {
  return new Date(`${date}T00:00:00Z`);
}

export interface DateRange {
  from: IsoDate;
  to: IsoDate;
}

/** The last `days` days up to and including today, in the shop's time zone. */
export function lastDays(days: number, ianaTimezone: string, now = new Date()): DateRange {
  const to = shopDateOf(now, ianaTimezone);
  return { from: addDays(to, -(days - 1)), to };
}
