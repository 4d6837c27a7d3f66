import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { WEBHOOK_TOPICS, type WebhookTopic } from "../../app/services/webhook-ingest.server";
import { createTestDatabase, type TestDatabase } from "../support/database";
import { captureConsole } from "../support/setup";
import {
  closeFastPath,
  deliverVia,
  ledgerSnapshot,
  orderPayload,
  refundPayload,
  sampleRaw,
  seedInfluencer,
  SHOP,
  sign,
  TRANSPORTS,
  type DeliveryOptions,
} from "./helpers";

/**
 * Issue 17's fuzz test: random mutations of Shopify's sample payloads (2026-07, every topic) and of
 * their headers, signed and unsigned, through the Remix route and the production fast path. Whatever
 * arrives: never a 5xx (Shopify would retry it for hours), a refused delivery changes nothing, and a
 * shop that never installed gets nothing stored — no shop, no delivery record, no job.
 */

const STRANGER = "never-installed.myshopify.com";
let db: TestDatabase;

beforeAll(async () => {
  db = await createTestDatabase();
  await seedInfluencer(db.prisma, "ALICE10");
});
afterAll(async () => {
  await closeFastPath();
  await db.destroy();
});

/** A valid body of the topic for `domain`, from Shopify's samples. */
function baseBody(topic: WebhookTopic, domain: string): string {
  switch (topic) {
    case "orders/create":
    case "orders/updated":
    case "orders/cancelled":
      return JSON.stringify(orderPayload({ orderId: "6100", discount_codes: [{ code: "ALICE10", amount: "5.00", type: "fixed_amount" }] }));
    case "refunds/create":
      return refundPayload("6100", "6101", ["5.00"]);
    case "app/scopes_update":
      return JSON.stringify({ id: 1, previous: [], current: ["read_orders"], updated_at: "2026-11-01T00:00:00Z" });
    default:
      return sampleRaw("2026-07", topic).replace("{shop}.myshopify.com", domain);
  }
}

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** Paths to every value of a JSON document (keys and indexes). */
function paths(value: Json, prefix: (string | number)[] = []): (string | number)[][] {
  const here = [prefix];
  if (Array.isArray(value)) return here.concat(...value.map((v, i) => paths(v, [...prefix, i])));
  if (value && typeof value === "object") return here.concat(...Object.entries(value).map(([k, v]) => paths(v, [...prefix, k])));
  return here;
}

function setAt(root: Json, path: (string | number)[], replacement: Json | undefined): Json {
  if (!path.length) return replacement ?? null;
  const [head, ...rest] = path;
  if (Array.isArray(root)) {
    const copy = [...root];
    if (rest.length === 0 && replacement === undefined) copy.splice(Number(head), 1);
    else copy[Number(head)] = setAt(copy[Number(head)] ?? null, rest, replacement);
    return copy;
  }
  if (root && typeof root === "object") {
    const copy = { ...root };
    if (rest.length === 0 && replacement === undefined) delete copy[String(head)];
    else copy[String(head)] = setAt(copy[String(head)] ?? null, rest, replacement);
    return copy;
  }
  return root;
}

const nested = (depth: number): Json => (depth === 0 ? "x" : [nested(depth - 1)]);

/** A replacement value: other types, edge numbers (as raw JSON text), NUL, deep nesting, or removal. */
const replacement = fc.oneof(
  fc.jsonValue({ maxDepth: 2 }).map((v) => ({ value: v as Json })),
  fc.constantFrom("9223372036854775808", "-1", "1e400", "0.0000001", "18446744073709551616", "9007199254740993").map((raw) => ({ raw })),
  fc.constantFrom("\u0000", "#1001\u0000", "x".repeat(10_000), "<script>alert(1)</script>", "=HYPERLINK(\"x\")", "").map((v) => ({ value: v as Json })),
  fc.integer({ min: 20, max: 200 }).map((depth) => ({ value: nested(depth) })),
  fc.constant({ remove: true as const }),
);

const bodyMutation = fc.oneof(
  { weight: 1, arbitrary: fc.constant({ kind: "none" as const }) },
  { weight: 6, arbitrary: fc.record({ kind: fc.constant("value" as const), pick: fc.nat(), with: replacement }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("truncate" as const), at: fc.double({ min: 0, max: 1, noNaN: true }) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("garbage" as const), text: fc.string({ maxLength: 40 }) }) },
);

type Mutation = typeof bodyMutation extends fc.Arbitrary<infer M> ? M : never;

function applyMutation(body: string, mutation: Mutation): string {
  switch (mutation.kind) {
    case "none":
      return body;
    case "truncate":
      return body.slice(0, Math.floor(body.length * mutation.at));
    case "garbage":
      return mutation.text + body.slice(1);
    case "value": {
      const document = JSON.parse(body) as Json;
      const all = paths(document).filter((p) => p.length > 0);
      const path = all[mutation.pick % all.length]!;
      const change = mutation.with;
      if ("remove" in change) return JSON.stringify(setAt(document, path, undefined));
      if ("raw" in change) {
        // Numbers beyond what JSON.stringify can write: a marker replaced by the raw text.
        return JSON.stringify(setAt(document, path, "__RAW__")).replace('"__RAW__"', change.raw);
      }
      return JSON.stringify(setAt(document, path, change.value));
    }
  }
}

const delivery = fc.record({
  topic: fc.constantFrom(...WEBHOOK_TOPICS),
  transport: fc.constantFrom(...TRANSPORTS),
  shop: fc.constantFrom(SHOP, SHOP, SHOP, STRANGER, STRANGER, "EVIL.myshopify.com", "not a domain"),
  bodyShop: fc.constantFrom(SHOP, STRANGER),
  mutation: bodyMutation,
  signature: fc.constantFrom("valid", "valid", "valid", "valid", "wrong", "missing"),
  topicHeader: fc.constantFrom("same", "same", "same", "same", "same", "other", "missing"),
  omit: fc.oneof(
    { weight: 5, arbitrary: fc.constant<string[]>([]) },
    { weight: 1, arbitrary: fc.subarray(["X-Shopify-API-Version", "X-Shopify-Webhook-Id", "X-Shopify-Event-Id", "X-Shopify-Triggered-At"], { maxLength: 2 }) },
  ),
  spelling: fc.constantFrom("X-Shopify-*" as const, "Shopify-*" as const),
});

async function strangerState() {
  return {
    shops: await db.prisma.shop.count({ where: { domain: { not: SHOP } } }),
    deliveries: await db.prisma.webhookDelivery.count({ where: { shopDomain: { not: SHOP } } }),
    jobs: await db.prisma.backgroundJob.count({ where: { shopId: { notIn: (await db.prisma.shop.findMany({ where: { domain: SHOP }, select: { id: true } })).map((s) => s.id) } } }),
  };
}

describe("webhook fuzzing", () => {
  it("never answers 5xx; a refused delivery changes nothing; strangers get nothing stored", async () => {
    const warnings = captureConsole("warn");
    const statuses = new Map<number, number>();
    await fc.assert(
      fc.asyncProperty(delivery, async (d) => {
        const body = applyMutation(baseBody(d.topic, d.bodyShop), d.mutation);
        const options: DeliveryOptions = {
          shop: d.shop,
          spelling: d.spelling,
          omitHeaders: d.omit,
          hmac: d.signature === "valid" ? sign(body) : d.signature === "wrong" ? sign(body, "another-secret") : null,
          topicHeader: d.topicHeader === "same" ? d.topic : d.topicHeader === "other" ? "orders/paid" : null,
        };
        const before = await ledgerSnapshot(db.prisma);
        const response = await deliverVia(d.transport, d.topic, body, options);
        statuses.set(response.status, (statuses.get(response.status) ?? 0) + 1);
        expect(response.status).toBeLessThan(500);
        if (response.status !== 200) expect(await ledgerSnapshot(db.prisma)).toEqual(before);
        expect(await strangerState()).toEqual({ shops: 0, deliveries: 0, jobs: 0 });
        // The installed shop is only ever erased by its own, well-formed shop/redact: put it back.
        if (!(await db.prisma.shop.count({ where: { domain: SHOP } }))) await seedInfluencer(db.prisma, "ALICE10");
      }),
      { numRuns: 400, seed: Number(process.env.FUZZ_SEED ?? 20261203) },
    );
    // Every kind of answer was reached, so the fuzzing went past the signature check.
    expect([...statuses.keys()].sort()).toEqual(expect.arrayContaining([200, 400, 401]));
    // Only refusals were logged (warnings), never an error.
    expect(warnings.mock.calls.every(([line]) => /webhook (rejected|deferred)/.test(String(line)))).toBe(true);
  }, 240_000);
});
