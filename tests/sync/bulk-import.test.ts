import { Readable } from "node:stream";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { database } from "../../app/db.server";
import { importBulkOrders } from "../../app/services/bulk-import.server";
import { createTestDatabase, type TestDatabase } from "../support/database";
import { seedInfluencer } from "../webhooks/helpers";

/** A bulk result line that is not what Shopify writes must not stop the import of the rest. */
let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(() => db.destroy());

const money = (amount: string) => ({ shopMoney: { amount, currencyCode: "USD" }, presentmentMoney: { amount, currencyCode: "USD" } });
const order = (id: string, codes: string[]) => ({
  id,
  name: `#${id.slice(-4)}`,
  createdAt: "2026-11-01T10:00:00Z",
  updatedAt: "2026-11-01T10:00:00Z",
  cancelledAt: null,
  test: false,
  currencyCode: "USD",
  presentmentCurrencyCode: "USD",
  subtotalPriceSet: money("50.00"),
  totalDiscountsSet: money(codes.length ? "5.00" : "0.00"),
  totalRefundedSet: { shopMoney: { amount: "0.00" } },
  discountCodes: codes,
  customer: null,
  customerJourneySummary: null,
  refunds: [],
});

describe("bulk import", () => {
  it("passes over an order whose id is not an order gid and imports the others", async () => {
    const { shop } = await seedInfluencer(db.prisma, "ALICE10");
    const lines = [order("gid://shopify/Order/not-a-number", []), order("gid://shopify/Order/9001", ["ALICE10"]), order("gid://shopify/Order/9002", [])]
      .map((o) => JSON.stringify(o) + "\n")
      .join("");
    const totals = await importBulkOrders(Readable.from([Buffer.from(lines)]), {
      shop: { id: shop.id, ianaTimezone: "UTC" },
      codes: new Set(["ALICE10"]),
      skipLines: 0,
      query: database().driverQuery,
    });
    expect(totals).toMatchObject({ ordersRead: 3, ordersApplied: 1, ordersRejected: 0, batchesFellBack: 0 });
    expect((await db.prisma.attributedOrder.findMany({ select: { shopifyOrderId: true } })).map((o) => o.shopifyOrderId)).toEqual([9001n]);
  });
});
