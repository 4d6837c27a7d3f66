import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { flaggedCodes } from "../../app/models/leaks.server";
import { createAdminEmulator } from "../../app/demo/admin-emulator/emulator.server";
import type { EmulatedShopSettings } from "../../app/demo/admin-emulator/resolvers.server";
import { createTrackingLink, followTrackingLink } from "../../app/models/tracking-links.server";
import { rotateLeakedCode } from "../../app/services/code-rotation.server";
import { createInfluencerCode } from "../../app/services/discount-codes.server";
import { syncShopDetails } from "../../app/services/shop-sync.server";
import { createTestDatabase, type TestDatabase } from "../support/database";
import { applyToLedger, order } from "../support/orders";

const STORE: EmulatedShopSettings = {
  id: "6161", domain: "leaks-test.myshopify.com", name: "Leaks Test", currencyCode: "USD", ianaTimezone: "UTC",
};
let db: TestDatabase;
let admin: ReturnType<typeof createAdminEmulator>;
let shop: Awaited<ReturnType<typeof syncShopDetails>>;
const NOW = new Date();
const daysAgo = (d: number, n = 0) => new Date(NOW.getTime() - d * 86_400_000 - n * 60_000);

beforeAll(async () => {
  db = await createTestDatabase();
  admin = createAdminEmulator({ store: { db: db.prisma, shop: STORE } });
  shop = await syncShopDetails(admin, STORE.domain);
});
afterAll(() => db.destroy());

async function influencerWithCode(name: string, value: string) {
  const influencer = await db.prisma.influencer.create({ data: { shopId: shop.id, name } });
  const created = await createInfluencerCode(admin, shop, influencer.id, {
    valueType: "PERCENTAGE", value, minimumRequirement: "NONE", minimumValue: null, usageLimit: 500, oncePerCustomer: true,
    startsAt: "2026-01-01", endsAt: null, combinesWith: { order: false, product: false, shipping: true }, code: undefined, campaignId: null,
  });
  if (!created.ok) throw new Error(JSON.stringify(created.fieldErrors));
  return { influencer, code: created.code };
}

describe("leaked codes", () => {
  it("flags the code whose orders come from coupon sites, with evidence, and not the normal one; rotation keeps history", async () => {
    const jane = await influencerWithCode("Jane Porter", "15.00");
    const omar = await influencerWithCode("Omar Haddad", "20.00");
    expect([jane.code.code, omar.code.code]).toEqual(["JANE15", "OMAR20"]);
    let n = 0;
    // Jane: a steady audience from Instagram and TikTok in the US and Canada.
    for (let d = 1; d <= 60; d++) {
      await applyToLedger(shop, order(++n, {
        createdAt: daysAgo(d), codes: [{ code: "JANE15", amount: "15.00" }],
        referrerUrl: d % 2 ? "https://www.instagram.com/" : "https://www.tiktok.com/@jane", countryCode: d % 5 ? "US" : "CA",
      }));
    }
    // Omar: a US audience for two months, then the code shows up on coupon sites.
    for (let d = 31; d <= 90; d += 2) {
      await applyToLedger(shop, order(++n, { createdAt: daysAgo(d), codes: [{ code: "OMAR20", amount: "20.00" }], referrerUrl: "https://instagram.com/omar.h", countryCode: "US" }));
    }
    const couponReferrers = ["https://www.retailmenot.com/view/leaks-test.myshopify.com", "https://slickdeals.net/f/123", "https://www.dealspotr.com/promo-codes/leaks-test"];
    for (let i = 0; i < 24; i++) {
      await applyToLedger(shop, order(++n, {
        createdAt: daysAgo(1 + (i % 6), i), codes: [{ code: "OMAR20", amount: "20.00" }],
        referrerUrl: i % 4 === 3 ? null : couponReferrers[i % 3],
        landingPage: i % 4 === 3 ? "/?utm_source=honey" : null,
        countryCode: ["IN", "PK", "BR", "US"][i % 4],
      }));
    }
    // A test order from a coupon site does not count.
    await applyToLedger(shop, order(++n, { createdAt: daysAgo(1), test: true, codes: [{ code: "JANE15", amount: "15.00" }], referrerUrl: "https://retailmenot.com/" }));

    const flagged = await flaggedCodes(shop.id, NOW);
    expect(flagged.map((f) => f.code)).toEqual(["OMAR20"]);
    const kinds = flagged[0].signals.map((s) => s.kind);
    expect(kinds).toEqual(["coupon", "spike", "audience"]);
    const coupon = flagged[0].signals[0];
    if (coupon.kind !== "coupon") throw new Error("coupon first");
    expect(coupon.couponOrders).toBe(24);
    expect(coupon.sites.map((s) => s.site)).toEqual(["dealspotr.com", "honey", "retailmenot.com", "slickdeals.net"]);
    expect(flagged[0]).toMatchObject({ influencerName: "Omar Haddad", influencerId: omar.influencer.id });

    // One click: the old code is paused in Shopify, a new memorable code with the same settings
    // is created for Omar, and the old orders stay with the old code and with Omar.
    const ordersBefore = await db.prisma.attributedOrder.count({ where: { discountCodeId: omar.code.id, influencerId: omar.influencer.id } });
    const bio = await createTrackingLink(shop, omar.influencer.id, { discountCodeId: omar.code.id, platform: "INSTAGRAM", campaignId: null, content: "Bio", path: "/" });
    if (!bio?.ok) throw new Error("link not created");
    const rotated = await rotateLeakedCode(admin, shop, omar.code.id);
    expect(rotated).toMatchObject({ ok: true, oldCode: "OMAR20", linksMoved: 1 });
    if (!rotated.ok) return;
    expect(rotated.newCode).not.toBe("OMAR20");
    expect(rotated.newCode).toMatch(/^OMAR/);
    const [oldRow, newRow] = await Promise.all([
      db.prisma.discountCode.findUniqueOrThrow({ where: { id: omar.code.id } }),
      db.prisma.discountCode.findUniqueOrThrow({ where: { id: rotated.newCodeId } }),
    ]);
    expect(oldRow.status).toBe("PAUSED");
    expect((await db.prisma.emulatorDiscount.findFirstOrThrow({ where: { code: "OMAR20" } })).endsAt).not.toBeNull();
    expect(newRow).toMatchObject({
      influencerId: omar.influencer.id, rotatedFromId: omar.code.id, syncState: "SYNCED", status: "ACTIVE",
      valueType: "PERCENTAGE", usageLimit: 500, oncePerCustomer: true, combinesWithShippingDiscounts: true,
    });
    expect(newRow.value.toString()).toBe(oldRow.value.toString());
    expect(await db.prisma.emulatorDiscount.findFirst({ where: { code: rotated.newCode } })).not.toBeNull();
    // The bio link keeps its slug and now hands out the new code.
    const moved = await db.prisma.trackingLink.findUniqueOrThrow({ where: { id: bio.link.id } });
    expect(moved).toMatchObject({ slug: bio.link.slug, discountCodeId: rotated.newCodeId });
    const landing = new URL((await followTrackingLink(bio.link.slug, { count: false }))!);
    expect(landing.pathname).toBe(`/discount/${encodeURIComponent(rotated.newCode)}`);
    expect(await db.prisma.attributedOrder.count({ where: { discountCodeId: omar.code.id, influencerId: omar.influencer.id } })).toBe(ordersBefore);
    // Both codes are listed on the influencer; a new order with the new code is his too.
    expect((await db.prisma.discountCode.findMany({ where: { influencerId: omar.influencer.id } })).map((c) => c.code).sort()).toEqual(
      [rotated.newCode, "OMAR20"].sort(),
    );
    await applyToLedger(shop, order(++n, { createdAt: daysAgo(0, 5), codes: [{ code: rotated.newCode.toLowerCase(), amount: "20.00" }] }));
    expect(await db.prisma.attributedOrder.count({ where: { influencerId: omar.influencer.id } })).toBe(ordersBefore + 1);
    // The paused code is no longer flagged; clicking again returns the same replacement.
    expect(await flaggedCodes(shop.id, NOW)).toEqual([]);
    expect(await rotateLeakedCode(admin, shop, omar.code.id)).toEqual({ ...rotated, linksMoved: 0 });
    expect(await db.prisma.discountCode.count({ where: { influencerId: omar.influencer.id } })).toBe(2);
  });
});
