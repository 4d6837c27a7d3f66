import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { shopDayStart } from "../app/lib/shop-days.server";
import { dailySeries } from "../app/models/reports.server";
import { createTestDatabase, type TestDatabase } from "./support/database";
import { applyToLedger, order } from "./support/orders";
import { seedInfluencer } from "./webhooks/helpers";

/**
 * Shop days end to end (issue 21): orders half an hour either side of a day start that a midnight
 * clock change moves reach the ledger, which files them by `AT TIME ZONE`, and the daily report
 * shows them on the days the app's helper says (tests/shop-days.test.ts covers the helper alone).
 */

const ZONE = "America/Santiago";
const MINUTE = 60_000;
const plus = (d: Date, minutes: number) => new Date(d.getTime() + minutes * MINUTE);

describe("shop days through the ledger and a report", () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterAll(() => db.destroy());

  it("an order half an hour into a switch day counts on that day, one half an hour before on the day before", async () => {
    const { shop } = await seedInfluencer(db.prisma, "JANE15", { shop: "santiago.myshopify.com" });
    await db.prisma.shop.update({ where: { id: shop.id }, data: { ianaTimezone: ZONE } });
    const ref = { id: shop.id, ianaTimezone: ZONE };
    // 2026-04-05 starts at 00:00 -04 (04:00Z), after 2026-04-04's second 23:00-24:00.
    const back = shopDayStart("2026-04-05", ZONE);
    // 2026-09-06 starts at 01:00 -03 (04:00Z): there is no 00:30 that day.
    const jump = shopDayStart("2026-09-06", ZONE);
    expect([back.toISOString(), jump.toISOString()]).toEqual(["2026-04-05T04:00:00.000Z", "2026-09-06T04:00:00.000Z"]);
    await applyToLedger(ref, order(1, { createdAt: plus(back, 30), subtotal: "10.00" }));
    await applyToLedger(ref, order(2, { createdAt: plus(back, -30), subtotal: "20.00" }));
    await applyToLedger(ref, order(3, { createdAt: plus(jump, 30), subtotal: "40.00" }));
    await applyToLedger(ref, order(4, { createdAt: plus(jump, -30), subtotal: "80.00" }));

    const stored = await db.prisma.attributedOrder.findMany({ where: { shopId: shop.id }, orderBy: { shopifyOrderId: "asc" } });
    expect(stored.map((o) => o.shopDate.toISOString().slice(0, 10))).toEqual(["2026-04-05", "2026-04-04", "2026-09-06", "2026-09-05"]);
    const series = async (from: string, to: string) =>
      (await dailySeries({ shopId: shop.id, range: { from, to } })).map((p) => [p.date, p.netSales.toFixed(2)]);
    expect(await series("2026-04-04", "2026-04-05")).toEqual([["2026-04-04", "20.00"], ["2026-04-05", "10.00"]]);
    expect(await series("2026-09-05", "2026-09-06")).toEqual([["2026-09-05", "80.00"], ["2026-09-06", "40.00"]]);
  });
});
