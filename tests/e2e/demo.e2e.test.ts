import { mkdirSync } from "node:fs";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchBrowser } from "./browser";
import { startDemo, type DemoServer } from "./demo-server";

const SCREENSHOTS = "tests/e2e/screenshots";
let demo: DemoServer;
let browser: Browser;

beforeAll(async () => {
  mkdirSync(SCREENSHOTS, { recursive: true });
  demo = await startDemo();
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await demo?.stop();
});

describe("npm run demo", () => {
  it("serves the seeded admin home page with HTTP 200 in under 60 seconds from a fresh data directory", () => {
    console.log(`demo served /app after ${(demo.startupMs / 1000).toFixed(1)} s`);
    expect(demo.startupMs).toBeLessThan(60_000);
  });

  it("shows the overview with seeded figures in plain Chromium, without App Bridge and without console errors", async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    const problems: string[] = [];
    page.on("console", (m) => m.type() === "error" && problems.push(m.text()));
    page.on("pageerror", (e) => problems.push(String(e)));
    page.on("requestfailed", (r) => problems.push(`request failed: ${r.url()}`));

    const response = await page.goto(`${demo.url}/app`, { waitUntil: "networkidle" });
    expect(response?.status()).toBe(200);
    await expect(page.getByRole("heading", { name: "Overview" }).isVisible()).resolves.toBe(true);
    await expect(page.getByText("Demo mode", { exact: true }).isVisible()).resolves.toBe(true);
    const netSales = await page.locator("text=Net sales").first().locator("xpath=..").innerText();
    expect(netSales).toMatch(/\$\d{1,3}(,\d{3})*\.\d{2}/);
    const rows = await page.locator("table tbody tr").count();
    expect(rows).toBe(5);
    // The plain navigation fallback works and is a real link.
    await page.getByRole("navigation", { name: "CodeTrail" }).getByRole("link", { name: "Overview" }).click();
    await page.waitForLoadState("networkidle");
    await page.screenshot({ path: `${SCREENSHOTS}/overview.png`, fullPage: true });
    expect(problems).toEqual([]);
    await page.close();
  });

  it("answers the health check", async () => {
    const res = await fetch(`${demo.url}/health`);
    expect(await res.json()).toEqual({ ok: true });
  });
});
