import { readFileSync } from "node:fs";
import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { SCREENSHOTS, demoInBrowser, watchProblems } from "./fixture";

/**
 * Issue 19 in the demo (decision 029): on an influencer's page the commission past its hold period
 * is payable; the owner approves a statement, downloads the PayPal mass-payment file from Payouts,
 * and pays another influencer in store credit through the Admin API emulator.
 */
const env = demoInBrowser();

async function openInfluencer(page: Page, name: string) {
  await page.goto(`${env.demo.url}/app/influencers`, { waitUntil: "networkidle" });
  await page.getByRole("link", { name }).first().click();
  await page.getByRole("heading", { name, exact: true }).waitFor();
  await page.getByRole("heading", { name: "Payouts", exact: true }).waitFor();
}

describe("paying influencers in the demo", () => {
  it("approves a statement, exports the PayPal file and pays one influencer in store credit", async () => {
    const page = await env.browser.newPage({ viewport: { width: 1280, height: 1000 } });
    const problems = watchProblems(page);

    // Jane: 90 days of orders, most past the 30-day hold: payable, then approved.
    await openInfluencer(page, "Jane Porter");
    const payable = await page.locator('[data-payout-figure="payable"]').innerText();
    expect(payable).toMatch(/^\$\d{1,3}(,\d{3})*\.\d{2}$/);
    expect(payable).not.toBe("$0.00");
    await page.getByRole("button", { name: "Approve statement" }).click();
    await page.getByText("Approved", { exact: true }).first().waitFor();
    await expect(page.locator('[data-payout-figure="approved"]').innerText()).resolves.toBe(payable);
    await expect(page.locator('[data-payout-figure="payable"]').innerText()).resolves.toBe("$0.00");
    await page.screenshot({ path: `${SCREENSHOTS}/payouts-approved.png`, fullPage: true });

    // Payouts: the PayPal mass-payment file names her email and the approved amount.
    await page.goto(`${env.demo.url}/app/payouts`, { waitUntil: "networkidle" });
    await page.getByRole("heading", { name: "Payouts", exact: true }).waitFor();
    const [download] = await Promise.all([page.waitForEvent("download"), page.locator('[data-export="paypal-csv"]').click()]);
    expect(download.suggestedFilename()).toBe("codetrail-payouts-paypal.csv");
    const rows = readFileSync(await download.path(), "utf8").trimEnd().split("\r\n");
    expect(rows).toHaveLength(1);
    expect(rows[0]).toBe(`jane@example.com,${payable.replace(/[$,]/g, "")},USD,${rows[0].split(",")[3]},${rows[0].split(",")[4]},PAYPAL`);
    expect(rows[0].split(",")[3]).toMatch(/^[A-Za-z0-9]{30}$/);
    await page.screenshot({ path: `${SCREENSHOTS}/payouts-page.png`, fullPage: true });

    // Marco: approve, then pay in store credit through the Admin API (the demo's emulator).
    await openInfluencer(page, "Marco Rossi");
    await page.getByRole("button", { name: "Approve statement" }).click();
    await page.getByRole("button", { name: "Pay in store credit" }).waitFor();
    await page.getByRole("button", { name: "Pay in store credit" }).click();
    await page.getByText(/^Paid on .* · Store credit · reference gid:\/\/shopify\/StoreCreditAccountCreditTransaction\/\d+$/).waitFor();
    await expect(page.locator('[data-payout-figure="approved"]').innerText()).resolves.toBe("$0.00");
    await page.screenshot({ path: `${SCREENSHOTS}/payouts-store-credit.png`, fullPage: true });
    expect(problems).toEqual([]);
    await page.close();
  });
});
