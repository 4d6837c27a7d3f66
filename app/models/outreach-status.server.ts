import prisma from "../db.server";

/**
 * Each campaign member and the latest code email sent to them (any code: a member without a code of
 * the campaign is sent their newest one), for the per-recipient status on the campaign page.
 * Archived members are left out, as the campaign send leaves them out. Scoped by shop.
 */
export async function campaignRecipients(shopId: string, campaignId: string) {
  const members = await prisma.campaignInfluencer.findMany({
    where: { shopId, campaignId, influencer: { status: { not: "ARCHIVED" } } },
    select: { influencer: { select: { id: true, name: true, email: true } } },
    orderBy: { influencer: { name: "asc" } },
  });
  const ids = members.map((m) => m.influencer.id);
  const messages = ids.length
    ? await prisma.outreachMessage.findMany({
        where: { shopId, influencerId: { in: ids } },
        select: { influencerId: true, code: true, status: true, attempts: true, queuedAt: true, sentAt: true, failedAt: true, lastError: true },
        orderBy: [{ queuedAt: "desc" }, { id: "asc" }],
      })
    : [];
  const latest = new Map<string, (typeof messages)[number]>();
  for (const message of messages) if (!latest.has(message.influencerId)) latest.set(message.influencerId, message);
  return members.map(({ influencer }) => {
    const message = latest.get(influencer.id);
    return {
      id: influencer.id,
      name: influencer.name,
      hasEmail: Boolean(influencer.email),
      message: message
        ? {
            code: message.code,
            status: message.status,
            attempts: message.attempts,
            queuedAt: message.queuedAt.toISOString(),
            sentAt: message.sentAt?.toISOString() ?? null,
            failedAt: message.failedAt?.toISOString() ?? null,
            lastError: message.lastError,
          }
        : null,
    };
  });
}

export type CampaignRecipient = Awaited<ReturnType<typeof campaignRecipients>>[number];
