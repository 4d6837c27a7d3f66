import { readdirSync, readFileSync } from "node:fs";
import type { Locator, Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { SURVEY_MESSAGES } from "../../extensions/post-purchase-survey/src/survey-logic";
import { SCREENSHOTS, chartDrawn, demoInBrowser, watchProblems } from "./fixture";

const env = demoInBrowser();

async function openPage(): Promise<{ page: Page; problems: string[] }> {
  const page = await env.browser.newPage({ viewport: { width: 1280, height: 900 }, acceptDownloads: true });
  return { page, problems: watchProblems(page) };
}

const englishKeys = readdirSync("app/i18n/messages/en").flatMap((file) =>
  Object.keys(JSON.parse(readFileSync(`app/i18n/messages/en/${file}`, "utf8"))),
);

describe("dashboard and reports in the demo", () => {
  it("changes the date range, sorts the influencer table, opens an influencer and downloads the CSV", async () => {
    const { page, problems } = await openPage();
    await page.goto(`${env.demo.url}/app`, { waitUntil: "networkidle" });
    await page.getByRole("heading", { name: "Overview" }).waitFor();
    // The chart renders (an SVG inside the chart container) with both series in the legend.
    await chartDrawn(page);
    await expect(page.getByText("Total cost", { exact: true }).count()).resolves.toBeGreaterThan(0);
    const thirtyDays = await page.locator('[data-kpi="kpi.orders"]').innerText();
    await page.screenshot({ path: `${SCREENSHOTS}/dashboard.png`, fullPage: true });

    // Last 7 days: the URL carries the range, the figures change.
    await page.getByLabel("Date range").selectOption("7d");
    await page.waitForURL(/range=7d/);
    await page.waitForFunction(
      (before) => document.querySelector('[data-kpi="kpi.orders"]')?.textContent !== before,
      thirtyDays,
    );
    const sevenDays = await page.locator('[data-kpi="kpi.orders"]').innerText();
    expect(Number(sevenDays.replace(/\D/g, ""))).toBeLessThan(Number(thirtyDays.replace(/\D/g, "")));
    await expect(page.locator("[data-range]").innerText()).resolves.toMatch(/to/);

    // The influencer table opens sorted by ROI on the server, highest first (lowest first after a click).
    await page.goto(`${env.demo.url}/app/reports/influencers?range=90d`, { waitUntil: "networkidle" });
    const table = page.locator('[data-report="influencers"]');
    await page.getByText("Sorted by ROI, highest first").waitFor();
    const roiColumn = async () => {
      // Columns: influencer, net sales, total cost, ROI, …: the deciding figures first.
      const cells = await table.locator("tbody tr").evaluateAll((rows) =>
        rows.map((row) => (row.querySelectorAll("td, th")[3] as HTMLElement | undefined)?.innerText ?? ""),
      );
      return cells.map((c) => Number(c.replace(/[^\d.-]/g, "")));
    };
    const sorted = (values: number[], sign: 1 | -1) => values.every((v, i) => i === 0 || sign * (v - values[i - 1]) >= 0);
    await expect.poll(async () => sorted(await roiColumn(), -1)).toBe(true);
    const desc = await roiColumn();
    expect(desc.length).toBe(10);
    expect(desc).toEqual([...desc].sort((a, b) => b - a));
    await table.getByRole("button", { name: /ROI/ }).first().click();
    await page.waitForURL(/sort=roi&dir=asc/);
    await expect.poll(async () => sorted(await roiColumn(), 1)).toBe(true);
    const asc = await roiColumn();
    expect(asc).toEqual([...asc].sort((a, b) => a - b));
    await page.screenshot({ path: `${SCREENSHOTS}/influencers.png`, fullPage: true });

    // The CSV download: fixed header and a row per influencer.
    const [download] = await Promise.all([page.waitForEvent("download"), page.locator('[data-export="csv"]').click()]);
    const csv = readFileSync(await download.path(), "utf8");
    const lines = csv.trimEnd().split("\r\n");
    expect(lines[0]).toBe(
      "influencer_id,influencer,codes,orders,new_customers,sales,discounts,refunds,net_sales,fees,commission,total_cost,roi_pct,roas,cpa,aov,currency," +
        "returning_customer_orders,repeat_orders,repeat_net_sales,survey_orders,survey_orders_without_code_or_link,dark_social_ratio",
    );
    expect(lines).toHaveLength(11);
    expect(lines.find((l) => l.includes(",Jane Porter,"))).toMatch(/,Jane Porter,JANE15,\d+,\d+,\d+\.\d{2},.*,USD,\d+,\d+,\d+\.\d{2},\d+,\d+,\d+\.\d{2}$/);

    // Open an influencer: per-campaign and per-code figures.
    await table.getByRole("link", { name: "Jane Porter" }).click();
    await page.getByRole("heading", { name: "Jane Porter" }).waitFor();
    await page.locator('[data-breakdown="campaign"] tbody tr').first().waitFor();
    await expect(page.locator('[data-breakdown="code"]').innerText()).resolves.toContain("JANE15");
    await page.screenshot({ path: `${SCREENSHOTS}/influencer.png`, fullPage: true });

    // A campaign with an awareness goal leads with its content figures (the demo records its posts).
    await page.goto(`${env.demo.url}/app/reports/campaigns`, { waitUntil: "networkidle" });
    await page.getByRole("link", { name: "Holiday Gift Guide" }).click();
    await page.getByRole("heading", { name: "Holiday Gift Guide" }).waitFor();
    await expect(page.locator('[data-kpi="reach"]').innerText()).resolves.toMatch(/^\d{1,3}(,\d{3})+$/);
    await expect(page.locator('[data-kpi="cpm"]').innerText()).resolves.toMatch(/^\$\d+\.\d{2}$/);
    await expect(page.getByText("Not tracked yet").count()).resolves.toBe(0);
    await page.screenshot({ path: `${SCREENSHOTS}/campaign.png`, fullPage: true });

    // A bad parameter is explained, not a crash.
    await page.goto(`${env.demo.url}/app?range=fortnight`, { waitUntil: "networkidle" });
    await expect(page.locator("[data-param-problems]").innerText()).resolves.toContain("range");
    expect(problems).toEqual([]);
    await page.close();
  });

  it("reads right to left in Hebrew: chart, table and figures, no raw keys", async () => {
    const { page, problems } = await openPage();
    await page.goto(`${env.demo.url}/app?locale=he`, { waitUntil: "networkidle" });
    expect(await page.getAttribute("html", "dir")).toBe("rtl");
    await page.getByRole("heading", { name: "סקירה כללית" }).waitFor();
    await chartDrawn(page);
    expect(await page.locator('[data-chart="trend"]').getAttribute("dir")).toBe("ltr");
    await expect(page.getByText("מכירות נטו ועלות כוללת לפי יום").isVisible()).resolves.toBe(true);
    await expect(page.locator('[data-performers="top"] tbody tr').count()).resolves.toBeGreaterThan(0);
    const text = await page.locator("body").innerText();
    expect(englishKeys.filter((key) => text.includes(key))).toEqual([]);
    await page.screenshot({ path: `${SCREENSHOTS}/dashboard-he.png`, fullPage: true });

    await page.goto(`${env.demo.url}/app/reports/influencers?locale=he`, { waitUntil: "networkidle" });
    await page.getByRole("heading", { name: "תוצאות משפיענים" }).waitFor();
    await expect(page.locator('[data-report="influencers"] tbody tr').count()).resolves.toBe(10);
    // Hidden labels too: the sort buttons do not say "sort … by" in English to a screen reader.
    const sortButtons = page.locator('[data-report="influencers"] thead button');
    expect(await sortButtons.count()).toBeGreaterThan(5);
    expect((await sortButtons.allInnerTexts()).filter((label) => /sort|ascending|descending/i.test(label))).toEqual([]);
    expect(await sortButtons.first().innerText()).toContain("שינוי המיון לפי");
    // Money reads the same way in the table as on the cards: "$" on the side Intl puts it in Hebrew
    // (left of the digits on screen), not "3,502.85 $" in tables beside "$ 3,502.85" on cards.
    const dollarSide = (cells: Locator) =>
      cells.filter({ hasText: "$" }).first().evaluate((element) => {
        const walker = document.createTreeWalker(element, NodeFilter.SHOW_TEXT);
        for (let node = walker.nextNode(); node; node = walker.nextNode()) {
          const text = node.textContent ?? "";
          const dollar = text.indexOf("$");
          const digit = text.search(/\d/);
          if (dollar < 0 || digit < 0) continue;
          const box = (at: number) => {
            const range = document.createRange();
            range.setStart(node!, at);
            range.setEnd(node!, at + 1);
            return range.getBoundingClientRect();
          };
          return box(dollar).left < box(digit).left ? "left" : "right";
        }
        return "none";
      });
    expect(await dollarSide(page.locator('[data-report="influencers"] tbody td'))).toBe("left");
    await page.goto(`${env.demo.url}/app?locale=he`, { waitUntil: "networkidle" });
    expect(await dollarSide(page.locator('[data-kpi="kpi.netSales"]'))).toBe("left");
    expect(await dollarSide(page.locator('[data-performers="top"] tbody td'))).toBe("left");
    await page.goto(`${env.demo.url}/app/reports/influencers?locale=he`, { waitUntil: "networkidle" });
    const reportText = await page.locator("body").innerText();
    expect(englishKeys.filter((key) => reportText.includes(key))).toEqual([]);
    await page.screenshot({ path: `${SCREENSHOTS}/influencers-he.png`, fullPage: true });
    expect(problems).toEqual([]);
    await page.close();
  });

  it("a buyer answers the survey in Hebrew for an order no code tracked: the owner sees it, and the influencer's dark-social figures grow", async () => {
    const { page, problems } = await openPage();
    const surveyCells = async (name: string) => {
      const csv = await page.evaluate(async () => (await fetch("/app/reports/influencers.csv")).text());
      const line = csv.split("\r\n").find((l) => l.includes(`,${name},`))!;
      return line.split(",").slice(-3);
    };
    await page.goto(`${env.demo.url}/app/survey?locale=en`, { waitUntil: "networkidle" });
    const before = await surveyCells("Noa Levi");
    await page.getByRole("link", { name: "Preview as a buyer" }).click();
    await page.getByRole("heading", { name: "Survey preview (demo)" }).waitFor();
    await page.getByLabel("Answer as the buyer of").selectOption({ label: "A new order without a code or link" });
    await page.waitForURL(/order=/);
    await page.getByLabel("Buyer's language").selectOption("he");
    await page.waitForURL(/lang=he/);
    const he = SURVEY_MESSAGES.he;
    const survey = page.getByTestId("buyer-survey");
    await survey.getByText(he.question, { exact: true }).first().waitFor();
    expect(await survey.getAttribute("dir")).toBe("rtl");
    await survey.getByLabel(he.channels.influencer).check({ force: true });
    await survey.getByLabel(he.searchLabel).fill("noa");
    await survey.getByLabel("Noa Levi (@noa.levi)").check({ force: true });
    await page.screenshot({ path: `${SCREENSHOTS}/survey-preview-he.png`, fullPage: true });
    await survey.getByRole("button", { name: he.submit }).click();
    await page.getByTestId("survey-thanks").getByText(he.thanks).waitFor();
    // The owner's list: the newest answer, on an order the ledger never credited.
    await page.getByRole("link", { name: "See the answer on the Survey page" }).click();
    await page.getByRole("heading", { name: "Post-purchase survey" }).waitFor();
    const first = page.locator("tbody tr").first();
    await expect(first.innerText()).resolves.toContain("Noa Levi");
    await expect(first.innerText()).resolves.toContain("No code or link: not credited");
    const after = await surveyCells("Noa Levi");
    expect(Number(after[0])).toBe(Number(before[0]) + 1);
    expect(Number(after[1])).toBe(Number(before[1]) + 1);
    await page.screenshot({ path: `${SCREENSHOTS}/survey-answers.png`, fullPage: true });
    expect(problems).toEqual([]);
    await page.close();
  });

  it("shows the lift after the seeded TikTok post above the usual range, in English and in Hebrew", async () => {
    const { page, problems } = await openPage();
    await page.goto(`${env.demo.url}/app/lift?locale=en`, { waitUntil: "networkidle" });
    await page.getByRole("heading", { name: "Lift after posts and campaigns" }).waitFor();
    const card = page.locator("[data-lift-group]").filter({ has: page.locator('[data-verdict="above"]') }).first();
    const post = page.getByRole("heading", { name: /^Aisha Khan's TikTok post, / });
    await post.waitFor();
    const group = page.locator("div.Polaris-ShadowBevel, .Polaris-Card").filter({ has: post }).first();
    const rows = await group.locator("tbody tr").allInnerTexts();
    expect(rows).toHaveLength(3);
    for (const row of rows) expect(row).toContain("Above the usual range");
    expect(rows[1]).toMatch(/\$[\d,]+\.\d{2}/);
    await expect(group.innerText()).resolves.toMatch(/Baseline: the same weekdays of [234] earlier weeks/);
    expect(await card.count()).toBe(1);
    await group.screenshot({ path: `${SCREENSHOTS}/lift-post.png` });
    await page.screenshot({ path: `${SCREENSHOTS}/lift.png`, fullPage: true });

    await page.goto(`${env.demo.url}/app/lift?locale=he`, { waitUntil: "networkidle" });
    await page.getByRole("heading", { name: "השפעה אחרי פוסטים וקמפיינים" }).waitFor();
    expect(await page.evaluate(() => document.documentElement.dir)).toBe("rtl");
    const hePost = page.getByRole("heading", { name: /^הפוסט של Aisha Khan ב-TikTok/ });
    await hePost.waitFor();
    const heGroup = page.locator("div.Polaris-ShadowBevel, .Polaris-Card").filter({ has: hePost }).first();
    for (const row of await heGroup.locator("tbody tr").allInnerTexts()) expect(row).toContain("מעל הטווח הרגיל");
    const text = await page.locator("body").innerText();
    expect(englishKeys.filter((key) => text.includes(key))).toEqual([]);
    await page.screenshot({ path: `${SCREENSHOTS}/lift-he.png`, fullPage: true });
    expect(problems).toEqual([]);
    await page.close();
  });
});
