import type { BrowserContext } from "playwright-core";
import { beforeAll, describe, expect, it } from "vitest";
import { SCREENSHOTS, demoInBrowser, watchProblems } from "./fixture";

const env = demoInBrowser();
let context: BrowserContext;

beforeAll(async () => {
  context = await env.browser.newContext({ viewport: { width: 1280, height: 900 } });
  await context.grantPermissions(["clipboard-read", "clipboard-write"], { origin: env.demo.url });
});

const watch = watchProblems;

describe("setting up an influencer in the browser (demo mode, no App Bridge)", () => {
  it("adds an influencer, creates a code with its shareable link, pauses it and records a fee", async () => {
    const page = await context.newPage();
    const problems = watch(page);

    await page.goto(`${env.demo.url}/app`, { waitUntil: "networkidle" });
    await page.getByRole("navigation", { name: "CodeTrail sections" }).getByRole("link", { name: "Influencers" }).click();
    await page.getByRole("heading", { name: "Influencers", exact: true }).waitFor();
    expect(await page.locator("table tbody tr").count()).toBe(10);
    await page.screenshot({ path: `${SCREENSHOTS}/influencers.png`, fullPage: true });

    // Add an influencer; a bad email is refused on the form first.
    await page.getByRole("link", { name: "Add influencer" }).first().click();
    await page.getByRole("heading", { name: "Add influencer" }).waitFor();
    await page.getByLabel("Name", { exact: true }).fill("Rina Cohen");
    await page.getByLabel("Email").fill("rina@");
    await page.getByLabel("Instagram").fill("@rina.cohen");
    await page.getByRole("button", { name: "Save influencer" }).click();
    await page.getByText("Enter a valid email address, like name@example.com.").waitFor();
    await page.getByLabel("Email").fill("rina@example.com");
    await page.getByRole("button", { name: "Save influencer" }).click();
    await page.getByRole("heading", { name: "Rina Cohen", exact: true }).waitFor();
    await page.getByText("Rina Cohen was added.").waitFor();

    // Create a code.
    const codeForm = page.getByRole("form", { name: "Create a code" });
    await codeForm.getByLabel("Code", { exact: true }).fill("rina20");
    await codeForm.getByLabel("Value").fill("20");
    await codeForm.getByRole("button", { name: "Create code" }).click();
    await page.getByText("RINA20 was created in Shopify.").waitFor();
    // The list refreshes right after the answer: wait for it before reading it.
    await page.locator('[data-testid="code"]', { hasText: "RINA20" }).waitFor();
    await expect(page.locator('[data-testid="code"]').allInnerTexts()).resolves.toEqual(["RINA20"]);
    const link = await page.locator('[data-testid="share-link"]').innerText();
    expect(link).toBe("https://demo-store.myshopify.com/discount/RINA20?redirect=%2F");

    // Copy its link in one click.
    await page.getByRole("button", { name: "Copy the shareable link of RINA20" }).click();
    await page.getByRole("button", { name: "Copy the shareable link of RINA20" }).getByText("Copied").waitFor();
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(link);

    // Pause it, and it says so.
    await page.getByRole("button", { name: "Pause RINA20" }).click();
    await page.getByRole("button", { name: "Resume RINA20" }).waitFor();
    expect(await page.getByText("Paused", { exact: true }).count()).toBeGreaterThan(0);

    // Record a fee: a negative amount is refused, then the fee is added to the ledger.
    const costForm = page.getByRole("form", { name: "Record a cost" });
    await costForm.getByLabel("Amount").fill("-450");
    await costForm.getByRole("button", { name: "Add cost" }).click();
    await page.getByText("The amount cannot be negative.").waitFor();
    await costForm.getByLabel("Amount").fill("450");
    await costForm.getByLabel("Note").fill("Launch post");
    await costForm.getByRole("button", { name: "Add cost" }).click();
    await page.getByText("Cost recorded.").waitFor();
    await page.getByRole("cell", { name: "Launch post" }).waitFor();
    expect(await page.locator('[data-testid="cost-total"]').innerText()).toBe("$450.00");

    await page.screenshot({ path: `${SCREENSHOTS}/influencer-detail.png`, fullPage: true });
    // The two refused forms were answered 400 on purpose (Chromium logs each); nothing else.
    const refused = "Failed to load resource: the server responded with a status of 400 (Bad Request)";
    expect(problems).toEqual([refused, refused]);
    await page.close();
  });

  it("shows the influencer pages in Hebrew, right to left, without raw keys", async () => {
    const page = await context.newPage();
    const problems = watch(page);
    await page.goto(`${env.demo.url}/app/influencers?locale=he`, { waitUntil: "networkidle" });
    expect(await page.getAttribute("html", "dir")).toBe("rtl");
    await page.getByRole("heading", { name: "משפיענים", exact: true }).waitFor();
    const body = await page.locator("body").innerText();
    expect(body).not.toMatch(/\b(influencers|campaigns|costs|codeui|validation)\.[a-zA-Z]/);
    await page.goto(`${env.demo.url}/app/campaigns`, { waitUntil: "networkidle" });
    await page.getByRole("heading", { name: "קמפיינים", exact: true }).waitFor();
    await page.screenshot({ path: `${SCREENSHOTS}/campaigns-he.png`, fullPage: true });
    expect(problems).toEqual([]);
    await page.close();
  });
});
