import Decimal from "decimal.js";
import prisma from "../db.server";
import type { DiscountCode } from "../generated/prisma/client";
import type { CodeSettings } from "../lib/code-settings";
import { shopDateOf } from "../lib/shop-dates";
import type { ShopRecord } from "../models/shop.server";
import { moveLinksToCode } from "../models/tracking-links.server";
import type { AdminGraphqlClient } from "./admin-client.server";
import { createInfluencerCode, setCodeActive } from "./discount-codes.server";

export type RotationResult =
  | { ok: true; oldCode: string; newCode: string; newCodeId: string; influencerId: string; linksMoved: number }
  | { ok: false; error: string };

/** The settings a code was created with, for its replacement: same offer, limits and campaign. */
export function replacementSettings(row: DiscountCode, shop: ShopRecord, now = new Date()): CodeSettings {
  const today = shopDateOf(now, shop.ianaTimezone);
  const endsOn = row.endsAt ? shopDateOf(row.endsAt, shop.ianaTimezone) : null;
  return {
    valueType: row.valueType,
    value: new Decimal(row.value.toString()).toFixed(2),
    minimumRequirement: row.minimumRequirement,
    minimumValue: row.minimumValue ? new Decimal(row.minimumValue.toString()).toFixed(2) : null,
    usageLimit: row.usageLimit,
    oncePerCustomer: row.oncePerCustomer,
    // The new code works from today; an end date that has not passed is kept.
    startsAt: today,
    endsAt: endsOn && endsOn >= today ? endsOn : null,
    combinesWith: {
      order: row.combinesWithOrderDiscounts,
      product: row.combinesWithProductDiscounts,
      shipping: row.combinesWithShippingDiscounts,
    },
    code: undefined,
    campaignId: row.campaignId,
  };
}

/**
 * One click for a leaked code: the old discount is paused in Shopify first (the leak stops at
 * once), then a new memorable code is created for the same influencer with the same settings.
 * Nothing moves in the ledger: old orders keep their code and both codes belong to the
 * influencer, so reports keep the whole history. The influencer's tracking links move to the new
 * code with their slugs (published links keep working and stop handing out the paused code).
 * Safe to click again after a failure: pausing a paused code is harmless, and a code that was
 * already rotated returns its replacement (and moves any link still on the old code).
 */
export async function rotateLeakedCode(admin: AdminGraphqlClient, shop: ShopRecord, codeId: string): Promise<RotationResult> {
  const old = await prisma.discountCode.findFirst({ where: { id: codeId, shopId: shop.id } });
  if (!old) return { ok: false, error: "codes.error.notFound" };
  const paused = await setCodeActive(admin, shop, old.id, false);
  if (!paused.ok) return { ok: false, error: paused.error };
  const already = await prisma.discountCode.findFirst({ where: { shopId: shop.id, rotatedFromId: old.id } });
  if (already) {
    const linksMoved = await moveLinksToCode(shop.id, old.id, already.id);
    return { ok: true, oldCode: old.code, newCode: already.code, newCodeId: already.id, influencerId: old.influencerId, linksMoved };
  }
  const created = await createInfluencerCode(admin, shop, old.influencerId, replacementSettings(old, shop));
  if (!created.ok) return { ok: false, error: Object.values(created.fieldErrors)[0] ?? "codes.error.shopify" };
  await prisma.discountCode.update({ where: { id: created.code.id }, data: { rotatedFromId: old.id } });
  const linksMoved = await moveLinksToCode(shop.id, old.id, created.code.id);
  return { ok: true, oldCode: old.code, newCode: created.code.code, newCodeId: created.code.id, influencerId: old.influencerId, linksMoved };
}
