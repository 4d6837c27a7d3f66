import pg from "pg";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import { database } from "../../app/db.server";
import { resetLedgerQueue, webhooksInFlight } from "../../app/services/webhook-ingest.server";
import { createTestDatabase, type TestDatabase } from "../support/database";
import { captureConsole } from "../support/setup";
import { closeFastPath, deliverVia, orderPayload, seedInfluencer, TRANSPORTS } from "./helpers";

/**
 * Back-pressure (decision 022): under overload a delivery is answered 503 with Retry-After at once
 * and nothing of it is stored, instead of waiting in a queue that grows without limit; every
 * delivery answered 200 is in the ledger; Shopify's retry of a refused one is applied.
 */

const databases: TestDatabase[] = [];
afterAll(async () => {
  await closeFastPath();
  for (const db of databases.reverse()) await db.destroy();
});
afterEach(async () => {
  // A fresh fast-path server (and fresh connections) per test: a kept-alive socket the old one
  // closes for idleness while the next test sends on it would read as a reset.
  await closeFastPath();
  delete process.env.LEDGER_QUEUE_LIMIT;
  delete process.env.WEBHOOK_MAX_IN_FLIGHT;
  delete process.env.DATABASE_STATEMENT_TIMEOUT_MS;
  resetLedgerQueue();
});

/**
 * Holds the ledger's statements (they wait, then run), as a slow or overloaded database would, so
 * that deliveries pile up behind the statement in flight; until `release` is called.
 */
function holdLedger() {
  const db = database();
  const original = db.driverQuery;
  let release!: () => void;
  const released = new Promise<void>((resolve) => (release = resolve)).then(() => {
    db.driverQuery = original;
  });
  db.driverQuery = async <T,>(sql: string, params: unknown[]) => {
    await released;
    return original<T>(sql, params);
  };
  return release;
}

/** Resolves once every one of `total` deliveries was either answered or is held in this process. */
async function allArrived(answered: () => number, total: number) {
  const deadline = Date.now() + 20_000;
  while (answered() + webhooksInFlight() < total) {
    if (Date.now() > deadline) throw new Error(`only ${answered()} answered and ${webhooksInFlight()} in flight of ${total}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

const order = (n: number) => orderPayload({ orderId: String(5_100_000_000_000 + n), discount_codes: [{ code: "PRESSURE", amount: "1.00", type: "fixed_amount" }] });

const LIMITS = [
  { setting: "LEDGER_QUEUE_LIMIT", warning: "the ledger queue is full" },
  { setting: "WEBHOOK_MAX_IN_FLIGHT", warning: "too many deliveries in flight" },
] as const;

describe.each(TRANSPORTS.flatMap((transport) => LIMITS.map((limit) => ({ transport, ...limit }))))("$setting reached ($transport)", ({ transport, setting, warning }) => {
  it("answers 503 with Retry-After, stores nothing of the refused deliveries, and takes their retries", async () => {
    const db = await createTestDatabase();
    databases.push(db);
    await seedInfluencer(db.prisma, "PRESSURE");
    process.env[setting] = "4";
    resetLedgerQueue();
    const warnings = captureConsole("warn");

    const ids = Array.from({ length: 40 }, (_, n) => ({ n, webhookId: `pressure-${transport}-${setting}-${n}` }));
    const release = holdLedger();
    let answered = 0;
    const sent = Promise.all(
      ids.map(({ n, webhookId }) => deliverVia(transport, "orders/create", order(n), { webhookId }).finally(() => answered++)),
    );
    await allArrived(() => answered, ids.length);
    release();
    const answers = await sent;
    const statuses = answers.map((a) => a.status);
    const accepted = ids.filter((_, i) => statuses[i] === 200);
    const refused = ids.filter((_, i) => statuses[i] === 503);
    expect(accepted.length + refused.length).toBe(ids.length);
    // The statement held up (one per connection it may use) and the 4 that waited (or the 4 in
    // flight): the rest refused.
    expect(refused.length).toBeGreaterThanOrEqual(20);
    expect(accepted.length).toBeGreaterThanOrEqual(4);
    for (const [i, answer] of answers.entries()) if (answer.status === 503) expect(answer.headers.get("Retry-After"), `answer ${i}`).toBe("5");

    // Exactly the accepted deliveries are recorded; nothing of a refused one.
    const recorded = async () => (await db.prisma.webhookDelivery.findMany({ select: { webhookId: true } })).map((d) => d.webhookId).sort();
    expect(await recorded()).toEqual(accepted.map((a) => a.webhookId).sort());
    expect(await db.prisma.attributedOrder.count()).toBe(accepted.length);
    expect(warnings.mock.calls.filter((call) => String(call[0]).includes(warning))).toHaveLength(refused.length);

    // Shopify retries the refused ones later (one at a time here): all applied.
    for (const { n, webhookId } of refused) expect((await deliverVia(transport, "orders/create", order(n), { webhookId })).status).toBe(200);
    expect(await recorded()).toEqual(ids.map((a) => a.webhookId).sort());
    expect(await db.prisma.attributedOrder.count()).toBe(ids.length);
  });
});

describe.runIf(process.env.TEST_DATABASE_URL)("statement timeout (PostgreSQL)", () => {
  it("a ledger statement cancelled by statement_timeout is answered 503, nothing committed; the retry applies", async () => {
    process.env.DATABASE_STATEMENT_TIMEOUT_MS = "300";
    const db = await createTestDatabase();
    databases.push(db);
    await seedInfluencer(db.prisma, "PRESSURE");
    const warnings = captureConsole("warn");

    // Another session holds the ledger's table: the delivery's statement waits, then is cancelled.
    const blocker = new pg.Client({ connectionString: db.url });
    await blocker.connect();
    await blocker.query(`BEGIN; LOCK TABLE "WebhookDelivery" IN ACCESS EXCLUSIVE MODE`);
    const started = Date.now();
    const answer = await deliverVia("node fast path", "orders/create", order(1), { webhookId: "timeout-1" });
    await blocker.query("ROLLBACK");
    await blocker.end();
    expect(answer.status).toBe(503);
    expect(answer.headers.get("Retry-After")).toBe("5");
    expect(Date.now() - started).toBeLessThan(4_000);
    expect(warnings.mock.calls.some((call) => String(call[0]).includes("ran out of time"))).toBe(true);
    expect(await db.prisma.webhookDelivery.count()).toBe(0);
    expect(await db.prisma.attributedOrder.count()).toBe(0);

    expect((await deliverVia("node fast path", "orders/create", order(1), { webhookId: "timeout-1" })).status).toBe(200);
    expect(await db.prisma.attributedOrder.count()).toBe(1);
  });
});
