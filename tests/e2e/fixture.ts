import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll } from "vitest";
import { launchBrowser } from "./browser";
import { startDemo, type DemoServer } from "./demo-server";

export { chartDrawn, watchProblems } from "./browser";

/**
 * Where a test file's screenshots go: a private temporary folder, removed after the file, unless
 * E2E_SCREENSHOTS names a folder to keep them in. Tests never write into the repository (the
 * README's screenshots come from `npm run screenshots`).
 */
const KEEP_SCREENSHOTS = process.env.E2E_SCREENSHOTS;
export const SCREENSHOTS = KEEP_SCREENSHOTS ? path.resolve(KEEP_SCREENSHOTS) : mkdtempSync(path.join(tmpdir(), "codetrail-e2e-screenshots-"));

/** Makes the screenshot folder for this file, and removes it after the file unless it is kept. */
export function screenshotFolder(): string {
  beforeAll(() => {
    mkdirSync(SCREENSHOTS, { recursive: true });
  });
  afterAll(() => {
    if (!KEEP_SCREENSHOTS) rmSync(SCREENSHOTS, { recursive: true, force: true });
  });
  return SCREENSHOTS;
}

export interface DemoBrowser {
  demo: DemoServer;
  browser: Browser;
}

/** One demo server (`npm run demo` on a fresh data directory) and one Chromium per test file. */
export function demoInBrowser(): DemoBrowser {
  const env = {} as DemoBrowser;
  screenshotFolder();
  beforeAll(async () => {
    env.demo = await startDemo();
    env.browser = await launchBrowser();
  });
  afterAll(async () => {
    await env.browser?.close();
    await env.demo?.stop();
  });
  return env;
}
