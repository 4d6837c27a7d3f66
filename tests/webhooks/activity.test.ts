import { afterAll, beforeAll, expect, it, vi } from "vitest";
import { DEMO_SHOP_DOMAIN } from "../../app/demo/demo-mode.server";
import { loader } from "../../app/routes/app.activity";
import { createTestDatabase, type TestDatabase } from "../support/database";
import { deliver, orderPayload, seedInfluencer } from "./helpers";

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(() => db.destroy());

it("lists the shop's own webhook deliveries, newest first, with their outcome", async () => {
  await seedInfluencer(db.prisma, "DEMO10", { shop: DEMO_SHOP_DOMAIN });
  const order = orderPayload({ discount_codes: [{ code: "demo10", amount: "5.00", type: "fixed_amount" }] });
  const webhookId = "activity-1";
  await deliver("orders/create", order, { shop: DEMO_SHOP_DOMAIN, webhookId });
  await deliver("orders/create", order, { shop: DEMO_SHOP_DOMAIN, webhookId });
  await deliver("orders/updated", orderPayload({ orderId: "77" }), { shop: DEMO_SHOP_DOMAIN });
  // Another shop's delivery must not show.
  await deliver("orders/create", order, { shop: "someone-else.myshopify.com" });

  vi.stubEnv("CODETRAIL_DEMO", "1");
  try {
    const data = await loader({ request: new Request("http://localhost/app/activity"), params: {}, context: {} });
    expect(data.deliveries.map((d) => [d.topic, d.outcome])).toEqual([
      ["orders/updated", "IGNORED"],
      ["orders/create", "APPLIED"],
    ]);
    expect(data.deliveries[1].detail).toContain("attributed");
  } finally {
    vi.unstubAllEnvs();
  }
});
