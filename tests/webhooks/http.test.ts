import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, type MockInstance } from "vitest";
import * as ordersCreate from "../../app/routes/webhooks.orders.create";
import {
  WEBHOOK_TOPICS,
  type WebhookTopic,
} from "../../app/services/webhook-ingest.server";
import { createTestDatabase, type TestDatabase } from "../support/database";
import { captureConsole } from "../support/setup";
import {
  closeFastPath,
  deliverVia,
  HEADER_SPELLINGS,
  ledgerSnapshot,
  orderPayload,
  ROUTES,
  sampleRaw,
  seedInfluencer,
  sign,
  TRANSPORTS,
  type DeliveryOptions,
  type Transport,
} from "./helpers";

let db: TestDatabase;
let before: unknown;

beforeAll(async () => {
  db = await createTestDatabase();
  await seedInfluencer(db.prisma, "ALICE10");
});
afterAll(async () => {
  await closeFastPath();
  await db.destroy();
});
beforeEach(async () => {
  before = await ledgerSnapshot(db.prisma);
});

const attributable = (orderId = "820982911946154508") =>
  JSON.stringify(
    orderPayload({
      orderId,
      discount_codes: [{ code: "ALICE10", amount: "1.00", type: "x" }],
    })
  );

async function expectNothingStored() {
  expect(await ledgerSnapshot(db.prisma)).toEqual(before);
}

const SAMPLE_TOPIC: Record<WebhookTopic, string> = {
  "orders/create": "orders/create",
  "orders/updated": "orders/updated",
  "orders/cancelled": "orders/cancelled",
  "refunds/create": "refunds/create",
  "app/uninstalled": "app/uninstalled",
  "app/scopes_update": "app/scopes_update",
  "bulk_operations/finish": "bulk_operations/finish",
  "customers/data_request": "customers/data_request",
  "customers/redact": "customers/redact",
  "shop/redact": "shop/redact",
};

// Every rejected delivery (4xx) is logged once as "webhook rejected" with its status and path, and
// nothing else is logged: checked after each test against what the deliveries answered.
let warnings: MockInstance;
let rejected: { status: number; path: string }[] = [];
beforeEach(() => {
  warnings = captureConsole("warn");
  rejected = [];
});
afterEach(() => {
  const logged = warnings.mock.calls.map(([line]) => {
    const { msg, status, path } = JSON.parse(String(line)) as { msg: string; status: number; path: string };
    return { msg, status, path };
  });
  const byPathAndStatus = (a: { status: number; path: string }, b: { status: number; path: string }) =>
    a.path.localeCompare(b.path) || a.status - b.status;
  expect(logged.sort(byPathAndStatus)).toEqual(rejected.map((r) => ({ msg: "webhook rejected", ...r })).sort(byPathAndStatus));
});

// Every case through both HTTP layers, with the headers in both of Shopify's spellings.
const PATHS = TRANSPORTS.flatMap((transport) => HEADER_SPELLINGS.map((spelling) => [transport, spelling] as const));

describe.each(PATHS)("through the %s, headers %s", (transport, spelling) => {
  const deliver = async (topic: WebhookTopic, body: string | object, options: DeliveryOptions = {}) => {
    const response = await deliverVia(transport as Transport, topic, body, { spelling, ...options });
    if (response.status >= 400 && response.status < 500) rejected.push({ status: response.status, path: ROUTES[topic].path });
    return response;
  };

  describe.each(WEBHOOK_TOPICS)("%s", (topic) => {
    const body = () => sampleRaw("2026-07", SAMPLE_TOPIC[topic]);

    it("401 for a wrong signature, a signature with another secret, or none; nothing stored", async () => {
      expect(
        (await deliver(topic, body(), { hmac: "bm90IGEgc2lnbmF0dXJl" })).status
      ).toBe(401);
      expect(
        (await deliver(topic, body(), { hmac: sign(body(), "another-secret") }))
          .status
      ).toBe(401);
      expect((await deliver(topic, body(), { hmac: null })).status).toBe(401);
      // Signed, then tampered with.
      expect(
        (
          await deliver(topic, body().replace("}", ', "x": 1}'), {
            hmac: sign(body()),
          })
        ).status
      ).toBe(401);
      await expectNothingStored();
    });

    // The fast path takes POST only; server.mjs hands any other method on to the Remix route.
    it.skipIf(transport === "node fast path")(
      "405 for anything but POST",
      async () => {
        for (const method of ["GET", "PUT", "DELETE"]) {
          const response = await deliver(topic, body(), { method });
          expect(response.status).toBe(405);
          expect(response.headers.get("Allow")).toBe("POST");
        }
        await expectNothingStored();
      }
    );

    it("400 for malformed JSON, an empty body, missing headers, or the wrong topic", async () => {
      expect((await deliver(topic, '{"id": 1,')).status).toBe(400);
      expect((await deliver(topic, "")).status).toBe(400);
      for (const header of [
        "X-Shopify-Webhook-Id",
        "X-Shopify-Shop-Domain",
        "X-Shopify-API-Version",
      ]) {
        expect(
          (await deliver(topic, body(), { omitHeaders: [header] })).status
        ).toBe(400);
      }
      expect((await deliver(topic, body(), { topicHeader: null })).status).toBe(
        400
      );
      const other =
        topic === "orders/create" ? "orders/updated" : "orders/create";
      expect(
        (await deliver(topic, body(), { topicHeader: other })).status
      ).toBe(400);
      await expectNothingStored();
    });

    it("400 for a payload of the wrong shape", async () => {
      for (const bad of ["[]", "null", "42", '"text"']) {
        expect((await deliver(topic, bad)).status).toBe(400);
      }
      await expectNothingStored();
    });
  });

  describe("order payload shapes", () => {
    it.each([
      ["no money sets", { subtotal_price_set: undefined }],
      [
        "an amount as a float-looking word",
        {
          total_discounts_set: {
            shop_money: { amount: "NaN", currency_code: "USD" },
            presentment_money: { amount: "1", currency_code: "USD" },
          },
        },
      ],
      ["a bad date", { updated_at: "yesterday" }],
      [
        "an order gid of another resource",
        { admin_graphql_api_id: "gid://shopify/Product/1" },
      ],
      ["discount codes that are not a list", { discount_codes: "ALICE10" }],
    ])("400 for %s", async (_name, patch) => {
      const payload = { ...JSON.parse(attributable()), ...patch };
      expect((await deliver("orders/create", payload)).status).toBe(400);
      await expectNothingStored();
    });

    it("a valid order still goes through after all that", async () => {
      const before = await db.prisma.attributedOrder.count();
      const orderId = String(1001 + PATHS.findIndex(([t, s]) => t === transport && s === spelling));
      const response = await deliver("orders/create", attributable(orderId));
      expect(response.status).toBe(200);
      expect(response.headers.get("X-CodeTrail-Outcome")).toBe("APPLIED");
      expect(await db.prisma.attributedOrder.count()).toBe(before + 1);
    });

    it("records the delivery's webhook id, event id, API version and time, whichever the spelling", async () => {
      const webhookId = `id-${transport}-${spelling}`;
      const eventId = `event-${transport}-${spelling}`;
      const response = await deliver("app/uninstalled", sampleRaw("2026-07", "app/uninstalled"), { webhookId, eventId, apiVersion: "2026-10" });
      expect(response.status).toBe(200);
      const delivery = await db.prisma.webhookDelivery.findFirstOrThrow({ where: { webhookId } });
      expect(delivery).toMatchObject({ eventId, apiVersion: "2026-10", topic: "app/uninstalled" });
      expect(delivery.triggeredAt).not.toBeNull();
      // The same delivery again (Shopify's retry) is recognised by its id.
      const retry = await deliver("app/uninstalled", sampleRaw("2026-07", "app/uninstalled"), { webhookId, eventId });
      expect(retry.headers.get("X-CodeTrail-Outcome")).toBe("DUPLICATE");
    });
  });
});

it("the route's loader answers GET with 405", () => {
  const response = ordersCreate.loader();
  expect(response.status).toBe(405);
});
