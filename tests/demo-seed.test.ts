import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO_SHOP } from "../app/demo/demo-store.server";
import { demoDataExists, seedDemoStore } from "../app/demo/seed.server";
import { createAdminEmulator } from "../app/demo/admin-emulator/emulator.server";
import { shopDateOf } from "../app/lib/shop-dates";
import { setCodeActive } from "../app/services/discount-codes.server";
import { runPendingJobs } from "../app/services/jobs.server";
import { queueSurveyCreditForPeriod, registerSurveyCredit } from "../app/services/survey-credit.server";
import { createTestDatabase, type TestDatabase } from "./support/database";

let db: TestDatabase;
const NOW = new Date("2026-11-20T15:00:00Z");
const admin = () => createAdminEmulator({ store: { db: db.prisma, shop: DEMO_SHOP } });

beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(() => db.destroy());

describe("the demo store seed", () => {
  it("creates every influencer's code in the emulated store, so the codes work like real ones", async () => {
    expect(await demoDataExists(db.prisma)).toBe(false);
    const result = await seedDemoStore(db.prisma, admin(), NOW);
    expect(result).toMatchObject({ influencers: 10 });
    expect(result.orders).toBeGreaterThan(800);
    const codes = await db.prisma.discountCode.findMany({ orderBy: { code: "asc" } });
    expect(codes).toHaveLength(10);
    expect(codes.every((c) => c.syncState === "SYNCED" && c.shopifyDiscountId)).toBe(true);
    expect(await db.prisma.emulatorDiscount.count({ where: { shopDomain: DEMO_SHOP.domain } })).toBe(10);
    expect(codes.filter((c) => c.status === "PAUSED").map((c) => c.code)).toEqual(["TOM25"]);

    // A seeded code can be paused and resumed through the Admin API like any other.
    const shop = await db.prisma.shop.findUniqueOrThrow({ where: { domain: DEMO_SHOP.domain } });
    const jane = codes.find((c) => c.code === "JANE15")!;
    expect(await setCodeActive(admin(), shop, jane.id, false)).toEqual({ ok: true });
    expect(await setCodeActive(admin(), shop, jane.id, true)).toEqual({ ok: true });
  });

  it("puts every order and refund in the past, on the shop's calendar day it is counted on", async () => {
    const shop = await db.prisma.shop.findUniqueOrThrow({ where: { domain: DEMO_SHOP.domain } });
    const orders = await db.prisma.attributedOrder.findMany({ select: { orderCreatedAt: true, shopDate: true } });
    expect(orders.filter((o) => o.orderCreatedAt > NOW)).toEqual([]);
    expect(orders.filter((o) => shopDateOf(o.orderCreatedAt, shop.ianaTimezone) !== o.shopDate.toISOString().slice(0, 10))).toEqual([]);
    // The seeding day has orders too, all before NOW.
    expect(orders.some((o) => shopDateOf(o.orderCreatedAt, shop.ianaTimezone) === shopDateOf(NOW, shop.ianaTimezone))).toBe(true);
    expect(await db.prisma.orderRefund.count({ where: { refundedAt: { gt: NOW } } })).toBe(0);
  });

  it("answers the survey for about half the orders, and for orders no code or link tracked; never in the future", async () => {
    const shop = await db.prisma.shop.findUniqueOrThrow({ where: { domain: DEMO_SHOP.domain } });
    expect(shop.surveyEnabled).toBe(true);
    const answers = await db.prisma.surveyResponse.findMany({ where: { shopId: shop.id } });
    const orders = await db.prisma.attributedOrder.count({ where: { shopId: shop.id, test: false } });
    const ledgerIds = new Set(
      (await db.prisma.attributedOrder.findMany({ select: { shopifyOrderId: true } })).map((o) => o.shopifyOrderId)
    );
    const tracked = answers.filter((a) => ledgerIds.has(a.shopifyOrderId));
    expect(tracked.length / orders).toBeGreaterThan(0.35);
    expect(tracked.length / orders).toBeLessThan(0.55);
    const dark = answers.filter((a) => !ledgerIds.has(a.shopifyOrderId));
    expect(dark.length).toBeGreaterThan(50);
    // Typed handles, matched for the owner: some confirmed, some waiting.
    expect(dark.some((a) => a.freeText && a.matchedInfluencerId && a.confirmedAt)).toBe(true);
    expect(dark.some((a) => a.freeText && a.matchedInfluencerId && !a.confirmedAt)).toBe(true);
    expect(answers.filter((a) => a.createdAt > NOW || (a.confirmedAt && a.confirmedAt > NOW))).toEqual([]);
  });

  it("keeps the orders only the survey names in the store, so a shop that credits them can read each one (decision 038)", async () => {
    const shop = await db.prisma.shop.update({ where: { domain: DEMO_SHOP.domain }, data: { creditSurveyOnly: true } });
    registerSurveyCredit(async () => admin());
    const queued = await queueSurveyCreditForPeriod(shop.id, { from: null, to: null });
    expect(queued).toBeGreaterThan(20);
    while ((await runPendingJobs()) > 0);
    const credited = await db.prisma.attributedOrder.findMany({ where: { shopId: shop.id, source: "SURVEY", discountCodeId: null } });
    expect(credited).toHaveLength(queued);
    // On the shop day the store's order facts say.
    const facts = await db.prisma.shopOrder.findMany({
      where: { shopId: shop.id, shopifyOrderId: { in: credited.map((o) => o.shopifyOrderId) } },
    });
    expect(
      credited.every((o) => facts.some((f) => f.shopifyOrderId === o.shopifyOrderId && f.shopDate.getTime() === o.shopDate.getTime()))
    ).toBe(true);
    expect(await queueSurveyCreditForPeriod(shop.id, { from: null, to: null })).toBe(0);
    // The demo as seeded, for the test that follows.
    await seedDemoStore(db.prisma, admin(), NOW);
  });

  it("is deterministic and can start over", async () => {
    const first = await db.prisma.attributedOrder.count();
    const again = await seedDemoStore(db.prisma, admin(), NOW);
    expect(again.orders).toBe(first);
    const answers = await db.prisma.surveyResponse.count();
    await seedDemoStore(db.prisma, admin(), NOW);
    expect(await db.prisma.surveyResponse.count()).toBe(answers);
    expect(await db.prisma.emulatorDiscount.count()).toBe(10);
  });
});
