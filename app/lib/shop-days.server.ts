import { Temporal } from "@js-temporal/polyfill";
import { addDays, type IsoDate } from "./shop-dates";

/**
 * The instants a shop's calendar day starts and ends, from the zone's rules (Temporal, decision
 * 024). A day starts at its first instant — 01:00 where the clock jumps from midnight
 * (America/Santiago, America/Asuncion, America/Havana on their switch days) — and ends where the
 * next one starts, so a day may last 23 or 25 hours. Server-only: the polyfill stays out of the
 * browser bundle.
 */
export function shopDayStart(date: IsoDate, ianaTimezone: string): Date {
  return new Date(Temporal.PlainDate.from(date).toZonedDateTime({ timeZone: ianaTimezone }).epochMilliseconds);
}

/**
 * The instant a shop-local day starts, or with `endOfDay` its last second (what Shopify's
 * discount `endsAt` takes as an inclusive end): one second before the next day starts.
 */
export function shopDayBoundary(date: IsoDate, ianaTimezone: string, endOfDay = false): Date {
  if (!endOfDay) return shopDayStart(date, ianaTimezone);
  return new Date(shopDayStart(addDays(date, 1), ianaTimezone).getTime() - 1000);
}

/** The shop-local calendar day and hour at an instant, from the zone's rules. */
export function shopLocalTime(instant: Date, ianaTimezone: string): { date: IsoDate; hour: number } {
  const zoned = Temporal.Instant.fromEpochMilliseconds(instant.getTime()).toZonedDateTimeISO(ianaTimezone);
  return { date: zoned.toPlainDate().toString(), hour: zoned.hour };
}
