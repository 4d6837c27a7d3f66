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

/** The instant a shop-local calendar day starts (or ends, with `endOfDay`), as a UTC Date. */
export function shopDayBoundary(date: IsoDate, ianaTimezone: string, endOfDay = false): Date {
  const wallClock = new Date(`${date}T${endOfDay ? "23:59:59" : "00:00:00"}Z`);
  // The zone's offset at that wall-clock time: format the UTC instant in the zone and compare.
  const parts = new Intl.DateTimeFormat("en-US", {
    timeZone: ianaTimezone,
    hourCycle: "h23",
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
    hour: "2-digit",
    minute: "2-digit",
    second: "2-digit",
  }).formatToParts(wallClock);
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value);
  const asIfUtc = Date.UTC(get("year"), get("month") - 1, get("day"), get("hour"), get("minute"), get("second"));
  const offset = asIfUtc - wallClock.getTime();
  return new Date(wallClock.getTime() - offset);
}
