import prisma from "../db.server";
import type { CommissionInput } from "../lib/forms/commission";
import { rebuildRollups } from "./rollups.server";

/** Whose rule: an influencer's own, or a campaign's (one rule each). */
export type CommissionOwner = { influencerId: string } | { campaignId: string };

function ownerWhere(shopId: string, owner: CommissionOwner) {
  return "influencerId" in owner
    ? { shopId, influencerId: owner.influencerId, campaignId: null }
    : { shopId, campaignId: owner.campaignId, influencerId: null };
}

export function getCommissionRule(shopId: string, owner: CommissionOwner) {
  return prisma.commissionRule.findFirst({ where: ownerWhere(shopId, owner), orderBy: { createdAt: "desc" } });
}

/**
 * Replaces the owner's rule (null removes it); returns false when the owner is not the shop's.
 * The database holds one rule per owner (partial unique indexes, decision 011); the owner's row
 * is locked first so that of two saves at once the second replaces the first rather than failing
 * on the index. Commission lives in the daily rollups, so they are recomputed in the same
 * transaction.
 */
export async function setCommissionRule(shopId: string, owner: CommissionOwner, rule: CommissionInput) {
  return prisma.$transaction(async (tx) => {
    const locked =
      "influencerId" in owner
        ? await tx.$queryRaw<{ id: string }[]>`
            SELECT id FROM "Influencer" WHERE id = ${owner.influencerId} AND "shopId" = ${shopId} FOR UPDATE`
        : await tx.$queryRaw<{ id: string }[]>`
            SELECT id FROM "Campaign" WHERE id = ${owner.campaignId} AND "shopId" = ${shopId} FOR UPDATE`;
    if (locked.length === 0) return false;
    await tx.commissionRule.deleteMany({ where: ownerWhere(shopId, owner) });
    if (rule) {
      await tx.commissionRule.create({
        data: { ...ownerWhere(shopId, owner), kind: rule.kind, rate: rule.rate.toFixed(4) },
      });
    }
    await rebuildRollups(shopId, tx);
    return true;
  }, { maxWait: 10_000, timeout: 120_000 });
}
