import { randomUUID } from "node:crypto";
import { afterAll, describe, expect, it } from "vitest";
import type { PrismaClient } from "../../app/generated/prisma/client";
import { applyLedgerBatch, orderDeliveryCall, prismaQuery } from "../../app/models/order-ledger.server";
import { parseOrderPayload } from "../../app/lib/order-payload";
import { ledgerTotals } from "../../app/services/webhook-ingest.server";
import { buildDeliveries, deliveryIds } from "../../scripts/bench/payloads";
import { createTestDatabase, type TestDatabase } from "../support/database";
import { deliver, orderPayload, SECRET, seedInfluencer } from "./helpers";

/**
 * Group commit (decision 013): deliveries that arrive while a ledger statement runs are applied
 * together in the next one. The result must be the ledger that one-by-one delivery produces.
 */

const SHOPS = ["alpha", "beta", "gamma", "delta"].map((s) => `${s}-batch.myshopify.com`);
const CODES = Object.fromEntries(SHOPS.map((shop, i) => [shop, [`BATCH${i}A`, `BATCH${i}B`]]));

async function seed(prisma: PrismaClient) {
  for (const shop of SHOPS) for (const code of CODES[shop]) await seedInfluencer(prisma, code, { shop, name: `${code} person` });
}

/** Orders, refunds and rollups by business keys, comparable across databases. */
async function figures(prisma: PrismaClient) {
  const shops = new Map((await prisma.shop.findMany()).map((s) => [s.id, s.domain]));
  const codes = new Map((await prisma.discountCode.findMany()).map((c) => [c.id, c.code]));
  const orders = await prisma.attributedOrder.findMany({ orderBy: [{ shopifyOrderId: "asc" }] });
  const refunds = await prisma.orderRefund.findMany({ orderBy: [{ shopifyRefundId: "asc" }] });
  const rollups = await prisma.dailyRollup.findMany();
  return {
    orders: orders.map((o) => [shops.get(o.shopId), o.shopifyOrderId.toString(), codes.get(o.discountCodeId ?? ""), o.sales.toString(), o.refunded.toString(), o.cancelledAt?.toISOString() ?? null, o.newCustomer, o.shopifyUpdatedAt.toISOString()]),
    refunds: refunds.map((r) => [shops.get(r.shopId), r.shopifyRefundId.toString(), r.amount.toString()]),
    rollups: rollups
      .filter((r) => r.orders !== 0 || !r.sales.isZero() || !r.refunds.isZero())
      .map((r) => [shops.get(r.shopId), r.shopDate.toISOString().slice(0, 10), codes.get(r.discountCodeId), r.orders, r.newCustomers, r.sales.toString(), r.refunds.toString(), r.commission.toString()])
      .sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b))),
    deliveries: await prisma.webhookDelivery.count(),
  };
}

const databases: TestDatabase[] = [];
afterAll(async () => {
  for (const db of databases.reverse()) await db.destroy();
});

describe("group commit", () => {
  it("applies deliveries that arrive together in shared statements, exactly as one by one", { timeout: 120_000 }, async () => {
    // Creates, updates (some stale), cancellations, refunds and retried duplicates over four shops.
    const stream = buildDeliveries({ codes: CODES, count: 240, secret: SECRET, seed: 11, largeIdShare: 0.2 });

    const reference = await createTestDatabase();
    databases.push(reference);
    await seed(reference.prisma);
    for (const d of stream) {
      const response = await deliver(d.topic, d.body, deliveryIds(d));
      expect(response.status).toBe(200);
    }
    const expected = await figures(reference.prisma);
    expect(expected.orders.length).toBeGreaterThan(100);
    expect(expected.refunds.length).toBeGreaterThan(5);

    const batched = await createTestDatabase();
    databases.push(batched);
    await seed(batched.prisma);
    const before = ledgerTotals();
    const responses = await Promise.all(
      stream.map((d) =>
        deliver(d.topic, d.body, deliveryIds(d)),
      ),
    );
    expect(responses.map((r) => r.status).filter((s) => s !== 200)).toEqual([]);
    const after = ledgerTotals();
    // Far fewer statements than deliveries: they did travel together.
    expect(after.items - before.items).toBe(stream.length);
    expect(after.batches - before.batches).toBeLessThan(stream.length / 4);
    expect(await figures(batched.prisma)).toEqual(expected);
  });

  it("a call the database refuses fails alone; the rest of its batch commits", async () => {
    const db = await createTestDatabase();
    databases.push(db);
    const shop = SHOPS[0];
    await seedInfluencer(db.prisma, "SOLO10", { shop });
    const call = (orderId: string) => {
      const order = parseOrderPayload(orderPayload({ orderId, discount_codes: [{ code: "SOLO10", amount: "1.00", type: "x" }] }));
      return orderDeliveryCall({ shopDomain: shop, topic: "orders/create", webhookId: randomUUID(), eventId: randomUUID(), apiVersion: "2026-10", triggeredAt: null }, order);
    };
    const bad = call("2002");
    bad.order!.sales = "not a number"; // the cast to numeric fails inside the function
    const results = await applyLedgerBatch(prismaQuery(db.prisma), [call("2001"), bad, call("2003")]);
    expect(results.map((r) => r.ok)).toEqual([true, false, true]);
    expect(!results[1].ok && results[1].error.message).toMatch(/invalid input syntax for type numeric/);
    const stored = await db.prisma.attributedOrder.findMany({ select: { shopifyOrderId: true }, orderBy: { shopifyOrderId: "asc" } });
    expect(stored.map((o) => o.shopifyOrderId)).toEqual([2001n, 2003n]);
    // The refused delivery left no trace, so Shopify's retry starts clean.
    expect(await db.prisma.webhookDelivery.count({ where: { webhookId: bad.delivery!.webhookId } })).toBe(0);
    expect(await db.prisma.webhookDelivery.count()).toBe(2);
  });
});
