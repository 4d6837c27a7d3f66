import prisma from "../db.server";
import type { Prisma } from "../generated/prisma/client";
import {
  DEFAULT_PRECEDENCE,
  type AttributionSignal,
  type Precedence,
} from "../lib/attribution-precedence";

/**
 * A shop's attribution rules and their recomputation (decision 037), scoped by shop. The winner of
 * each order is chosen in SQL (codetrail_attribution_winner) from the evidence the ledger keeps;
 * codetrail_reattribute re-chooses it for stored orders and moves the rollups with it, and
 * codetrail_attribution_preview says, read only, what that would change.
 */

type Tx = Prisma.TransactionClient;
type Db = Pick<Tx, "$queryRawUnsafe">;

export interface Period {
  /** Shop days, YYYY-MM-DD, inclusive; null for no bound. */
  from: string | null;
  to: string | null;
}

export async function attributionPrecedence(
  shopId: string
): Promise<Precedence> {
  const shop = await prisma.shop.findUnique({
    where: { id: shopId },
    select: { attributionPrecedence: true },
  });
  return shop?.attributionPrecedence.length === 3
    ? shop.attributionPrecedence
    : DEFAULT_PRECEDENCE;
}

export async function setAttributionPrecedence(
  shopId: string,
  precedence: Precedence,
  tx: Db & Pick<Tx, "shop"> = prisma
): Promise<void> {
  await tx.shop.update({
    where: { id: shopId },
    data: { attributionPrecedence: [...precedence] as AttributionSignal[] },
  });
}

/**
 * Re-chooses the winner of the shop's stored orders under its current precedence: the listed
 * orders, or every order in the period. Run inside the caller's transaction; returns how many
 * orders changed.
 */
export async function reattributeOrders(
  tx: Db,
  shopId: string,
  scope: { orderIds: readonly bigint[] } | Period
): Promise<number> {
  const orderIds =
    "orderIds" in scope ? scope.orderIds.map((id) => id.toString()) : null;
  const from = "orderIds" in scope ? null : scope.from;
  const to = "orderIds" in scope ? null : scope.to;
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
export function countOrdersInPeriod(
  shopId: string,
  period: Period
): Promise<number> {
  return prisma.attributedOrder.count({ where: inPeriod(shopId, period) });
}

/** The shop's order ids with a shop day in the period, ascending, from `after` on (a page). */
export async function orderIdsInPeriod(
  shopId: string,
  period: Period,
  after: bigint | null,
  take: number
): Promise<bigint[]> {
  const rows = await prisma.attributedOrder.findMany({
    where: {
      ...inPeriod(shopId, period),
      ...(after !== null ? { shopifyOrderId: { gt: after } } : {}),
    },
    select: { shopifyOrderId: true },
    orderBy: { shopifyOrderId: "asc" },
    take,
  });
  return rows.map((r) => r.shopifyOrderId);
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

/** What applying `precedence` to the period would change, per influencer (read only). */
export async function previewAttributionRules(
  shopId: string,
  precedence: Precedence,
  period: Period
): Promise<InfluencerChange[]> {
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
       FROM codetrail_attribution_preview($1, $2::text[], $3::date, $4::date) p
       JOIN "Influencer" i ON i."id" = p.influencer_id AND i."shopId" = $1
      ORDER BY (p.moved_in + p.moved_out) DESC, i."name"`,
    shopId,
    [...precedence],
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
