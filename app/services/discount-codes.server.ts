import Decimal from "decimal.js";
import prisma from "../db.server";
import type { DiscountCode } from "../generated/prisma/client";
import { CODE_DISCOUNT_NODE_BY_CODE, type CodeDiscountNodeByCodeResult } from "../graphql/code-discount-node-by-code";
import { DISCOUNT_CODE_ACTIVATE, type DiscountCodeActivateResult } from "../graphql/discount-code-activate";
import { DISCOUNT_CODE_BASIC_CREATE, type DiscountCodeBasicCreateResult } from "../graphql/discount-code-basic-create";
import { DISCOUNT_CODE_BASIC_UPDATE, type DiscountCodeBasicUpdateResult } from "../graphql/discount-code-basic-update";
import { DISCOUNT_CODE_DEACTIVATE, type DiscountCodeDeactivateResult } from "../graphql/discount-code-deactivate";
import type { CodeDiscountNode, DiscountUserError } from "../graphql/discount-fragments";
import { codeCandidates, normaliseCode } from "../lib/code-names";
import type { CodeSettings } from "../lib/code-settings";
import { shopDayBoundary } from "../lib/shop-days.server";
import { isUniqueViolation, violatesUniqueIndex } from "../models/prisma-errors.server";
import type { ShopRecord } from "../models/shop.server";
import { AdminApiError, adminQuery, attemptAdmin, type AdminGraphqlClient } from "./admin-client.server";
import { enqueueBackfill } from "./backfill.server";

export type CodeResult =
  | { ok: true; code: DiscountCode; requestedCode: string; chosenCode: string }
  | { ok: false; fieldErrors: Record<string, string> };

/** The link an influencer shares: Shopify applies the code and lands the visitor on `redirectPath`. */
export function shareableLink(shopDomain: string, code: string, redirectPath = "/"): string {
  const path = redirectPath.startsWith("/") ? redirectPath : `/${redirectPath}`;
  return `https://${shopDomain}/discount/${encodeURIComponent(code)}?redirect=${encodeURIComponent(path)}`;
}

/** Shopify's userErrors as form field errors (the field is the last segment Shopify names). */
function userErrorsToFields(errors: DiscountUserError[]): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const error of errors) {
    const path = error.field ?? [];
    const field =
      path.includes("code") ? "code"
      : path.includes("endsAt") ? "endsAt"
      : path.includes("usageLimit") ? "usageLimit"
      : path.some((p) => p === "percentage" || p === "amount" || p === "value") ? "value"
      : "form";
    fields[field] ??= error.message;
  }
  return fields;
}

function discountInput(settings: CodeSettings, code: string, title: string, shop: ShopRecord) {
  const value =
    settings.valueType === "PERCENTAGE"
      ? // The Admin API types the percentage as a fraction (Float); this boundary is the only place it leaves Decimal.
        { percentage: new Decimal(settings.value).div(100).toNumber() }
      : { discountAmount: { amount: settings.value, appliesOnEachItem: false } };
  const minimumRequirement =
    settings.minimumRequirement === "SUBTOTAL"
      ? { subtotal: { greaterThanOrEqualToSubtotal: settings.minimumValue } }
      : settings.minimumRequirement === "QUANTITY"
        ? { quantity: { greaterThanOrEqualToQuantity: settings.minimumValue?.split(".")[0] } }
        : undefined;
  return {
    title,
    code,
    startsAt: shopDayBoundary(settings.startsAt, shop.ianaTimezone).toISOString(),
    endsAt: settings.endsAt ? shopDayBoundary(settings.endsAt, shop.ianaTimezone, true).toISOString() : null,
    context: { all: "ALL" },
    customerGets: { value, items: { all: true } },
    ...(minimumRequirement ? { minimumRequirement } : {}),
    usageLimit: settings.usageLimit,
    appliesOncePerCustomer: settings.oncePerCustomer,
    combinesWith: {
      orderDiscounts: settings.combinesWith.order,
      productDiscounts: settings.combinesWith.product,
      shippingDiscounts: settings.combinesWith.shipping,
    },
  };
}

function statusFrom(node: CodeDiscountNode | null): DiscountCode["status"] {
  const status = node?.codeDiscount.status;
  return status === "SCHEDULED" ? "SCHEDULED" : status === "EXPIRED" ? "EXPIRED" : "ACTIVE";
}

function rowData(settings: CodeSettings, shop: ShopRecord) {
  return {
    valueType: settings.valueType,
    value: settings.value,
    minimumRequirement: settings.minimumRequirement,
    minimumValue: settings.minimumValue,
    usageLimit: settings.usageLimit,
    oncePerCustomer: settings.oncePerCustomer,
    combinesWithOrderDiscounts: settings.combinesWith.order,
    combinesWithProductDiscounts: settings.combinesWith.product,
    combinesWithShippingDiscounts: settings.combinesWith.shipping,
    startsAt: shopDayBoundary(settings.startsAt, shop.ianaTimezone),
    endsAt: settings.endsAt ? shopDayBoundary(settings.endsAt, shop.ianaTimezone, true) : null,
    campaignId: settings.campaignId,
  };
}

/**
 * Creates one Shopify discount for one influencer's code. The row is saved as PENDING before
 * Shopify is asked, so a crash in between leaves a visible record that `retryCodeSync` repairs;
 * when Shopify answers that a code is taken, the next memorable variant is tried and the result
 * says which code was asked for and which was chosen.
 */
export async function createInfluencerCode(
  admin: AdminGraphqlClient,
  shop: ShopRecord,
  influencerId: string,
  settings: CodeSettings,
): Promise<CodeResult> {
  const influencer = await prisma.influencer.findFirst({
    where: { id: influencerId, shopId: shop.id },
    include: { handles: true },
  });
  if (!influencer) return { ok: false, fieldErrors: { form: "codes.error.influencer" } };
  if (settings.campaignId) {
    const campaign = await prisma.campaign.findFirst({ where: { id: settings.campaignId, shopId: shop.id } });
    if (!campaign) return { ok: false, fieldErrors: { campaignId: "codes.error.campaign" } };
  }
  const explicit = settings.code !== undefined;
  const candidates = explicit
    ? [settings.code!]
    : codeCandidates({
        name: influencer.name,
        handles: influencer.handles.map((h) => h.handle),
        valueType: settings.valueType,
        value: settings.value,
      });
  if (candidates.length === 0) return { ok: false, fieldErrors: { code: "codes.error.noName" } };

  for (const candidate of candidates) {
    const pending = await prisma.discountCode
      .create({
        data: {
          shopId: shop.id,
          influencerId,
          code: candidate,
          requestedCode: candidates[0] === candidate ? null : candidates[0],
          title: `${influencer.name} · ${candidate}`,
          syncState: "PENDING",
          ...rowData(settings, shop),
        },
      })
      .catch((error: unknown) => {
        if (isUniqueViolation(error)) return null; // Already one of ours: try the next variant.
        throw error;
      });
    if (!pending) {
      if (explicit) return { ok: false, fieldErrors: { code: "codes.error.taken" } };
      continue;
    }

    let result: DiscountCodeBasicCreateResult;
    try {
      result = await adminQuery<DiscountCodeBasicCreateResult>(admin, DISCOUNT_CODE_BASIC_CREATE, {
        basicCodeDiscount: discountInput(settings, candidate, pending.title!, shop),
      });
    } catch (error) {
      const reason = error instanceof Response ? `Shopify answered HTTP ${error.status}` : String((error as Error).message);
      const failed = await prisma.discountCode.update({
        where: { id: pending.id },
        data: { syncState: "FAILED", syncError: reason.slice(0, 500) },
      });
      // shopify-app-remix asking the browser to authenticate again: the row stays FAILED (retry).
      if (error instanceof Response) throw error;
      // Shopify's own words when it answered; a plain explanation when it could not be reached
      // (the technical reason stays on the row).
      return { ok: false, fieldErrors: { form: error instanceof AdminApiError ? failed.syncError! : "codes.error.shopify" } };
    }
    const { codeDiscountNode, userErrors } = result.discountCodeBasicCreate;
    if (userErrors.length || !codeDiscountNode) {
      await prisma.discountCode.delete({ where: { id: pending.id } });
      const taken = userErrors.some((e) => e.code === "TAKEN" && e.field?.includes("code"));
      if (taken && !explicit) continue;
      return { ok: false, fieldErrors: taken ? { code: "codes.error.taken" } : userErrorsToFields(userErrors) };
    }
    const code = await prisma.discountCode.update({
      where: { id: pending.id },
      data: { syncState: "SYNCED", syncError: null, shopifyDiscountId: codeDiscountNode.id, status: statusFrom(codeDiscountNode) },
    });
    return { ok: true, code, requestedCode: candidates[0], chosenCode: candidate };
  }
  return { ok: false, fieldErrors: { code: "codes.error.allTaken" } };
}

/**
 * Repairs a code left PENDING (crash) or FAILED (Shopify unreachable): adopts the Shopify discount
 * if it was created after all, otherwise creates it again with the stored settings.
 */
export async function retryCodeSync(admin: AdminGraphqlClient, shop: ShopRecord, codeId: string) {
  const row = await prisma.discountCode.findFirst({ where: { id: codeId, shopId: shop.id } });
  if (!row) return { ok: false as const, error: "codes.error.notFound" };
  if (row.syncState === "SYNCED") return { ok: true as const };
  const lookup = await attemptAdmin(() =>
    adminQuery<CodeDiscountNodeByCodeResult>(admin, CODE_DISCOUNT_NODE_BY_CODE, { code: row.code }),
  );
  if (!lookup.ok) return { ok: false as const, error: lookup.error };
  const existing = lookup.value.codeDiscountNodeByCode;
  if (existing) {
    await prisma.discountCode.update({
      where: { id: row.id },
      data: { syncState: "SYNCED", syncError: null, shopifyDiscountId: existing.id, status: statusFrom(existing) },
    });
    return { ok: true as const };
  }
  const settings: CodeSettings = {
    valueType: row.valueType,
    value: new Decimal(row.value.toString()).toFixed(2),
    minimumRequirement: row.minimumRequirement,
    minimumValue: row.minimumValue ? new Decimal(row.minimumValue.toString()).toFixed(2) : null,
    usageLimit: row.usageLimit,
    oncePerCustomer: row.oncePerCustomer,
    startsAt: row.startsAt.toISOString().slice(0, 10),
    endsAt: row.endsAt ? row.endsAt.toISOString().slice(0, 10) : null,
    combinesWith: {
      order: row.combinesWithOrderDiscounts,
      product: row.combinesWithProductDiscounts,
      shipping: row.combinesWithShippingDiscounts,
    },
    code: row.code,
    campaignId: row.campaignId,
  };
  await prisma.discountCode.delete({ where: { id: row.id } });
  const result = await createInfluencerCode(admin, shop, row.influencerId, settings);
  return result.ok ? { ok: true as const } : { ok: false as const, error: Object.values(result.fieldErrors)[0] };
}

/**
 * Links a discount that already exists in the store (looked up by its code) to an influencer, and
 * queues the backfill of the store's past orders that used it.
 */
export async function linkExistingCode(
  admin: AdminGraphqlClient,
  shop: ShopRecord,
  influencerId: string,
  typedCode: string,
): Promise<CodeResult> {
  const normalised = normaliseCode(typedCode);
  if ("error" in normalised) return { ok: false, fieldErrors: { code: normalised.error } };
  const influencer = await prisma.influencer.findFirst({ where: { id: influencerId, shopId: shop.id } });
  if (!influencer) return { ok: false, fieldErrors: { form: "codes.error.influencer" } };
  const local = await prisma.discountCode.findUnique({ where: { shopId_code: { shopId: shop.id, code: normalised.code } } });
  if (local) return { ok: false, fieldErrors: { code: "codes.error.alreadyLinked" } };
  const lookup = await attemptAdmin(() =>
    adminQuery<CodeDiscountNodeByCodeResult>(admin, CODE_DISCOUNT_NODE_BY_CODE, { code: normalised.code }),
  );
  if (!lookup.ok) return { ok: false, fieldErrors: { form: lookup.error } };
  const node = lookup.value.codeDiscountNodeByCode;
  if (!node) return { ok: false, fieldErrors: { code: "codes.error.notInStore" } };
  const value = node.codeDiscount.customerGets?.value;
  const percentage = value && "percentage" in value ? new Decimal(String(value.percentage)).times(100) : null;
  const amount = value && "amount" in value ? new Decimal(value.amount.amount) : null;
  const code = await prisma.discountCode
    .create({
      data: {
        shopId: shop.id,
        influencerId,
        code: normalised.code,
        title: node.codeDiscount.title ?? null,
      shopifyDiscountId: node.id,
      valueType: amount ? "FIXED_AMOUNT" : "PERCENTAGE",
      value: (percentage ?? amount ?? new Decimal(0)).toDecimalPlaces(4).toFixed(4),
      usageLimit: node.codeDiscount.usageLimit ?? null,
      oncePerCustomer: node.codeDiscount.appliesOncePerCustomer ?? false,
        startsAt: node.codeDiscount.startsAt ? new Date(node.codeDiscount.startsAt) : new Date(),
        endsAt: node.codeDiscount.endsAt ? new Date(node.codeDiscount.endsAt) : null,
        status: statusFrom(node),
        syncState: "SYNCED",
        linkedExisting: true,
      },
    })
    // Linked a moment ago by another request (two clicks, two tabs): the same answer as above.
    .catch((error: unknown) => {
      if (violatesUniqueIndex(error, ["DiscountCode_shopId_code_key"])) return null;
      throw error;
    });
  if (!code) return { ok: false, fieldErrors: { code: "codes.error.alreadyLinked" } };
  // The code has a history in the store: import its past orders into the ledger (background job).
  await enqueueBackfill(shop.id, code.id);
  return { ok: true, code, requestedCode: normalised.code, chosenCode: normalised.code };
}

/** Pauses (deactivates) or resumes (activates) a code's Shopify discount. */
export async function setCodeActive(admin: AdminGraphqlClient, shop: ShopRecord, codeId: string, active: boolean) {
  const row = await prisma.discountCode.findFirst({ where: { id: codeId, shopId: shop.id } });
  if (!row) return { ok: false as const, error: "codes.error.notFound" };
  if (!row.shopifyDiscountId) return { ok: false as const, error: "codes.error.notSynced" };
  const id = row.shopifyDiscountId;
  const call = await attemptAdmin(async () =>
    active
      ? (await adminQuery<DiscountCodeActivateResult>(admin, DISCOUNT_CODE_ACTIVATE, { id })).discountCodeActivate.userErrors
      : (await adminQuery<DiscountCodeDeactivateResult>(admin, DISCOUNT_CODE_DEACTIVATE, { id })).discountCodeDeactivate.userErrors,
  );
  if (!call.ok) return { ok: false as const, error: call.error };
  const errors = call.value;
  if (errors.length) return { ok: false as const, error: errors.map((e) => e.message).join("; ") };
  await prisma.discountCode.update({ where: { id: row.id }, data: { status: active ? "ACTIVE" : "PAUSED" } });
  return { ok: true as const };
}

/**
 * Changes a code's offer and dates in Shopify (discountCodeBasicUpdate) and here. The code itself
 * and its other settings stay; Shopify's userErrors come back as field errors.
 */
export async function updateCodeOffer(
  admin: AdminGraphqlClient,
  shop: ShopRecord,
  codeId: string,
  change: Pick<CodeSettings, "value" | "startsAt" | "endsAt">,
): Promise<{ ok: true } | { ok: false; fieldErrors: Record<string, string> }> {
  const row = await prisma.discountCode.findFirst({ where: { id: codeId, shopId: shop.id } });
  if (!row) return { ok: false, fieldErrors: { form: "codes.error.notFound" } };
  if (!row.shopifyDiscountId) return { ok: false, fieldErrors: { form: "codes.error.notSynced" } };
  const value =
    row.valueType === "PERCENTAGE"
      ? { percentage: new Decimal(change.value).div(100).toNumber() }
      : { discountAmount: { amount: change.value, appliesOnEachItem: false } };
  const startsAt = shopDayBoundary(change.startsAt, shop.ianaTimezone);
  const endsAt = change.endsAt ? shopDayBoundary(change.endsAt, shop.ianaTimezone, true) : null;
  const call = await attemptAdmin(() =>
    adminQuery<DiscountCodeBasicUpdateResult>(admin, DISCOUNT_CODE_BASIC_UPDATE, {
      id: row.shopifyDiscountId,
      basicCodeDiscount: {
        customerGets: { value, items: { all: true } },
        startsAt: startsAt.toISOString(),
        endsAt: endsAt?.toISOString() ?? null,
      },
    }),
  );
  if (!call.ok) return { ok: false, fieldErrors: { form: call.error } };
  const result = call.value.discountCodeBasicUpdate;
  if (result.userErrors.length || !result.codeDiscountNode) return { ok: false, fieldErrors: userErrorsToFields(result.userErrors) };
  await prisma.discountCode.update({
    where: { id: row.id },
    data: {
      value: change.value,
      startsAt,
      endsAt,
      status: row.status === "PAUSED" ? "PAUSED" : statusFrom(result.codeDiscountNode),
    },
  });
  return { ok: true };
}

/** Ends a code for good: Shopify stops accepting it now; unlike a pause, it is not resumed. */
export async function endCode(admin: AdminGraphqlClient, shop: ShopRecord, codeId: string) {
  const paused = await setCodeActive(admin, shop, codeId, false);
  if (!paused.ok) return paused;
  await prisma.discountCode.update({ where: { id: codeId }, data: { status: "EXPIRED", endsAt: new Date() } });
  return { ok: true as const };
}
