import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { OUTCOME_HEADER } from "../../app/services/webhook-ingest.server";
import { createTestDatabase, type TestDatabase } from "../support/database";
import { expectConsole } from "../support/setup";
import { closeFastPath, deliverVia, sample, TRANSPORTS } from "./helpers";

/**
 * app/scopes_update (subscribed in shopify.app.toml, as in Shopify's app template): the shop's
 * sessions keep the access scopes the merchant granted, so `Session.scope` never claims a scope
 * that was revoked nor misses one that was added. Shopify's own sample payloads, real signatures,
 * both HTTP layers.
 */

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(async () => {
  await closeFastPath();
  await db.destroy();
});

const outcome = (response: Response) => response.headers.get(OUTCOME_HEADER);

async function installedShop(domain: string, scope: string) {
  await db.prisma.shop.create({ data: { domain, name: domain } });
  for (const [id, isOnline] of [[`offline_${domain}`, false], [`${domain}_42`, true]] as const) {
    await db.prisma.session.create({ data: { id, shop: domain, state: "", isOnline, scope, accessToken: "token" } });
  }
}

async function scopesOf(domain: string) {
  const sessions = await db.prisma.session.findMany({ where: { shop: domain }, orderBy: { id: "asc" } });
  return sessions.map((s) => s.scope);
}

describe.each(TRANSPORTS)("through the %s", (transport) => {
  const shop = `scopes-${transport.replace(/ /g, "-")}.myshopify.com`;

  it("sets Session.scope of every session of the shop to the payload's current scopes", async () => {
    await installedShop(shop, "read_products");
    const payload = sample("2026-07", "app/scopes_update");
    expect(payload.current).toEqual(["read_products", "write_products"]);
    const response = await deliverVia(transport, "app/scopes_update", payload, { shop });
    expect(response.status).toBe(200);
    expect(outcome(response)).toBe("APPLIED");
    expect(await scopesOf(shop)).toEqual(["read_products,write_products", "read_products,write_products"]);
    const delivery = await db.prisma.webhookDelivery.findFirstOrThrow({ where: { shopDomain: shop, topic: "app/scopes_update" } });
    expect(delivery.shopId).not.toBeNull();
  });

  it("a scope the merchant revoked leaves the sessions", async () => {
    const payload = { ...sample("2026-07", "app/scopes_update"), previous: ["read_products", "write_products"], current: ["read_products"] };
    const response = await deliverVia(transport, "app/scopes_update", payload, { shop });
    expect(outcome(response)).toBe("APPLIED");
    expect(await scopesOf(shop)).toEqual(["read_products", "read_products"]);
  });

  it("an older update arriving after a newer one changes nothing (STALE)", async () => {
    const newer = { ...sample("2026-07", "app/scopes_update"), current: ["read_orders", "write_discounts"] };
    const older = { ...sample("2026-07", "app/scopes_update"), current: ["read_orders"] };
    const now = Date.now();
    const first = await deliverVia(transport, "app/scopes_update", newer, { shop, triggeredAt: new Date(now).toISOString() });
    expect(outcome(first)).toBe("APPLIED");
    const late = await deliverVia(transport, "app/scopes_update", older, { shop, triggeredAt: new Date(now - 60_000).toISOString() });
    expect(late.status).toBe(200);
    expect(outcome(late)).toBe("STALE");
    expect(await scopesOf(shop)).toEqual(["read_orders,write_discounts", "read_orders,write_discounts"]);
  });

  it("a shop without a session (uninstalled) is answered 200 and recorded as IGNORED", async () => {
    const domain = `gone-${shop}`;
    const response = await deliverVia(transport, "app/scopes_update", sample("2026-07", "app/scopes_update"), { shop: domain });
    expect(response.status).toBe(200);
    expect(outcome(response)).toBe("IGNORED");
  });

  it("400 for a payload without a list of scopes; nothing changes", async () => {
    const warnings = expectConsole("warn");
    const bad = [{}, { current: "read_orders" }, { current: [1] }, { current: ["read_orders; drop"] }];
    for (const body of bad) expect((await deliverVia(transport, "app/scopes_update", body, { shop })).status).toBe(400);
    expect(await scopesOf(shop)).toEqual(["read_orders,write_discounts", "read_orders,write_discounts"]);
    // Each refusal is logged once, with the reason.
    expect(warnings.mock.calls.map(([line]) => JSON.parse(String(line)))).toEqual(
      bad.map(() => expect.objectContaining({ msg: "webhook rejected", status: 400, path: "/webhooks/app/scopes_update", reason: expect.stringContaining("app/scopes_update") })),
    );
  });
});

it("Shopify's 2025-01 sample applies too", async () => {
  const shop = "scopes-2025.myshopify.com";
  await installedShop(shop, "read_orders");
  const payload = sample("2025-01", "app/scopes_update");
  const response = await deliverVia("remix route", "app/scopes_update", payload, { shop });
  expect(outcome(response)).toBe("APPLIED");
  expect(await scopesOf(shop)).toEqual([payload.current.join(","), payload.current.join(",")]);
});
