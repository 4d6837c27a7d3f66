import fc from "fast-check";
import { afterAll, afterEach, beforeAll, expect, it } from "vitest";
import { Decimal, toDecimal } from "../../app/lib/money";
import { WEBHOOK_TOPICS, type WebhookTopic } from "../../app/services/webhook-ingest.server";
import { createTestDatabase, type TestDatabase } from "../support/database";
import { checkProperty } from "../support/property";
import { expectConsole } from "../support/setup";
import { deliver, ledgerSnapshot, orderPayload, refundPayload, SHOP, sampleRaw, seedInfluencer } from "./helpers";

/**
 * Random, truncated and mutated payloads, correctly signed so they get past the HMAC check, at
 * every handler: the answer is 200 or 400, never a 500 or a thrown error; a 400 writes nothing,
 * and a 200 leaves the ledger consistent (one delivery row, refund totals equal their refunds, up
 * to the order's sales).
 */

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(async () => {
  await db.destroy();
});
// Each test starts from an empty ledger, whatever the one before it left (even after a timeout).
afterEach(async () => {
  await db.exec(`TRUNCATE "Shop", "WebhookDelivery" CASCADE`);
});

async function ensureInfluencer() {
  const existing = await db.prisma.discountCode.findFirst({ where: { code: "PROP10", shop: { domain: SHOP } } });
  if (!existing) await seedInfluencer(db.prisma, "PROP10");
}

function validBody(topic: WebhookTopic, orderId: bigint): string {
  switch (topic) {
    case "orders/create":
    case "orders/updated":
    case "orders/cancelled":
      return JSON.stringify(
        orderPayload({
          orderId: orderId.toString(),
          discount_codes: [{ code: "prop10", amount: "3.00", type: "fixed_amount" }],
          refunds: [JSON.parse(refundPayload(orderId.toString(), (orderId + 7n).toString(), ["1.50"]))],
        }),
      );
    case "refunds/create":
      return refundPayload(orderId.toString(), (orderId + 11n).toString(), ["2.25", "0.75"]);
    default:
      return sampleRaw("2026-07", topic);
  }
}

type Path = (string | number)[];

function paths(value: unknown, prefix: Path = [], out: Path[] = []): Path[] {
  if (value && typeof value === "object") {
    for (const [key, child] of Object.entries(value)) {
      const path = [...prefix, Array.isArray(value) ? Number(key) : key];
      out.push(path);
      if (out.length < 400) paths(child, path, out);
    }
  }
  return out;
}

function setAt(root: unknown, path: Path, replacement: unknown): unknown {
  const copy = structuredClone(root) as Record<string | number, unknown>;
  let node = copy;
  for (const key of path.slice(0, -1)) node = node[key] as Record<string | number, unknown>;
  const last = path[path.length - 1];
  if (replacement === undefined) delete node[last];
  else node[last] = replacement;
  return copy;
}

const topic = fc.constantFrom(...WEBHOOK_TOPICS);
const orderId = fc.bigInt({ min: 1n, max: 9_223_372_036_854_775_000n });

const body = fc.oneof(
  // Arbitrary JSON and arbitrary text.
  fc.record({ topic, text: fc.json({ maxDepth: 3 }) }),
  fc.record({ topic, text: fc.string({ maxLength: 200 }) }),
  // A valid payload cut short.
  fc.record({ topic, orderId, cut: fc.double({ min: 0, max: 1, noNaN: true }) }).map(({ topic, orderId, cut }) => {
    const text = validBody(topic, orderId);
    return { topic, text: text.slice(0, Math.floor(text.length * cut)) };
  }),
  // A valid payload with one field replaced by random JSON, or removed.
  fc
    .record({
      topic,
      orderId,
      pick: fc.nat(),
      replacement: fc.option(fc.jsonValue({ maxDepth: 2 }), { nil: undefined }),
    })
    .map(({ topic, orderId, pick, replacement }) => {
      const value = JSON.parse(validBody(topic, orderId));
      const all = paths(value);
      return { topic, text: JSON.stringify(setAt(value, all[pick % all.length], replacement)) };
    }),
  // Valid payloads too, so that the 200 path is exercised.
  fc.record({ topic, orderId }).map(({ topic, orderId }) => ({ topic, text: validBody(topic, orderId) })),
);

async function consistent() {
  const orders = await db.prisma.attributedOrder.findMany();
  for (const order of orders) {
    const refunds = await db.prisma.orderRefund.findMany({ where: { shopId: order.shopId, shopifyOrderId: order.shopifyOrderId } });
    const sum = refunds.reduce((s, r) => s.plus(toDecimal(r.amount)), toDecimal("0"));
    // An order's refunds stop at its sales (docs/metrics.md, "Refunds and net sales").
    expect(toDecimal(order.refunded).equals(Decimal.min(sum, toDecimal(order.sales)))).toBe(true);
  }
}

it("never answers 500 and never writes part of a delivery", { timeout: 90_000 }, async () => {
  const warnings = expectConsole("warn");
  let rejected = 0;
  await checkProperty(
    "webhook payloads",
    fc.asyncProperty(body, async ({ topic, text }) => {
      await ensureInfluencer();
      const before = await ledgerSnapshot(db.prisma);
      const deliveriesBefore = await db.prisma.webhookDelivery.count();
      const response = await deliver(topic, text);
      expect([200, 400]).toContain(response.status);
      if (response.status === 400) {
        rejected += 1;
        expect(await ledgerSnapshot(db.prisma)).toEqual(before);
      } else if (topic !== "shop/redact") {
        // shop/redact deletes the shop's earlier deliveries; every other topic adds exactly one.
        expect(await db.prisma.webhookDelivery.count()).toBe(deliveriesBefore + 1);
      }
      await consistent();
    }),
    { numRuns: 150, budgetMs: 40_000, minRuns: 20 },
  );
  // Every 400 is logged once as a rejected webhook with its reason, and nothing else is logged.
  expect(warnings.mock.calls.map(([line]) => JSON.parse(String(line)))).toEqual(
    Array.from({ length: rejected }, () => expect.objectContaining({ msg: "webhook rejected", status: 400, reason: expect.any(String) })),
  );
});

it("a database failure in the middle of a delivery rolls all of it back", async () => {
  await ensureInfluencer();
  // Refund rows of 666.66 fail, after the delivery was claimed and the order row written.
  await db.exec(`
    CREATE FUNCTION fail_refund() RETURNS trigger AS $$
    BEGIN
      IF NEW."amount" = 666.66 THEN RAISE EXCEPTION 'injected failure'; END IF;
      RETURN NEW;
    END $$ LANGUAGE plpgsql;
    CREATE TRIGGER fail_refund BEFORE INSERT ON "OrderRefund" FOR EACH ROW EXECUTE FUNCTION fail_refund();
  `);
  const before = await ledgerSnapshot(db.prisma);
  const body = orderPayload({
    orderId: "31337",
    discount_codes: [{ code: "PROP10", amount: "3.00", type: "fixed_amount" }],
    refunds: [JSON.parse(refundPayload("31337", "31338", ["666.66"]))],
  });
  const webhookId = "retried-delivery";
  await expect(deliver("orders/create", body, { webhookId })).rejects.toThrow(/injected failure/);
  expect(await ledgerSnapshot(db.prisma)).toEqual(before);
  await db.exec(`DROP TRIGGER fail_refund ON "OrderRefund"; DROP FUNCTION fail_refund();`);
  // Shopify retries the same delivery: it applies in full.
  delete body.refunds;
  const retry = await deliver("orders/create", body, { webhookId });
  expect(retry.status).toBe(200);
  expect(await db.prisma.attributedOrder.count({ where: { shopifyOrderId: 31337n } })).toBe(1);
});
