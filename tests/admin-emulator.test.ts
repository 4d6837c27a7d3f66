import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO_SHOP } from "../app/demo/demo-store.server";
import { SHOP_DETAILS_QUERY } from "../app/graphql/shop-details";
import { adminQuery, AdminApiError } from "../app/services/admin-client.server";
import { LeakyBucket } from "../app/demo/admin-emulator/cost.server";
import { createAdminEmulator } from "../app/demo/admin-emulator/emulator.server";
import { syncShopDetails } from "../app/services/shop-sync.server";
import { createTestDatabase, type TestDatabase } from "./support/database";

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(() => db.destroy());

describe("Admin API emulator", () => {
  it("answers the shop query from the emulated store", async () => {
    const emulator = createAdminEmulator({ store: { db: db.prisma, shop: DEMO_SHOP } });
    const result = await emulator.run(SHOP_DETAILS_QUERY);
    expect(result.body).toMatchObject({
      data: {
        shop: {
          id: `gid://shopify/Shop/${DEMO_SHOP.id}`,
          myshopifyDomain: DEMO_SHOP.domain,
          currencyCode: "USD",
          ianaTimezone: "America/New_York",
        },
      },
      extensions: { cost: { requestedQueryCost: 1, throttleStatus: { maximumAvailable: 2000 } } },
    });
  });

  it("refuses documents that do not validate against Shopify's schema, as Shopify does", async () => {
    const emulator = createAdminEmulator({ store: { db: db.prisma, shop: DEMO_SHOP } });
    await expect(adminQuery(emulator, "query { shop { nope } }")).rejects.toThrow(
      'Cannot query field "nope" on type "Shop".',
    );
    const syntax = await emulator.run("query {");
    expect(syntax.body).toMatchObject({ errors: [{ message: expect.stringContaining("Syntax Error") }] });
  });

  it("fails loudly on valid operations it does not implement instead of inventing data", async () => {
    const emulator = createAdminEmulator({ store: { db: db.prisma, shop: DEMO_SHOP } });
    const error: unknown = await adminQuery(emulator, "query { app { id } }").catch((e) => e);
    expect(error).toBeInstanceOf(AdminApiError);
    expect((error as Error).message).toContain("does not implement QueryRoot.app");
  });

  it("throttles with Shopify's THROTTLED answer when the cost bucket is empty, then recovers", async () => {
    let now = 0;
    const bucket = new LeakyBucket(10, 1, () => now);
    const emulator = createAdminEmulator({ store: { db: db.prisma, shop: DEMO_SHOP }, bucket });
    const costly = "query { orders(first: 5) { nodes { id } } }";
    const first = await emulator.run(costly);
    expect(first.body).toMatchObject({ extensions: { cost: { requestedQueryCost: 7 } } });
    const second = await emulator.run(costly);
    expect(second.body).toMatchObject({
      errors: [{ message: "Throttled", extensions: { code: "THROTTLED" } }],
      extensions: { cost: { actualQueryCost: null, throttleStatus: { currentlyAvailable: 3 } } },
    });
    now += 4_000;
    const third = await emulator.run("query { shop { name } }");
    expect(third.body.errors).toBeUndefined();
  });

  it("syncs the shop's settings through the Admin API into the Shop row", async () => {
    const emulator = createAdminEmulator({ store: { db: db.prisma, shop: DEMO_SHOP } });
    const shop = await syncShopDetails(emulator, DEMO_SHOP.domain);
    expect(shop).toMatchObject({ name: DEMO_SHOP.name, currencyCode: "USD", ianaTimezone: "America/New_York" });
    await expect(syncShopDetails(emulator, "other.myshopify.com")).rejects.toThrow(/expected other/);
  });
});
