import { spawn, type ChildProcess } from "node:child_process";
import { randomUUID } from "node:crypto";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { createInterface } from "node:readline";
import { afterAll, describe, expect, it } from "vitest";
import type { PrismaClient } from "../../app/generated/prisma/client";
import type { WebhookTopic } from "../../app/services/webhook-ingest.server";
import { createTestDatabase, type TestDatabase } from "../support/database";
import { buildDeliveries, deliveryIds } from "../../scripts/bench/payloads";
import { deliver, orderPayload, refundPayload, SHOP, seedInfluencer } from "./helpers";

/**
 * Two app processes share one PostgreSQL database and receive the same deliveries at the same
 * moment (each process also sends each of them twice, concurrently): the ledger must equal the
 * one a single, sequential delivery of each webhook produces. Needs a real PostgreSQL server
 * (PGlite is one connection in one process), so it runs under `npm run test:postgres`.
 */

const POSTGRES = process.env.TEST_DATABASE_URL;
const ORDER = "7300000000000000001";

interface Delivery {
  topic: WebhookTopic;
  body: string;
  webhookId: string;
  eventId: string;
  shop: string;
}

function scenario(): Delivery[] {
  const base = { discount_codes: [{ code: "race10", amount: "10.00", type: "fixed_amount" }], orderId: ORDER };
  const v1 = orderPayload({ ...base, created_at: "2026-08-01T10:00:00Z", updated_at: "2026-08-01T10:00:00Z" });
  const v2 = { ...v1, updated_at: "2026-08-01T11:00:00Z", subtotal_price_set: { shop_money: { amount: "250.00", currency_code: "USD" }, presentment_money: { amount: "250.00", currency_code: "USD" } } };
  const v3 = { ...v2, updated_at: "2026-08-02T09:00:00Z", cancelled_at: "2026-08-02T09:00:00Z", cancel_reason: "customer" };
  const refundA = refundPayload(ORDER, "7300000000000000101", ["20.00", "5.50"]);
  const refundB = refundPayload(ORDER, "7300000000000000102", ["4.45"]);
  const other = orderPayload({ ...base, orderId: "7300000000000000002", discount_codes: [{ code: "RACE10", amount: "1.00", type: "x" }] });
  const list: [WebhookTopic, string][] = [
    ["refunds/create", refundA],
    ["orders/create", JSON.stringify(v1)],
    ["orders/updated", JSON.stringify(v2)],
    ["refunds/create", refundB],
    ["orders/cancelled", JSON.stringify(v3)],
    ["orders/updated", JSON.stringify({ ...v1, refunds: [JSON.parse(refundA)] })],
    ["orders/create", JSON.stringify(other)],
  ];
  // Distinct refunds of one order racing each other: their total must not lose any of them.
  for (let i = 0; i < 8; i++) list.push(["refunds/create", refundPayload(ORDER, `73000000000000002${i}0`, ["1.00"])]);
  const deliveries = list.map(([topic, body]) => ({ topic, body, webhookId: randomUUID(), eventId: randomUUID(), shop: SHOP }));
  // The same refund event again under a new webhook id.
  deliveries.push({ ...deliveries[3], webhookId: randomUUID() });
  return deliveries;
}

/** The ledger without database-generated ids and clocks, comparable across databases. */
async function ledger(prisma: PrismaClient) {
  const influencers = new Map((await prisma.influencer.findMany()).map((i) => [i.id, i.name]));
  const orders = await prisma.attributedOrder.findMany({ orderBy: { shopifyOrderId: "asc" } });
  const refunds = await prisma.orderRefund.findMany({ orderBy: { shopifyRefundId: "asc" } });
  const deliveries = await prisma.webhookDelivery.findMany({ orderBy: { webhookId: "asc" } });
  return {
    orders: orders.map((o) => ({
      order: o.shopifyOrderId.toString(),
      influencer: influencers.get(o.influencerId ?? ""),
      source: o.source,
      matchedCode: o.matchedCode,
      sales: o.sales.toString(),
      discounts: o.discounts.toString(),
      refunded: o.refunded.toString(),
      cancelledAt: o.cancelledAt?.toISOString(),
      updatedAt: o.shopifyUpdatedAt.toISOString(),
      customer: o.customerId?.toString(),
    })),
    refunds: refunds.map((r) => ({ refund: r.shopifyRefundId.toString(), order: r.shopifyOrderId.toString(), amount: r.amount.toString() })),
    // One row per event; which of two webhook ids carrying the same event wins is a race.
    deliveries: deliveries.map((d) => `${d.topic} ${d.eventId}`).sort(),
  };
}

function startWorker(url: string, file: string): { child: ChildProcess; ready: Promise<void>; result: Promise<{ status: number; outcome: string }[]> } {
  const child = spawn(path.resolve("node_modules/.bin/tsx"), [path.resolve("tests/webhooks/concurrent-worker.ts"), file], {
    env: {
      ...process.env,
      DATABASE_URL: url,
      TEST_DATABASE_URL: "",
      DATABASE_POOL_SIZE: "8",
      SHOPIFY_API_KEY: "test-api-key",
      SHOPIFY_API_SECRET: "test-secret",
      SHOPIFY_APP_URL: "http://localhost:3999",
      NODE_ENV: "test",
    },
    stdio: ["pipe", "pipe", "pipe"],
  });
  let stderr = "";
  child.stderr!.on("data", (chunk) => (stderr += chunk));
  const lines = createInterface({ input: child.stdout! });
  let resolveReady!: () => void;
  const ready = new Promise<void>((resolve) => (resolveReady = resolve));
  const result = new Promise<{ status: number; outcome: string }[]>((resolve, reject) => {
    lines.on("line", (line) => {
      if (line === "ready") resolveReady();
      else if (line.startsWith("RESULTS ")) resolve(JSON.parse(line.slice("RESULTS ".length)));
    });
    child.on("exit", (code) => {
      if (code !== 0) reject(new Error(`worker exited with ${code}: ${stderr.slice(-2000)}`));
    });
  });
  return { child, ready, result };
}

const databases: TestDatabase[] = [];
afterAll(async () => {
  for (const db of databases.reverse()) await db.destroy();
});

describe("two app processes, one PostgreSQL database", () => {
  it.skipIf(POSTGRES)("skipped: needs PostgreSQL (TEST_DATABASE_URL unset); runs under `npm run test:postgres`", () => {});

  it.skipIf(!POSTGRES)("apply concurrent duplicate deliveries exactly once", { timeout: 120_000 }, async () => {
    const deliveries = scenario();

    // Reference: each webhook delivered once, in order, in this process.
    const reference = await createTestDatabase();
    databases.push(reference);
    await seedInfluencer(reference.prisma, "RACE10", { name: "Racer" });
    for (const d of deliveries) {
      const response = await deliver(d.topic, d.body, { webhookId: d.webhookId, eventId: d.eventId });
      expect(response.status).toBe(200);
    }
    const expected = await ledger(reference.prisma);
    expect(expected.orders).toHaveLength(2);
    expect(expected.orders[0]).toMatchObject({ sales: "250", refunded: "37.95", cancelledAt: "2026-08-02T09:00:00.000Z" });

    // The shared database, not installed in this process: only the workers write to it.
    const shared = await createTestDatabase({ install: false });
    databases.push(shared);
    await seedInfluencer(shared.prisma, "RACE10", { name: "Racer" });
    const file = path.join(mkdtempSync(path.join(tmpdir(), "codetrail-race-")), "deliveries.json");
    writeFileSync(file, JSON.stringify({ deliveries, copies: 2 }));

    const workers = [startWorker(shared.url!, file), startWorker(shared.url!, file)];
    await Promise.all(workers.map((w) => w.ready));
    for (const w of workers) w.child.stdin!.write("go\n");
    const results = (await Promise.all(workers.map((w) => w.result))).flat();

    expect(results).toHaveLength(deliveries.length * 4);
    expect(results.every((r) => r.status === 200)).toBe(true);
    // Each distinct delivery was applied by exactly one request; every other copy was a duplicate.
    const unique = new Set(deliveries.map((d) => `${d.topic}:${d.eventId}`)).size;
    expect(results.filter((r) => r.outcome !== "DUPLICATE")).toHaveLength(unique);
    expect(await ledger(shared.prisma)).toEqual(expected);
  });

  // Group commit (decision 013): each process batches what arrives together; two processes whose
  // batches span the same shops in opposite orders must neither deadlock nor lose anything.
  it.skipIf(!POSTGRES)("batches spanning many shops in opposite orders: no deadlock, nothing lost", { timeout: 120_000 }, async () => {
    const shops = Array.from({ length: 8 }, (_, i) => `race-${i}.myshopify.com`);
    const codes = Object.fromEntries(shops.map((shop, i) => [shop, [`RACE${i}X`]]));
    const stream = buildDeliveries({ codes, count: 400, secret: "test-secret", seed: 21 }).map((d) => ({ topic: d.topic, body: d.body, ...deliveryIds(d) }));
    const seedAll = async (prisma: PrismaClient) => {
      for (const shop of shops) await seedInfluencer(prisma, codes[shop][0], { shop, name: `Racer ${shop}` });
    };

    const reference = await createTestDatabase();
    databases.push(reference);
    await seedAll(reference.prisma);
    for (const d of stream) expect((await deliver(d.topic, d.body, { webhookId: d.webhookId, eventId: d.eventId, shop: d.shop })).status).toBe(200);
    const expected = await ledger(reference.prisma);

    const shared = await createTestDatabase({ install: false });
    databases.push(shared);
    await seedAll(shared.prisma);
    const dir = mkdtempSync(path.join(tmpdir(), "codetrail-race-"));
    writeFileSync(path.join(dir, "forward.json"), JSON.stringify({ deliveries: stream, copies: 1 }));
    writeFileSync(path.join(dir, "backward.json"), JSON.stringify({ deliveries: [...stream].reverse(), copies: 1 }));
    const workers = [startWorker(shared.url!, path.join(dir, "forward.json")), startWorker(shared.url!, path.join(dir, "backward.json"))];
    await Promise.all(workers.map((w) => w.ready));
    for (const w of workers) w.child.stdin!.write("go\n");
    const results = (await Promise.all(workers.map((w) => w.result))).flat();

    // A deadlock is detected by PostgreSQL (deadlock_timeout) and answered 500: none may occur.
    // (No wall-clock bound here: on a busy machine it measures the machine, not the locks.)
    expect(results.filter((r) => r.status !== 200)).toEqual([]);
    const actual = await ledger(shared.prisma);
    expect(actual.orders).toEqual(expected.orders);
    // Refunds of the stored orders. A refund of an order that is never stored (no influencer
    // code) is dropped when it arrives before that order and kept, unused, when it arrives after:
    // arrival order decides, so the two runs may differ there without any figure changing.
    const stored = new Set(expected.orders.map((o) => o.order));
    const ofStoredOrders = (refunds: typeof expected.refunds) => refunds.filter((r) => stored.has(r.order));
    expect(ofStoredOrders(actual.refunds)).toEqual(ofStoredOrders(expected.refunds));
  });
});
