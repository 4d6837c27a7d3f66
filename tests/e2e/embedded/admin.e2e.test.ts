import { randomBytes } from "node:crypto";
import { readdirSync, readFileSync } from "node:fs";
import { get as httpGet, request as httpRequest } from "node:http";
import type { Frame } from "playwright-core";
import { describe, expect, it } from "vitest";
import { screenshotFolder, watchProblems } from "../fixture";
import {
  API_KEY,
  API_SECRET,
  adminNavigate,
  adminQuery,
  deliverOrder,
  deliverWebhook,
  embeddedAdmin,
  hydrated,
  merchantUserAgent,
  openInAdmin,
  SHOP,
  type AdminPage,
  type AppRequest,
} from "./harness";
import { sessionToken } from "../../../scripts/bench/session-token";
import { startTestSmtpServer } from "../../support/smtp";
import { orderPayload, sample, sampleRaw } from "../../support/webhook-samples";
import { hashPortalToken } from "../../../app/lib/portal-token.server";

// expect.poll gives up after 1 s by default; a busy 2-core machine needs longer for what follows a click.
const POLL = { timeout: 15_000 };

/**
 * The app inside the Shopify admin (production build, PostgreSQL, real session-token
 * authentication, App Bridge stand-in): every admin page opens, every form submits, the export
 * downloads, and nothing answers 5xx or sends the merchant to the login page.
 */
const env = embeddedAdmin();
// Screenshots go to a temporary folder, removed afterwards (E2E_SCREENSHOTS=<folder> keeps them).
const SHOTS = screenshotFolder();
// Chromium logs each answer that is not 2xx; a refused form or a Shopify failure is one on purpose.
const refused = "Failed to load resource: the server responded with a status of 400 (Bad Request)";
const unreachable = "Shopify could not be reached, so nothing was changed. Try again in a moment.";

const db = () => env.app.db.prisma;
const ids = async () => {
  const [jane, campaign] = await Promise.all([
    db().influencer.findFirstOrThrow({ where: { name: "Jane Porter" } }),
    db().campaign.findFirstOrThrow({ where: { name: "Autumn Layers" } }),
  ]);
  return { jane: jane.id, campaign: campaign.id };
};

/** The page's document came without a token; every fetch the app made carried one. */
function expectTokensOnFetchesOnly(requests: AppRequest[]) {
  const fetches = requests.filter((r) => r.type === "fetch");
  expect(fetches.filter((r) => !r.token)).toEqual([]);
  expect(requests.filter((r) => r.type !== "fetch" && r.token)).toEqual([]);
}

const heading = (frame: Frame, name: string) => frame.getByRole("heading", { name, exact: true }).first();

/** Answers a confirmation modal (ConfirmButton) with its confirm button, and waits for it to close. */
async function confirmDialog(frame: Frame, confirmLabel: string) {
  const dialog = frame.getByRole("dialog");
  await dialog.getByRole("button", { name: confirmLabel, exact: true }).click();
  await dialog.waitFor({ state: "detached" });
}

async function close(admin: AdminPage, expectedProblems: string[] = []) {
  expect(env.app.serverErrors()).toEqual([]);
  expect(admin.problems).toEqual(expectedProblems);
  await admin.page.close();
}

describe("outside the admin: the app's address and Shopify's login path", () => {
  it("shows a login form at / and /auth/login, explains a missing or invalid shop, and sends a valid one to Shopify", async () => {
    console.log(`embedded app ready in ${(env.app.startupMs / 1000).toFixed(1)} s (build, database, server, webhooks)`);
    for (const [url, status] of [
      ["/", 200],
      ["/auth/login", 200],
      ["/app", 200], // to /auth/login
      ["/app/reports/influencers.csv", 200], // a new tab or a plain link: the login page, not a 500
    ] as const) {
      const response = await fetch(`${env.app.url}${url}`, { headers: { "User-Agent": merchantUserAgent() } });
      expect(response.status, url).toBe(status);
      expect(await response.text(), url).toContain("Shop domain");
    }
    // Shopify opening the app at its root: on to /app with the same query.
    const root = await fetch(`${env.app.url}/?shop=${SHOP}&host=abc&embedded=1`, { redirect: "manual" });
    expect(root.status).toBe(302);
    expect(root.headers.get("location")).toBe(`/app?shop=${SHOP}&host=abc&embedded=1`);
    // A shop in the query goes straight to Shopify.
    const direct = await fetch(`${env.app.url}/auth/login?shop=${SHOP}`, { redirect: "manual" });
    expect(direct.headers.get("location")).toBe(`https://admin.shopify.com/store/codetrail-harness/oauth/install?client_id=${API_KEY}`);

    const page = await env.browser.newPage({ userAgent: merchantUserAgent(env.browser.version()) });
    const problems = watchProblems(page, { warnings: true });
    await page.route("https://admin.shopify.com/**", (route) => route.fulfill({ contentType: "text/html", body: "<h1>Shopify: install CodeTrail</h1>" }));
    await page.goto(`${env.app.url}/`);
    await heading(page.mainFrame(), "CodeTrail").waitFor();
    await hydrated(page.mainFrame());
    await page.screenshot({ path: `${SHOTS}/login.png`, fullPage: true });
    const form = page.getByRole("form", { name: "Log in" });
    await form.getByRole("button", { name: "Log in" }).click();
    await page.getByText("Enter your shop domain to log in.").waitFor();
    await form.getByLabel("Shop domain").fill("not a shop!");
    await form.getByRole("button", { name: "Log in" }).click();
    await page.getByText("Enter a valid shop domain, like example.myshopify.com.").waitFor();
    await form.getByLabel("Shop domain").fill("codetrail-harness");
    await form.getByRole("button", { name: "Log in" }).click();
    await page.waitForURL(`https://admin.shopify.com/store/codetrail-harness/oauth/install?client_id=${API_KEY}`);
    await page.getByRole("heading", { name: "Shopify: install CodeTrail" }).waitFor();

    await page.goto(`${env.app.url}/auth/login`);
    await page.getByRole("heading", { name: "Log in" }).waitFor();
    expect(problems).toEqual([]);
    expect(env.app.serverErrors()).toEqual([]);
    await page.close();
  });
});

describe("inside the admin", () => {
  it("opens every admin page with the query Shopify adds, with ID tokens on the app's fetches only", async () => {
    const { jane, campaign } = await ids();
    const pages: { path: string; heading: string; shot?: string }[] = [
      { path: "/app", heading: "Overview", shot: "overview" },
      { path: "/app/activity", heading: "Webhook activity" },
      { path: "/app/influencers", heading: "Influencers", shot: "influencers" },
      { path: "/app/influencers/new", heading: "Add influencer" },
      { path: `/app/influencers/${jane}`, heading: "Jane Porter", shot: "influencer" },
      { path: "/app/campaigns", heading: "Campaigns" },
      { path: `/app/campaigns/${campaign}`, heading: "Autumn Layers" },
      { path: `/app/codes/generate?campaignId=${campaign}`, heading: "Generate codes" },
      { path: "/app/content", heading: "Content performance" },
      { path: "/app/lift", heading: "Lift after posts and campaigns", shot: "lift" },
      { path: "/app/attribution", heading: "Attribution rules" },
      { path: "/app/reports/influencers", heading: "Influencer results", shot: "report" },
      { path: `/app/reports/influencers/${jane}`, heading: "Jane Porter" },
      { path: "/app/reports/campaigns", heading: "Campaign results" },
      { path: `/app/reports/campaigns/${campaign}`, heading: "Autumn Layers" },
      { path: "/app/sync", heading: "Order sync" },
      { path: "/app/leaks", heading: "Leaked codes", shot: "leaks" },
      { path: "/app/settings/email", heading: "Email settings" },
    ];
    for (const p of pages) {
      const admin = await openInAdmin(env, p.path);
      await heading(admin.frame, p.heading).waitFor();
      await admin.frame.waitForLoadState("networkidle");
      // The tab names the page.
      await expect.poll(() => admin.frame.title(), POLL).toBe(`${p.heading} · CodeTrail`);
      expect(admin.requests[0]).toMatchObject({ type: "document", token: false, status: 200 });
      expectTokensOnFetchesOnly(admin.requests);
      if (p.shot) await admin.page.screenshot({ path: `${SHOTS}/${p.shot}.png`, fullPage: true });
      await close(admin);
    }
    // The demo's mailbox and survey preview do not exist in production, nor does a mistyped page: an in-app 404
    // (navigation kept, a way back), not a 500 and not a bare "Not Found".
    for (const path of ["/app/demo/mailbox", "/app/demo/survey", "/app/no-such-page"]) {
      const missing = await openInAdmin(env, path);
      await heading(missing.frame, "Page not found").waitFor();
      await missing.frame.getByRole("link", { name: "Go to the overview" }).waitFor();
      expect(missing.requests[0]).toMatchObject({ type: "document", status: 404 });
      await close(missing, ["Failed to load resource: the server responded with a status of 404 (Not Found)"]);
    }
  });

  it("speaks the admin's language: Hebrew from the locale Shopify adds, right to left, kept while navigating", async () => {
    const admin = await openInAdmin(env, "/app", { locale: "he" });
    await heading(admin.frame, "סקירה כללית").waitFor();
    expect(await admin.frame.getAttribute("html", "dir")).toBe("rtl");
    await adminNavigate(admin.frame, "משפיענים");
    await heading(admin.frame, "משפיענים").waitFor();
    expect(await admin.frame.getAttribute("html", "lang")).toBe("he");
    await close(admin);
  });

  it("moves between pages through the admin's sidebar (shopify:navigate) without reloading", async () => {
    const admin = await openInAdmin(env, "/app");
    await heading(admin.frame, "Overview").waitFor();
    const sidebar = [
      ["Influencers", "Influencers"],
      ["Campaigns", "Campaigns"],
      ["Influencer results", "Influencer results"],
      ["Campaign results", "Campaign results"],
      ["Content", "Content performance"],
      ["Activity", "Webhook activity"],
      ["Order sync", "Order sync"],
      ["Leaked codes", "Leaked codes"],
      ["Email", "Email settings"],
      ["Overview", "Overview"],
    ];
    for (const [label, title] of sidebar) {
      await adminNavigate(admin.frame, label);
      await heading(admin.frame, title).waitFor();
    }
    // One document (the admin's first load); everything after came through authenticated fetches.
    expect(admin.requests.filter((r) => r.type === "document")).toHaveLength(1);
    expect(admin.requests.filter((r) => r.type === "fetch" && r.path.includes(".data")).length).toBeGreaterThanOrEqual(sidebar.length);
    expectTokensOnFetchesOnly(admin.requests);
    await close(admin);
  });

  it("downloads the influencer CSV through an authenticated fetch, named by the server", async () => {
    const admin = await openInAdmin(env, "/app/reports/influencers?range=all");
    await heading(admin.frame, "Influencer results").waitFor();
    const [download] = await Promise.all([admin.page.waitForEvent("download"), admin.frame.locator('[data-export="csv"]').click()]);
    expect(download.suggestedFilename()).toMatch(/^codetrail-influencers-\d{4}-\d{2}-\d{2}-\d{4}-\d{2}-\d{2}\.csv$/);
    expect(await download.failure()).toBeNull();
    const csv = readFileSync((await download.path())!, "utf8");
    const lines = csv.trimEnd().split("\r\n");
    expect(lines[0]).toBe(
      "influencer_id,influencer,codes,orders,new_customers,sales,discounts,refunds,net_sales,fees,commission,total_cost,roi_pct,roas,cpa,aov,currency," +
        "returning_customer_orders,repeat_orders,repeat_net_sales,survey_orders,survey_orders_without_code_or_link,dark_social_ratio",
    );
    expect(lines.find((l) => l.includes(",Jane Porter,"))).toMatch(/,Jane Porter,JANE15,[1-9]\d*,\d+,\d+\.\d{2},.*,USD,\d+,\d+,\d+\.\d{2},\d+,\d+,(\d+\.\d{2})?$/);
    // The file came from a fetch that carried the ID token, not from a document request.
    const exports = admin.requests.filter((r) => r.path.startsWith("/app/reports/influencers.csv"));
    expect(exports).toEqual([expect.objectContaining({ method: "GET", type: "fetch", token: true, status: 200 })]);
    await close(admin);
  });

  it("opens an influencer's page on her results and downloads her orders and the campaigns as CSV", async () => {
    const { jane } = await ids();
    const admin = await openInAdmin(env, `/app/influencers/${jane}`);
    const { frame } = admin;
    await heading(frame, "Jane Porter").waitFor();
    await heading(frame, "Results").waitFor();
    // Her orders arrived as signed webhooks: listed with the code that matched them.
    await frame.locator("[data-orders]").getByText("Code JANE15").first().waitFor();
    const orders = await db().attributedOrder.count({ where: { influencerId: jane, cancelledAt: null, test: false } });
    expect(await frame.locator('[data-kpi="orders"]').textContent()).toBe(String(orders));
    await admin.page.screenshot({ path: `${SHOTS}/influencer-results.png`, fullPage: true });
    const [download] = await Promise.all([admin.page.waitForEvent("download"), frame.locator('[data-export="orders-csv"]').click()]);
    const lines = readFileSync((await download.path())!, "utf8").trimEnd().split("\r\n");
    expect(lines[0]).toMatch(/^order_id,order,date,influencer_id,influencer,campaign_id,campaign,matched_by,code,link,/);
    expect(lines.slice(1).every((l) => l.includes(`,${jane},Jane Porter,`))).toBe(true);
    expect(lines.length).toBeGreaterThan(1);
    await close(admin);

    const list = await openInAdmin(env, "/app/reports/campaigns?range=90d");
    await heading(list.frame, "Campaign results").waitFor();
    const [campaigns] = await Promise.all([list.page.waitForEvent("download"), list.frame.locator('[data-export="campaigns-csv"]').click()]);
    const rows = readFileSync((await campaigns.path())!, "utf8").trimEnd().split("\r\n");
    expect(rows[0]).toMatch(/^campaign_id,campaign,goal,starts_on,ends_on,budget,spend_to_date,orders,/);
    expect(rows.some((l) => l.includes(",Autumn Layers,"))).toBe(true);
    const fetched = [...admin.requests, ...list.requests].filter((r) => /^\/app\/reports\/(orders|campaigns)\.csv/.test(r.path));
    expect(fetched).toEqual([
      expect.objectContaining({ method: "GET", type: "fetch", token: true, status: 200 }),
      expect.objectContaining({ method: "GET", type: "fetch", token: true, status: 200 }),
    ]);
    await close(list);
  });

  it("lists a customer's data request from the Activity page and downloads its complete report through an authenticated fetch", async () => {
    // Shopify's own data request (customer 191167, data request 9999) for a customer with 100
    // attributed orders, all delivered as signed webhooks.
    const deliverSigned = async (topic: string, body: string) => {
      expect((await deliverWebhook(env.app.url, topic, body)).status, topic).toBe(200);
    };
    const request = sample("2026-07", "customers/data_request");
    const customer = { ...sample("2026-07", "orders/create").customer, admin_graphql_api_id: `gid://shopify/Customer/${request.customer.id}` };
    const orderIds: string[] = [];
    for (let i = 0; i < 100; i++) {
      const orderId = (7_300_000_000_000_000_000n + BigInt(i)).toString();
      orderIds.push(orderId);
      const order = orderPayload({ orderId, customer, discount_codes: [{ code: "JANE15", amount: "3.00", type: "percentage" }] });
      await deliverSigned("orders/create", JSON.stringify(order));
    }
    await deliverSigned("customers/data_request", sampleRaw("2026-07", "customers/data_request").replace("{shop}.myshopify.com", SHOP));

    const admin = await openInAdmin(env, "/app/activity");
    const { frame } = admin;
    await heading(frame, "Webhook activity").waitFor();
    await frame.getByRole("link", { name: "Report stored: see Customer data requests" }).first().waitFor();
    await frame.getByRole("button", { name: "Customer data requests" }).or(frame.getByRole("link", { name: "Customer data requests", exact: true })).first().click();
    await heading(frame, "Customer data requests").waitFor();
    const row = frame.getByRole("row").filter({ hasText: "9999" });
    await row.getByText("191167").waitFor();
    expect(await row.textContent()).toContain("100");
    await admin.page.screenshot({ path: `${SHOTS}/data-requests.png`, fullPage: true });
    const [download] = await Promise.all([admin.page.waitForEvent("download"), row.locator('[data-export="data-request"] button').click()]);
    expect(download.suggestedFilename()).toMatch(/^codetrail-data-request-9999-\d{4}-\d{2}-\d{2}\.json$/);
    expect(await download.failure()).toBeNull();
    const report = JSON.parse(readFileSync((await download.path())!, "utf8"));
    expect(report).toMatchObject({ shop: SHOP, customerId: "191167", dataRequestId: "9999", orderCount: 100 });
    expect(report.orders.map((o: { orderId: string }) => o.orderId).sort()).toEqual(orderIds.sort());
    expect(report.orders.every((o: { attribution: { influencer: string } }) => o.attribution.influencer === "Jane Porter")).toBe(true);
    // One page document; the page change and the file came from fetches that carried the ID token.
    expect(admin.requests.filter((r) => r.type === "document")).toHaveLength(1);
    const files = admin.requests.filter((r) => /^\/app\/data-requests\/[0-9a-f-]{36}\/download/.test(r.path));
    expect(files).toEqual([expect.objectContaining({ method: "GET", type: "fetch", token: true, status: 200 })]);
    expectTokensOnFetchesOnly(admin.requests);
    await close(admin);
  });

  it("re-authenticates through the bounce page when the admin's ID token is not valid", async () => {
    const stale = sessionToken({ apiKey: API_KEY, secret: `not-${API_SECRET}`, shop: SHOP });
    const admin = await openInAdmin(env, `/app/influencers?id_token=${stale}`);
    await heading(admin.frame, "Influencers").waitFor();
    const documents = admin.requests.filter((r) => r.type === "document").map((r) => `${r.status} ${r.path.split("?")[0]}`);
    expect(documents).toEqual(["302 /app/influencers", "200 /auth/session-token", "200 /app/influencers"]);
    await close(admin);
  });
});

describe("every form inside the admin", () => {
  it("adds an influencer and uses every form of the influencer page", async () => {
    const admin = await openInAdmin(env, "/app/influencers/new");
    const { frame } = admin;
    await frame.getByLabel("Name", { exact: true }).fill("Rina Cohen");
    await frame.getByLabel("Email").fill("rina@example.com");
    await frame.getByRole("button", { name: "Save influencer" }).click();
    await heading(frame, "Rina Cohen").waitFor();
    await frame.getByText("Rina Cohen was added.").waitFor();
    await frame.waitForLoadState("networkidle");

    // Profile.
    await frame.getByLabel("Notes").fill("Met at the autumn fair");
    await frame.getByRole("button", { name: "Save", exact: true }).first().click();
    await frame.getByText("Saved.", { exact: true }).first().waitFor();

    // A cost, then its deletion.
    const costForm = frame.getByRole("form", { name: "Record a cost" });
    await costForm.getByLabel("Amount").fill("300");
    await costForm.getByLabel("Note").fill("Launch post");
    await costForm.getByRole("button", { name: "Add cost" }).click();
    await frame.getByText("Cost recorded.").waitFor();
    await frame.getByRole("cell", { name: "Launch post" }).waitFor();
    // Deleting asks first (the cost leaves ROI and CPA), then offers Undo.
    await frame.getByRole("row", { name: /Launch post/ }).getByRole("button", { name: /Delete/ }).click();
    await confirmDialog(frame, "Delete cost");
    await frame.getByRole("cell", { name: "Launch post" }).waitFor({ state: "detached" });
    await frame.locator("[data-cost-deleted]").getByRole("button", { name: "Undo" }).click();
    await frame.getByRole("cell", { name: "Launch post" }).waitFor();
    await frame.getByRole("row", { name: /Launch post/ }).getByRole("button", { name: /Delete/ }).click();
    await confirmDialog(frame, "Delete cost");
    await frame.getByRole("cell", { name: "Launch post" }).waitFor({ state: "detached" });

    // Commission.
    await frame.getByLabel("Commission", { exact: true }).selectOption("PERCENT_OF_NET_SALES");
    await frame.getByLabel("Percentage").fill("10");
    await frame.getByRole("button", { name: "Save commission" }).click();
    await frame.getByText("Commission saved.").waitFor();

    // A campaign: join, then leave.
    await frame.getByLabel("Add to a campaign").selectOption({ label: "Autumn Layers" });
    await frame.getByRole("button", { name: "Add", exact: true }).click();
    await frame.getByRole("link", { name: "Autumn Layers" }).waitFor();
    await frame.getByRole("button", { name: "Remove" }).click();
    await frame.getByText("Not in any campaign yet.").waitFor();

    // Portal link: create, rotate, revoke.
    await frame.getByRole("button", { name: "Create portal link" }).click();
    await frame.getByTestId("portal-link").waitFor();
    // Both break the influencer's bookmark: each asks first, and Cancel changes nothing.
    await frame.getByRole("button", { name: "Rotate link" }).click();
    await frame.getByRole("dialog").getByText("The current link stops working at once").waitFor();
    await frame.getByRole("dialog").getByRole("button", { name: "Cancel" }).click();
    await frame.getByRole("dialog").waitFor({ state: "detached" });
    await frame.getByTestId("portal-link").waitFor();
    await frame.getByRole("button", { name: "Rotate link" }).click();
    await confirmDialog(frame, "Replace link");
    await frame.getByRole("button", { name: "Revoke" }).click();
    await confirmDialog(frame, "Turn off");
    await frame.getByRole("button", { name: "Create portal link" }).waitFor();

    // Codes go through the Admin API, which cannot be reached from here: the forms answer with
    // Shopify's failure, the page stays usable.
    const createForm = frame.getByRole("form", { name: "Create a code" });
    await createForm.getByLabel("Code", { exact: true }).fill("rina20");
    await createForm.getByLabel("Value").fill("20");
    await createForm.getByRole("button", { name: "Create code" }).click();
    await createForm.getByText("Shopify could not be reached. The code is saved as failed and can be retried.").waitFor();
    await frame.getByRole("button", { name: "Retry" }).waitFor();
    const linkForm = frame.getByRole("form", { name: "Link an existing Shopify code" });
    await linkForm.getByLabel("Existing code").fill("OLDCODE10");
    await linkForm.getByRole("button", { name: "Link code" }).click();
    await linkForm.getByText(unreachable).waitFor();
    // The failed code's Retry looks it up in Shopify first: the same answer.
    await frame.getByRole("button", { name: "Retry" }).click();
    await frame.getByText(unreachable).nth(1).waitFor();
    await frame.waitForLoadState("networkidle");
    await admin.page.screenshot({ path: `${SHOTS}/influencer-forms.png`, fullPage: true });

    const posts = admin.requests.filter((r) => r.method === "POST");
    expect(posts.length).toBeGreaterThanOrEqual(12);
    expect(posts.filter((r) => !r.token || r.type !== "fetch")).toEqual([]);
    expectTokensOnFetchesOnly(admin.requests);
    await close(admin, [refused, refused, refused]);
  });

  it("sets up email; on an existing influencer's page pauses, edits and ends a code (Shopify unreachable), makes a tracking link, sends the code", async () => {
    const smtp = await startTestSmtpServer();
    try {
      // A mail server on this machine: refused by default in production (no SMTP_ALLOW_PRIVATE_HOSTS).
      const settings = await openInAdmin(env, "/app/settings/email");
      const s = settings.frame;
      await s.getByLabel("SMTP server").fill("127.0.0.1");
      await s.getByLabel("Port").fill(String(smtp.port));
      await s.getByLabel("Security").selectOption("NONE");
      await s.getByLabel("Sender address").fill("hello@harness-outfitters.example");
      await s.getByRole("button", { name: "Save", exact: true }).click();
      await s.getByText("CodeTrail connects only to mail servers on public addresses; this one is on a private, local or reserved network.").waitFor();
      const { id: shopId } = await db().shop.findUniqueOrThrow({ where: { domain: SHOP } });
      expect(await db().emailSettings.count({ where: { shopId } })).toBe(0);
      await close(settings, [refused]);
      // Settings stored before the check existed: the connection test refuses them without connecting.
      await db().emailSettings.create({
        data: { shopId, host: "127.0.0.1", port: smtp.port, security: "NONE", fromEmail: "hello@harness-outfitters.example" },
      });
      const tested = await openInAdmin(env, "/app/settings/email");
      await tested.frame.getByRole("button", { name: "Test connection" }).click();
      await tested.frame.getByTestId("smtp-test-failure").waitFor();
      expect(await tested.frame.getByTestId("smtp-test-failure").innerText()).toContain("the server's address is private, local or reserved");
      expect(await tested.frame.getByTestId("smtp-answer").count()).toBe(0);
      expect(smtp.connections).toBe(0);
      // The owner's daily summary: on by default; an address of its own, then turned off.
      const summary = tested.frame.getByRole("checkbox", { name: "Email me a daily summary" });
      expect(await summary.isChecked()).toBe(true);
      await tested.frame.getByLabel("Send it to").fill("owner@harness-outfitters.example");
      await summary.uncheck({ force: true });
      await tested.frame.getByRole("button", { name: "Save summary settings" }).click();
      await tested.frame.getByText("Daily summary settings saved.").waitFor();
      expect(await db().emailSettings.findUniqueOrThrow({ where: { shopId } })).toMatchObject({ dailySummary: false, summaryTo: "owner@harness-outfitters.example" });
      await tested.page.screenshot({ path: `${SHOTS}/email-settings-private-host.png`, fullPage: true });
      await close(tested);

      const { jane } = await ids();
      const admin = await openInAdmin(env, `/app/influencers/${jane}`);
      const { frame } = admin;
      await heading(frame, "Jane Porter").waitFor();
      await frame.waitForLoadState("networkidle");
      // Pausing, editing and ending go through the Admin API: each answers with the failure.
      await frame.getByRole("button", { name: "Pause JANE15" }).click();
      await frame.getByText(unreachable).first().waitFor();
      await frame.getByRole("button", { name: "Edit offer and dates" }).click();
      const editor = frame.getByRole("button", { name: "Save in Shopify" }).locator("xpath=ancestor::form");
      await editor.getByLabel("Value").fill("20");
      await editor.getByRole("button", { name: "Save in Shopify" }).click();
      await expect.poll(() => frame.getByText(unreachable).count(), POLL).toBe(2);
      await frame.getByRole("button", { name: /^End JANE15/ }).click();
      await Promise.all([
        admin.page.waitForResponse((r) => r.request().method() === "POST" && r.url().startsWith(`${env.app.url}/app/influencers/`)),
        confirmDialog(frame, "End code"),
      ]);
      await frame.getByText(unreachable).first().waitFor();
      expect((await db().discountCode.findFirstOrThrow({ where: { code: "JANE15" } })).status).toBe("ACTIVE");
      // A tracking link, then its deletion.
      await frame.getByLabel("Content piece").fill("reel-harness");
      await frame.getByRole("button", { name: "Create link" }).click();
      await frame.getByTestId("tracking-link").waitFor();
      await frame.getByRole("button", { name: "Delete" }).first().click();
      await confirmDialog(frame, "Delete link");
      await frame.getByText("No tracking links yet.").waitFor();
      // The code by email: queued (background jobs do not run in the harness).
      await frame.getByRole("button", { name: "Send code by email" }).click();
      await frame.getByText("Email queued. Its delivery shows below.").waitFor();
      expect(await db().outreachMessage.count({ where: { influencerId: jane } })).toBe(1);
      expectTokensOnFetchesOnly(admin.requests);
      await close(admin, [refused, refused, refused]);
    } finally {
      await smtp.close();
    }
  });

  it("shows a tracking link's funnel on the influencer page: a click, the pixel's visit and checkout, the ledger's order and net sales", async () => {
    const { jane, campaign } = await ids();
    const admin = await openInAdmin(env, `/app/influencers/${jane}`);
    const { frame } = admin;
    await heading(frame, "Jane Porter").waitFor();
    await frame.waitForLoadState("networkidle");
    const form = frame.locator("form").filter({ has: frame.getByRole("button", { name: "Create link" }) });
    await form.getByLabel("Campaign", { exact: true }).selectOption(campaign);
    await form.getByLabel("Content piece").fill("funnel-reel");
    await form.getByRole("button", { name: "Create link" }).click();
    await frame.getByTestId("link-funnel").waitFor();
    const link = await db().trackingLink.findFirstOrThrow({ where: { influencerId: jane, utmContent: "funnel-reel" }, include: { discountCode: true } });
    expect(link.campaignId).toBe(campaign);

    // A follower clicks the short link (a 302 to the store, counted)...
    const click = await fetch(`${env.app.url}/l/${link.slug}`, { redirect: "manual", headers: { "User-Agent": merchantUserAgent() } });
    expect(click.status).toBe(302);
    const landing = click.headers.get("Location")!;
    // ...the pixel sees the landing after Shopify's redirect, then the visit's checkout (no code typed)...
    const page = new URL(new URL(landing).searchParams.get("redirect")!, `https://${SHOP}`);
    const pixel = (body: object) =>
      fetch(`${env.app.url}/pixel/events`, { method: "POST", body: JSON.stringify(body), headers: { "Content-Type": "text/plain" } });
    const visit = { v: 1, shop: SHOP, visitId: "funnelvisit0000000000a", link: page.searchParams.get("ct_link") };
    const landed = await pixel({ ...visit, kind: "page_viewed", code: page.searchParams.get("ref"), utmSource: page.searchParams.get("utm_source"), utmMedium: "influencer", utmCampaign: page.searchParams.get("utm_campaign"), utmContent: "funnel-reel" });
    expect(landed.headers.get("X-CodeTrail-Outcome")).toBe("counted");
    const checkedOut = await pixel({ ...visit, kind: "checkout_completed", codes: [] });
    expect(checkedOut.headers.get("X-CodeTrail-Outcome")).toBe("counted");
    // ...and Shopify's order, landed through the link, reaches the ledger.
    await deliverOrder(env.app.url, { id: "9007199254799001", code: null, createdAt: new Date(), landingSite: landing });
    const order = await db().attributedOrder.findFirstOrThrow({ where: { shopifyOrderId: 9007199254799001n } });
    expect(order).toMatchObject({ trackingLinkId: link.id, campaignId: campaign });

    expectTokensOnFetchesOnly(admin.requests);
    await close(admin);
    // A post carries the link: the link's ROI is on what the post cost.
    const shopId = (await db().shop.findFirstOrThrow({ where: { domain: SHOP } })).id;
    await db().contentPost.create({
      data: { shopId, influencerId: jane, platform: "INSTAGRAM", url: "https://instagram.com/p/funnel-reel", postedOn: new Date(), cost: "10.00", trackingLinkId: link.id },
    });

    const again = await openInAdmin(env, `/app/influencers/${jane}`);
    await heading(again.frame, "Jane Porter").waitFor();
    const card = again.frame.getByTestId("link-funnel").first();
    await card.waitFor();
    const shown = async (id: string) => (await card.getByTestId(id).innerText()).trim();
    await expect.poll(() => shown("funnel-orders"), POLL).toBe("1");
    const currency = (await db().shop.findFirstOrThrow({ where: { domain: SHOP } })).currencyCode;
    const net = new Intl.NumberFormat("en", { style: "currency", currency }).format(Number(order.sales) - Number(order.refunded));
    expect({
      clicks: await shown("funnel-clicks"),
      visits: await shown("funnel-visits"),
      checkouts: await shown("funnel-checkouts"),
      orders: await shown("funnel-orders"),
      net: await shown("funnel-net-sales"),
      rates: [await shown("funnel-visit-rate"), await shown("funnel-checkout-rate"), await shown("funnel-order-rate")],
    }).toEqual({ clicks: "1", visits: "1", checkouts: "1", orders: "1", net, rates: ["→ 100%", "→ 100%", "→ 100%"] });
    const roi = ((Number(order.sales) - Number(order.refunded) - 10) / 10) * 100;
    expect(await shown("funnel-roi")).toBe(`${new Intl.NumberFormat("en", { maximumFractionDigits: 1 }).format(Math.round(roi * 10) / 10)}%`);
    expect(await shown("funnel-roi-basis")).toBe(`ROI on what the post carrying this link cost: ${new Intl.NumberFormat("en", { style: "currency", currency }).format(10)}.`);
    await card.screenshot({ path: `${SHOTS}/link-funnel.png` });
    await again.page.screenshot({ path: `${SHOTS}/influencer-links.png`, fullPage: true });
    expectTokensOnFetchesOnly(again.requests);
    await close(again);
  });

  it("creates a campaign, uses its forms, and generates its codes as a background job", async () => {
    const admin = await openInAdmin(env, "/app/campaigns");
    const { frame } = admin;
    await frame.getByLabel("Name").fill("Spring Launch");
    await frame.getByLabel("Budget").fill("1200");
    await frame.getByRole("button", { name: "Create campaign" }).click();
    await heading(frame, "Spring Launch").waitFor();
    await frame.getByText("Spring Launch was created.").waitFor();
    await hydrated(frame);

    await frame.getByLabel("Hashtag").fill("SpringHarness");
    await frame.getByRole("button", { name: "Save", exact: true }).first().click();
    await frame.getByText("Saved.", { exact: true }).first().waitFor();
    await frame.getByLabel("Add an influencer").selectOption({ label: "Marco Rossi" });
    await frame.getByRole("button", { name: "Add", exact: true }).click();
    await frame.getByRole("link", { name: "Marco Rossi" }).waitFor();
    await frame.getByRole("button", { name: "Remove" }).click();
    await frame.getByText("No influencers in this campaign yet.").waitFor();
    await frame.getByLabel("Add an influencer").selectOption({ label: "Jane Porter" });
    await frame.getByRole("button", { name: "Add", exact: true }).click();
    await frame.getByRole("link", { name: "Jane Porter" }).waitFor();
    await frame.getByLabel("Commission", { exact: true }).selectOption("FIXED_PER_ORDER");
    await frame.getByLabel("Amount per order").fill("5");
    await frame.getByRole("button", { name: "Save commission" }).click();
    await frame.getByText("Commission saved.").waitFor();
    await frame.getByRole("link", { name: "Generate codes for everyone in this campaign" }).click();
    await heading(frame, "Generate codes").waitFor();
    await frame.getByLabel("Value").fill("15");
    // Jane already holds JANE15: she gets a second code only when asked.
    await frame.getByText("Has JANE15").waitFor();
    expect(await frame.getByRole("button", { name: "Generate 0 codes" }).isDisabled()).toBe(true);
    await frame.getByLabel("Also give a second code to the influencer who already has one").check({ force: true });
    await frame.getByRole("button", { name: "Generate 1 code" }).click();
    await heading(frame, "Generating codes").waitFor();
    await frame.getByText("Waiting to start").waitFor();
    expect(new URL(frame.url()).pathname).toMatch(/^\/app\/jobs\/[0-9a-f-]{36}$/);

    // A campaign whose codes exist: every member gets theirs by email (queued; the email
    // settings are those saved by the test above).
    await adminNavigate(frame, "Campaigns");
    await frame.getByRole("link", { name: "Autumn Layers" }).click();
    await heading(frame, "Autumn Layers").waitFor();
    await frame.getByRole("button", { name: "Send codes by email" }).click();
    await confirmDialog(frame, "Send emails");
    await frame.getByText(/emails? queued/).waitFor();
    expectTokensOnFetchesOnly(admin.requests);
    await close(admin);
  });

  it("turns the post-purchase survey on, receives a buyer's answer from the extension and confirms its match", async () => {
    const admin = await openInAdmin(env, "/app/survey");
    const { frame } = admin;
    await heading(frame, "Post-purchase survey").waitFor();
    await hydrated(frame);
    await frame.getByRole("button", { name: "Turn the survey on" }).click();
    await frame.getByText("The survey is on: buyers are asked once per order.").waitFor();

    // The thank-you block's answer, with the session token the extension gets from Shopify.
    const token = sessionToken({ apiKey: API_KEY, secret: API_SECRET, shop: SHOP });
    const post = (authorization: string | null) =>
      fetch(`${env.app.url}/survey`, {
        method: "POST",
        headers: { "Content-Type": "application/json", Origin: "https://extensions.shopifycdn.com", ...(authorization ? { Authorization: authorization } : {}) },
        body: JSON.stringify({ v: 1, orderId: "9007199254740993", channel: "influencer", freeText: "jane porter!", locale: "en" }),
      });
    expect((await post(null)).status).toBe(401);
    expect((await post(`Bearer ${token}`)).status).toBe(201);
    expect((await post(`Bearer ${token}`)).status).toBe(409);
    const stored = await db().surveyResponse.findFirstOrThrow({ where: { shopifyOrderId: 9007199254740993n } });
    expect(stored.freeText).toBe("jane porter!");

    await adminNavigate(frame, "Survey");
    await frame.getByText("jane porter!").waitFor();
    await frame.getByRole("button", { name: "Confirm" }).first().click();
    await frame.getByText("Match confirmed.").waitFor();
    await admin.page.screenshot({ path: `${SHOTS}/survey.png`, fullPage: true });
    expect((await db().surveyResponse.findUniqueOrThrow({ where: { id: stored.id } })).confirmedAt).not.toBeNull();
    expectTokensOnFetchesOnly(admin.requests);
    await close(admin);
  });

  it("previews other attribution rules and applies them, recomputing in the background", async () => {
    const admin = await openInAdmin(env, "/app/attribution");
    const { frame } = admin;
    await heading(frame, "Attribution rules").waitFor();
    await frame.getByText("Now: discount code, then tracking link, then survey answer").waitFor();
    await frame.getByLabel("Which evidence wins").selectOption({ label: "survey answer, then discount code, then tracking link" });
    await frame.getByLabel("Orders only the survey names").selectOption({ label: "Credit them to the influencer the buyer named" });
    await frame.getByRole("button", { name: "Preview the change" }).click();
    await frame.getByText(/^Before and after, /).waitFor();
    // Previewing changed nothing.
    expect((await db().shop.findFirstOrThrow({ where: { domain: SHOP } })).attributionPrecedence).toEqual(["CODE", "LINK", "SURVEY"]);
    await frame.getByRole("button", { name: "Apply these rules" }).click();
    await confirmDialog(frame, "Apply these rules");
    // Background jobs do not run in the harness: the recomputation is queued and its progress shown
    // (tests/reports/attribution-rules.test.ts runs it).
    await frame.getByText(/^Recomputing: 0 of \d+ orders? checked/).waitFor();
    await frame.getByText("Now: survey answer, then discount code, then tracking link").waitFor();
    await frame.getByText(/^Orders named only by the survey are credited to the influencer the buyer named/).waitFor();
    await admin.page.screenshot({ path: `${SHOTS}/attribution-rules.png`, fullPage: true });
    const shop = await db().shop.findFirstOrThrow({ where: { domain: SHOP } });
    expect([shop.attributionPrecedence, shop.creditSurveyOnly]).toEqual([["SURVEY", "CODE", "LINK"], true]);
    const job = await db().backgroundJob.findFirstOrThrow({ where: { shopId: shop.id, kind: "attribution-recompute" } });
    expect(job.status).toBe("QUEUED");
    // Back to the default for the tests that follow.
    await db().backgroundJob.delete({ where: { id: job.id } });
    await db().shop.update({ where: { id: shop.id }, data: { attributionPrecedence: ["CODE", "LINK", "SURVEY"], creditSurveyOnly: false } });
    expectTokensOnFetchesOnly(admin.requests);
    await close(admin);
  });

  it("records, imports and deletes content and saves the value rates", async () => {
    const admin = await openInAdmin(env, "/app/content");
    const { frame } = admin;
    const post = frame.getByRole("heading", { name: "Record a post" }).locator("xpath=ancestor::form");
    await post.getByLabel("Post URL").waitFor();
    // Posts recorded by earlier tests of this file (the funnel test's reel) are listed too.
    const earlier = await frame.getByRole("button", { name: "Delete" }).count();
    await post.getByLabel("Post URL").fill("https://www.instagram.com/p/harness-1");
    await post.getByLabel("Reach").fill("12000");
    await post.getByLabel("Likes").fill("800");
    await post.getByRole("button", { name: "Save" }).click();
    await post.getByText("Saved.").waitFor();
    await frame.locator('input[type="file"][name="file"]').setInputFiles({
      name: "posts.csv",
      mimeType: "text/csv",
      buffer: Buffer.from(
        "Influencer,Campaign,Platform,URL,Date,Cost,Reach,Impressions,Likes,Comments,Shares,Saves,Video views,Link clicks,Hashtag mentions\n" +
          "Marco Rossi,Autumn Layers,youtube,https://youtube.com/watch?v=harness,2026-11-05,100,1000,2000,50,10,5,5,300,20,1\n",
      ),
    });
    await frame.getByRole("button", { name: "Import" }).click();
    await frame.getByText("Imported 1 of 1 row.").waitFor();
    const rates = frame.getByRole("heading", { name: "Earned media value rates" }).locator("xpath=ancestor::form");
    await rates.getByLabel("Likes").fill("0.25");
    await rates.getByRole("button", { name: "Save" }).click();
    await rates.getByText("Saved.").waitFor();
    expect(await frame.getByRole("button", { name: "Delete" }).count()).toBe(earlier + 2);
    await frame.getByRole("button", { name: "Delete" }).first().click();
    await confirmDialog(frame, "Delete post");
    await expect.poll(() => frame.getByRole("button", { name: "Delete" }).count(), POLL).toBe(earlier + 1);
    expectTokensOnFetchesOnly(admin.requests);
    await close(admin);
  });

  it("pauses and reactivates influencers in bulk, checks orders now and imports a linked code's past orders", async () => {
    const admin = await openInAdmin(env, "/app/influencers");
    const { frame } = admin;
    const bulk = async (action: string) => {
      await frame.getByRole("row", { name: /Marco Rossi/ }).getByRole("checkbox").check();
      // The bulk-action bar renders after the selection: wait for it before asking what it shows
      // (the action itself, or behind "More actions"); isVisible() alone does not wait.
      const direct = frame.getByRole("button", { name: action, exact: true });
      const more = frame.getByRole("button", { name: "More actions" });
      await direct.or(more).first().waitFor();
      if (!(await direct.isVisible())) await more.click();
      await direct.or(frame.getByRole("menuitem", { name: action, exact: true })).click();
    };
    await bulk("Pause");
    await frame.getByText("1 influencer updated.").waitFor();
    await bulk("Activate");
    await expect.poll(async () => (await db().influencer.findFirstOrThrow({ where: { name: "Marco Rossi" } })).status, POLL).toBe("ACTIVE");

    await adminNavigate(frame, "Order sync");
    await heading(frame, "Order sync").waitFor();
    await frame.getByRole("button", { name: "Check now" }).click();
    await frame.getByText("The check is queued; this page updates while it runs.").waitFor();
    await frame.getByRole("button", { name: "Import past orders" }).click();
    await frame.getByText("The import is queued; this page updates while it runs.").waitFor();
    // The bulk import of the whole window: queued (the harness runs no job worker), listed with its window.
    await frame.getByRole("button", { name: "Import full history" }).click();
    await frame.getByText("The bulk import is queued; this page updates while Shopify prepares the file and the import runs.").waitFor();
    await frame.getByTestId("bulk-progress").first().waitFor();
    await frame.getByText(/^Since /).first().waitFor();
    expect(await db().backgroundJob.count({ where: { kind: "bulk-backfill", status: "QUEUED" } })).toBe(1);
    await admin.page.screenshot({ path: `${SHOTS}/sync-bulk.png`, fullPage: true });
    expectTokensOnFetchesOnly(admin.requests);
    await close(admin);
  });

  it("lists an approved statement on Payouts, downloads the PayPal file and marks it paid", async () => {
    const { jane } = await ids();
    const shop = await db().influencer.findUniqueOrThrow({ where: { id: jane }, select: { shopId: true } });
    await db().influencer.update({ where: { id: jane }, data: { email: "jane@example.com" } });
    const statement = await db().commissionStatement.create({
      data: {
        shopId: shop.shopId,
        influencerId: jane,
        periodEnd: new Date("2026-11-30T00:00:00Z"),
        payable: "12.5",
        adjustments: "0",
        total: "12.5",
        approvedAt: new Date(),
        lines: { create: { shopId: shop.shopId, shopifyOrderId: 1n, orderName: "#1", shopDate: new Date("2026-10-01T00:00:00Z"), kind: "COMMISSION", amount: "12.5" } },
      },
    });
    const admin = await openInAdmin(env, "/app/payouts");
    const { frame } = admin;
    await heading(frame, "Payouts").waitFor();
    const [download] = await Promise.all([admin.page.waitForEvent("download"), frame.locator('[data-export="paypal-csv"]').click()]);
    expect(download.suggestedFilename()).toBe("codetrail-payouts-paypal.csv");
    const csv = readFileSync((await download.path())!, "utf8");
    expect(csv).toMatch(/^jane@example\.com,12\.50,[A-Z]{3},[A-Za-z0-9]{30},Commission .+,PAYPAL\r\n$/);
    await frame.getByRole("textbox", { name: "Reference" }).fill("PP-E2E-1");
    await frame.getByRole("button", { name: "Mark selected paid" }).click();
    await frame.getByText("Marked paid.").waitFor();
    await admin.page.screenshot({ path: `${SHOTS}/payouts.png`, fullPage: true });
    expect(await db().commissionStatement.findUniqueOrThrow({ where: { id: statement.id } })).toMatchObject({ status: "PAID", paymentReference: "PP-E2E-1" });
    expectTokensOnFetchesOnly(admin.requests);
    await close(admin);
  });

  it("shows a leaked code's evidence and answers its rotation with Shopify's failure", async () => {
    const admin = await openInAdmin(env, "/app/leaks");
    const { frame } = admin;
    await frame.getByText("JANE15").first().waitFor();
    await frame.getByRole("button", { name: "Rotate code" }).click();
    await frame.getByRole("dialog").getByText("JANE15 is paused in Shopify now").waitFor();
    await confirmDialog(frame, "Pause and replace");
    await frame.getByText(/The code could not be rotated: Shopify could not be reached/).waitFor();
    expectTokensOnFetchesOnly(admin.requests);
    await close(admin, [refused]);
  });
});

/**
 * The URL of an admin route file (Remix flat routes): dots separate segments, `[.csv]` is a
 * literal dot, `$id` is an id, `_index` adds nothing. Data requests add `.data`.
 */
function routePattern(file: string): RegExp {
  const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  const segments = file
    .replace(/\.tsx?$/, "")
    .replace(/\[\.([^\]]*)\]/g, "[dot]$1")
    .split(".")
    .filter((part) => part !== "_index")
    .map((part) => (part === "$" ? ".+" : part.startsWith("$") ? "[0-9a-f-]{36}" : escape(part.replaceAll("[dot]", "."))));
  return new RegExp(`^/${segments.join("/")}(\\.data)?(\\?|$)`);
}

describe("from outside the admin: framing, referrers and rate limits on the production server", () => {
  it("lets only the shop's admin and admin.shopify.com frame admin pages; portal and /l/ pages are never framed and send no referrer", async () => {
    const csp = async (path: string) => (await fetch(`${env.app.url}${path}`, { headers: { "User-Agent": merchantUserAgent() }, redirect: "manual" })).headers;
    // The admin's first document request, with the query and ID token Shopify adds.
    const admin = await fetch(`${env.app.url}/app/influencers?${adminQuery()}`, { headers: { "User-Agent": merchantUserAgent() } });
    expect(admin.status).toBe(200);
    expect(admin.headers.get("content-security-policy")).toBe(`frame-ancestors https://${SHOP} https://admin.shopify.com`);
    expect((await csp("/auth/login")).get("content-security-policy")).toBe("frame-ancestors https://admin.shopify.com");
    const { token } = await portalLink();
    for (const path of [`/portal/${token}`, `/portal/${token}?shop=elsewhere.myshopify.com`, "/portal/not-a-token", "/l/no-such-link"]) {
      const headers = await csp(path);
      expect(headers.get("content-security-policy"), path).toBe("frame-ancestors 'none'");
      expect(headers.get("x-frame-options"), path).toBe("DENY");
      expect(headers.get("referrer-policy"), path).toBe("no-referrer");
    }
  });

  it("answers 120 portal guesses with rotated X-Forwarded-For with 429s, while the influencer's own link keeps working", async () => {
    const { token } = await portalLink();
    const statuses: number[] = [];
    for (let i = 0; i < 120; i++) {
      // Another client (127.0.0.3) guessing, a new forged X-Forwarded-For each time.
      statuses.push((await getFrom("127.0.0.3", `/portal/${randomBytes(32).toString("base64url")}`, { "X-Forwarded-For": `198.51.100.${i}` })).status);
      if (i % 20 === 19) expect((await getFrom("127.0.0.2", `/portal/${token}`)).status).toBe(200);
    }
    console.log(`120 guesses: ${statuses.filter((s) => s === 404).length} × 404, ${statuses.filter((s) => s === 429).length} × 429`);
    expect(statuses.filter((s) => s === 429).length).toBeGreaterThanOrEqual(100);
    expect(statuses.every((s) => s === 404 || s === 429)).toBe(true);
    expect((await getFrom("127.0.0.2", `/portal/${token}`)).status).toBe(200);
    expect(env.app.serverErrors()).toEqual([]);
  });
});

describe("from outside the admin: hostile input on the production server", () => {
  it("cuts a 16 MB chunked pixel body off within its first megabyte", async () => {
    const url = new URL("/pixel/events", env.app.url);
    const result = await new Promise<{ status: number; written: number }>((resolve, reject) => {
      const request = httpRequest({ host: url.hostname, port: url.port, path: url.pathname, method: "POST", localAddress: "127.0.0.4", headers: { "Content-Type": "text/plain", "Transfer-Encoding": "chunked" } });
      let written = 0;
      let answered = false;
      request.on("response", (response) => {
        answered = true;
        response.resume();
        resolve({ status: response.statusCode ?? 0, written });
        request.destroy();
      });
      request.on("error", (error: NodeJS.ErrnoException) => {
        if (!answered) reject(error);
      });
      // 64 KB at a time, waiting a moment between chunks; a server that reads the whole body
      // before its size check would still be reading at 16 MB.
      const next = () => {
        if (answered) return;
        if (written >= 16 * 1024 * 1024) return void request.end();
        written += 64 * 1024;
        request.write(Buffer.alloc(64 * 1024, 0x7b), () => setTimeout(next, 5));
      };
      next();
    });
    console.log(`pixel body: ${result.status} after ${Math.round(result.written / 1024)} KB written`);
    expect(result.status).toBe(413);
    expect(result.written).toBeLessThanOrEqual(1024 * 1024);
  });

  it("answers deep and out-of-range payloads with 400 and stores nothing; stores nothing for a stranger; a mismatched shop/redact erases nothing", async () => {
    const orders = () => db().attributedOrder.count();
    const before = await orders();
    const deep = `{"id":1,"note":${"[".repeat(5000)}${"]".repeat(5000)}}`;
    const tooBig = JSON.stringify(orderPayload({ orderId: "9223372036854775808" }));
    for (const [name, body] of [["deep", deep], ["id ≥ 2^63", tooBig]]) {
      const response = await deliverWebhook(env.app.url, "orders/create", body);
      expect(response.status, name).toBe(400);
    }
    expect(await orders()).toBe(before);

    const stranger = "never-installed.myshopify.com";
    const delivered = await deliverWebhook(env.app.url, "orders/create", JSON.stringify(orderPayload({ orderId: "4242424242" })), stranger);
    expect(delivered.status).toBe(200);
    expect(await db().shop.findUnique({ where: { domain: stranger } })).toBeNull();
    expect(await db().backgroundJob.count({ where: { shopId: { notIn: (await db().shop.findMany({ select: { id: true } })).map((shop) => shop.id) } } })).toBe(0);

    // A signed shop/redact naming another shop in its body, sent for this shop: refused, nothing erased.
    const redact = sampleRaw("2026-07", "shop/redact").replace("{shop}.myshopify.com", "someone-else.myshopify.com");
    const refused = await deliverWebhook(env.app.url, "shop/redact", redact);
    expect(refused.status).toBe(400);
    expect(await db().shop.findUnique({ where: { domain: SHOP } })).not.toBeNull();
    expect(await orders()).toBe(before);
    expect(env.app.serverErrors()).toEqual([]);
  });
});

/** A portal link for Jane Porter (the token's hash stored as the app stores it). */
async function portalLink() {
  const jane = await db().influencer.findFirstOrThrow({ where: { name: "Jane Porter" } });
  const existing = portalTokens.get(jane.id);
  if (existing) return { token: existing };
  const token = randomBytes(32).toString("base64url");
  const data = { tokenHash: hashPortalToken(token), tokenSealed: null, revokedAt: null };
  await db().portalAccess.upsert({ where: { influencerId: jane.id }, create: { shopId: jane.shopId, influencerId: jane.id, ...data }, update: data });
  portalTokens.set(jane.id, token);
  return { token };
}
const portalTokens = new Map<string, string>();

/** A GET to the app from a given loopback address (the server sees it as the socket's peer). */
function getFrom(localAddress: string, path: string, headers: Record<string, string> = {}): Promise<{ status: number }> {
  const url = new URL(path, env.app.url);
  return new Promise((resolve, reject) => {
    const request = httpGet(
      { host: url.hostname, port: url.port, path: `${url.pathname}${url.search}`, localAddress, headers: { "User-Agent": merchantUserAgent(), ...headers } },
      (response) => {
        response.resume();
        response.on("end", () => resolve({ status: response.statusCode ?? 0 }));
      },
    );
    request.on("error", reject);
  });
}

describe("coverage", () => {
  it("reached every admin route's loader and action through the admin, with a token and no 5xx", () => {
    const missing: string[] = [];
    // A route is a file (app.x.tsx) or a folder with its module in route.tsx (app.x/route.tsx, Remix flat routes);
    // the folder's other files are its components and action handlers, not routes.
    const routeModules = readdirSync("app/routes", { withFileTypes: true }).flatMap((entry) => {
      if (!entry.name.startsWith("app.")) return [];
      if (entry.isFile()) return /\.tsx?$/.test(entry.name) ? [{ file: entry.name, path: `app/routes/${entry.name}` }] : [];
      const routeFile = readdirSync(`app/routes/${entry.name}`).find((f) => /^route\.tsx?$/.test(f));
      return routeFile ? [{ file: entry.name, path: `app/routes/${entry.name}/${routeFile}` }] : [];
    });
    expect(routeModules.length).toBeGreaterThan(20);
    for (const { file, path } of routeModules) {
      const source = readFileSync(path, "utf8");
      const pattern = routePattern(file);
      const reached = (method: string) => env.requests.some((r) => r.method === method && pattern.test(r.path) && r.status !== undefined);
      if (/export (const|async function) loader/.test(source) && !reached("GET")) missing.push(`GET ${file}`);
      if (/export (const|async function) action/.test(source) && !reached("POST")) missing.push(`POST ${file}`);
    }
    expect(missing).toEqual([]);
    expect(env.requests.filter((r) => (r.status ?? 0) >= 500)).toEqual([]);
    expect(env.requests.filter((r) => r.method === "POST" && !r.token)).toEqual([]);
  });
});
