import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { liftGroups, type DayTotals, type LiftEvent } from "./lift";
import { addDays, type IsoDate } from "./shop-dates";

/** Daily totals from `from` for `days` days: `orders(day index)` orders of 10.00 each, one in five new. */
function series(from: IsoDate, days: number, orders: (i: number) => number): Map<IsoDate, DayTotals> {
  const map = new Map<IsoDate, DayTotals>();
  for (let i = 0; i < days; i++) {
    const n = orders(i);
    map.set(addDays(from, i), { orders: n, netSales: (n * 10).toFixed(2), newCustomers: Math.floor(n / 5) });
  }
  return map;
}

const post = (id: string, date: IsoDate): LiftEvent => ({ id, kind: "post", date, label: id });

describe("lift after a post", () => {
  // 2026-09-01 is a Tuesday; weekends sell double, so only same-weekday weeks compare fairly.
  const weekday = (i: number) => ([4, 5].includes(i % 7) ? 20 : 10);

  it("compares the week after with the same weekdays of four earlier weeks, and calls a clear rise above the range", () => {
    const totals = series("2026-09-01", 42, (i) => weekday(i) + (i >= 35 ? 10 : 0) + (i === 8 ? 3 : 0));
    const [group] = liftGroups([post("reel", "2026-10-06")], totals, { today: "2026-10-31", firstDay: "2026-09-01" });
    expect(group).toMatchObject({ from: "2026-10-06", to: "2026-10-12", days: 7, daysElapsed: 7, baselineWeeks: ["2026-09-29", "2026-09-22", "2026-09-15", "2026-09-08"] });
    // Baseline weeks: 90 orders each, one with 3 more (93); after: 90 + 70.
    expect(group.metrics.orders).toEqual({
      after: "160.0", mean: "90.8", min: "90.0", max: "93.0", stdDev: "1.5", lift: "69.3", liftPercent: "76.3", verdict: "above",
    });
    expect(group.metrics.netSales).toMatchObject({ after: "1600.00", mean: "907.50", verdict: "above" });
  });

  it("calls week-to-week noise within the range", () => {
    const noisy = [5, 9, 3, 12, 6];
    const totals = series("2026-09-01", 42, (i) => weekday(i) + noisy[Math.floor(i / 7) % 5]);
    const [group] = liftGroups([post("story", "2026-10-06")], totals, { today: "2026-10-31", firstDay: "2026-09-01" });
    expect(group.metrics.orders.verdict).toBe("within");
  });

  it("shows overlapping posts as one group, counting each day once, and replaces baseline weeks with another post by earlier ones", () => {
    const totals = series("2026-08-01", 80, () => 10);
    const events = [post("a", "2026-10-06"), post("b", "2026-10-08"), post("old", "2026-09-23")];
    const groups = liftGroups(events, totals, { today: "2026-10-31", firstDay: "2026-08-01" });
    const both = groups.find((g) => g.events.length === 2)!;
    expect(both).toMatchObject({ from: "2026-10-06", to: "2026-10-14", days: 9 });
    expect(both.events.map((e) => e.id)).toEqual(["a", "b"]);
    // Nine days of 10 orders, once: not 7 + 7 days.
    expect(both.metrics.orders.after).toBe("90.0");
    // Two weeks back (9-day windows step back 14 days): the window of 09-22 holds the older post.
    // An earlier week replaces it until history runs out (recorded from 08-01).
    expect(both.skippedWeeks).toEqual([
      { from: "2026-09-22", reason: "event" },
      { from: "2026-07-28", reason: "noHistory" },
    ]);
    expect(both.baselineWeeks).toEqual(["2026-09-08", "2026-08-25", "2026-08-11"]);
  });

  it("says there is not enough history rather than inventing a baseline, and compares a running week day for day", () => {
    const totals = series("2026-09-25", 20, () => 10);
    const [early] = liftGroups([post("new", "2026-10-06")], totals, { today: "2026-10-08", firstDay: "2026-09-25" });
    expect(early.metrics.orders.verdict).toBe("noBaseline");
    expect(early.metrics.orders.mean).toBeNull();
    // One week of history (09-29) is not a baseline; the week before it was not recorded.
    expect(early.baselineWeeks).toEqual(["2026-09-29"]);
    expect(early.skippedWeeks).toEqual([{ from: "2026-09-22", reason: "noHistory" }]);
    expect(early.daysElapsed).toBe(3);
    expect(early.metrics.orders.after).toBe("30.0");
    // A future post is not measured.
    expect(liftGroups([post("later", "2026-11-01")], totals, { today: "2026-10-08", firstDay: "2026-09-25" })).toEqual([]);
  });

  it("never counts a day twice, and does not depend on the calendar week it happens in (property)", () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 60 }), { minLength: 1, maxLength: 6 }),
        fc.array(fc.integer({ min: 0, max: 40 }), { minLength: 120, maxLength: 120 }),
        fc.integer({ min: -20, max: 20 }),
        (offsets, daily, weeks) => {
          const start = "2026-05-04";
          const totals = series(start, 120, (i) => daily[i]);
          const events = offsets.map((o, i) => post(`p${i}`, addDays(start, 40 + o)));
          const options = { today: addDays(start, 119), firstDay: start };
          const groups = liftGroups(events, totals, options);
          // Counted once: the groups' windows never overlap and their orders add up to those days' orders.
          const covered = new Set<string>();
          let expected = 0;
          for (const g of groups) {
            for (let d = 0; d < g.daysElapsed; d++) {
              const day = addDays(g.from, d);
              expect(covered.has(day)).toBe(false);
              covered.add(day);
              expected += totals.get(day)?.orders ?? 0;
            }
          }
          expect(groups.reduce((sum, g) => sum + Number(g.metrics.orders.after), 0)).toBe(expected);
          // Shifted by whole weeks, the same figures.
          const shift = (d: IsoDate) => addDays(d, weeks * 7);
          const shiftedTotals = new Map([...totals].map(([d, t]) => [shift(d), t]));
          const shifted = liftGroups(events.map((e) => ({ ...e, date: shift(e.date) })), shiftedTotals, { today: shift(options.today), firstDay: shift(start) });
          expect(shifted.map((g) => g.metrics)).toEqual(groups.map((g) => g.metrics));
        },
      ),
      { numRuns: 200 },
    );
  });
});
