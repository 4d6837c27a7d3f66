import prisma from "../db.server";
import type { Prisma } from "../generated/prisma/client";
import type { CommissionRuleInput } from "../lib/commission";
import { Decimal, toDecimal } from "../lib/money";

/**
 * DailyRollup: the report figures pre-aggregated per shop, shop-local day, influencer, campaign and
 * discount code; RepeatPurchaseRollup: acquired customers' later purchases per shop, acquisition
 * day, influencer and campaign (prisma/sql/functions, decision 026). The ledger's SQL function (`codetrail_apply`, its
 * `codetrail_rollup_delta` and `codetrail_repeat_delta` steps) keeps them current in its own transaction by applying the
 * difference between an order's contribution before and after the change, with the commission the
 * order accrued (`codetrail_accrue`, decision 029), and the repeat-purchase
 * figures the order takes part in (as an acquisition or as a later purchase of one);
 * `rebuildRollups` recomputes a shop's rows of both from the ledger (seeding, deletions).
 *
 * Concurrency: a delta takes a shared advisory lock on the shop's rollups, a rebuild an exclusive
 * one, so a rebuild never interleaves with deltas. Deltas of different orders on the same row are
 * `+=` in one upsert statement (row locked, re-evaluated on the latest version): no lost updates.
 */

type Tx = Prisma.TransactionClient;

/** The columns of an order that its rollup contribution depends on. */
const ORDER_STATE = {
  shopDate: true,
  influencerId: true,
  campaignId: true,
  discountCodeId: true,
  sales: true,
  discounts: true,
  refunded: true,
  cancelledAt: true,
  test: true,
  newCustomer: true,
} as const;

export type OrderState = Prisma.AttributedOrderGetPayload<{ select: typeof ORDER_STATE }>;

export async function loadCommissionRules(db: Tx, shopId: string): Promise<CommissionRuleInput[]> {
  const rows = await db.commissionRule.findMany({
    where: { shopId },
    select: { id: true, influencerId: true, campaignId: true, kind: true, rate: true, createdAt: true, startsOn: true, endsOn: true },
  });
  const iso = (d: Date) => d.toISOString().slice(0, 10);
  return rows.map((r) => ({ ...r, rate: toDecimal(r.rate), startsOn: iso(r.startsOn), endsOn: r.endsOn ? iso(r.endsOn) : null }));
}

export function readOrderState(tx: Tx, shopId: string, shopifyOrderId: bigint): Promise<OrderState | null> {
  return tx.attributedOrder.findUnique({
    where: { shopId_shopifyOrderId: { shopId, shopifyOrderId } },
    select: ORDER_STATE,
  });
}

interface GroupRow {
  shopDate: Date;
  influencerId: string;
  campaignId: string;
  discountCodeId: string;
  orders: number;
  newCustomers: number;
  sales: string;
  discounts: string;
  refunds: string;
  commission: string;
}

/**
 * The rollups a full recomputation from the ledger gives (shared by rebuild and the tests), with
 * the commission each order accrued (AttributedOrder.commission, kept by codetrail_accrue under the
 * term in force on the order's day when it was first accrued): a rebuild never reprices past orders
 * with today's rules (decision 029). app/lib/commission.ts is the same rule in TypeScript, the
 * tests' oracle (tests/support/rollups-oracle.ts).
 */
export async function computeRollupsFromLedger(db: Tx, shopId: string) {
  const groups = await db.$queryRaw<GroupRow[]>`
    SELECT "shopDate", coalesce("influencerId", '') AS "influencerId", coalesce("campaignId", '') AS "campaignId",
           coalesce("discountCodeId", '') AS "discountCodeId", count(*)::int AS "orders",
           (count(*) FILTER (WHERE "newCustomer"))::int AS "newCustomers",
           sum("sales")::text AS "sales", sum("discounts")::text AS "discounts", sum("refunded")::text AS "refunds",
           sum("commission")::text AS "commission"
      FROM "AttributedOrder"
     WHERE "shopId" = ${shopId} AND codetrail_is_reportable("cancelledAt", "test")
     GROUP BY 1, 2, 3, 4`;
  return groups.map((g) => ({
    shopId,
    shopDate: g.shopDate,
    influencerId: g.influencerId,
    campaignId: g.campaignId,
    discountCodeId: g.discountCodeId,
    orders: g.orders,
    newCustomers: g.newCustomers,
    sales: new Decimal(g.sales),
    discounts: new Decimal(g.discounts),
    refunds: new Decimal(g.refunds),
    commission: new Decimal(g.commission),
  }));
}

/**
 * RepeatPurchaseRollup as a full recomputation from the ledger gives it: each acquisition's later
 * purchases per (acquisition day, influencer, campaign), by the SQL function the customer
 * redaction also uses (`codetrail_repeat_contributions`, prisma/sql/functions).
 */
export function computeRepeatRollupsFromLedger(db: Tx, shopId: string) {
  return db.$queryRaw<{ shopDate: Date; influencerId: string; campaignId: string; orders: number; netSales: string }[]>`
    SELECT k_date AS "shopDate", k_inf AS "influencerId", k_camp AS "campaignId", d_o AS "orders", d_n::text AS "netSales"
      FROM codetrail_repeat_contributions(${shopId}, NULL)`;
}

async function rebuildInTx(tx: Tx, shopId: string) {
  // Exclusive: every ledger change takes the same key shared (codetrail_lock_key, prisma/sql/functions).
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(codetrail_lock_key('rollups', ${shopId}))`;
  // Orders stored without the ledger (seeds, tests) are accrued now, under the terms of their day.
  await tx.$executeRaw`SELECT codetrail_accrue(${shopId}, NULL, timezone('UTC', now())::timestamp(3))`;
  await tx.repeatPurchaseRollup.deleteMany({ where: { shopId } });
  await tx.$executeRaw`
    INSERT INTO "RepeatPurchaseRollup" ("shopId", "shopDate", "influencerId", "campaignId", "orders", "netSales")
    SELECT ${shopId}, k_date, k_inf, k_camp, d_o, d_n FROM codetrail_repeat_contributions(${shopId}, NULL)`;
  await tx.dailyRollup.deleteMany({ where: { shopId } });
  const rows = await computeRollupsFromLedger(tx, shopId);
  for (let i = 0; i < rows.length; i += 5_000) {
    await tx.dailyRollup.createMany({
      data: rows.slice(i, i + 5_000).map((r) => ({
        ...r,
        sales: r.sales.toFixed(),
        discounts: r.discounts.toFixed(),
        refunds: r.refunds.toFixed(),
        commission: r.commission.toFixed(),
      })),
    });
  }
  return rows.length;
}

/**
 * Recomputes a shop's rollups (DailyRollup and RepeatPurchaseRollup) from the ledger. Call it
 * after anything that changes figures without an order webhook: influencers, campaigns or codes
 * deleted (their orders lose the id); bulk imports. Commission rule changes do not need it: they
 * only apply to orders accrued later (decision 029).
 * Pass a transaction client to make it part of the caller's transaction. Returns the number of
 * DailyRollup rows.
 */
export async function rebuildRollups(shopId: string, db: Tx | typeof prisma = prisma): Promise<number> {
  // `in` would not see through the app client's proxy (db.server); a property read does.
  if (typeof (db as Partial<typeof prisma>).$transaction === "function") {
    return (db as typeof prisma).$transaction((tx) => rebuildInTx(tx, shopId), { maxWait: 10_000, timeout: 300_000 });
  }
  return rebuildInTx(db, shopId);
}
