import { DEMO_SHOP } from "../../app/demo/demo-store.server";
import type { Database } from "../../app/db.server";
import type { CampaignGoal, CostKind, InfluencerStatus, Platform } from "../../app/generated/prisma/enums";
import { createAdminEmulator } from "../../app/demo/admin-emulator/emulator.server";
import { syncShopDetails } from "../../app/services/shop-sync.server";

/** Test data builders: the least a row needs, overridable field by field. */

let sequence = 0;
const next = () => ++sequence;

/** The demo shop (what requireAdmin answers in demo mode), described through the emulator. */
export function demoShop(db: Database) {
  return syncShopDetails(createAdminEmulator({ store: { db, shop: DEMO_SHOP } }), DEMO_SHOP.domain);
}

export function otherShop(db: Database, overrides: { domain?: string; currencyCode?: string } = {}) {
  const n = next();
  return db.shop.create({
    data: { domain: overrides.domain ?? `other-${n}.myshopify.com`, name: `Other ${n}`, currencyCode: overrides.currencyCode ?? "USD" },
  });
}

export function influencer(
  db: Database,
  shopId: string,
  overrides: { name?: string; email?: string | null; status?: InfluencerStatus; handles?: Partial<Record<Platform, string>>; createdAt?: Date } = {},
) {
  const n = next();
  return db.influencer.create({
    data: {
      shopId,
      name: overrides.name ?? `Influencer ${n}`,
      email: overrides.email === undefined ? `influencer${n}@example.com` : overrides.email,
      status: overrides.status ?? "ACTIVE",
      ...(overrides.createdAt ? { createdAt: overrides.createdAt } : {}),
      handles: {
        create: Object.entries(overrides.handles ?? {}).map(([platform, handle]) => ({
          shopId,
          platform: platform as Platform,
          handle,
        })),
      },
    },
  });
}

export function campaign(
  db: Database,
  shopId: string,
  overrides: { name?: string; goal?: CampaignGoal; startsOn?: string; endsOn?: string | null; budget?: string | null } = {},
) {
  const n = next();
  return db.campaign.create({
    data: {
      shopId,
      name: overrides.name ?? `Campaign ${n}`,
      goal: overrides.goal ?? "CONVERSION",
      startsOn: new Date(`${overrides.startsOn ?? "2026-11-01"}T00:00:00Z`),
      endsOn: overrides.endsOn === null ? null : new Date(`${overrides.endsOn ?? "2026-11-30"}T00:00:00Z`),
      budget: overrides.budget === undefined ? "1000.0000" : overrides.budget,
    },
  });
}

export function cost(
  db: Database,
  shopId: string,
  influencerId: string,
  overrides: { amount?: string; kind?: CostKind; incurredOn?: string; campaignId?: string } = {},
) {
  return db.costEntry.create({
    data: {
      shopId,
      influencerId,
      campaignId: overrides.campaignId ?? null,
      kind: overrides.kind ?? "FLAT_FEE",
      amount: overrides.amount ?? "100.0000",
      incurredOn: new Date(`${overrides.incurredOn ?? "2026-11-10"}T00:00:00Z`),
    },
  });
}

/** The fields of a form, as a browser would post them. */
export function formData(fields: Record<string, string | string[]>) {
  const form = new FormData();
  for (const [key, value] of Object.entries(fields)) {
    for (const v of Array.isArray(value) ? value : [value]) form.append(key, v);
  }
  return form;
}
