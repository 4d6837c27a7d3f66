/**
 * The embedded-admin harness: the app as a merchant meets it inside the Shopify admin, in
 * headless Chromium. See docs/embedded-harness.md.
 *
 * - The production build (NODE_ENV=production, server.mjs, no demo mode) on a fresh PostgreSQL
 *   database (migrated with the project's migrations, dropped afterwards) on the server in
 *   TEST_DATABASE_URL (default postgresql://postgres@127.0.0.1:5432/test).
 * - An installed shop: its Shop row and the offline Session token exchange stores, a few
 *   influencers with codes and a campaign, and orders delivered as signed webhooks.
 * - A host page at https://admin.shopify.com/store/<store>/apps/<api key> (served by the test)
 *   that frames the app at /app?embedded=1&shop=…&host=…&id_token=…&locale=en, the query Shopify
 *   adds, and App Bridge replaced by a stand-in (app-bridge-stand-in.js) that adds a fresh ID token
 *   to the app's own fetch requests only.
 *
 * Admin API calls cannot reach Shopify from here and the app has no stand-in for them outside
 * demo mode: pages open without them; actions that need them answer with their error message.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { randomUUID } from "node:crypto";
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import path from "node:path";
import { Session } from "@shopify/shopify-api";
import { PrismaSessionStorage } from "@shopify/shopify-app-session-storage-prisma";
import type { Browser, Frame, Page } from "playwright-core";
import { afterAll, beforeAll } from "vitest";
import { buildDeliveries } from "../../../scripts/bench/payloads";
import { sessionToken } from "../../../scripts/bench/session-token";
import { orderPayload, sign } from "../../support/webhook-samples";
import { createTestDatabase, type TestDatabase } from "../../support/database";
import { launchBrowser } from "../browser";
import { freePort } from "../demo-server";
import { watchProblems } from "../fixture";

export const SHOP = "codetrail-harness.myshopify.com";
export const API_KEY = "harness-api-key";
export const API_SECRET = "harness-secret";
/** Where the host page lives: the Shopify admin's own address for an app. */
export const ADMIN_URL = `https://admin.shopify.com/store/${SHOP.split(".")[0]}/apps/${API_KEY}`;
const APP_BRIDGE_URL = "https://cdn.shopify.com/shopifycloud/app-bridge.js";
const STAND_IN = readFileSync(new URL("./app-bridge-stand-in.js", import.meta.url), "utf8");
const POSTGRES = process.env.TEST_DATABASE_URL || "postgresql://postgres@127.0.0.1:5432/test";

/** An ID token as Shopify's admin issues it to the app (HS256 JWT, 60 s, signed with the secret). */
export const idToken = (shop = SHOP) => sessionToken({ apiKey: API_KEY, secret: API_SECRET, shop });

/** `host` as Shopify sends it: base64 of the shop's admin address, without padding. */
export const hostParam = (shop = SHOP) =>
  Buffer.from(`admin.shopify.com/store/${shop.split(".")[0]}`).toString("base64").replace(/=+$/, "");

/**
 * A merchant's Chrome. shopify-app-remix answers 410 Gone to bots (isbot), and both
 * "HeadlessChrome" and Node's fetch count as bots.
 */
export const merchantUserAgent = (chromeVersion = "140.0.0.0") =>
  `Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/${chromeVersion} Safari/537.36`;

/** The query Shopify adds when the admin loads the app. */
export function adminQuery({ shop = SHOP, locale = "en" } = {}) {
  return new URLSearchParams({ embedded: "1", shop, host: hostParam(shop), id_token: idToken(shop), locale }).toString();
}

export interface EmbeddedApp {
  /** The app's origin (SHOPIFY_APP_URL). */
  url: string;
  /** The run's database, open in the test process too (to seed and to check what forms did). */
  db: TestDatabase;
  shopId: string;
  /** The seeded influencers' codes, by influencer name. */
  codes: Record<string, string>;
  startupMs: number;
  /** Everything the server printed. */
  output(): string;
  /** Server log lines at error level or above (pino level ≥ 50) and anything on stderr. */
  serverErrors(): string[];
  stop(): Promise<void>;
}

const bin = (name: string) => path.resolve("node_modules/.bin", name);

function run(command: string, args: string[], env: NodeJS.ProcessEnv): Promise<void> {
  return new Promise((resolve, reject) => {
    let output = "";
    const child = spawn(command, args, { env, stdio: ["ignore", "pipe", "pipe"] });
    child.stdout.on("data", (c) => (output += c));
    child.stderr.on("data", (c) => (output += c));
    child.on("exit", (code) => (code === 0 ? resolve() : reject(new Error(`${command} exited with ${code}:\n${output.slice(-3000)}`))));
  });
}

/**
 * The installed shop: what the app has after a merchant installed it (token exchange stored the
 * offline session, afterAuth stored the shop's details), and what a merchant set up earlier:
 * influencers with codes already in Shopify, a campaign, a fee.
 */
async function seedInstalledShop(db: TestDatabase) {
  const { prisma } = db;
  const shop = await prisma.shop.create({
    data: { domain: SHOP, name: "Harness Outfitters", currencyCode: "USD", ianaTimezone: "America/New_York" },
  });
  const storage = new PrismaSessionStorage(prisma as unknown as ConstructorParameters<typeof PrismaSessionStorage>[0]);
  const now = Date.now();
  await storage.storeSession(
    new Session({
      id: `offline_${SHOP}`,
      shop: SHOP,
      state: "",
      isOnline: false,
      scope: "read_orders,read_customers,read_discounts,write_discounts,write_pixels,read_customer_events,write_store_credit_account_transactions,read_store_credit_account_transactions,read_store_credit_accounts,write_gift_cards,read_gift_cards",
      accessToken: "shpat_harness_offline_token",
      // Expiring offline tokens (future.expiringOfflineAccessTokens): an hour, refreshable.
      expires: new Date(now + 3_600_000),
      refreshToken: "shprt_harness_refresh_token",
      refreshTokenExpires: new Date(now + 90 * 86_400_000),
    }),
  );
  const codes: Record<string, string> = { "Jane Porter": "JANE15", "Marco Rossi": "MARCO10" };
  const daysAgo = (days: number) => new Date(Date.UTC(new Date().getUTCFullYear(), new Date().getUTCMonth(), new Date().getUTCDate() - days));
  const campaign = await prisma.campaign.create({
    data: { shopId: shop.id, name: "Autumn Layers", goal: "CONVERSION", startsOn: daysAgo(60), budget: "5000.0000" },
  });
  let n = 0;
  for (const [name, code] of Object.entries(codes)) {
    n += 1;
    const influencer = await prisma.influencer.create({
      data: {
        shopId: shop.id,
        name,
        email: `${name.split(" ")[0].toLowerCase()}@example.com`,
        handles: { create: [{ shopId: shop.id, platform: "INSTAGRAM", handle: name.replace(" ", "").toLowerCase() }] },
      },
    });
    await prisma.discountCode.create({
      data: {
        shopId: shop.id,
        influencerId: influencer.id,
        code,
        value: code.replace(/\D/g, ""),
        shopifyDiscountId: `gid://shopify/DiscountCodeNode/${n}`,
        // Jane's code belongs to the campaign; Marco's existed in the store before CodeTrail
        // (linked, so Order sync offers its past orders).
        campaignId: code === "JANE15" ? campaign.id : null,
        linkedExisting: code === "MARCO10",
      },
    });
    await prisma.campaignInfluencer.create({ data: { shopId: shop.id, campaignId: campaign.id, influencerId: influencer.id } });
    await prisma.costEntry.create({
      data: { shopId: shop.id, influencerId: influencer.id, campaignId: campaign.id, kind: "FLAT_FEE", amount: "250.0000", incurredOn: daysAgo(10) },
    });
  }
  return { shopId: shop.id, codes };
}

/** Starts the production server of a fresh build on a fresh database with an installed shop. */
export async function startEmbeddedApp(): Promise<EmbeddedApp> {
  const started = Date.now();
  // Its own build (ignored .cache/), so a rebuild of build/ meanwhile cannot disturb the server.
  mkdirSync(".cache", { recursive: true });
  const buildDir = path.relative(process.cwd(), mkdtempSync(path.join(".cache", "e2e-embedded-")));
  const env: Record<string, string | undefined> = {
    ...process.env,
    NODE_ENV: "production",
    CODETRAIL_BUILD_DIR: buildDir,
  };
  delete env.CODETRAIL_DEMO;
  for (const key of Object.keys(env)) if (key.startsWith("VITEST")) delete env[key];
  let db: TestDatabase | undefined;
  let child: ChildProcess | undefined;
  let log = "";
  const stop = async () => {
    if (child && child.exitCode === null) {
      const exited = new Promise((resolve) => child!.once("exit", resolve));
      child.kill("SIGTERM");
      await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 8000))]);
      if (child.exitCode === null) child.kill("SIGKILL");
    }
    await db?.destroy();
    rmSync(buildDir, { recursive: true, force: true });
  };
  try {
    await run(bin("remix"), ["vite:build"], env as NodeJS.ProcessEnv);
    db = await createTestDatabase({ serverUrl: POSTGRES, install: false }).catch((error: Error) => {
      throw new Error(`The embedded-admin tests need PostgreSQL at ${POSTGRES} (TEST_DATABASE_URL): ${error.message}`);
    });
    const seeded = await seedInstalledShop(db);
    const port = await freePort();
    const url = `http://127.0.0.1:${port}`;
    Object.assign(env, {
      SHOPIFY_API_KEY: API_KEY,
      SHOPIFY_API_SECRET: API_SECRET,
      SHOPIFY_APP_URL: url,
      DATABASE_URL: db.url,
      PORT: String(port),
      HOST: "127.0.0.1",
      LOG_LEVEL: "info",
      // Background jobs would call the Admin API, which is unreachable here: they stay queued.
      CODETRAIL_JOB_WORKER: "off",
    });
    child = spawn(process.execPath, ["server.mjs"], { env: env as NodeJS.ProcessEnv, stdio: ["ignore", "pipe", "pipe"] });
    const errors: string[] = [];
    child.stdout!.on("data", (chunk: Buffer) => {
      log += chunk;
      for (const line of chunk.toString("utf8").split("\n")) {
        if (/^\{.*"level":(5|6)\d/.test(line)) errors.push(line);
      }
    });
    child.stderr!.on("data", (chunk: Buffer) => {
      log += chunk;
      errors.push(chunk.toString("utf8"));
    });
    for (;;) {
      if (child.exitCode !== null) throw new Error(`server.mjs exited early:\n${log.slice(-3000)}`);
      if (Date.now() - started > 180_000) throw new Error(`server.mjs did not answer /health within 180 s:\n${log.slice(-3000)}`);
      if (await fetch(`${url}/health`).then((r) => r.ok, () => false)) break;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    // Orders arrive as Shopify sends them: signed webhooks, most with the influencers' codes…
    const deliveries = buildDeliveries({ codes: { [SHOP]: Object.values(seeded.codes) }, count: 30, secret: API_SECRET, seed: 15 });
    for (const d of deliveries) {
      const response = await fetch(`${url}${d.path}`, { method: "POST", headers: d.headers, body: d.body });
      if (!response.ok) throw new Error(`webhook ${d.topic} answered ${response.status}`);
    }
    // …and a few of Jane's from a coupon site in the last days: /app/leaks flags her code.
    for (let i = 0; i < 4; i++) {
      await deliverOrder(url, {
        id: String(6_200_000_000_000 + i),
        code: "JANE15",
        createdAt: new Date(Date.now() - (i + 1) * 86_400_000),
        referringSite: "https://www.retailmenot.com/view/harness-outfitters",
      });
    }
    return {
      url,
      db,
      ...seeded,
      startupMs: Date.now() - started,
      output: () => log,
      serverErrors: () => errors,
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}

/** Delivers an orders/create webhook for the harness shop, signed as Shopify signs it (HMAC). */
export async function deliverOrder(
  appUrl: string,
  order: { id: string; code: string | null; createdAt: Date; referringSite?: string; landingSite?: string },
): Promise<void> {
  const body = JSON.stringify(
    orderPayload({
      orderId: order.id,
      created_at: order.createdAt.toISOString(),
      updated_at: order.createdAt.toISOString(),
      discount_codes: order.code ? [{ code: order.code, amount: "12.00", type: "percentage" }] : [],
      referring_site: order.referringSite ?? null,
      landing_site: order.landingSite ?? null,
    }),
  );
  const response = await deliverWebhook(appUrl, "orders/create", body);
  if (!response.ok) throw new Error(`orders/create for ${order.id} answered ${response.status}`);
}

/** Delivers a webhook of any topic for the harness shop, signed as Shopify signs it (HMAC). */
export function deliverWebhook(appUrl: string, topic: string, body: string, shop = SHOP): Promise<Response> {
  return fetch(`${appUrl}/webhooks/${topic}`, {
    method: "POST",
    body,
    headers: {
      "Content-Type": "application/json",
      "X-Shopify-Topic": topic,
      "X-Shopify-Hmac-Sha256": sign(body, API_SECRET),
      "X-Shopify-Shop-Domain": shop,
      "X-Shopify-API-Version": "2026-10",
      "X-Shopify-Webhook-Id": randomUUID(),
      "X-Shopify-Event-Id": randomUUID(),
      "X-Shopify-Triggered-At": new Date().toISOString(),
    },
  });
}

export interface EmbeddedEnv {
  app: EmbeddedApp;
  browser: Browser;
  /** Every request any admin page of this file sent to the app (for coverage checks). */
  requests: AppRequest[];
}

/** One embedded app (startEmbeddedApp) and one Chromium per test file. */
export function embeddedAdmin(): EmbeddedEnv {
  const env = { requests: [] } as unknown as EmbeddedEnv;
  beforeAll(async () => {
    env.app = await startEmbeddedApp();
    env.browser = await launchBrowser();
  });
  afterAll(async () => {
    await env.browser?.close();
    await env.app?.stop();
  });
  return env;
}

/** A request from the browser to the app: what the server saw of it. */
export interface AppRequest {
  method: string;
  path: string;
  /** document, fetch, stylesheet, script… (Playwright's resource type). */
  type: string;
  /** Whether it carried `Authorization: Bearer …`. */
  token: boolean;
  status?: number;
}

export interface AdminPage {
  /** The admin (host page): screenshots, downloads and events. */
  page: Page;
  /** The app's iframe: where the tests click and read. */
  frame: Frame;
  /** Console errors and warnings, page errors, failed requests, 5xx answers, trips to the login page. */
  problems: string[];
  /** Every request to the app, in order. */
  requests: AppRequest[];
}

/**
 * Opens the app inside the admin, at `path` (default /app) with the query Shopify adds, and waits
 * until the page has hydrated. Read and click in `frame`; wait for what an action shows after it.
 */
export async function openInAdmin(env: EmbeddedEnv, appPath = "/app", { locale = "en" } = {}): Promise<AdminPage> {
  const context = await env.browser.newContext({
    viewport: { width: 1280, height: 900 },
    acceptDownloads: true,
    userAgent: merchantUserAgent(env.browser.version()),
  });
  // The app answers on loopback, the admin on a public address: Chromium asks before a public page
  // reaches the local network (a deployed app is public, so merchants never see that prompt).
  await context.grantPermissions(["local-network-access"], { origin: "https://admin.shopify.com" });
  const page = await context.newPage();
  page.on("close", () => void context.close());
  await page.exposeBinding("__harnessIdToken", () => idToken());
  await page.route(APP_BRIDGE_URL, (route) => route.fulfill({ contentType: "text/javascript", body: STAND_IN }));
  const src = `${env.app.url}${appPath}${appPath.includes("?") ? "&" : "?"}${adminQuery({ locale })}`;
  await page.route(ADMIN_URL, (route) =>
    route.fulfill({
      contentType: "text/html",
      body: `<!doctype html><html><head><title>Shopify admin (harness)</title></head>
        <body style="margin:0"><iframe name="app-iframe" title="CodeTrail" src="${src.replace(/&/g, "&amp;")}"
        style="border:0;width:100%;height:100vh;display:block"></iframe></body></html>`,
    }),
  );
  const problems = watchProblems(page, { warnings: true });
  const requests: AppRequest[] = [];
  const byRequest = new Map<unknown, AppRequest>();
  page.on("request", (request) => {
    const url = new URL(request.url());
    if (url.origin !== env.app.url) return;
    const entry: AppRequest = {
      method: request.method(),
      path: url.pathname + url.search,
      type: request.resourceType(),
      token: /^Bearer \S+/.test(request.headers()["authorization"] ?? ""),
    };
    requests.push(entry);
    env.requests.push(entry);
    byRequest.set(request, entry);
  });
  page.on("response", (response) => {
    const entry = byRequest.get(response.request());
    if (!entry) return;
    entry.status = response.status();
    const location = response.headers()["location"] ?? "";
    if (response.status() >= 500) problems.push(`${response.status()} for ${entry.method} ${entry.path}`);
    if (location.includes("/auth/login")) problems.push(`${entry.method} ${entry.path} sent to the login page`);
  });
  await page.goto(ADMIN_URL);
  const frame = await frameOf(page);
  await hydrated(frame);
  return { page, frame, problems, requests };
}

/**
 * Waits until the app's page has hydrated (React owns its first heading): clicks before that would
 * be the browser's own navigations and form posts, which carry no ID token.
 */
export async function hydrated(frame: Frame) {
  await frame.waitForFunction(
    `[...document.querySelectorAll("h1, h2")].some((h) => Object.keys(h).some((k) => k.startsWith("__reactFiber")))`,
  );
}

async function frameOf(page: Page): Promise<Frame> {
  const handle = await page.waitForSelector('iframe[name="app-iframe"]');
  const frame = await handle.contentFrame();
  if (!frame) throw new Error("The app's iframe has no frame");
  return frame;
}

/**
 * A click on one of the app's links in the admin's sidebar: App Bridge dispatches
 * `shopify:navigate` on that `<ui-nav-menu>` link and the app's AppProvider navigates.
 */
export async function adminNavigate(frame: Frame, label: string) {
  await frame.waitForFunction("window.__harnessNavigateListeners > 0");
  const href = await frame.evaluate(`(() => {
    const link = [...document.querySelectorAll("ui-nav-menu a")].find((a) => a.textContent.trim() === ${JSON.stringify(label)});
    if (!link) throw new Error("No link " + ${JSON.stringify(label)} + " in ui-nav-menu");
    link.dispatchEvent(new CustomEvent("shopify:navigate", { bubbles: true }));
    return link.getAttribute("href");
  })()`);
  await frame.waitForURL((url) => url.pathname === new URL(String(href), url).pathname);
}
