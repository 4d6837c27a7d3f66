import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { addDays, shopDateOf } from "../app/lib/shop-dates";
import { shopDayBoundary, shopDayStart } from "../app/lib/shop-days.server";
import { createTestDatabase, type TestDatabase } from "./support/database";

/**
 * Shop days in zones whose clocks change at midnight (issue 21): the day starts at its first
 * instant (01:00 when midnight is skipped), the day before can last 25 hours, and the app agrees
 * with PostgreSQL, which files each order under `(createdAt AT TIME ZONE zone)::date`.
 */

const SWITCH_DAYS: [zone: string, date: string, startsAt: string][] = [
  // Chile: 2026-04-05 00:00 → 2026-04-04 23:00 (back an hour; April 4 has 25 hours).
  ["America/Santiago", "2026-04-05", "2026-04-05T04:00:00.000Z"],
  // Chile: 2026-09-06 00:00 → 01:00 (midnight does not exist).
  ["America/Santiago", "2026-09-06", "2026-09-06T04:00:00.000Z"],
  // Cuba: 2026-03-08 00:00 → 01:00; 2026-11-01 01:00 → 00:00.
  ["America/Havana", "2026-03-08", "2026-03-08T05:00:00.000Z"],
  ["America/Havana", "2026-11-01", "2026-11-01T04:00:00.000Z"],
  // Paraguay, on permanent -03 since October 2024: an ordinary day.
  ["America/Asuncion", "2026-10-04", "2026-10-04T03:00:00.000Z"],
  // Europe switches at 02:00/03:00: midnight is ordinary.
  ["Europe/Berlin", "2026-03-29", "2026-03-28T23:00:00.000Z"],
  ["Europe/Berlin", "2026-10-25", "2026-10-24T22:00:00.000Z"],
  // Half- and quarter-hour zones.
  ["Asia/Kolkata", "2026-12-03", "2026-12-02T18:30:00.000Z"],
  ["Australia/Adelaide", "2026-10-04", "2026-10-03T14:30:00.000Z"],
  ["Asia/Kathmandu", "2026-12-03", "2026-12-02T18:15:00.000Z"],
];

describe("shop day boundaries", () => {
  it.each(SWITCH_DAYS)("%s %s starts at %s", (zone, date, startsAt) => {
    const start = shopDayStart(date, zone);
    expect(start.toISOString()).toBe(startsAt);
    expect(shopDateOf(start, zone)).toBe(date);
    expect(shopDateOf(new Date(start.getTime() - 1), zone)).toBe(addDays(date, -1));
  });

  it("gives America/Santiago a 25-hour 4 April and a 23-hour 6 September in 2026", () => {
    const hours = (date: string) => (shopDayStart(addDays(date, 1), "America/Santiago").getTime() - shopDayStart(date, "America/Santiago").getTime()) / 3_600_000;
    expect(hours("2026-04-04")).toBe(25);
    expect(hours("2026-09-06")).toBe(23);
    expect(hours("2026-06-15")).toBe(24);
  });

  it("ends a day one second before the next starts (a discount's inclusive end)", () => {
    const end = shopDayBoundary("2026-04-04", "America/Santiago", true);
    expect(end.toISOString()).toBe("2026-04-05T03:59:59.000Z");
    expect(shopDateOf(end, "America/Santiago")).toBe("2026-04-04");
  });

  it("holds for any zone and day: the start belongs to the day, the instant before to the day before", () => {
    const zones = Intl.supportedValuesOf("timeZone");
    fc.assert(
      fc.property(fc.constantFrom(...zones), fc.integer({ min: 0, max: 365 * 12 }), (zone, offset) => {
        const date = addDays("2020-01-01", offset);
        const start = shopDayStart(date, zone);
        const next = shopDayStart(addDays(date, 1), zone);
        expect(shopDateOf(start, zone)).toBe(date);
        expect(shopDateOf(new Date(start.getTime() - 1), zone)).not.toBe(date);
        expect(shopDateOf(new Date(next.getTime() - 1), zone)).toBe(date);
      }),
      { numRuns: 500 },
    );
  });
});

describe("the app and PostgreSQL agree on shop days", () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase({ install: false });
  });
  afterAll(() => db.destroy());

  it.each(SWITCH_DAYS)("%s %s: the first instant and the one before", async (zone, date) => {
    const start = shopDayStart(date, zone);
    const before = new Date(start.getTime() - 1000);
    const rows = await db.prisma.$queryRawUnsafe<{ start: string; before: string }[]>(
      `SELECT to_char(($1::timestamptz AT TIME ZONE $3)::date, 'YYYY-MM-DD') AS start,
              to_char(($2::timestamptz AT TIME ZONE $3)::date, 'YYYY-MM-DD') AS before`,
      start.toISOString(),
      before.toISOString(),
      zone,
    );
    expect(rows[0]).toEqual({ start: date, before: shopDateOf(before, zone) });
    expect(rows[0]!.before).toBe(addDays(date, -1));
  });
});
