import prisma from "../db.server";
import type { Prisma } from "../generated/prisma/client";
import type { InfluencerStatus } from "../generated/prisma/enums";
import type { FieldErrors } from "../lib/form-validation";
import type { InfluencerInput } from "../lib/forms/influencer";
import { INFLUENCER_NAME_INDEX } from "../db/raw-schema";
import { violatesUniqueIndex } from "./prisma-errors.server";

export const INFLUENCER_SORTS = ["name", "created", "status"] as const;
export type InfluencerSort = (typeof INFLUENCER_SORTS)[number];

export interface InfluencerListOptions {
  query?: string;
  status?: InfluencerStatus | null;
  sort?: InfluencerSort;
  direction?: "asc" | "desc";
  page?: number;
  pageSize?: number;
}

/** The influencer index: search by name, email or handle, filter by status, sorted, paged. */
export async function listInfluencers(shopId: string, options: InfluencerListOptions = {}) {
  const { query, status, sort = "name", direction = "asc", page = 1, pageSize = 50 } = options;
  const q = query?.trim();
  const where: Prisma.InfluencerWhereInput = {
    shopId,
    ...(status ? { status } : {}),
    ...(q
      ? {
          OR: [
            { name: { contains: q, mode: "insensitive" } },
            { email: { contains: q, mode: "insensitive" } },
            { handles: { some: { handle: { contains: q.replace(/^@+/, ""), mode: "insensitive" } } } },
          ],
        }
      : {}),
  };
  const orderBy: Prisma.InfluencerOrderByWithRelationInput[] = [
    sort === "created" ? { createdAt: direction } : sort === "status" ? { status: direction } : { name: direction },
    { name: "asc" },
    { id: "asc" },
  ];
  const rows = await prisma.influencer.findMany({
    where,
    orderBy,
    skip: (Math.max(1, page) - 1) * pageSize,
    // One more than a page says whether there is a next page.
    take: pageSize + 1,
    include: {
      handles: { orderBy: { platform: "asc" } },
      _count: { select: { discountCodes: true, campaigns: true } },
    },
  });
  return { influencers: rows.slice(0, pageSize), hasNext: rows.length > pageSize, hasPrevious: page > 1 };
}

/** One influencer with everything the detail page shows, or null (unknown id or another shop's). */
export function getInfluencer(shopId: string, id: string) {
  return prisma.influencer.findFirst({
    where: { id, shopId },
    include: {
      handles: { orderBy: { platform: "asc" } },
      campaigns: { include: { campaign: true }, orderBy: { campaign: { startsOn: "desc" } } },
      discountCodes: { include: { campaign: { select: { id: true, name: true } } }, orderBy: { createdAt: "desc" } },
    },
  });
}

/** The influencer's name and status (for report headers), or null (unknown id or another shop's). */
export function influencerSummary(shopId: string, id: string) {
  return prisma.influencer.findFirst({ where: { id, shopId }, select: { id: true, name: true, status: true } });
}

/** The shop's influencers that are not archived, by name, for pickers (content posts). */
export function activeInfluencerOptions(shopId: string) {
  return prisma.influencer.findMany({ where: { shopId, status: { not: "ARCHIVED" } }, select: { id: true, name: true }, orderBy: { name: "asc" } });
}

/** The influencer's discount codes (id and code, by code), for pickers (tracking links). */
export function influencerCodeOptions(shopId: string, influencerId: string) {
  return prisma.discountCode.findMany({ where: { shopId, influencerId }, select: { id: true, code: true }, orderBy: { code: "asc" } });
}

export function influencerExists(shopId: string, id: string) {
  return prisma.influencer.count({ where: { id, shopId } }).then((n) => n > 0);
}

/** Names and statuses of some of the shop's influencers (ids of other shops are dropped). */
/** The shop's influencers among `ids`, with the active code each already has (if any). */
export async function influencersByIds(shopId: string, ids: string[]) {
  const rows = await prisma.influencer.findMany({
    where: { shopId, id: { in: ids } },
    select: { id: true, name: true, status: true, discountCodes: { where: { status: "ACTIVE" }, select: { code: true }, orderBy: { createdAt: "asc" }, take: 1 } },
    orderBy: { name: "asc" },
  });
  return rows.map(({ discountCodes, ...influencer }) => ({ ...influencer, activeCode: discountCodes[0]?.code ?? null }));
}

/** Every influencer of the shop, for pickers (campaign members). */
export function influencerOptions(shopId: string) {
  return prisma.influencer.findMany({
    where: { shopId },
    select: { id: true, name: true, status: true },
    orderBy: { name: "asc" },
  });
}

export type SaveResult<T> = { ok: true; value: T } | { ok: false; fieldErrors: FieldErrors };

const NAME_TAKEN: SaveResult<never> = { ok: false, fieldErrors: { name: "validation.name.taken" } };

/**
 * Names are unique per shop regardless of case ("jane porter" is Jane Porter again). The database
 * decides, through these unique indexes (decision 011), so two saves at once cannot both win; no
 * look-up beforehand, which would only repeat the index's answer (or differ from it: Prisma's
 * case-insensitive `equals` is an ILIKE, for which "J_ne" is "Jane").
 */
const NAME_INDEXES = ["Influencer_shopId_name_key", INFLUENCER_NAME_INDEX];

/** Creates an influencer with their handles; a name already used in the shop is refused. */
export async function createInfluencer(shopId: string, input: InfluencerInput): Promise<SaveResult<{ id: string }>> {
  try {
    const influencer = await prisma.influencer.create({
      data: {
        shopId,
        name: input.name,
        email: input.email,
        notes: input.notes,
        status: input.status,
        language: input.language,
        handles: { create: input.handles.map((h) => ({ shopId, platform: h.platform, handle: h.handle })) },
      },
      select: { id: true },
    });
    return { ok: true, value: influencer };
  } catch (error) {
    if (violatesUniqueIndex(error, NAME_INDEXES)) return NAME_TAKEN;
    throw error;
  }
}

/** Updates the profile and replaces the handles; null when the influencer is not the shop's. */
export async function updateInfluencer(
  shopId: string,
  id: string,
  input: InfluencerInput,
): Promise<SaveResult<{ id: string }> | null> {
  if (!(await influencerExists(shopId, id))) return null;
  try {
    await prisma.$transaction([
      prisma.influencer.update({
        where: { id },
        data: { name: input.name, email: input.email, notes: input.notes, status: input.status, language: input.language },
      }),
      prisma.influencerHandle.deleteMany({ where: { shopId, influencerId: id } }),
      prisma.influencerHandle.createMany({
        data: input.handles.map((h) => ({ shopId, influencerId: id, platform: h.platform, handle: h.handle })),
      }),
    ]);
    return { ok: true, value: { id } };
  } catch (error) {
    if (violatesUniqueIndex(error, NAME_INDEXES)) return NAME_TAKEN;
    throw error;
  }
}

/** Bulk pause / activate / archive; ids of other shops are ignored. Returns how many changed. */
export async function setInfluencerStatus(shopId: string, ids: string[], status: InfluencerStatus) {
  const { count } = await prisma.influencer.updateMany({ where: { shopId, id: { in: ids } }, data: { status } });
  return count;
}

/** Whether a discount code is this influencer's, in this shop. */
export function influencerHasCode(shopId: string, influencerId: string, codeId: string) {
  return prisma.discountCode.count({ where: { id: codeId, shopId, influencerId } }).then((n) => n > 0);
}

export function findInfluencerCode(shopId: string, influencerId: string, codeId: string) {
  return prisma.discountCode.findFirst({ where: { id: codeId, shopId, influencerId }, select: { id: true, valueType: true } });
}
