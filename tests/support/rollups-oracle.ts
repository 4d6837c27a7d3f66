import type { Prisma } from "../../app/generated/prisma/client";
import { commissionFor } from "../../app/lib/commission";
import { computeRollupsFromLedger, loadCommissionRules } from "../../app/models/rollups.server";

/**
 * DailyRollup as the ledger gives it, with each group's commission computed by the TypeScript rule
 * (app/lib/commission.ts, the term in force on the row's day) instead of the commission the ledger
 * stored per order: the oracle the SQL commission (live deltas and rebuilds) is held to, as long
 * as no term changed after the orders were accrued.
 */
export async function rollupsWithOracleCommission(db: Prisma.TransactionClient, shopId: string) {
  const [rows, rules] = await Promise.all([computeRollupsFromLedger(db, shopId), loadCommissionRules(db, shopId)]);
  return rows.map((r) => ({
    ...r,
    commission: commissionFor(
      {
        influencerId: r.influencerId || null,
        campaignId: r.campaignId || null,
        shopDate: r.shopDate.toISOString().slice(0, 10),
        orders: r.orders,
        netSales: r.sales.minus(r.refunds),
      },
      rules,
    ),
  }));
}
