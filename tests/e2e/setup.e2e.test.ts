import type { BrowserContext } from "playwright-core";
import { beforeAll, describe, expect, it } from "vitest";
import { readFileSync } from "node:fs";
import { deliverDemoOrder } from "./demo-orders";
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

  it("walks the merchant's day: costs, a code, orders arriving, results, a campaign filter, a leaked code, exports", async () => {
    const page = await context.newPage();
    const problems = watch(page);
    const dialog = page.getByRole("dialog");

    // A new influencer joins the running campaign.
    await page.goto(`${env.demo.url}/app/influencers/new`, { waitUntil: "networkidle" });
    await page.getByLabel("Name", { exact: true }).fill("Dana Mizrahi");
    await page.getByLabel("Email").fill("dana@example.com");
    await page.getByRole("button", { name: "Save influencer" }).click();
    await page.getByRole("heading", { name: "Dana Mizrahi", exact: true }).waitFor();
    const danaId = page.url().split("/app/influencers/")[1].split("?")[0];
    await page.getByLabel("Add to a campaign").selectOption({ label: "Holiday Gift Guide" });
    await page.getByRole("button", { name: "Add", exact: true }).click();
    await page.getByRole("link", { name: "Holiday Gift Guide" }).waitFor();

    // Her fee: the cost form starts on the campaign she is working on.
    await page.reload({ waitUntil: "networkidle" });
    const costForm = page.getByRole("form", { name: "Record a cost" });
    expect(await costForm.getByLabel("Campaign").evaluate((s: HTMLSelectElement) => s.selectedOptions[0]?.textContent)).toBe("Holiday Gift Guide");
    await costForm.getByLabel("Amount").fill("300");
    await costForm.getByRole("button", { name: "Add cost" }).click();
    await page.getByRole("cell", { name: "Holiday Gift Guide" }).waitFor();
    // Gifted products, recorded without a campaign on purpose.
    await costForm.getByLabel("Amount").fill("120");
    await costForm.getByLabel("Campaign").selectOption({ label: "No campaign" });
    await costForm.getByLabel("Note").fill("Gifted coat");
    await costForm.getByRole("button", { name: "Add cost" }).click();
    await page.getByRole("cell", { name: "Gifted coat" }).waitFor();
    expect(await page.locator('[data-testid="cost-total"]').innerText()).toBe("$420.00");
    // Deleting a cost asks first; Undo brings it back.
    const deleteButtons = page.getByRole("button", { name: "Delete", exact: true });
    await deleteButtons.first().click();
    await dialog.getByText(/will no longer count in this influencer's cost, ROI and CPA/).waitFor();
    await dialog.getByRole("button", { name: "Delete cost" }).click();
    await page.locator("[data-cost-deleted]").getByText("Cost deleted.").waitFor();
    await expect.poll(() => page.locator('[data-testid="cost-total"]').innerText(), { timeout: 15_000 }).not.toBe("$420.00");
    await page.locator("[data-cost-deleted]").getByRole("button", { name: "Undo" }).click();
    await expect.poll(() => page.locator('[data-testid="cost-total"]').innerText(), { timeout: 15_000 }).toBe("$420.00");

    // Her code, created in Shopify (the demo's Admin API emulator).
    const codeForm = page.getByRole("form", { name: "Create a code" });
    await codeForm.getByLabel("Code", { exact: true }).fill("DANA15");
    await codeForm.getByLabel("Value").fill("15");
    await codeForm.getByRole("button", { name: "Create code" }).click();
    await page.getByText("DANA15 was created in Shopify.").waitFor();

    // Orders arrive as Shopify sends them; her page shows them with how they were matched.
    const names = [await deliverDemoOrder(env.demo.url, "DANA15", `${Date.now()}1`), await deliverDemoOrder(env.demo.url, "dana15", `${Date.now()}2`)];
    await page.reload({ waitUntil: "networkidle" });
    await page.getByRole("heading", { name: "Results", exact: true }).waitFor();
    for (const name of names) await page.locator("[data-orders]").getByText(name).waitFor();
    expect(await page.locator("[data-orders] [data-match]").allInnerTexts()).toEqual(["Code DANA15", "Code DANA15"]);
    expect(await page.locator('[data-kpi="orders"]').innerText()).toBe("2");
    await page.screenshot({ path: `${SCREENSHOTS}/merchant-day-influencer.png`, fullPage: true });

    // Her orders as CSV, named by the server.
    const [download] = await Promise.all([page.waitForEvent("download"), page.locator('[data-export="orders-csv"]').click()]);
    const csv = readFileSync((await download.path())!, "utf8").trimEnd().split("\r\n");
    expect(csv).toHaveLength(3);
    expect(csv.slice(1).every((line) => line.includes(`,${danaId},Dana Mizrahi,`) && line.includes(",Holiday Gift Guide,code,DANA15,"))).toBe(true);

    // Filtered by the campaign, the gifted coat cannot be counted: the report says so, and how much.
    await page.goto(`${env.demo.url}/app/campaigns`, { waitUntil: "networkidle" });
    const campaignHref = await page.getByRole("link", { name: "Holiday Gift Guide" }).first().getAttribute("href");
    const campaignId = campaignHref!.split("/").pop()!;
    await page.goto(`${env.demo.url}/app/reports/influencers?campaign=${campaignId}`, { waitUntil: "networkidle" });
    await page.locator("[data-costs-left-out]").getByText(/This view leaves out \$[\d,]+\.\d{2} of costs recorded without a campaign/).waitFor();
    // The deciding figures first (the name column is also drawn fixed, so it can appear twice); sorted by ROI.
    const headers = (await page.locator('[data-report="influencers"] thead th').allInnerTexts()).map((h) => h.split("\n").pop()!.trim());
    expect(headers.filter((h, i) => h !== headers[i - 1]).slice(0, 4)).toEqual(["Influencer", "Net sales", "Total cost", "ROI"]);
    // Dana's orders came with her code in her running campaign (the code form started on it).
    await page.locator('[data-report="influencers"]').getByRole("link", { name: "Dana Mizrahi" }).first().waitFor();
    await page.screenshot({ path: `${SCREENSHOTS}/merchant-day-campaign-filter.png`, fullPage: false });

    // A leaked code: rotation asks first, then offers to email the new code.
    await page.goto(`${env.demo.url}/app/leaks`, { waitUntil: "networkidle" });
    const leaked = await page.getByTestId("leaked-code").first().innerText();
    await page.getByRole("button", { name: "Rotate code" }).first().click();
    await dialog.getByText(`${leaked} is paused in Shopify now`).waitFor();
    await page.screenshot({ path: `${SCREENSHOTS}/merchant-day-rotate-confirm.png` });
    await dialog.getByRole("button", { name: "Pause and replace" }).click();
    await page.getByText(new RegExp(`${leaked} is paused\\.`)).waitFor();
    await page.getByRole("button", { name: /^Email the new code to / }).click();
    await page.getByText(/^Queued: .+ gets the new code by email shortly\.$/).waitFor();
    await page.screenshot({ path: `${SCREENSHOTS}/merchant-day-rotated.png`, fullPage: true });

    expect(problems).toEqual([]);
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
