import { mkdirSync } from "node:fs";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll } from "vitest";
import { launchBrowser } from "./browser";
import { startDemo, type DemoServer } from "./demo-server";

export const SCREENSHOTS = "tests/e2e/screenshots";

export interface DemoBrowser {
  demo: DemoServer;
  browser: Browser;
}

/** One demo server (`npm run demo` on a fresh data directory) and one Chromium per test file. */
export function demoInBrowser(): DemoBrowser {
  const env = {} as DemoBrowser;
  beforeAll(async () => {
    mkdirSync(SCREENSHOTS, { recursive: true });
    env.demo = await startDemo();
    env.browser = await launchBrowser();
  });
  afterAll(async () => {
    await env.browser?.close();
    await env.demo?.stop();
  });
  return env;
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
