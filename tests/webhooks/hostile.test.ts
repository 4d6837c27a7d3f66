import { afterAll, afterEach, beforeAll, beforeEach, expect, it, type MockInstance } from "vitest";
import { OUTCOME_HEADER, type WebhookTopic } from "../../app/services/webhook-ingest.server";
import { scheduleDueReconciliations } from "../../app/services/reconcile.server";
import { createTestDatabase, type TestDatabase } from "../support/database";
import { captureConsole } from "../support/setup";
import { deliver, ledgerSnapshot, orderPayload, refundPayload, sampleRaw, seedInfluencer } from "./helpers";

/**
 * Signed deliveries that must change nothing (issue 17): for a shop that never installed or whose
 * data shop/redact erased (200, so Shopify stops retrying, and nothing stored: no shop, no delivery
 * row, no job); compliance bodies naming another shop than the signed header (400, nothing erased);
 * payloads that can never succeed (JSON nested very deep, ids at or above 2^63, NUL characters:
 * 400 with a reason, never a 500 that Shopify would retry for hours).
 */

let db: TestDatabase;
let warnings: MockInstance;
let refused = 0;
beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(() => db.destroy());
beforeEach(() => {
  warnings = captureConsole("warn");
  refused = 0;
});
afterEach(async () => {
  // Each 400 is logged once as a rejected webhook, with its reason; nothing else is logged.
  expect(warnings.mock.calls.map(([line]) => JSON.parse(String(line)))).toEqual(
    Array.from({ length: refused }, () => expect.objectContaining({ msg: "webhook rejected", status: 400 })),
  );
  await db.exec(`TRUNCATE "Shop", "WebhookDelivery", "Session", "BackgroundJob" CASCADE`);
});

const STRANGER = "never-installed.myshopify.com";
const nested = (depth: number): unknown => (depth === 0 ? "too deep" : [nested(depth - 1)]);
const compliance = (topic: string, domain: string) => sampleRaw("2026-07", topic).replace("{shop}.myshopify.com", domain);

function strangerDeliveries(domain: string): [WebhookTopic, string][] {
  return [
    ["orders/create", JSON.stringify(orderPayload({ orderId: "7001", discount_codes: [{ code: "ANY10", amount: "5.00", type: "fixed_amount" }] }))],
    ["orders/updated", JSON.stringify(orderPayload({ orderId: "7001" }))],
    ["orders/cancelled", JSON.stringify(orderPayload({ orderId: "7001", cancelled_at: "2026-11-02T10:00:00Z" }))],
    ["refunds/create", refundPayload("7001", "7002", ["5.00"])],
    ["customers/data_request", compliance("customers/data_request", domain)],
    ["customers/redact", compliance("customers/redact", domain)],
    ["app/uninstalled", sampleRaw("2026-07", "app/uninstalled")],
    ["app/scopes_update", JSON.stringify({ id: 1, previous: [], current: ["read_orders"], updated_at: "2026-11-01T00:00:00Z" })],
    ["bulk_operations/finish", sampleRaw("2026-07", "bulk_operations/finish")],
    ["shop/redact", compliance("shop/redact", domain)],
  ];
}

async function nothingStoredFor(domain: string) {
  expect(await db.prisma.shop.count({ where: { domain } })).toBe(0);
  expect(await db.prisma.webhookDelivery.count({ where: { shopDomain: domain } })).toBe(0);
  expect(await db.prisma.orderRefund.count()).toBe(0);
  expect(await db.prisma.backgroundJob.count()).toBe(0);
}

it("a shop that never installed: every topic is answered 200 and stores nothing, and no reconciliation is scheduled", async () => {
  for (const [topic, body] of strangerDeliveries(STRANGER)) {
    const response = await deliver(topic, body, { shop: STRANGER });
    expect(response.status, topic).toBe(200);
    expect(response.headers.get(OUTCOME_HEADER), topic).toBe("IGNORED");
  }
  await nothingStoredFor(STRANGER);
  expect(await scheduleDueReconciliations(new Date("2026-11-20T12:00:00Z"))).toEqual([]);
  await nothingStoredFor(STRANGER);
});

it("a redacted shop stays gone: deliveries after shop/redact store nothing", async () => {
  const domain = "erased.myshopify.com";
  await seedInfluencer(db.prisma, "ANY10", { shop: domain });
  expect((await deliver("shop/redact", compliance("shop/redact", domain), { shop: domain })).status).toBe(200);
  expect(await db.prisma.shop.count({ where: { domain } })).toBe(0);
  const audit = await db.prisma.webhookDelivery.findMany({ where: { shopDomain: domain } });
  for (const [topic, body] of strangerDeliveries(domain)) {
    expect((await deliver(topic, body, { shop: domain })).status, topic).toBe(200);
  }
  expect(await db.prisma.shop.count({ where: { domain } })).toBe(0);
  // Only the audit row of the redaction itself is left.
  expect(await db.prisma.webhookDelivery.findMany({ where: { shopDomain: domain } })).toEqual(audit);
  expect(await db.prisma.backgroundJob.count()).toBe(0);
});

it("compliance bodies must name the shop of the signed header: a mismatch is refused and erases nothing", async () => {
  const victim = "victim.myshopify.com";
  const { shop } = await seedInfluencer(db.prisma, "VICTIM10", { shop: victim });
  const order = orderPayload({ orderId: "8001", discount_codes: [{ code: "victim10", amount: "5.00", type: "fixed_amount" }] });
  expect((await deliver("orders/create", order, { shop: victim })).headers.get(OUTCOME_HEADER)).toBe("APPLIED");
  const before = await ledgerSnapshot(db.prisma);

  for (const topic of ["shop/redact", "customers/redact", "customers/data_request"] as const) {
    // A body naming another shop, sent with the victim's header (and one with no shop at all).
    for (const body of [compliance(topic, "attacker.myshopify.com"), JSON.stringify({ ...JSON.parse(compliance(topic, victim)), shop_domain: undefined })]) {
      const response = await deliver(topic, body, { shop: victim });
      refused += 1;
      expect(response.status, topic).toBe(400);
    }
  }
  expect(await ledgerSnapshot(db.prisma)).toEqual(before);
  expect(await db.prisma.shop.findUnique({ where: { id: shop.id } })).not.toBeNull();
  // The same body with the right shop erases as before.
  expect((await deliver("shop/redact", compliance("shop/redact", victim), { shop: victim })).status).toBe(200);
  expect(await db.prisma.shop.count({ where: { domain: victim } })).toBe(0);
});

it("payloads that can never succeed get 400 with a reason, and store nothing", async () => {
  const domain = "installed.myshopify.com";
  await seedInfluencer(db.prisma, "SAFE10", { shop: domain });
  const order = (overrides: Record<string, unknown>) =>
    JSON.stringify(orderPayload({ orderId: "9001", discount_codes: [{ code: "safe10", amount: "5.00", type: "fixed_amount" }], ...overrides }));
  const cases: [WebhookTopic, string, RegExp][] = [
    // 100,000 nested arrays used to overflow the stack (a 500).
    ["orders/create", `{"deep": ${"[".repeat(100_000)}${"]".repeat(100_000)}}`, /nests deeper than 32/],
    ["orders/create", order({ note_attributes: nested(33) }), /nests deeper/],
    // Ids at or above 2^63 do not fit PostgreSQL's bigint (a 500 before).
    ["orders/create", order({ orderId: "9223372036854775808" }), /below 2\^63/],
    ["orders/create", order({ customer: { admin_graphql_api_id: "gid://shopify/Customer/99999999999999999999" } }), /below 2\^63/],
    ["refunds/create", refundPayload("18446744073709551615", "1", ["5.00"]), /below 2\^63/],
    // PostgreSQL text cannot hold NUL.
    ["orders/create", order({ name: "#1001\u0000" }), /NUL/],
    ["orders/create", order({ landing_site: "/?utm_source=\u0000" }), /NUL/],
  ];
  const before = await ledgerSnapshot(db.prisma);
  for (const [topic, body, reason] of cases) {
    const response = await deliver(topic, body, { shop: domain });
    refused += 1;
    expect(response.status).toBe(400);
    expect(response.statusText).toMatch(reason);
  }
  expect(await ledgerSnapshot(db.prisma)).toEqual(before);
  // The largest id that fits is fine.
  expect((await deliver("orders/create", order({ orderId: "9223372036854775807" }), { shop: domain })).headers.get(OUTCOME_HEADER)).toBe("APPLIED");
});
