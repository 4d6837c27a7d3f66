import prisma from "../db.server";
import type { CampaignInput } from "../lib/forms/campaign";
import { dateColumn } from "../lib/shop-dates";
import type { SaveResult } from "./influencers.server";
import { CAMPAIGN_NAME_INDEX } from "../db/raw-schema";
import { violatesUniqueIndex } from "./prisma-errors.server";

const NAME_TAKEN: SaveResult<never> = { ok: false, fieldErrors: { name: "validation.name.taken" } };
/** Names are unique per shop regardless of case; the database decides (see influencers.server.ts). */
const NAME_INDEXES = ["Campaign_shopId_name_key", CAMPAIGN_NAME_INDEX];

function columns(input: CampaignInput) {
  return {
    name: input.name,
    goal: input.goal,
    startsOn: dateColumn(input.startsOn),
    endsOn: input.endsOn ? dateColumn(input.endsOn) : null,
    budget: input.budget ? input.budget.toFixed(4) : null,
    hashtag: input.hashtag,
  };
}

export function listCampaigns(shopId: string) {
  return prisma.campaign.findMany({
    where: { shopId },
    orderBy: [{ startsOn: "desc" }, { name: "asc" }],
    include: { _count: { select: { influencers: true, discountCodes: true } } },
  });
}

/** Campaign names for pickers (cost entries, codes, membership). */
export function campaignOptions(shopId: string) {
  return prisma.campaign.findMany({ where: { shopId }, select: { id: true, name: true }, orderBy: { name: "asc" } });
}

export function getCampaign(shopId: string, id: string) {
  return prisma.campaign.findFirst({
    where: { id, shopId },
    include: {
      influencers: {
        include: { influencer: { select: { id: true, name: true, status: true } } },
        orderBy: { influencer: { name: "asc" } },
      },
      discountCodes: {
        include: { influencer: { select: { id: true, name: true } } },
        orderBy: { createdAt: "desc" },
      },
    },
  });
}

/** A campaign's first and last days (YYYY-MM-DD; no last day while it runs), or null when it is not the shop's. */
export async function campaignDates(shopId: string, id: string) {
  const campaign = await prisma.campaign.findFirst({ where: { id, shopId }, select: { startsOn: true, endsOn: true } });
  const iso = (d: Date) => d.toISOString().slice(0, 10);
  return campaign ? { startsOn: iso(campaign.startsOn), endsOn: campaign.endsOn ? iso(campaign.endsOn) : null } : null;
}

export function campaignExists(shopId: string, id: string) {
  return prisma.campaign.count({ where: { id, shopId } }).then((n) => n > 0);
}

export async function createCampaign(shopId: string, input: CampaignInput): Promise<SaveResult<{ id: string }>> {
  try {
    const campaign = await prisma.campaign.create({ data: { shopId, ...columns(input) }, select: { id: true } });
    return { ok: true, value: campaign };
  } catch (error) {
    if (violatesUniqueIndex(error, NAME_INDEXES)) return NAME_TAKEN;
    throw error;
  }
}

/** null when the campaign is not the shop's. */
export async function updateCampaign(
  shopId: string,
  id: string,
  input: CampaignInput,
): Promise<SaveResult<{ id: string }> | null> {
  if (!(await campaignExists(shopId, id))) return null;
  try {
    await prisma.campaign.update({ where: { id }, data: columns(input) });
    return { ok: true, value: { id } };
  } catch (error) {
    if (violatesUniqueIndex(error, NAME_INDEXES)) return NAME_TAKEN;
    throw error;
  }
}

/**
 * Puts influencers in a campaign (already-members are left alone). Only the shop's own campaign
 * and influencers count: false when the campaign or any influencer is not the shop's.
 */
export async function addCampaignMembers(shopId: string, campaignId: string, influencerIds: string[]) {
  const ids = [...new Set(influencerIds)];
  const [campaign, found] = await Promise.all([
    campaignExists(shopId, campaignId),
    prisma.influencer.count({ where: { shopId, id: { in: ids } } }),
  ]);
  if (!campaign || found !== ids.length || ids.length === 0) return false;
  await prisma.campaignInfluencer.createMany({
    data: ids.map((influencerId) => ({ shopId, campaignId, influencerId })),
    skipDuplicates: true,
  });
  return true;
}

export async function removeCampaignMember(shopId: string, campaignId: string, influencerId: string) {
  const { count } = await prisma.campaignInfluencer.deleteMany({ where: { shopId, campaignId, influencerId } });
  return count > 0;
}

/** The ids of a campaign's members (for "generate codes for everyone"); null if not the shop's. */
export async function campaignMemberIds(shopId: string, campaignId: string) {
  if (!(await campaignExists(shopId, campaignId))) return null;
  const rows = await prisma.campaignInfluencer.findMany({
    where: { shopId, campaignId },
    select: { influencerId: true },
  });
  return rows.map((r) => r.influencerId);
}
