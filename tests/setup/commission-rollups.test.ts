import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO_SHOP } from "../../app/demo/demo-store.server";
import { seedDemoStore } from "../../app/demo/seed.server";
import { setCommissionRule } from "../../app/models/commission-rules.server";
import { rebuildRollups } from "../../app/models/rollups.server";
import { createAdminEmulator } from "../../app/demo/admin-emulator/emulator.server";
import { Decimal } from "../../app/lib/money";
import { createTestDatabase, type TestDatabase } from "../support/database";

const SEEDED_AT = new Date("2026-11-20T15:00:00Z");
let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase();
  await seedDemoStore(db.prisma, createAdminEmulator({ store: { db: db.prisma, shop: DEMO_SHOP } }), SEEDED_AT);
});
afterAll(() => db.destroy());

describe("commission terms and the report figures (decision 029)", () => {
  it("a new term changes no commission already accrued, not even after a rebuild", async () => {
    const shop = await db.prisma.shop.findUniqueOrThrow({ where: { domain: DEMO_SHOP.domain } });
    const jane = await db.prisma.influencer.findFirstOrThrow({ where: { shopId: shop.id, name: "Jane Porter" } });
    const rollupCommission = async () =>
      new Decimal(
        String((await db.prisma.dailyRollup.aggregate({ where: { shopId: shop.id, influencerId: jane.id }, _sum: { commission: true } }))._sum.commission ?? 0),
      );
    const orderCommission = async () =>
      new Decimal(
        String((await db.prisma.attributedOrder.aggregate({ where: { shopId: shop.id, influencerId: jane.id }, _sum: { commission: true } }))._sum.commission ?? 0),
      );
    const orders = await db.prisma.attributedOrder.count({ where: { shopId: shop.id, influencerId: jane.id, test: false, cancelledAt: null } });
    expect(orders).toBeGreaterThan(10);
    // Seeded under the campaign's 10 % of net sales: the rollups are the sum of the stored per-order commission.
    const before = await rollupCommission();
    expect(before.gt(0)).toBe(true);
    expect((await orderCommission()).toFixed(8)).toBe(before.toFixed(8));

    expect(await setCommissionRule(shop.id, { influencerId: jane.id }, { kind: "FIXED_PER_ORDER", rate: new Decimal("2.50") }, { now: SEEDED_AT })).toBe("saved");
    expect((await rollupCommission()).toFixed(8)).toBe(before.toFixed(8));
    expect(await setCommissionRule(shop.id, { influencerId: jane.id }, null, { now: SEEDED_AT })).toBe("saved");
    expect((await rollupCommission()).toFixed(8)).toBe(before.toFixed(8));
    // A rebuild sums what was accrued; it does not price the past with today's terms.
    await rebuildRollups(shop.id, db.prisma);
    expect((await rollupCommission()).toFixed(8)).toBe(before.toFixed(8));
    // Her terms: 2.50 per order from the seed day, replaced (ended) that same day.
    const terms = await db.prisma.commissionRule.findMany({ where: { shopId: shop.id, influencerId: jane.id } });
    expect(terms.map((t) => [t.rate.toFixed(2), t.startsOn.toISOString().slice(0, 10), t.endsOn?.toISOString().slice(0, 10)])).toEqual([
      ["2.50", "2026-11-20", "2026-11-19"],
    ]);
  });
});
