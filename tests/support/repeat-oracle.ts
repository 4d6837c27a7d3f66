import { Prisma, type PrismaClient } from "../../app/generated/prisma/client";
import { Decimal } from "../../app/lib/money";
import { influencerRows, type ReportFilter } from "../../app/models/reports.server";

/**
 * The acquired customers' later purchases as the influencer report computed them before
 * RepeatPurchaseRollup: a self-join of AttributedOrder on every load (the query of
 * reports.server.ts's repeatPurchases until migration 20261123170100, kept verbatim). The tests'
 * oracle: the rollup must give the same figures for any filter.
 */
export async function repeatPurchasesOracle(prisma: PrismaClient, filter: ReportFilter) {
  const dateSql = (d: string) => Prisma.sql`CAST(${d} AS DATE)`;
  const parts: Prisma.Sql[] = [
    Prisma.sql`a."shopId" = ${filter.shopId}`,
    Prisma.sql`a."newCustomer"`,
    Prisma.sql`NOT a."test"`,
    Prisma.sql`a."cancelledAt" IS NULL`,
    Prisma.sql`a."customerId" IS NOT NULL`,
  ];
  if (filter.range) {
    parts.push(Prisma.sql`a."shopDate" >= ${dateSql(filter.range.from)}`, Prisma.sql`a."shopDate" <= ${dateSql(filter.range.to)}`);
  }
  if (filter.campaignId) parts.push(Prisma.sql`a."campaignId" = ${filter.campaignId}`);
  if (filter.influencerId) parts.push(Prisma.sql`a."influencerId" = ${filter.influencerId}`);
  if (filter.platform) {
    parts.push(Prisma.sql`a."influencerId" IN (SELECT "influencerId" FROM "InfluencerHandle"
      WHERE "shopId" = ${filter.shopId} AND "platform" = CAST(${filter.platform} AS "Platform"))`);
  }
  const rows = await prisma.$queryRaw<{ influencerId: string; orders: number; net: string }[]>`
    SELECT a."influencerId", count(o."id")::int AS "orders", coalesce(sum(o."sales" - o."refunded"), 0)::text AS "net"
      FROM "AttributedOrder" a
      JOIN "AttributedOrder" o
        ON o."shopId" = a."shopId" AND o."customerId" = a."customerId"
       AND NOT o."test" AND o."cancelledAt" IS NULL
       AND (o."orderCreatedAt", o."shopifyOrderId") > (a."orderCreatedAt", a."shopifyOrderId")
     WHERE ${Prisma.join(parts, " AND ")} AND a."influencerId" IS NOT NULL
     GROUP BY a."influencerId"`;
  return Object.fromEntries(rows.map((r) => [r.influencerId, `${r.orders}|${new Decimal(r.net).toFixed(4)}`]));
}

/** What the influencer report shows as repeat orders and net sales, per influencer with any. */
export async function repeatPurchasesShown(filter: ReportFilter) {
  const rows = await influencerRows(filter);
  return Object.fromEntries(
    rows
      .filter((r) => r.repeatOrders !== 0 || !r.repeatNetSales.isZero())
      .map((r) => [r.id, `${r.repeatOrders}|${r.repeatNetSales.toFixed(4)}`]),
  );
}
