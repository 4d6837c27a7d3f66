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
  it("on a phone, in her language (Hebrew), switched to Thai and remembered: her link's click and a new order arrive", async () => {
    // The owner sets Sara's language to Hebrew on her profile, gives her a tracking link and her page.
    const owner = await env.browser.newPage({ viewport: { width: 1280, height: 900 } });
    const ownerProblems = watchProblems(owner);
    await owner.goto(`${env.demo.url}/app/influencers`, { waitUntil: "networkidle" });
    const href = await owner.getByRole("link", { name: "Sara Ahmadi" }).first().getAttribute("href");
    const saraId = href!.split("/").pop()!.split("?")[0];
    await owner.goto(`${env.demo.url}/app/influencers/${saraId}`, { waitUntil: "networkidle" });
    await owner.getByLabel("Language of their page and messages").selectOption("he");
    await owner.getByRole("button", { name: "Save", exact: true }).last().click();
    await owner.getByText("Saved.").first().waitFor();
    expect(ownerProblems).toEqual([]);
    await owner.close();
    const links = await json<{ codes: { id: string; code: string }[] }>(`/app/influencers/${saraId}/links`);
    const code = links.codes[0];
    await json(`/app/influencers/${saraId}/links`, {
      method: "POST",
      body: new URLSearchParams({ intent: "create", discountCodeId: code.id, platform: "INSTAGRAM", campaignId: "", content: "phone-story", path: "/" }),
    });
    const withLink = await json<{ links: { slug: string; utmContent: string }[] }>(`/app/influencers/${saraId}/links`);
    const slug = withLink.links.find((l) => l.utmContent === "phone-story")!.slug;
    const issued = await json<{ ok: boolean; url: string }>(`/app/influencers/${saraId}/portal`, { method: "POST", body: new URLSearchParams({ intent: "issue" }) });
    const portalPath = new URL(issued.url).pathname;

    const phone = await env.browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
    const page = await phone.newPage();
    const problems = watchProblems(page);
    await page.goto(`${env.demo.url}${portalPath}`, { waitUntil: "networkidle" });
    const direction = () => page.locator("[data-portal-languages]").evaluate((el) => getComputedStyle(el).direction);
    expect(await direction()).toBe("rtl");
    await page.getByRole("heading", { name: /Sara Ahmadi/ }).waitFor();
    expect(await page.locator('[data-portal-languages] [aria-current="true"]').innerText()).toBe("עברית");
    // Nothing wider than the phone.
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await page.screenshot({ path: `${SCREENSHOTS}/portal-phone-he.png`, fullPage: true });

    await page.locator("[data-portal-languages]").getByRole("link", { name: "ไทย" }).click();
    await page.waitForURL(/locale=th/);
    expect(await page.locator('[data-portal-languages] [aria-current="true"]').innerText()).toBe("ไทย");
    expect(await direction()).toBe("ltr");
    // Opened again from her bookmark (no query), the page stays in Thai.
    await page.goto(`${env.demo.url}${portalPath}`, { waitUntil: "networkidle" });
    expect(await page.locator('[data-portal-languages] [aria-current="true"]').innerText()).toBe("ไทย");
    const body = await page.locator("body").innerText();
    expect(body).toMatch(/[\u0E00-\u0E7F]/);
    expect(body).not.toMatch(/\bportal\.[a-zA-Z]/);

    // A follower taps her link: the store opens with her code, and the click counts on her page.
    const clicksText = () => page.getByText(/phone-story/).first().innerText();
    const before = await clicksText();
    const followed = await fetch(`${env.demo.url}/l/${slug}`, { redirect: "manual", headers: { "User-Agent": "Mozilla/5.0 (iPhone; CPU iPhone OS 18_0 like Mac OS X) AppleWebKit/605.1.15 Mobile/15E148" } });
    expect(followed.status).toBe(302);
    expect(followed.headers.get("location")).toContain(`/discount/${code.code}`);
    // And buys with the code: the order reaches her page by itself.
    const orders = page.locator('[data-portal-kpi="allTime.orders"]');
    const ordersBefore = await orders.innerText();
    await deliverOrder(code.code, `${Date.now()}`);
    await page.waitForFunction(
      (previous) => document.querySelector('[data-portal-kpi="allTime.orders"]')?.textContent !== previous,
      ordersBefore,
      { timeout: 20_000 },
    );
    expect(Number((await orders.innerText()).replace(/[^\d]/g, ""))).toBe(Number(ordersBefore.replace(/[^\d]/g, "")) + 1);
    // The refreshes that brought it kept her language.
    expect(await page.locator('[data-portal-languages] [aria-current="true"]').innerText()).toBe("ไทย");
    expect(await clicksText()).not.toBe(before);
    await page.screenshot({ path: `${SCREENSHOTS}/portal-phone-th.png`, fullPage: true });
    expect(problems).toEqual([]);
    await phone.close();
  });
});
