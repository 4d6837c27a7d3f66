import { Decimal } from "./money";
import { addDays, type IsoDate } from "./shop-dates";

/**
 * Lift after a post or a campaign start (docs/metrics.md, "Lift after a post or campaign start";
 * decision 036): the shop's orders, net sales and new customers in the days after the event
 * against a baseline of the same weekdays in the weeks before, with the baseline's spread so a
 * merchant can tell a rise from the week-to-week noise. Pure: the model reads the shop's daily
 * totals (ShopOrder) and the events.
 */

export const LIFT_WINDOW_DAYS = 7;
export const BASELINE_WEEKS = 4;
/** How far back a baseline may look for weeks free of other events. */
export const MAX_LOOKBACK_WEEKS = 8;
/** Fewer usable baseline weeks than this: no verdict ("not enough history"). */
export const MIN_BASELINE_WEEKS = 2;

export interface DayTotals {
  orders: number;
  /** Sales − refunded, decimal text. */
  netSales: string;
  newCustomers: number;
}

export interface LiftEvent {
  id: string;
  kind: "post" | "campaign";
  /** The shop day it happened (a post's date, a campaign's start). */
  date: IsoDate;
  label: string;
  /** A post's platform and address. */
  platform?: string;
  url?: string;
}

export const LIFT_METRICS = ["orders", "netSales", "newCustomers"] as const;
export type LiftMetric = (typeof LIFT_METRICS)[number];

export type Verdict = "above" | "below" | "within" | "noBaseline";

export interface MetricLift {
  /** In the window after the event (decimal text). */
  after: string;
  /** Mean, lowest, highest and sample standard deviation of the baseline weeks; null without a baseline. */
  mean: string | null;
  min: string | null;
  max: string | null;
  stdDev: string | null;
  /** after − mean, and as a percent of the mean (null when the mean is 0 or there is no baseline). */
  lift: string | null;
  liftPercent: string | null;
  /** Above the baseline's highest week, below its lowest, or within its range. */
  verdict: Verdict;
}

export interface LiftGroup {
  /** The window: from the first event's day to LIFT_WINDOW_DAYS − 1 days after the last one's. */
  from: IsoDate;
  to: IsoDate;
  /** Days of the window that have happened (the window may still be running). */
  daysElapsed: number;
  days: number;
  /** Every event whose window overlaps: shown together, counted once. */
  events: LiftEvent[];
  /** The first day of each baseline week used, newest first. */
  baselineWeeks: IsoDate[];
  /** Baseline weeks left out: another event in them, or before the shop's first recorded day. */
  skippedWeeks: { from: IsoDate; reason: "event" | "noHistory" }[];
  metrics: Record<LiftMetric, MetricLift>;
}

function daysBetween(from: IsoDate, to: IsoDate): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

function sumWindow(totals: ReadonlyMap<IsoDate, DayTotals>, from: IsoDate, days: number): Record<LiftMetric, Decimal> {
  const sum = { orders: new Decimal(0), netSales: new Decimal(0), newCustomers: new Decimal(0) };
  for (let i = 0; i < days; i++) {
    const day = totals.get(addDays(from, i));
    if (!day) continue;
    sum.orders = sum.orders.plus(day.orders);
    sum.netSales = sum.netSales.plus(day.netSales);
    sum.newCustomers = sum.newCustomers.plus(day.newCustomers);
  }
  return sum;
}

/** Mean, range and sample standard deviation of the baseline, and where `after` falls. */
export function compareWithBaseline(after: Decimal, baseline: Decimal[], places: number): MetricLift {
  const fixed = (d: Decimal) => d.toDecimalPlaces(places).toFixed(places);
  if (baseline.length < MIN_BASELINE_WEEKS) {
    return { after: fixed(after), mean: null, min: null, max: null, stdDev: null, lift: null, liftPercent: null, verdict: "noBaseline" };
  }
  const mean = baseline.reduce((a, b) => a.plus(b), new Decimal(0)).div(baseline.length);
  const min = Decimal.min(...baseline);
  const max = Decimal.max(...baseline);
  const variance = baseline.reduce((a, b) => a.plus(b.minus(mean).pow(2)), new Decimal(0)).div(baseline.length - 1);
  const lift = after.minus(mean);
  return {
    after: fixed(after),
    mean: fixed(mean),
    min: fixed(min),
    max: fixed(max),
    stdDev: fixed(variance.sqrt()),
    lift: fixed(lift),
    liftPercent: mean.isZero() ? null : lift.div(mean).times(100).toDecimalPlaces(1).toFixed(1),
    verdict: after.gt(max) ? "above" : after.lt(min) ? "below" : "within",
  };
}

/**
 * Groups the events whose windows overlap, and measures each group against the same weekdays of
 * BASELINE_WEEKS earlier weeks. A baseline week that overlaps another event's window is skipped
 * and said so (and an earlier week taken, up to MAX_LOOKBACK_WEEKS back); history stops at
 * `firstDay` (the first day the shop's orders were recorded). A
 * window still running is compared day for day: the baseline weeks count the same elapsed days.
 */
export function liftGroups(
  events: readonly LiftEvent[],
  totals: ReadonlyMap<IsoDate, DayTotals>,
  options: { today: IsoDate; firstDay: IsoDate | null },
): LiftGroup[] {
  const sorted = [...events].filter((e) => e.date <= options.today).sort((a, b) => a.date.localeCompare(b.date) || a.id.localeCompare(b.id));
  const groups: { from: IsoDate; to: IsoDate; events: LiftEvent[] }[] = [];
  for (const event of sorted) {
    const last = groups.at(-1);
    if (last && event.date <= last.to) {
      last.events.push(event);
      const end = addDays(event.date, LIFT_WINDOW_DAYS - 1);
      if (end > last.to) last.to = end;
    } else {
      groups.push({ from: event.date, to: addDays(event.date, LIFT_WINDOW_DAYS - 1), events: [event] });
    }
  }
  const eventWindows = groups.map((g) => ({ from: g.from, to: g.to }));
  const overlapsEvent = (from: IsoDate, to: IsoDate) => eventWindows.some((w) => w.from <= to && from <= w.to);

  return groups.map((group) => {
    const days = daysBetween(group.from, group.to) + 1;
    const daysElapsed = Math.max(0, Math.min(days, daysBetween(group.from, options.today) + 1));
    const baselineWeeks: IsoDate[] = [];
    const skippedWeeks: LiftGroup["skippedWeeks"] = [];
    // Whole weeks back, so each baseline window has the same weekdays; far enough back that a
    // window longer than a week (overlapping events) does not overlap itself.
    const step = Math.ceil(days / 7) * 7;
    // Up to BASELINE_WEEKS weeks free of other events, looking back at most MAX_LOOKBACK_WEEKS
    // (a store that posts every week still gets a baseline); history stops at the first recorded day.
    for (let k = 1; k <= MAX_LOOKBACK_WEEKS && baselineWeeks.length < BASELINE_WEEKS; k++) {
      const from = addDays(group.from, -k * step);
      const to = addDays(from, days - 1);
      if (!options.firstDay || from < options.firstDay) {
        skippedWeeks.push({ from, reason: "noHistory" });
        break;
      }
      if (overlapsEvent(from, to)) skippedWeeks.push({ from, reason: "event" });
      else baselineWeeks.push(from);
    }
    const after = sumWindow(totals, group.from, daysElapsed);
    const baseline = baselineWeeks.map((from) => sumWindow(totals, from, daysElapsed));
    const metrics = Object.fromEntries(
      LIFT_METRICS.map((m) => [m, compareWithBaseline(after[m], baseline.map((b) => b[m]), m === "netSales" ? 2 : 1)]),
    ) as Record<LiftMetric, MetricLift>;
    return { from: group.from, to: group.to, daysElapsed, days, events: group.events, baselineWeeks, skippedWeeks, metrics };
  });
}

/** The earliest day the groups' baselines read (so the caller fetches exactly the totals needed). */
export function earliestBaselineDay(groups: readonly LiftGroup[]): IsoDate | null {
  const days = groups.flatMap((g) => [...g.baselineWeeks, ...g.skippedWeeks.map((w) => w.from)]);
  return days.length ? days.reduce((a, b) => (a < b ? a : b)) : null;
}
