import prisma from "../db.server";
import type { Prisma } from "../generated/prisma/client";
import { commissionFor, orderCommission, type CommissionRuleInput } from "../lib/commission";
import { Decimal, toDecimal } from "../lib/money";

/**
 * DailyRollup: the report figures pre-aggregated per shop, shop-local day, influencer, campaign and
 * discount code. The webhook ledger keeps them current inside its own transaction by applying the
 * difference between an order's contribution before and after the change; `rebuildRollups`
 * recomputes a shop's rows from the ledger (seeding, commission rule changes, deletions).
 *
 * Concurrency: a delta takes a shared advisory lock on the shop's rollups, a rebuild an exclusive
 * one, so a rebuild never interleaves with deltas. Deltas of different orders on the same row are
 * `+=` in one upsert statement (row locked, re-evaluated on the latest version): no lost updates.
 */

type Tx = Prisma.TransactionClient;

export interface RollupKey {
  shopDate: Date;
  influencerId: string;
  campaignId: string;
  discountCodeId: string;
}

export interface RollupValues {
  orders: number;
  newCustomers: number;
  sales: Decimal;
  discounts: Decimal;
  refunds: Decimal;
  commission: Decimal;
}

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
    select: { id: true, influencerId: true, campaignId: true, kind: true, rate: true, createdAt: true },
  });
  return rows.map((r) => ({ ...r, rate: toDecimal(r.rate) }));
}

function rollupLockKey(shopId: string) {
  return `codetrail:rollups:${shopId}`;
}

/** Taken by every ledger change of the shop (shared: ledger changes run in parallel). */
export async function lockRollupsShared(tx: Tx, shopId: string) {
  await tx.$executeRaw`SELECT pg_advisory_xact_lock_shared(hashtextextended(${rollupLockKey(shopId)}, 0))`;
}

export function readOrderState(tx: Tx, shopId: string, shopifyOrderId: bigint): Promise<OrderState | null> {
  return tx.attributedOrder.findUnique({
    where: { shopId_shopifyOrderId: { shopId, shopifyOrderId } },
    select: ORDER_STATE,
  });
}

/** What one stored order adds to its rollup row: nothing when cancelled or a test order. */
export function orderContribution(
  order: OrderState,
  rules: readonly CommissionRuleInput[],
): { key: RollupKey; values: RollupValues } | null {
  if (order.cancelledAt || order.test) return null;
  const sales = toDecimal(order.sales);
  const refunds = toDecimal(order.refunded);
  return {
    key: {
      shopDate: order.shopDate,
      influencerId: order.influencerId ?? "",
      campaignId: order.campaignId ?? "",
      discountCodeId: order.discountCodeId ?? "",
    },
    values: {
      orders: 1,
      newCustomers: order.newCustomer ? 1 : 0,
      sales,
      discounts: toDecimal(order.discounts),
      refunds,
      commission: orderCommission(
        { influencerId: order.influencerId, campaignId: order.campaignId, sales, refunded: refunds, cancelled: false, test: false },
        rules,
      ),
    },
  };
}

const keyString = (k: RollupKey) => `${k.shopDate.toISOString()}|${k.influencerId}|${k.campaignId}|${k.discountCodeId}`;

function negate(v: RollupValues): RollupValues {
  return {
    orders: -v.orders,
    newCustomers: -v.newCustomers,
    sales: v.sales.neg(),
    discounts: v.discounts.neg(),
    refunds: v.refunds.neg(),
    commission: v.commission.neg(),
  };
}

function plus(a: RollupValues, b: RollupValues): RollupValues {
  return {
    orders: a.orders + b.orders,
    newCustomers: a.newCustomers + b.newCustomers,
    sales: a.sales.plus(b.sales),
    discounts: a.discounts.plus(b.discounts),
    refunds: a.refunds.plus(b.refunds),
    commission: a.commission.plus(b.commission),
  };
}

const isZero = (v: RollupValues) =>
  v.orders === 0 && v.newCustomers === 0 && v.sales.isZero() && v.discounts.isZero() && v.refunds.isZero() && v.commission.isZero();

async function addToRollup(tx: Tx, shopId: string, key: RollupKey, v: RollupValues) {
  await tx.$executeRaw`
    INSERT INTO "DailyRollup" ("shopId", "shopDate", "influencerId", "campaignId", "discountCodeId",
      "orders", "newCustomers", "sales", "discounts", "refunds", "commission")
    VALUES (${shopId}, CAST(${key.shopDate} AS DATE), ${key.influencerId}, ${key.campaignId}, ${key.discountCodeId},
      ${v.orders}, ${v.newCustomers}, CAST(${v.sales.toFixed()} AS DECIMAL(18,4)),
      CAST(${v.discounts.toFixed()} AS DECIMAL(18,4)), CAST(${v.refunds.toFixed()} AS DECIMAL(18,4)),
      CAST(${v.commission.toFixed()} AS DECIMAL(28,8)))
    ON CONFLICT ("shopId", "shopDate", "influencerId", "campaignId", "discountCodeId") DO UPDATE SET
      "orders" = "DailyRollup"."orders" + EXCLUDED."orders",
      "newCustomers" = "DailyRollup"."newCustomers" + EXCLUDED."newCustomers",
      "sales" = "DailyRollup"."sales" + EXCLUDED."sales",
      "discounts" = "DailyRollup"."discounts" + EXCLUDED."discounts",
      "refunds" = "DailyRollup"."refunds" + EXCLUDED."refunds",
      "commission" = "DailyRollup"."commission" + EXCLUDED."commission"`;
}

/**
 * Applies the change of one order (its state before and after, null when absent) to the rollups.
 * Call with the order locked and `lockRollupsShared` held, inside the ledger's transaction.
 */
export async function applyRollupDelta(tx: Tx, shopId: string, before: OrderState | null, after: OrderState | null) {
  if (!before && !after) return;
  const rules = await loadCommissionRules(tx, shopId);
  const deltas = new Map<string, { key: RollupKey; values: RollupValues }>();
  const add = (c: { key: RollupKey; values: RollupValues } | null, sign: 1 | -1) => {
    if (!c) return;
    const k = keyString(c.key);
    const values = sign === 1 ? c.values : negate(c.values);
    const existing = deltas.get(k);
    deltas.set(k, { key: c.key, values: existing ? plus(existing.values, values) : values });
  };
  add(before && orderContribution(before, rules), -1);
  add(after && orderContribution(after, rules), 1);
  // A stable order of rows: two transactions never lock the same rows in opposite orders.
  for (const k of [...deltas.keys()].sort()) {
    const { key, values } = deltas.get(k)!;
    if (!isZero(values)) await addToRollup(tx, shopId, key, values);
  }
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
}

/** The rollups a full recomputation from the ledger gives (shared by rebuild and the tests). */
export async function computeRollupsFromLedger(db: Tx, shopId: string) {
  const [groups, rules] = await Promise.all([
    db.$queryRaw<GroupRow[]>`
      SELECT "shopDate", coalesce("influencerId", '') AS "influencerId", coalesce("campaignId", '') AS "campaignId",
             coalesce("discountCodeId", '') AS "discountCodeId", count(*)::int AS "orders",
             (count(*) FILTER (WHERE "newCustomer"))::int AS "newCustomers",
             sum("sales")::text AS "sales", sum("discounts")::text AS "discounts", sum("refunded")::text AS "refunds"
        FROM "AttributedOrder"
       WHERE "shopId" = ${shopId} AND NOT "test" AND "cancelledAt" IS NULL
       GROUP BY 1, 2, 3, 4`,
    loadCommissionRules(db, shopId),
  ]);
  return groups.map((g) => {
    const sales = new Decimal(g.sales);
    const refunds = new Decimal(g.refunds);
    return {
      shopId,
      shopDate: g.shopDate,
      influencerId: g.influencerId,
      campaignId: g.campaignId,
      discountCodeId: g.discountCodeId,
      orders: g.orders,
      newCustomers: g.newCustomers,
      sales,
      discounts: new Decimal(g.discounts),
      refunds,
      // Linear in the orders: the group's commission is the sum of its orders' commissions.
      commission: commissionFor(
        { influencerId: g.influencerId || null, campaignId: g.campaignId || null, orders: g.orders, netSales: sales.minus(refunds) },
        rules,
      ),
    };
  });
}

async function rebuildInTx(tx: Tx, shopId: string) {
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtextextended(${rollupLockKey(shopId)}, 0))`;
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
 * Recomputes a shop's rollups from the ledger. Call it after anything that changes figures without
 * an order webhook: commission rules created, changed or deleted; influencers, campaigns or codes
 * deleted (their orders lose the id); bulk imports. Pass a transaction client to make it part of
 * the caller's transaction. Returns the number of rollup rows.
 */
export async function rebuildRollups(shopId: string, db: Tx | typeof prisma = prisma): Promise<number> {
  // `in` would not see through the app client's proxy (db.server); a property read does.
  if (typeof (db as Partial<typeof prisma>).$transaction === "function") {
    return (db as typeof prisma).$transaction((tx) => rebuildInTx(tx, shopId), { maxWait: 10_000, timeout: 300_000 });
  }
  return rebuildInTx(db, shopId);
}
