import prisma from "../db.server";
import type { CommissionInput } from "../lib/forms/commission";
import { addDays, dateColumn, shopDateOf, type IsoDate } from "../lib/shop-dates";

/** Whose rule: an influencer's own, or a campaign's (one open term each). */
export type CommissionOwner = { influencerId: string } | { campaignId: string };

function ownerWhere(shopId: string, owner: CommissionOwner) {
  return "influencerId" in owner
    ? { shopId, influencerId: owner.influencerId, campaignId: null }
    : { shopId, campaignId: owner.campaignId, influencerId: null };
}

const isoOf = (date: Date): IsoDate => date.toISOString().slice(0, 10);

/** One commission term as the pages show it (docs/metrics.md, commission; decision 029). */
export interface CommissionTermView {
  id: string;
  kind: "PERCENT_OF_NET_SALES" | "FIXED_PER_ORDER";
  rate: string;
  startsOn: IsoDate;
  /** Last day in force; null while open. Before startsOn when it was replaced the day it started. */
  endsOn: IsoDate | null;
}

/** The owner's terms, newest first (the open or latest term first). */
export async function listCommissionTerms(shopId: string, owner: CommissionOwner): Promise<CommissionTermView[]> {
  const rows = await prisma.commissionRule.findMany({
    where: ownerWhere(shopId, owner),
    orderBy: [{ startsOn: "desc" }, { createdAt: "desc" }, { id: "desc" }],
  });
  return rows.map((r) => ({
    id: r.id,
    kind: r.kind,
    rate: r.rate.toDecimalPlaces(4).toString(),
    startsOn: isoOf(r.startsOn),
    endsOn: r.endsOn ? isoOf(r.endsOn) : null,
  }));
}

/** The owner's open term (the one the form edits), or null. */
export function getCommissionRule(shopId: string, owner: CommissionOwner) {
  return prisma.commissionRule.findFirst({ where: { ...ownerWhere(shopId, owner), endsOn: null }, orderBy: { createdAt: "desc" } });
}

export type SetCommissionResult = "saved" | "unchanged" | "notFound" | "startsInPast" | "startsBeforeLatest";

/**
 * Saves the owner's commission as a new term from `startsOn` (a shop-local date, by default the
 * shop's today at `now`); `null` ends the open term instead. The open term is closed the day
 * before (a term that started that same day ends before it starts: replaced, kept as history);
 * no other term is touched and nothing is recomputed, so commission already accrued (stored per
 * order by the ledger, decision 029) never changes. A term cannot start before the shop's today
 * nor before the owner's latest term. The owner's row is locked first, so of two saves at once
 * the second closes the first's term.
 */
export async function setCommissionRule(
  shopId: string,
  owner: CommissionOwner,
  rule: CommissionInput,
  options: { startsOn?: IsoDate | null; now?: Date } = {},
): Promise<SetCommissionResult> {
  return prisma.$transaction(async (tx) => {
    const locked =
      "influencerId" in owner
        ? await tx.$queryRaw<{ id: string }[]>`
            SELECT id FROM "Influencer" WHERE id = ${owner.influencerId} AND "shopId" = ${shopId} FOR UPDATE`
        : await tx.$queryRaw<{ id: string }[]>`
            SELECT id FROM "Campaign" WHERE id = ${owner.campaignId} AND "shopId" = ${shopId} FOR UPDATE`;
    if (locked.length === 0) return "notFound";
    const shop = await tx.shop.findUniqueOrThrow({ where: { id: shopId }, select: { ianaTimezone: true } });
    const today = shopDateOf(options.now ?? new Date(), shop.ianaTimezone);
    const start = options.startsOn ?? today;
    if (start < today) return "startsInPast";
    const terms = await tx.commissionRule.findMany({ where: ownerWhere(shopId, owner), orderBy: { startsOn: "desc" } });
    const latest = terms[0];
    if (latest && isoOf(latest.startsOn) > start) return "startsBeforeLatest";
    const open = terms.find((t) => t.endsOn === null);
    if (!open && !rule) return "unchanged";
    if (open && rule && open.kind === rule.kind && open.rate.equals(rule.rate.toFixed(4))) return "unchanged";
    if (open) {
      await tx.commissionRule.update({ where: { id: open.id }, data: { endsOn: dateColumn(addDays(start, -1)) } });
    }
    if (rule) {
      await tx.commissionRule.create({
        data: { ...ownerWhere(shopId, owner), kind: rule.kind, rate: rule.rate.toFixed(4), startsOn: dateColumn(start) },
      });
    }
    return "saved";
  });
}
