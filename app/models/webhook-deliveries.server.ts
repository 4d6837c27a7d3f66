import prisma from "../db.server";

/** The shop's most recent webhook deliveries, newest first (the activity page). */
export function recentDeliveries(shopId: string, limit = 100) {
  return prisma.webhookDelivery.findMany({
    where: { shopId },
    orderBy: [{ receivedAt: "desc" }, { id: "asc" }],
    take: limit,
    select: {
      id: true,
      topic: true,
      outcome: true,
      detail: true,
      webhookId: true,
      apiVersion: true,
      triggeredAt: true,
      receivedAt: true,
    },
  });
}
