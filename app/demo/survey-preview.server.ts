import prisma from "../db.server";

/** Ids of the preview's "order no code or link tracked": beyond the ledger's and the seed's. */
const UNTRACKED_PREVIEW_BASE = 9_007_199_254_960_000n;

export interface PreviewOrder {
  id: string;
  name: string;
  influencer: string | null;
}

/**
 * Orders a demo buyer could be answering for: the latest attributed orders not answered yet, and a
 * new order the ledger never stored (a buyer who typed no code), so the preview shows both kinds.
 */
export async function previewOrders(shopId: string, take = 6): Promise<{ tracked: PreviewOrder[]; untracked: string }> {
  const latest = await prisma.attributedOrder.findMany({
    where: { shopId, test: false, cancelledAt: null },
    select: { shopifyOrderId: true, name: true, influencer: { select: { name: true } } },
    orderBy: [{ orderCreatedAt: "desc" }, { shopifyOrderId: "desc" }],
    take: 60,
  });
  const answered = new Set(
    (await prisma.surveyResponse.findMany({ where: { shopId, shopifyOrderId: { in: latest.map((o) => o.shopifyOrderId) } }, select: { shopifyOrderId: true } })).map(
      (a) => a.shopifyOrderId,
    ),
  );
  const previewAnswers = await prisma.surveyResponse.count({ where: { shopId, shopifyOrderId: { gte: UNTRACKED_PREVIEW_BASE } } });
  return {
    tracked: latest
      .filter((o) => !answered.has(o.shopifyOrderId))
      .slice(0, take)
      .map((o) => ({ id: o.shopifyOrderId.toString(), name: o.name, influencer: o.influencer?.name ?? null })),
    untracked: (UNTRACKED_PREVIEW_BASE + BigInt(previewAnswers) + 1n).toString(),
  };
}
