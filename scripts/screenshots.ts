// `npm run screenshots`: refreshes the README's screenshots, docs/screenshots/overview.png and
// overview-he.png. Starts `npm run demo` on a fresh data directory and a free port (as the browser
// tests do), opens the overview in English and in Hebrew in Chromium at 1280×900 and saves full-page
// screenshots. A page with console errors or failed requests replaces nothing.
// `npm run screenshots -- --no-build` serves the current build instead of building first.
import { copyFileSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import type { Browser } from "playwright-core";
import { chartDrawn, launchBrowser, watchProblems } from "../tests/e2e/browser";
import { startDemo } from "../tests/e2e/demo-server";

const OUT = "docs/screenshots";
const SHOTS = [
  { file: "overview.png", path: "/app", heading: "Overview" },
  { file: "overview-he.png", path: "/app?locale=he", heading: "סקירה כללית" },
];

const scratch = mkdtempSync(path.join(tmpdir(), "codetrail-screenshots-"));
console.log("Starting the demo (npm run demo on a fresh data directory)…");
const demo = await startDemo({ build: !process.argv.includes("--no-build") });
let browser: Browser | undefined;
try {
  browser = await launchBrowser();
  const taken: string[] = [];
  for (const shot of SHOTS) {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    const problems = watchProblems(page);
    const response = await page.goto(`${demo.url}${shot.path}`, { waitUntil: "networkidle" });
    if (response?.status() !== 200) throw new Error(`${shot.path} answered ${response?.status()}`);
    await page.getByRole("heading", { name: shot.heading }).waitFor();
    await chartDrawn(page);
    await page.screenshot({ path: path.join(scratch, shot.file), fullPage: true });
    if (problems.length) throw new Error(`${shot.path} had problems:\n${problems.join("\n")}`);
    await page.close();
    taken.push(shot.file);
  }
  // Only when every page was fine: the README's images change together.
  for (const file of taken) {
    copyFileSync(path.join(scratch, file), path.join(OUT, file));
    console.log(`Wrote ${OUT}/${file}`);
  }
} finally {
  await browser?.close();
  await demo.stop();
  rmSync(scratch, { recursive: true, force: true });
}
