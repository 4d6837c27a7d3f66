import type { Prisma } from "../../app/generated/prisma/client";
import { commissionFor } from "../../app/lib/commission";
import { computeRollupsFromLedger, loadCommissionRules } from "../../app/models/rollups.server";

/**
 * DailyRollup as the ledger gives it, with each group's commission computed by the TypeScript rule
 * (app/lib/commission.ts) instead of the ledger's codetrail_commission: the oracle the SQL
 * commission (live deltas and rebuilds) is held to.
 */
export async function rollupsWithOracleCommission(db: Prisma.TransactionClient, shopId: string) {
  const [rows, rules] = await Promise.all([computeRollupsFromLedger(db, shopId), loadCommissionRules(db, shopId)]);
  return rows.map((r) => ({
    ...r,
    commission: commissionFor(
      { influencerId: r.influencerId || null, campaignId: r.campaignId || null, orders: r.orders, netSales: r.sales.minus(r.refunds) },
      rules,
    ),
  }));
}
