import prisma from "../db.server";
import type { Prisma } from "../generated/prisma/client";
import type { DateRange } from "../lib/shop-dates";

/**
 * The attributed orders themselves (the ledger's rows), for the lists on the influencer and
 * campaign pages and the order-level CSV. Reports read the rollups; these are the orders behind
 * them, newest first, each with how it was matched. Scoped by shop.
 */
export interface AttributedOrderFilter {
  shopId: string;
  range: DateRange | null;
  influencerId?: string | null;
  campaignId?: string | null;
}

const SELECT = {
  id: true,
  shopifyOrderId: true,
  name: true,
  shopDate: true,
  orderCreatedAt: true,
  source: true,
  matchedCode: true,
  utmContent: true,
  currencyCode: true,
  presentmentCurrency: true,
  sales: true,
  discounts: true,
  refunded: true,
  cancelledAt: true,
  test: true,
  newCustomer: true,
  influencer: { select: { id: true, name: true } },
  campaign: { select: { id: true, name: true } },
  discountCode: { select: { code: true } },
  trackingLink: { select: { slug: true } },
} satisfies Prisma.AttributedOrderSelect;

export type AttributedOrderRow = Prisma.AttributedOrderGetPayload<{ select: typeof SELECT }>;

function where(filter: AttributedOrderFilter): Prisma.AttributedOrderWhereInput {
  return {
    shopId: filter.shopId,
    ...(filter.range ? { shopDate: { gte: new Date(`${filter.range.from}T00:00:00Z`), lte: new Date(`${filter.range.to}T00:00:00Z`) } } : {}),
    ...(filter.influencerId ? { influencerId: filter.influencerId } : {}),
    ...(filter.campaignId ? { campaignId: filter.campaignId } : {}),
  };
}

/** The newest `limit` orders of the filter and how many there are in all. */
export async function latestAttributedOrders(filter: AttributedOrderFilter, limit: number) {
  const [rows, total] = await Promise.all([
    prisma.attributedOrder.findMany({
      where: where(filter),
      select: SELECT,
      orderBy: [{ orderCreatedAt: "desc" }, { shopifyOrderId: "desc" }],
      take: limit,
    }),
    prisma.attributedOrder.count({ where: where(filter) }),
  ]);
  return { rows, total };
}

/**
 * Every order of the filter, oldest first (day, creation time, then order id), a page at a time
 * (keyset on those three within the shop's date index), so an export of a large shop never holds
 * all of it in memory.
 */
export async function* eachAttributedOrder(filter: AttributedOrderFilter, pageSize = 1000): AsyncGenerator<AttributedOrderRow> {
  let cursor: AttributedOrderRow | null = null;
  for (;;) {
    const after: Prisma.AttributedOrderWhereInput = cursor
      ? {
          OR: [
            { shopDate: { gt: cursor.shopDate } },
            { shopDate: cursor.shopDate, orderCreatedAt: { gt: cursor.orderCreatedAt } },
            { shopDate: cursor.shopDate, orderCreatedAt: cursor.orderCreatedAt, shopifyOrderId: { gt: cursor.shopifyOrderId } },
          ],
        }
      : {};
    const rows: AttributedOrderRow[] = await prisma.attributedOrder.findMany({
      where: { AND: [where(filter), after] },
      select: SELECT,
      orderBy: [{ shopDate: "asc" }, { orderCreatedAt: "asc" }, { shopifyOrderId: "asc" }],
      take: pageSize,
    });
    yield* rows;
    if (rows.length < pageSize) return;
    cursor = rows[rows.length - 1];
  }
}

export type OrderStatus = "cancelled" | "test" | "refunded" | "partiallyRefunded" | null;

/** An order as the browser sees it: ids as strings (they exceed 2^53), money as decimal strings. */
export function orderView(row: AttributedOrderRow) {
  const net = row.sales.minus(row.refunded);
  const status: OrderStatus = row.cancelledAt
    ? "cancelled"
    : row.test
      ? "test"
      : row.refunded.isZero()
        ? null
        : row.refunded.greaterThanOrEqualTo(row.sales)
          ? "refunded"
          : "partiallyRefunded";
  return {
    id: row.shopifyOrderId.toString(),
    name: row.name,
    date: row.shopDate.toISOString().slice(0, 10),
    createdAt: row.orderCreatedAt.toISOString(),
    source: row.source,
    code: row.discountCode?.code ?? row.matchedCode,
    link: row.trackingLink?.slug ?? null,
    // A link order stored before links carried their slug (or whose link was deleted) still has
    // the link's content piece (utm_content).
    linkContent: row.utmContent,
    influencer: row.influencer,
    campaign: row.campaign,
    sales: row.sales.toFixed(2),
    discounts: row.discounts.toFixed(2),
    refunded: row.refunded.toFixed(2),
    net: net.toFixed(2),
    currency: row.currencyCode,
    presentmentCurrency: row.presentmentCurrency,
    newCustomer: row.newCustomer,
    status,
  };
}

export type OrderView = ReturnType<typeof orderView>;

/** How each named order of the shop is credited now (the Activity page spells out to whom and how). */
export async function attributionsByName(shopId: string, names: string[]) {
  if (names.length === 0) return new Map<string, { influencer: string | null; source: "DISCOUNT_CODE" | "TRACKING_LINK" | "SURVEY"; code: string | null; link: string | null }>();
  const rows = await prisma.attributedOrder.findMany({
    where: { shopId, name: { in: names } },
    select: { name: true, source: true, matchedCode: true, influencer: { select: { name: true } }, discountCode: { select: { code: true } }, trackingLink: { select: { slug: true } } },
  });
  return new Map(
    rows.map((r) => [r.name, { influencer: r.influencer?.name ?? null, source: r.source, code: r.discountCode?.code ?? r.matchedCode, link: r.trackingLink?.slug ?? null }]),
  );
}
