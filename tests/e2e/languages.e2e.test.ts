import { readdirSync, readFileSync } from "node:fs";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchBrowser } from "./browser";
import { startDemo, type DemoServer } from "./demo-server";

/**
 * Every admin page in every language: the document direction follows the language, nothing on the
 * page is a raw message key, and the page renders without errors. New pages join through the
 * navigation, so they are checked as soon as they are linked.
 */
const LANGUAGES = [
  { language: "en", dir: "ltr" },
  { language: "he", dir: "rtl" },
  { language: "ar", dir: "rtl" },
  { language: "fa", dir: "rtl" },
  { language: "th", dir: "ltr" },
];
const KEYS = readdirSync("app/i18n/messages/en").flatMap((file) =>
  Object.keys(JSON.parse(readFileSync(`app/i18n/messages/en/${file}`, "utf8"))),
);

let demo: DemoServer;
let browser: Browser;
let pages: string[] = [];

beforeAll(async () => {
  demo = await startDemo();
  browser = await launchBrowser();
  const page = await browser.newPage();
  await page.goto(`${demo.url}/app?locale=en`, { waitUntil: "networkidle" });
  pages = await page
    .getByRole("navigation", { name: "CodeTrail sections" })
    .getByRole("link")
    .evaluateAll((links) => links.map((a) => new URL((a as HTMLAnchorElement).href).pathname));
  // An influencer's and a campaign's own page too.
  const detail = await page.evaluate(async () => {
    const html = await (await fetch("/app/influencers")).text();
    return /href="(\/app\/influencers\/[0-9a-f-]{36})"/.exec(html)?.[1] ?? null;
  });
  if (detail) pages.push(detail);
  await page.close();
});
afterAll(async () => {
  await browser?.close();
  await demo?.stop();
});

describe("every admin page in every language", () => {
  it("finds the pages to check", () => {
    expect(pages.length).toBeGreaterThanOrEqual(6);
  });

  it.each(LANGUAGES)("$language: direction $dir, no raw keys, no errors", async ({ language, dir }) => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    const problems: string[] = [];
    page.on("pageerror", (e) => problems.push(String(e)));
    // react-intl reports a message id it cannot find (MISSING_TRANSLATION) as a console error.
    page.on("console", (m) => m.type() === "error" && problems.push(m.text()));
    await page.goto(`${demo.url}/app?locale=${language}`, { waitUntil: "networkidle" });
    for (const path of pages) {
      const response = await page.goto(`${demo.url}${path}`, { waitUntil: "networkidle" });
      expect(response?.status(), `${path} in ${language}`).toBe(200);
      expect(await page.getAttribute("html", "dir"), path).toBe(dir);
      expect(await page.getAttribute("html", "lang"), path).toBe(language);
      const text = await page.locator("body").innerText();
      expect(KEYS.filter((key) => text.includes(key)), `raw keys on ${path} in ${language}`).toEqual([]);
    }
    expect(problems).toEqual([]);
    await page.close();
  });
});
