import prisma from "../db.server";
import { Prisma } from "../generated/prisma/client";
import type { CampaignGoal, Platform } from "../generated/prisma/enums";
import { addInputs, performanceMetrics, ZERO_INPUTS, type PerformanceInputs, type PerformanceMetrics } from "../lib/metrics";
import { Decimal, ratio } from "../lib/money";
import { addDays, type DateRange, type IsoDate } from "../lib/shop-dates";
import { surveyMentionsByInfluencer, type SurveyMentions } from "./survey-mentions.server";

/**
 * Report queries. Order figures come from DailyRollup (pre-aggregated per day, influencer, campaign
 * and code) and RepeatPurchaseRollup (acquired customers' later purchases, per acquisition day,
 * influencer and campaign), costs from CostEntry (few rows, indexed by shop and date): nothing
 * here scans orders. Every query is scoped by shopId.
 */

export interface ReportFilter {
  shopId: string;
  /** Inclusive shop-local dates; null: all time. */
  range: DateRange | null;
  campaignId?: string | null;
  influencerId?: string | null;
  platform?: Platform | null;
}

type RollupDimension = "shopDate" | "influencerId" | "campaignId" | "discountCodeId";
type CostDimension = "incurredOn" | "influencerId" | "campaignId";

const dateSql = (d: IsoDate) => Prisma.sql`CAST(${d} AS DATE)`;

function whereClause(filter: ReportFilter, dateColumn: "shopDate" | "incurredOn") {
  const parts: Prisma.Sql[] = [Prisma.sql`"shopId" = ${filter.shopId}`];
  if (filter.range) {
    parts.push(Prisma.sql`${Prisma.raw(`"${dateColumn}"`)} >= ${dateSql(filter.range.from)}`);
    parts.push(Prisma.sql`${Prisma.raw(`"${dateColumn}"`)} <= ${dateSql(filter.range.to)}`);
  }
  // Rollups store '' for "none"; cost entries store NULL.
  if (filter.campaignId) parts.push(Prisma.sql`"campaignId" = ${filter.campaignId}`);
  if (filter.influencerId) parts.push(Prisma.sql`"influencerId" = ${filter.influencerId}`);
  if (filter.platform) {
    parts.push(Prisma.sql`"influencerId" IN (SELECT "influencerId" FROM "InfluencerHandle"
      WHERE "shopId" = ${filter.shopId} AND "platform" = CAST(${filter.platform} AS "Platform"))`);
  }
  return Prisma.join(parts, " AND ");
}

interface RollupRow {
  key: string;
  orders: number;
  newCustomers: number;
  sales: string;
  discounts: string;
  refunds: string;
  commission: string;
}

/**
 * The platform an order came from, where it is known: the platform of the tracking link it landed
 * through, else its landing page's utm_source, else the site that referred it; for an order with
 * none of these (a code typed at checkout), the influencer's platform when they have a profile on
 * one platform only. NULL: not known. docs/metrics.md, "Platform".
 */
const ORDER_PLATFORM = Prisma.sql`coalesce(
  (SELECT l."platform"::text FROM "TrackingLink" l WHERE l."id" = o."trackingLinkId"),
  CASE
    WHEN o."utmSource" IN ('instagram', 'ig') OR o."referringHost" ~ '(^|\\.)instagram\\.com$' THEN 'INSTAGRAM'
    WHEN o."utmSource" = 'tiktok' OR o."referringHost" ~ '(^|\\.)tiktok\\.com$' THEN 'TIKTOK'
    WHEN o."utmSource" IN ('youtube', 'yt') OR o."referringHost" ~ '(^|\\.)(youtube\\.com|youtu\\.be)$' THEN 'YOUTUBE'
    WHEN o."utmSource" IN ('facebook', 'fb') OR o."referringHost" ~ '(^|\\.)(facebook\\.com|fb\\.com|fb\\.me)$' THEN 'FACEBOOK'
    WHEN o."utmSource" IN ('x', 'twitter') OR o."referringHost" ~ '(^|\\.)(x\\.com|twitter\\.com|t\\.co)$' THEN 'X'
    WHEN o."utmSource" = 'blog' THEN 'BLOG'
    WHEN o."utmSource" = 'other' THEN 'OTHER'
  END,
  (SELECT min(h."platform"::text) FROM "InfluencerHandle" h
    WHERE h."shopId" = o."shopId" AND h."influencerId" = o."influencerId" HAVING count(*) = 1))`;

/**
 * Order sums from the ledger's orders, for a platform filter (the rollups have no platform): the
 * same figures the rollups would give for those orders, commission as each order accrued it.
 */
async function platformOrderSums(filter: ReportFilter & { platform: Platform }, by: RollupDimension | null): Promise<Map<string, PerformanceInputs>> {
  const key =
    by === "shopDate" ? Prisma.sql`to_char(o."shopDate", 'YYYY-MM-DD')` : by ? Prisma.sql`coalesce(${Prisma.raw(`o."${by}"`)}, '')` : Prisma.sql`''`;
  const parts: Prisma.Sql[] = [Prisma.sql`o."shopId" = ${filter.shopId}`, Prisma.sql`codetrail_is_reportable(o."cancelledAt", o."test")`];
  if (filter.range) {
    parts.push(Prisma.sql`o."shopDate" >= ${dateSql(filter.range.from)}`, Prisma.sql`o."shopDate" <= ${dateSql(filter.range.to)}`);
  }
  if (filter.campaignId) parts.push(Prisma.sql`o."campaignId" = ${filter.campaignId}`);
  if (filter.influencerId) parts.push(Prisma.sql`o."influencerId" = ${filter.influencerId}`);
  parts.push(Prisma.sql`${ORDER_PLATFORM} = ${filter.platform}`);
  const rows = await prisma.$queryRaw<RollupRow[]>`
    SELECT ${key} AS "key", count(*)::int AS "orders", count(*) FILTER (WHERE o."newCustomer")::int AS "newCustomers",
           coalesce(sum(o."sales"), 0)::text AS "sales", coalesce(sum(o."discounts"), 0)::text AS "discounts",
           coalesce(sum(o."refunded"), 0)::text AS "refunds",
           coalesce(sum(o."commission"), 0)::text AS "commission"
      FROM "AttributedOrder" o
     WHERE ${Prisma.join(parts, " AND ")}
     GROUP BY 1`;
  return inputsByKey(rows);
}

/** Rollup sums grouped by one dimension (or none: a single row keyed ''); with a platform filter, the orders from that platform. */
async function rollupSums(filter: ReportFilter, by: RollupDimension | null): Promise<Map<string, PerformanceInputs>> {
  if (filter.platform) return platformOrderSums({ ...filter, platform: filter.platform }, by);
  const key = by === "shopDate" ? Prisma.sql`to_char("shopDate", 'YYYY-MM-DD')` : by ? Prisma.raw(`"${by}"`) : Prisma.sql`''`;
  const rows = await prisma.$queryRaw<RollupRow[]>`
    SELECT ${key} AS "key", coalesce(sum("orders"), 0)::int AS "orders",
           coalesce(sum("newCustomers"), 0)::int AS "newCustomers",
           coalesce(sum("sales"), 0)::text AS "sales", coalesce(sum("discounts"), 0)::text AS "discounts",
           coalesce(sum("refunds"), 0)::text AS "refunds", coalesce(sum("commission"), 0)::text AS "commission"
      FROM "DailyRollup"
     WHERE ${whereClause(filter, "shopDate")}
     GROUP BY 1`;
  return inputsByKey(rows);
}

function inputsByKey(rows: RollupRow[]): Map<string, PerformanceInputs> {
  return new Map(
    rows.map((r) => [
      r.key,
      {
        ...ZERO_INPUTS,
        orders: r.orders,
        newCustomers: r.newCustomers,
        sales: new Decimal(r.sales),
        discounts: new Decimal(r.discounts),
        refunds: new Decimal(r.refunds),
        commission: new Decimal(r.commission),
      },
    ]),
  );
}

/** Cost entry sums (fees) grouped by one dimension; entries without a campaign are keyed ''. */
async function costSums(filter: ReportFilter, by: CostDimension | null): Promise<Map<string, Decimal>> {
  const key =
    by === "incurredOn"
      ? Prisma.sql`to_char("incurredOn", 'YYYY-MM-DD')`
      : by
        ? Prisma.sql`coalesce(${Prisma.raw(`"${by}"`)}, '')`
        : Prisma.sql`''`;
  const rows = await prisma.$queryRaw<{ key: string; amount: string }[]>`
    SELECT ${key} AS "key", coalesce(sum("amount"), 0)::text AS "amount"
      FROM "CostEntry"
     WHERE ${whereClause(filter, "incurredOn")}
     GROUP BY 1`;
  return new Map(rows.map((r) => [r.key, new Decimal(r.amount)]));
}

/**
 * With a campaign filter, costs recorded without a campaign cannot be counted (nothing says which
 * campaign they paid for), yet they were spent on the campaign's people: the sum per influencer of
 * such costs in the range, for the campaign's members and anyone with orders in it, so the page can
 * say what it leaves out and by how much.
 */
export async function costsWithoutCampaign(filter: ReportFilter & { campaignId: string }): Promise<Map<string, Decimal>> {
  const unfiltered: ReportFilter = { ...filter, campaignId: null };
  const rollupRange = filter.range
    ? Prisma.sql`AND "shopDate" >= ${dateSql(filter.range.from)} AND "shopDate" <= ${dateSql(filter.range.to)}`
    : Prisma.empty;
  const rows = await prisma.$queryRaw<{ key: string; amount: string }[]>`
    SELECT "influencerId" AS "key", coalesce(sum("amount"), 0)::text AS "amount"
      FROM "CostEntry"
     WHERE ${whereClause(unfiltered, "incurredOn")} AND "campaignId" IS NULL
       AND "influencerId" IN (
             SELECT "influencerId" FROM "CampaignInfluencer" WHERE "shopId" = ${filter.shopId} AND "campaignId" = ${filter.campaignId}
             UNION
             SELECT "influencerId" FROM "DailyRollup"
              WHERE "shopId" = ${filter.shopId} AND "campaignId" = ${filter.campaignId} ${rollupRange})
     GROUP BY 1`;
  return new Map(rows.map((r) => [r.key, new Decimal(r.amount)]));
}

export function sumOf(values: Iterable<Decimal>): Decimal {
  let total = new Decimal(0);
  for (const v of values) total = total.plus(v);
  return total;
}

function combine(orders: PerformanceInputs | undefined, fees: Decimal | undefined): PerformanceInputs {
  return addInputs(orders ?? ZERO_INPUTS, { fees: fees ?? new Decimal(0) });
}

export async function totals(filter: ReportFilter): Promise<PerformanceMetrics> {
  const [orders, costs] = await Promise.all([rollupSums(filter, null), costSums(filter, null)]);
  return performanceMetrics(combine(orders.get(""), costs.get("")));
}

export interface SeriesPoint {
  date: IsoDate;
  netSales: Decimal;
  cost: Decimal;
}

/** Net sales against total cost (fees + commission) per day of the range, every day present. */
export async function dailySeries(filter: ReportFilter & { range: DateRange }): Promise<SeriesPoint[]> {
  const [orders, costs] = await Promise.all([rollupSums(filter, "shopDate"), costSums(filter, "incurredOn")]);
  const points: SeriesPoint[] = [];
  for (let day = filter.range.from; day <= filter.range.to; ) {
    const m = performanceMetrics(combine(orders.get(day), costs.get(day)));
    points.push({ date: day, netSales: m.netSales, cost: m.cost });
    day = addDays(day, 1);
  }
  return points;
}

export interface InfluencerRow {
  id: string;
  name: string;
  status: string;
  codes: string[];
  metrics: PerformanceMetrics;
  /** Later attributed orders of the customers this influencer acquired in the range. */
  repeatOrders: number;
  repeatNetSales: Decimal;
  /**
   * Survey answers naming the influencer, those not through their code or link (dark), and dark ÷
   * their code-or-link orders; null under a campaign or platform filter (an answer has neither).
   */
  survey: { named: number; dark: number; darkSocialRatio: Decimal | null } | null;
}

/**
 * Acquired customers' later purchases, per influencer: for every order in the range that brought
 * a new customer, the customer's later reportable attributed orders (any influencer, any date).
 * Summed from RepeatPurchaseRollup (per acquisition day, influencer and campaign), which the
 * ledger keeps (docs/metrics.md, docs/decisions/010-repeat-purchase-rollups.md).
 */
async function repeatPurchases(filter: ReportFilter) {
  const rows = await prisma.$queryRaw<{ influencerId: string; orders: number; net: string }[]>`
    SELECT "influencerId", coalesce(sum("orders"), 0)::int AS "orders", coalesce(sum("netSales"), 0)::text AS "net"
      FROM "RepeatPurchaseRollup"
     WHERE ${whereClause(filter, "shopDate")}
     GROUP BY "influencerId"`;
  return new Map(rows.map((r) => [r.influencerId, { orders: r.orders, net: new Decimal(r.net) }]));
}

/** One row per influencer of the shop (those without activity too, unless a filter excludes them). */
export async function influencerRows(filter: ReportFilter, { withRepeat = true } = {}): Promise<InfluencerRow[]> {
  const surveyApplies = !filter.campaignId && !filter.platform;
  const [orders, costs, repeat, mentions, influencers] = await Promise.all([
    rollupSums(filter, "influencerId"),
    costSums(filter, "influencerId"),
    withRepeat ? repeatPurchases(filter) : Promise.resolve(new Map<string, { orders: number; net: Decimal }>()),
    surveyApplies ? surveyMentionsByInfluencer(filter.shopId, filter.range) : Promise.resolve(new Map<string, SurveyMentions>()),
    prisma.influencer.findMany({
      where: {
        shopId: filter.shopId,
        ...(filter.influencerId ? { id: filter.influencerId } : {}),
        ...(filter.platform ? { handles: { some: { platform: filter.platform } } } : {}),
        ...(filter.campaignId ? { campaigns: { some: { campaignId: filter.campaignId } } } : {}),
      },
      select: { id: true, name: true, status: true, discountCodes: { select: { code: true }, orderBy: { code: "asc" } } },
      orderBy: { name: "asc" },
    }),
  ]);
  const listed = new Set(influencers.map((i) => i.id));
  // A campaign filter lists its members, and anyone else with orders or costs in it.
  const extraIds = [...new Set([...orders.keys(), ...costs.keys(), ...mentions.keys()])].filter((id) => id && !listed.has(id));
  const extra = extraIds.length
    ? await prisma.influencer.findMany({
        where: { shopId: filter.shopId, id: { in: extraIds } },
        select: { id: true, name: true, status: true, discountCodes: { select: { code: true }, orderBy: { code: "asc" } } },
      })
    : [];
  return [...influencers, ...extra].map((i) => {
    const metrics = performanceMetrics(combine(orders.get(i.id), costs.get(i.id)));
    const mentioned = mentions.get(i.id) ?? { named: 0, dark: 0 };
    return {
      id: i.id,
      name: i.name,
      status: i.status,
      codes: i.discountCodes.map((c) => c.code),
      metrics,
      repeatOrders: repeat.get(i.id)?.orders ?? 0,
      repeatNetSales: repeat.get(i.id)?.net ?? new Decimal(0),
      survey: surveyApplies ? { ...mentioned, darkSocialRatio: ratio(new Decimal(mentioned.dark), new Decimal(metrics.orders)) } : null,
    };
  });
}

export const INFLUENCER_SORTS = [
  "name",
  "orders",
  "newCustomers",
  "sales",
  "discounts",
  "refunds",
  "netSales",
  "fees",
  "commission",
  "cost",
  "roi",
  "roas",
  "cpa",
  "aov",
  "repeatNetSales",
  "darkSocial",
] as const;
export type InfluencerSort = (typeof INFLUENCER_SORTS)[number];

function sortValue(row: InfluencerRow, sort: InfluencerSort): Decimal | string | null {
  const m = row.metrics;
  switch (sort) {
    case "name":
      return row.name;
    case "orders":
    case "newCustomers":
      return new Decimal(m[sort]);
    case "roi":
      return m.roiPercent;
    case "repeatNetSales":
      return row.repeatNetSales;
    case "darkSocial":
      return row.survey?.darkSocialRatio ?? null;
    default:
      return m[sort];
  }
}

/** Sorted on the server: undefined ratios (a dash) always last, then by name. */
export function sortInfluencers(rows: InfluencerRow[], sort: InfluencerSort, dir: "asc" | "desc"): InfluencerRow[] {
  const sign = dir === "asc" ? 1 : -1;
  return [...rows].sort((a, b) => {
    const x = sortValue(a, sort);
    const y = sortValue(b, sort);
    if (x === null || y === null) {
      if (x !== y) return x === null ? 1 : -1;
    } else {
      const c = typeof x === "string" ? x.localeCompare(y as string) : x.comparedTo(y as Decimal);
      if (c !== 0) return c * sign;
    }
    return a.name.localeCompare(b.name) || a.id.localeCompare(b.id);
  });
}

export interface BreakdownRow {
  /** '' when the orders or costs have none. */
  id: string;
  label: string | null;
  metrics: PerformanceMetrics;
}

/** An influencer's figures per campaign (with costs) and per code (orders and commission only). */
export async function influencerBreakdown(filter: ReportFilter & { influencerId: string }) {
  const [byCampaign, costsByCampaign, byCode, campaigns, codes] = await Promise.all([
    rollupSums(filter, "campaignId"),
    costSums(filter, "campaignId"),
    rollupSums(filter, "discountCodeId"),
    prisma.campaign.findMany({ where: { shopId: filter.shopId }, select: { id: true, name: true } }),
    prisma.discountCode.findMany({
      where: { shopId: filter.shopId, influencerId: filter.influencerId },
      select: { id: true, code: true },
      orderBy: { code: "asc" },
    }),
  ]);
  const campaignName = new Map(campaigns.map((c) => [c.id, c.name]));
  const campaignIds = [...new Set([...byCampaign.keys(), ...costsByCampaign.keys()])];
  const perCampaign: BreakdownRow[] = campaignIds
    .map((id) => ({
      id,
      label: id ? (campaignName.get(id) ?? null) : null,
      metrics: performanceMetrics(combine(byCampaign.get(id), costsByCampaign.get(id))),
    }))
    .sort((a, b) => b.metrics.netSales.comparedTo(a.metrics.netSales));
  const codeIds = [...new Set([...codes.map((c) => c.id), ...byCode.keys()])];
  const codeName = new Map(codes.map((c) => [c.id, c.code]));
  const perCode: BreakdownRow[] = codeIds.map((id) => ({
    id,
    label: id ? (codeName.get(id) ?? null) : null,
    metrics: performanceMetrics(combine(byCode.get(id), undefined)),
  }));
  return { perCampaign, perCode };
}

export interface CampaignRow {
  id: string;
  name: string;
  goal: CampaignGoal;
  startsOn: IsoDate;
  endsOn: IsoDate | null;
  budget: Decimal | null;
  /** Total cost of the campaign to date (all time: fees + commission). */
  spend: Decimal;
  metrics: PerformanceMetrics;
}

const isoOf = (d: Date) => d.toISOString().slice(0, 10);

export async function campaignRows(filter: ReportFilter): Promise<CampaignRow[]> {
  const allTime: ReportFilter = { ...filter, range: null };
  const [orders, costs, ordersAll, costsAll, campaigns] = await Promise.all([
    rollupSums(filter, "campaignId"),
    costSums(filter, "campaignId"),
    rollupSums(allTime, "campaignId"),
    costSums(allTime, "campaignId"),
    prisma.campaign.findMany({
      where: { shopId: filter.shopId, ...(filter.campaignId ? { id: filter.campaignId } : {}) },
      orderBy: [{ startsOn: "desc" }, { name: "asc" }],
    }),
  ]);
  return campaigns.map((c) => {
    const spend = (ordersAll.get(c.id)?.commission ?? new Decimal(0)).plus(costsAll.get(c.id) ?? 0);
    return {
      id: c.id,
      name: c.name,
      goal: c.goal,
      startsOn: isoOf(c.startsOn),
      endsOn: c.endsOn ? isoOf(c.endsOn) : null,
      budget: c.budget === null ? null : new Decimal(c.budget.toString()),
      spend,
      metrics: performanceMetrics(combine(orders.get(c.id), costs.get(c.id))),
    };
  });
}

/** Filter options: the shop's campaigns and the platforms its influencers are on. */
export async function filterOptions(shopId: string) {
  const [campaigns, platforms] = await Promise.all([
    prisma.campaign.findMany({ where: { shopId }, select: { id: true, name: true }, orderBy: { name: "asc" } }),
    prisma.influencerHandle.findMany({ where: { shopId }, select: { platform: true }, distinct: ["platform"] }),
  ]);
  return { campaigns, platforms: platforms.map((p) => p.platform).sort() };
}
