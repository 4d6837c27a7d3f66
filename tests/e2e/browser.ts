import { existsSync } from "node:fs";
import { chromium, type Browser, type Page } from "playwright-core";

/** Debian's Chromium (apt package `chromium`), headless; Playwright's own download is unavailable. */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH || "/usr/bin/chromium";

export async function launchBrowser(): Promise<Browser> {
  if (!existsSync(CHROMIUM_PATH)) {
    throw new Error(`Chromium not found at ${CHROMIUM_PATH}: install Debian's chromium package.`);
  }
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
  });
}

/**
 * What went wrong on a page: console errors (and warnings with `warnings: true`), uncaught errors
 * and failed requests. A request the page itself cancelled (net::ERR_ABORTED: Remix drops an
 * in-flight fetcher load when it revalidates, a download replaces a navigation) is not a failure,
 * nor is the AbortError such a cancelled single-fetch request sometimes leaves unhandled (a Remix
 * race, more frequent when fetch awaits a token first as inside the admin).
 */
export function watchProblems(page: Page, { warnings = false } = {}): string[] {
  const problems: string[] = [];
  page.on("console", (m) => {
    if (m.type() === "error") problems.push(m.text());
    else if (warnings && m.type() === "warning") problems.push(`warning: ${m.text()}`);
  });
  page.on("pageerror", (e) => {
    // Playwright passes some DOMExceptions with the name only at the start of the message.
    if (e.name !== "AbortError" && !e.message.startsWith("AbortError")) problems.push(String(e));
  });
  page.on("requestfailed", (r) => {
    if (r.failure()?.errorText !== "net::ERR_ABORTED") problems.push(`request failed: ${r.url()} (${r.failure()?.errorText})`);
  });
  return problems;
}

/** polaris-viz mounts after hydration and draws once it has measured its container. */
export async function chartDrawn(page: Page) {
  // A string, not a function: the test transform would wrap a function with helpers the page lacks.
  await page.waitForFunction(
    `[...document.querySelectorAll('[data-chart="trend"] svg')].some((svg) => svg.getBoundingClientRect().width > 300 && svg.querySelector("path"))`,
  );
}
