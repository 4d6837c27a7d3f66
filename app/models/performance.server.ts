import prisma from "../db.server";
import { performanceMetrics } from "../lib/metrics";
import { toDecimal } from "../lib/money";
import { dateColumn, type DateRange } from "../lib/shop-dates";

/** Orders that count in reports: attributed, not cancelled, not test orders. */
function reportableOrders(shopId: string, range: DateRange) {
  return {
    shopId,
    test: false,
    cancelledAt: null,
    shopDate: { gte: dateColumn(range.from), lte: dateColumn(range.to) },
  };
}

/** Totals for one shop over a date range. */
export async function shopPerformance(shopId: string, range: DateRange) {
  const where = reportableOrders(shopId, range);
  const [orders, newCustomers, costs] = await Promise.all([
    prisma.attributedOrder.aggregate({ where, _count: true, _sum: { sales: true, refunded: true } }),
    prisma.attributedOrder.count({ where: { ...where, newCustomer: true } }),
    prisma.costEntry.aggregate({
      where: { shopId, incurredOn: { gte: dateColumn(range.from), lte: dateColumn(range.to) } },
      _sum: { amount: true },
    }),
  ]);
  return performanceMetrics({
    orders: orders._count,
    newCustomers,
    sales: toDecimal(orders._sum.sales),
    refunds: toDecimal(orders._sum.refunded),
    cost: toDecimal(costs._sum.amount),
  });
}

/** Per influencer over a date range, best net sales first. */
export async function influencerPerformance(shopId: string, range: DateRange, limit = 5) {
  const where = reportableOrders(shopId, range);
  const [orderGroups, costGroups, influencers] = await Promise.all([
    prisma.attributedOrder.groupBy({
      by: ["influencerId"],
      where,
      _count: true,
      _sum: { sales: true, refunded: true },
    }),
    prisma.costEntry.groupBy({
      by: ["influencerId"],
      where: { shopId, incurredOn: { gte: dateColumn(range.from), lte: dateColumn(range.to) } },
      _sum: { amount: true },
    }),
    prisma.influencer.findMany({ where: { shopId }, select: { id: true, name: true } }),
  ]);
  const newCustomerGroups = await prisma.attributedOrder.groupBy({
    by: ["influencerId"],
    where: { ...where, newCustomer: true },
    _count: true,
  });
  const byId = <T extends { influencerId: string | null }>(rows: T[]) =>
    new Map(rows.map((r) => [r.influencerId, r]));
  const ordersBy = byId(orderGroups);
  const costsBy = byId(costGroups);
  const newBy = byId(newCustomerGroups);
  return influencers
    .map((influencer) => {
      const o = ordersBy.get(influencer.id);
      return {
        influencer,
        metrics: performanceMetrics({
          orders: o?._count ?? 0,
          newCustomers: newBy.get(influencer.id)?._count ?? 0,
          sales: toDecimal(o?._sum.sales),
          refunds: toDecimal(o?._sum.refunded),
          cost: toDecimal(costsBy.get(influencer.id)?._sum.amount),
        }),
      };
    })
    .sort((a, b) => b.metrics.netSales.comparedTo(a.metrics.netSales))
    .slice(0, limit);
}
