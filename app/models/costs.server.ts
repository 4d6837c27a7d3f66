import prisma from "../db.server";
import type { CostInput } from "../lib/forms/cost";
import { Decimal, toDecimal } from "../lib/money";
import { dateColumn } from "../lib/shop-dates";

/** An influencer's cost ledger, newest first. */
export function listCosts(shopId: string, influencerId: string) {
  return prisma.costEntry.findMany({
    where: { shopId, influencerId },
    orderBy: [{ incurredOn: "desc" }, { createdAt: "desc" }],
    include: { campaign: { select: { id: true, name: true } } },
  });
}

/** The sum of amounts in the shop currency, exact. */
export function totalCost(entries: { amount: { toString(): string } }[]): Decimal {
  return entries.reduce((sum, e) => sum.plus(toDecimal(e.amount)), new Decimal(0));
}

export type AddCostResult = { ok: true; id: string } | { ok: false; reason: "influencer" | "campaign" };

/** Records a cost for one of the shop's influencers (and optionally one of its campaigns). */
export async function addCost(shopId: string, influencerId: string, input: CostInput): Promise<AddCostResult> {
  const [influencer, campaign] = await Promise.all([
    prisma.influencer.count({ where: { shopId, id: influencerId } }),
    input.campaignId ? prisma.campaign.count({ where: { shopId, id: input.campaignId } }) : Promise.resolve(1),
  ]);
  if (!influencer) return { ok: false, reason: "influencer" };
  if (!campaign) return { ok: false, reason: "campaign" };
  const entry = await prisma.costEntry.create({
    data: {
      shopId,
      influencerId,
      campaignId: input.campaignId,
      kind: input.kind,
      amount: input.amount.toFixed(4),
      originalAmount: input.originalAmount?.toFixed(4) ?? null,
      originalCurrency: input.originalCurrency,
      exchangeRate: input.exchangeRate?.toFixed(8) ?? null,
      incurredOn: dateColumn(input.incurredOn),
      note: input.note,
    },
    select: { id: true },
  });
  return { ok: true, id: entry.id };
}

/** Deletes one entry of this influencer's ledger; false when there is no such entry in the shop. */
export async function deleteCost(shopId: string, influencerId: string, costId: string) {
  const { count } = await prisma.costEntry.deleteMany({ where: { id: costId, shopId, influencerId } });
  return count > 0;
}
