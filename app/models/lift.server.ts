import prisma from "../db.server";
import { BASELINE_WEEKS, earliestBaselineDay, liftGroups, type DayTotals, type LiftEvent, type LiftGroup } from "../lib/lift";
import { addDays, dateColumn, type DateRange, type IsoDate } from "../lib/shop-dates";

/**
 * What the lift view reads (decision 036): the shop's daily totals of every order (ShopOrder:
 * reportable orders, net sales, new customers per shop day) and the events to measure (posts and
 * campaign starts). Every query is scoped by shop.
 */

const iso = (d: Date) => d.toISOString().slice(0, 10);

export async function shopDailyTotals(shopId: string, range: DateRange): Promise<Map<IsoDate, DayTotals>> {
  const rows = await prisma.$queryRaw<{ day: Date; orders: number; net: string; fresh: number }[]>`
    SELECT "shopDate" AS day, count(*)::int AS orders, COALESCE(sum("sales" - "refunded"), 0)::text AS net,
           (count(*) FILTER (WHERE "newCustomer"))::int AS fresh
      FROM "ShopOrder"
     WHERE "shopId" = ${shopId} AND "shopDate" BETWEEN ${range.from}::date AND ${range.to}::date
       AND NOT "cancelled" AND NOT "test"
     GROUP BY "shopDate"`;
  return new Map(rows.map((r) => [iso(r.day), { orders: r.orders, netSales: r.net, newCustomers: r.fresh }]));
}

/** The first shop day with recorded orders: baselines never reach before it. */
export async function firstRecordedDay(shopId: string): Promise<IsoDate | null> {
  const first = await prisma.shopOrder.findFirst({ where: { shopId }, orderBy: { shopDate: "asc" }, select: { shopDate: true } });
  return first ? iso(first.shopDate) : null;
}

/** Posts and campaign starts in the range (shop days). */
export async function liftEvents(shopId: string, range: DateRange): Promise<LiftEvent[]> {
  const between = { gte: dateColumn(range.from), lte: dateColumn(range.to) };
  const [posts, campaigns] = await Promise.all([
    prisma.contentPost.findMany({
      where: { shopId, postedOn: between },
      select: { id: true, postedOn: true, platform: true, url: true, influencer: { select: { name: true } } },
      orderBy: [{ postedOn: "asc" }, { id: "asc" }],
    }),
    prisma.campaign.findMany({ where: { shopId, startsOn: between }, select: { id: true, name: true, startsOn: true }, orderBy: { startsOn: "asc" } }),
  ]);
  return [
    ...posts.map((p) => ({ id: p.id, kind: "post" as const, date: iso(p.postedOn), label: p.influencer.name, platform: p.platform, url: p.url })),
    ...campaigns.map((c) => ({ id: c.id, kind: "campaign" as const, date: iso(c.startsOn), label: c.name })),
  ];
}

/**
 * The lift of every post and campaign start in `range`, newest first: the events grouped first
 * (which tells how far back the baselines reach), then the totals of exactly those days.
 */
export async function liftInRange(shopId: string, range: DateRange, today: IsoDate): Promise<LiftGroup[]> {
  // Events a little before the range too: a baseline week holding one of them is skipped.
  const [events, firstDay] = await Promise.all([liftEvents(shopId, { from: addDays(range.from, -BASELINE_WEEKS * 7), to: range.to }), firstRecordedDay(shopId)]);
  const options = { today, firstDay };
  const shown = (groups: LiftGroup[]) => groups.filter((g) => g.events.some((e) => e.date >= range.from)).reverse();
  const from = earliestBaselineDay(shown(liftGroups(events, new Map(), options)));
  if (!from) return [];
  const totals = await shopDailyTotals(shopId, { from, to: today });
  return shown(liftGroups(events, totals, options));
}
