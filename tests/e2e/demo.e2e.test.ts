import { readdirSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { SCREENSHOTS, demoInBrowser, watchProblems } from "./fixture";

const env = demoInBrowser();

describe("npm run demo", () => {
  it("serves the seeded admin home page with HTTP 200 from a fresh data directory", () => {
    // How long it took is reported, not asserted: on a shared 2-core machine it measures the
    // machine. The README's timings come from measured runs.
    console.log(`demo served /app after ${(env.demo.startupMs / 1000).toFixed(1)} s`);
    // A clean start prints no error lines (the session table used to be polled before migrating).
    expect(env.demo.output()).not.toMatch(/^Error|Unhandled|DriverAdapterError/m);
  });

  it("shows the overview with seeded figures in plain Chromium, without App Bridge and without console errors", async () => {
    const page = await env.browser.newPage({ viewport: { width: 1280, height: 900 } });
    const problems = watchProblems(page);

    const response = await page.goto(`${env.demo.url}/app`, { waitUntil: "networkidle" });
    expect(response?.status()).toBe(200);
    await expect(page.getByRole("heading", { name: "Overview" }).isVisible()).resolves.toBe(true);
    await expect(page.getByText("Demo mode", { exact: true }).isVisible()).resolves.toBe(true);
    await expect(page.getByText("Net sales", { exact: true }).first().isVisible()).resolves.toBe(true);
    const netSales = await page.locator('[data-kpi="kpi.netSales"]').innerText();
    expect(netSales).toMatch(/\$\d{1,3}(,\d{3})*\.\d{2}/);
    const rows = await page.locator('[data-performers="top"] tbody tr').count();
    expect(rows).toBe(5);
    // The plain navigation fallback works and is a real link.
    await page.screenshot({ path: `${SCREENSHOTS}/overview.png`, fullPage: true });
    // The plain navigation fallback (no App Bridge outside the admin) reaches the other pages.
    const nav = page.getByRole("navigation", { name: "CodeTrail sections" });
    await nav.getByRole("link", { name: "Activity" }).click();
    await page.getByRole("heading", { name: "Webhook activity" }).waitFor();
    await page.screenshot({ path: `${SCREENSHOTS}/activity.png`, fullPage: true });
    await nav.getByRole("link", { name: "Overview" }).click();
    await page.getByRole("heading", { name: "Overview" }).waitFor();
    expect(problems).toEqual([]);
    await page.close();
  });

  const englishKeys = readdirSync("app/i18n/messages/en").flatMap((file) =>
    Object.keys(JSON.parse(readFileSync(`app/i18n/messages/en/${file}`, "utf8"))),
  );

  it.each([
    { language: "he", dir: "rtl", heading: "סקירה כללית", netSales: "מכירות נטו" },
    { language: "th", dir: "ltr", heading: "ภาพรวม", netSales: "ยอดขายสุทธิ" },
  ])("speaks $language: translated headings, local money format, $dir layout, no raw keys", async (lang) => {
    const page = await env.browser.newPage({ viewport: { width: 1280, height: 900 } });
    const problems = watchProblems(page);
    await page.goto(`${env.demo.url}/app?locale=${lang.language}`, { waitUntil: "networkidle" });

    expect(await page.getAttribute("html", "dir")).toBe(lang.dir);
    expect(await page.getAttribute("html", "lang")).toBe(lang.language);
    await expect(page.getByRole("heading", { name: lang.heading }).isVisible()).resolves.toBe(true);
    await expect(page.getByText(lang.netSales, { exact: true }).first().isVisible()).resolves.toBe(true);
    const amount = await page.locator('[data-kpi="kpi.netSales"]').innerText();
    const expected = new Intl.NumberFormat(lang.language, { style: "currency", currency: "USD" }).formatToParts(1234.5);
    const symbol = expected.find((p) => p.type === "currency")!.value;
    expect(amount).toContain(symbol);
    expect(amount).toMatch(/\d{1,3}(,\d{3})*\.\d{2}/);
    const text = await page.locator("body").innerText();
    expect(englishKeys.filter((key) => text.includes(key))).toEqual([]);
    await page.screenshot({ path: `${SCREENSHOTS}/overview-${lang.language}.png`, fullPage: true });

    // The language stays when moving around the app without the parameter.
    await page.getByRole("navigation").first().getByRole("link").first().click();
    await page.waitForLoadState("networkidle");
    await page.reload({ waitUntil: "networkidle" });
    expect(await page.getAttribute("html", "lang")).toBe(lang.language);
    expect(problems).toEqual([]);
    await page.close();
  });

  it("answers the health check", async () => {
    const res = await fetch(`${env.demo.url}/health`);
    expect(await res.json()).toEqual({ ok: true });
  });
});
