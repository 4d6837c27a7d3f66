import { afterAll, beforeAll, expect, it, vi } from "vitest";
import { DEMO_SHOP_DOMAIN } from "../../app/demo/demo-mode.server";
import { loader } from "../../app/routes/app.activity";
import { createTestDatabase, type TestDatabase } from "../support/database";
import { describeDelivery } from "../../app/lib/delivery-detail";
import { deliver, orderPayload, refundPayload, seedInfluencer } from "./helpers";

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(() => db.destroy());

it("lists the shop's own webhook deliveries, newest first, with their outcome", async () => {
  await seedInfluencer(db.prisma, "DEMO10", { shop: DEMO_SHOP_DOMAIN, name: "Maya Levi" });
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
    // Said in the admin's words, with whom it went to and how (the page translates the key).
    expect(data.deliveries[1].message).toMatchObject({ key: "activity.d.attributed", refunds: 0, test: false, cancelled: false });
    expect(data.deliveries[1].credit).toEqual({ influencer: "Maya Levi", source: "DISCOUNT_CODE", code: "DEMO10", link: null });
    expect(data.deliveries[0].message).toMatchObject({ key: "activity.d.noMatch" });
  } finally {
    vi.unstubAllEnvs();
  }
});

it("reads every note the ledger writes back into a message: order, refund, stale and shop notes", async () => {
  await seedInfluencer(db.prisma, "NOTE10", { shop: DEMO_SHOP_DOMAIN });
  const notes = async (topic: Parameters<typeof deliver>[0], body: Parameters<typeof deliver>[1]) => {
    await deliver(topic, body, { shop: DEMO_SHOP_DOMAIN });
    const row = await db.prisma.webhookDelivery.findFirstOrThrow({ where: { shopDomain: DEMO_SHOP_DOMAIN, topic }, orderBy: { receivedAt: "desc" } });
    return describeDelivery(row.detail);
  };
  const created = "2026-11-01T10:00:00Z";
  const order = orderPayload({ orderId: "4401", name: "#4401", created_at: created, updated_at: created, discount_codes: [{ code: "NOTE10", amount: "5.00", type: "fixed_amount" }] });
  expect(await notes("orders/create", order)).toMatchObject({ key: "activity.d.attributed", order: "#4401" });
  expect(await notes("refunds/create", refundPayload("4401", "9901", ["3.00"]))).toMatchObject({ key: "activity.d.refund", refundId: "9901", order: "#4401" });
  expect(await notes("refunds/create", refundPayload("4499", "9902", ["3.00"]))).toMatchObject({ key: "activity.d.refundKept", order: "4499" });
  const later = "2026-11-02T10:00:00Z";
  expect(await notes("orders/cancelled", { ...order, updated_at: later, cancelled_at: later, cancel_reason: "customer" })).toMatchObject({
    key: "activity.d.updated",
    cancelled: true,
  });
  expect(await notes("orders/updated", order)).toMatchObject({ key: "activity.d.stale", order: "#4401" });
  expect(describeDelivery("PrismaClientKnownRequestError: something broke")).toBeNull();
});
