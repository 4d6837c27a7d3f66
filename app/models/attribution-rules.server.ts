import prisma from "../db.server";
import type { Prisma } from "../generated/prisma/client";
import { DEFAULT_PRECEDENCE, type AttributionRules, type AttributionSignal } from "../lib/attribution-precedence";

/**
 * A shop's attribution rules and their recomputation (decisions 037, 038), scoped by shop. The
 * winner of each order is chosen in SQL (codetrail_attribution_winner) from the evidence the ledger
 * keeps; codetrail_reattribute re-chooses it for stored orders and moves the rollups with it, and
 * codetrail_attribution_preview says, read only, what that would change. Orders the survey alone
 * names are not in the ledger until their facts are read from the Admin API
 * (app/services/survey-credit.server.ts); `surveyOnlyOrdersToCredit` lists them.
 */

type Tx = Prisma.TransactionClient;
type Db = Pick<Tx, "$queryRawUnsafe">;

export interface Period {
  /** Shop days, YYYY-MM-DD, inclusive; null for no bound. */
  from: string | null;
  to: string | null;
}

export async function attributionRules(shopId: string): Promise<AttributionRules> {
  const shop = await prisma.shop.findUnique({ where: { id: shopId }, select: { attributionPrecedence: true, creditSurveyOnly: true } });
  return {
    precedence: shop?.attributionPrecedence.length === 3 ? shop.attributionPrecedence : DEFAULT_PRECEDENCE,
    creditSurveyOnly: shop?.creditSurveyOnly ?? false,
  };
}

export async function setAttributionRules(shopId: string, rules: AttributionRules, tx: Pick<Tx, "shop"> = prisma): Promise<void> {
  await tx.shop.update({
    where: { id: shopId },
    data: { attributionPrecedence: [...rules.precedence] as AttributionSignal[], creditSurveyOnly: rules.creditSurveyOnly },
  });
}

/** Listed orders, or a period of shop days. */
export type OrderScope = { orderIds: readonly bigint[] } | Period;

/** A scope as the SQL functions take it: order ids (text, never rounded), else the period's bounds. */
function scopeArguments(scope: OrderScope): [orderIds: string[] | null, from: string | null, to: string | null] {
  return "orderIds" in scope ? [scope.orderIds.map((id) => id.toString()), null, null] : [null, scope.from, scope.to];
}

/**
 * Re-chooses the winner of the shop's stored orders under its current rules: the listed orders, or
 * every order in the period. Run inside the caller's transaction; returns how many orders changed.
 */
export async function reattributeOrders(tx: Db, shopId: string, scope: OrderScope): Promise<number> {
  const [orderIds, from, to] = scopeArguments(scope);
  const rows = await tx.$queryRawUnsafe<{ changed: number }[]>(
    `SELECT codetrail_reattribute($1, $2::bigint[], $3::date, $4::date, timezone('UTC', now())::timestamp(3)) AS changed`,
    shopId,
    orderIds,
    from,
    to
  );
  return Number(rows[0]?.changed ?? 0);
}

function inPeriod(shopId: string, period: Period) {
  return {
    shopId,
    shopDate: {
      ...(period.from ? { gte: new Date(`${period.from}T00:00:00Z`) } : {}),
      ...(period.to ? { lte: new Date(`${period.to}T00:00:00Z`) } : {}),
    },
  };
}

/** How many of the shop's stored orders have a shop day in the period. */
export function countOrdersInPeriod(shopId: string, period: Period): Promise<number> {
  return prisma.attributedOrder.count({ where: inPeriod(shopId, period) });
}

/** The shop's order ids with a shop day in the period, ascending, from `after` on (a page). */
export async function orderIdsInPeriod(shopId: string, period: Period, after: bigint | null, take: number): Promise<bigint[]> {
  const rows = await prisma.attributedOrder.findMany({
    where: { ...inPeriod(shopId, period), ...(after !== null ? { shopifyOrderId: { gt: after } } : {}) },
    select: { shopifyOrderId: true },
    orderBy: { shopifyOrderId: "asc" },
    take,
  });
  return rows.map((r) => r.shopifyOrderId);
}

/**
 * Orders the survey alone would credit and the ledger does not hold yet, when the shop credits such
 * orders: their answer names one of the shop's influencers and their webhook has come (ShopOrder;
 * an order still to come is credited by its webhook). The listed orders, or those of the period,
 * ascending.
 */
export async function surveyOnlyOrdersToCredit(db: Db, shopId: string, scope: OrderScope): Promise<bigint[]> {
  const [orderIds, from, to] = scopeArguments(scope);
  const rows = await db.$queryRawUnsafe<{ id: string }[]>(
    `SELECT r."shopifyOrderId"::text AS id
       FROM "SurveyResponse" r
       JOIN "ShopOrder" o ON o."shopId" = r."shopId" AND o."shopifyOrderId" = r."shopifyOrderId"
       JOIN "Influencer" i ON i."shopId" = r."shopId" AND i."id" = codetrail_survey_influencer(r."shopId", r."shopifyOrderId")
      WHERE r."shopId" = $1 AND codetrail_credits_survey_only($1)
        AND ($2::bigint[] IS NULL OR r."shopifyOrderId" = ANY($2::bigint[]))
        AND ($3::date IS NULL OR o."shopDate" >= $3::date) AND ($4::date IS NULL OR o."shopDate" <= $4::date)
        AND NOT EXISTS (SELECT 1 FROM "AttributedOrder" x WHERE x."shopId" = r."shopId" AND x."shopifyOrderId" = r."shopifyOrderId")
      ORDER BY r."shopifyOrderId"`,
    shopId,
    orderIds,
    from,
    to
  );
  return rows.map((r) => BigInt(r.id));
}

export interface InfluencerChange {
  influencerId: string;
  name: string;
  ordersBefore: number;
  ordersAfter: number;
  netBefore: string;
  netAfter: string;
  commissionBefore: string;
  commissionAfter: string;
  movedIn: number;
  movedOut: number;
}

/** What applying `rules` to the period would change, per influencer (read only). */
export async function previewAttributionRules(shopId: string, rules: AttributionRules, period: Period): Promise<InfluencerChange[]> {
  const rows = await prisma.$queryRawUnsafe<
    {
      influencer_id: string;
      name: string;
      orders_before: number;
      orders_after: number;
      net_before: string;
      net_after: string;
      commission_before: string;
      commission_after: string;
      moved_in: number;
      moved_out: number;
    }[]
  >(
    `SELECT p.influencer_id, i."name", p.orders_before, p.orders_after, p.net_before::text, p.net_after::text,
            p.commission_before::text, p.commission_after::text, p.moved_in, p.moved_out
       FROM codetrail_attribution_preview($1, $2::text[], $3, $4::date, $5::date) p
       JOIN "Influencer" i ON i."id" = p.influencer_id AND i."shopId" = $1
      ORDER BY (p.moved_in + p.moved_out) DESC, i."name"`,
    shopId,
    [...rules.precedence],
    rules.creditSurveyOnly,
    period.from,
    period.to
  );
  return rows.map((r) => ({
    influencerId: r.influencer_id,
    name: r.name,
    ordersBefore: Number(r.orders_before),
    ordersAfter: Number(r.orders_after),
    netBefore: r.net_before,
    netAfter: r.net_after,
    commissionBefore: r.commission_before,
    commissionAfter: r.commission_after,
    movedIn: Number(r.moved_in),
    movedOut: Number(r.moved_out),
  }));
}
