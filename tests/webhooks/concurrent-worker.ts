/**
 * One "app process" for tests/webhooks/concurrency.test.ts: imports the real route modules with
 * DATABASE_URL pointing at the shared PostgreSQL test database, says "ready" once warm, waits for
 * "go" on stdin, then fires every delivery it was given (each `copies` times) all at once and
 * prints the statuses as JSON. Run with node_modules/.bin/tsx.
 */
import { readFileSync } from "node:fs";
import { once } from "node:events";
import prisma, { disconnectDatabase } from "../../app/db.server";
import type { WebhookTopic } from "../../app/services/webhook-ingest.server";
import { deliver } from "./helpers";

interface Delivery {
  topic: WebhookTopic;
  body: string;
  webhookId: string;
  eventId: string;
  shop: string;
}

const { deliveries, copies } = JSON.parse(readFileSync(process.argv[2], "utf8")) as { deliveries: Delivery[]; copies: number };

// Warm up: modules are loaded (static imports) and the connection pool is open before "go".
await Promise.all(Array.from({ length: 4 }, () => prisma.$queryRaw`SELECT 1`));
process.stdout.write("ready\n");
await once(process.stdin, "data");

const results = await Promise.all(
  deliveries.flatMap((d) =>
    Array.from({ length: copies }, async () => {
      const response = await deliver(d.topic, d.body, { webhookId: d.webhookId, eventId: d.eventId, shop: d.shop });
      return { webhookId: d.webhookId, status: response.status, outcome: response.headers.get("X-CodeTrail-Outcome") };
    }),
  ),
);
process.stdout.write(`RESULTS ${JSON.stringify(results)}\n`);
await disconnectDatabase();
process.exit(0);
