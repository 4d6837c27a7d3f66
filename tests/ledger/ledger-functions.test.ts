import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { REPORTABLE_ORDER } from "../../app/lib/reportable";
import { createTestDatabase, type TestDatabase } from "../support/database";
import { otherShop } from "../support/factories";

// The ledger's shared definitions (prisma/sql/functions, decision 026) and the places that cannot
// call them yet: codetrail_import_orders spells the rollups key out, Prisma filters spell the
// reportable rule as REPORTABLE_ORDER.
describe("ledger definitions", () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase();
  }, 120_000);
  afterAll(async () => {
    await db?.destroy();
  });

  it("codetrail_lock_key gives the ledger's keys, and no key for an order or customer without id", async () => {
    const [row] = await db.prisma.$queryRaw<Record<string, string | null>[]>`
      SELECT codetrail_lock_key('rollups', 's1')::text = hashtextextended('codetrail:rollups:s1', 0)::text AS rollups,
             codetrail_lock_key('shop', 's1')::text = hashtextextended('codetrail:shop:s1', 0)::text AS shop,
             codetrail_lock_key('order', 's1', '9007199254740993')::text = hashtextextended('codetrail:order:s1:9007199254740993', 0)::text AS "order",
             codetrail_lock_key('customer', 's1', '42')::text = hashtextextended('codetrail:customer:s1:42', 0)::text AS customer,
             codetrail_lock_key('order', 's1', NULL)::text AS "noOrder", codetrail_lock_key('customer', 's1')::text AS "noCustomer",
             codetrail_lock_key('rollups', 's1')::text <> codetrail_lock_key('rollups', 's2')::text AS "perShop"`;
    expect(row).toEqual({ rollups: true, shop: true, order: true, customer: true, noOrder: null, noCustomer: null, perShop: true });
    // The bulk import (prisma/sql/functions/codetrail_import_orders.sql) takes the rollups key by its text.
    const { readFileSync } = await import("node:fs");
    expect(readFileSync("prisma/sql/functions/codetrail_import_orders.sql", "utf8")).toMatch(/hashtextextended\('codetrail:rollups:' \|\| p_shop, 0\)|codetrail_lock_key\('rollups', p_shop\)/);
  });

  it("REPORTABLE_ORDER selects exactly the orders codetrail_is_reportable accepts", async () => {
    const shop = await otherShop(db.prisma);
    const combos = [
      { cancelledAt: null, test: false },
      { cancelledAt: new Date("2026-03-02T10:00:00Z"), test: false },
      { cancelledAt: null, test: true },
      { cancelledAt: new Date("2026-03-02T10:00:00Z"), test: true },
    ];
    await db.prisma.attributedOrder.createMany({
      data: combos.map((c, i) => ({
        shopId: shop.id, shopifyOrderId: BigInt(1000 + i), name: `#${1000 + i}`, source: "DISCOUNT_CODE" as const,
        orderCreatedAt: new Date("2026-03-01T10:00:00Z"), shopDate: new Date("2026-03-01"), shopifyUpdatedAt: new Date("2026-03-01T10:00:00Z"),
        currencyCode: "USD", presentmentCurrency: "USD", sales: "10", discounts: "0", ...c,
      })),
    });
    const bySql = await db.prisma.$queryRaw<{ name: string }[]>`
      SELECT "name" FROM "AttributedOrder" WHERE "shopId" = ${shop.id} AND codetrail_is_reportable("cancelledAt", "test") ORDER BY 1`;
    const byFilter = await db.prisma.attributedOrder.findMany({ where: { shopId: shop.id, ...REPORTABLE_ORDER }, select: { name: true }, orderBy: { name: "asc" } });
    expect(bySql.map((r) => r.name)).toEqual(["#1000"]);
    expect(byFilter.map((r) => r.name)).toEqual(bySql.map((r) => r.name));
  });
});
