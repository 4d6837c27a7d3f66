import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO_SHOP } from "../../app/demo/demo-store.server";
import { seedDemoStore } from "../../app/demo/seed.server";
import { setCommissionRule } from "../../app/models/commission-rules.server";
import { createAdminEmulator } from "../../app/demo/admin-emulator/emulator.server";
import { Decimal } from "../../app/lib/money";
import { createTestDatabase, type TestDatabase } from "../support/database";

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase();
  await seedDemoStore(db.prisma, createAdminEmulator({ store: { db: db.prisma, shop: DEMO_SHOP } }), new Date("2026-11-20T15:00:00Z"));
});
afterAll(() => db.destroy());

describe("commission rules and the report figures", () => {
  it("changing an influencer's rule updates the commission in the daily rollups at once", async () => {
    const shop = await db.prisma.shop.findUniqueOrThrow({ where: { domain: DEMO_SHOP.domain } });
    const jane = await db.prisma.influencer.findFirstOrThrow({ where: { shopId: shop.id, name: "Jane Porter" } });
    const commission = async () =>
      new Decimal(
        String((await db.prisma.dailyRollup.aggregate({ where: { shopId: shop.id, influencerId: jane.id }, _sum: { commission: true } }))._sum.commission ?? 0),
      );
    const orders = await db.prisma.attributedOrder.count({ where: { shopId: shop.id, influencerId: jane.id, test: false, cancelledAt: null } });
    expect(orders).toBeGreaterThan(10); // else "2.50 × orders" would hold for an empty rollup too

    expect(await setCommissionRule(shop.id, { influencerId: jane.id }, { kind: "FIXED_PER_ORDER", rate: new Decimal("2.50") })).toBe(true);
    expect((await commission()).toFixed(2)).toBe(new Decimal("2.50").times(orders).toFixed(2));

    expect(await setCommissionRule(shop.id, { influencerId: jane.id }, null)).toBe(true);
    // Without her own rule, the seeded campaign rule (10 % of net sales) applies again.
    const net = await db.prisma.attributedOrder.aggregate({
      where: { shopId: shop.id, influencerId: jane.id, test: false, cancelledAt: null, campaign: { name: "Autumn Layers" } },
      _sum: { sales: true, refunded: true },
    });
    const expected = new Decimal(String(net._sum.sales)).minus(String(net._sum.refunded)).times("0.10");
    expect(expected.gt(0)).toBe(true);
    expect((await commission()).toFixed(2)).toBe(expected.toFixed(2));
  });
});
