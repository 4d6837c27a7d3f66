import { describe, expect, it } from "vitest";
import { deliverDemoOrder } from "./demo-orders";
import { SCREENSHOTS, demoInBrowser, watchProblems } from "./fixture";

const env = demoInBrowser();

async function json<T>(path: string, init?: RequestInit): Promise<T> {
  const response = await fetch(`${env.demo.url}${path}`, init);
  expect(response.status, `${init?.method ?? "GET"} ${path}`).toBe(200);
  return (await response.json()) as T;
}

const deliverOrder = (code: string, orderId: string) => deliverDemoOrder(env.demo.url, code, orderId);

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
