import { createHmac, randomUUID } from "node:crypto";
import { beforeEach, describe, expect, it } from "vitest";
import { DEMO_SHOP_DOMAIN } from "../../app/demo/demo-mode.server";
import { manualClock } from "../../app/lib/clock";
import { TOKEN_LEEWAY_SECONDS, verifyExtensionToken } from "../../app/lib/extension-token.server";
import * as surveyPage from "../../app/routes/app.survey";
import * as surveyRoute from "../../app/routes/survey";
import * as optionsRoute from "../../app/routes/survey.options";
import { createSurveyEndpoint } from "../../app/services/survey-endpoint.server";
import { OUTCOME_HEADER } from "../../app/services/webhook-ingest.server";
import { influencer } from "../support/factories";
import { callRoute, demoRouteTest } from "../support/routes";
import { deliver, sampleRaw } from "../webhooks/helpers";

/**
 * The survey's backend (decision 028): tokens checked like Shopify's, answers stored once per
 * order, matched to influencers, confirmed by the owner, gone with the customer and with the shop.
 */

const { db, otherShop } = demoRouteTest({ otherShop: true, reset: ["surveyResponse", "customerDataReport", "webhookDelivery"] });

const API_KEY = "test-api-key"; // vitest.config.ts
const SECRET = "test-secret";
const NOW = Date.UTC(2026, 11, 3, 9, 30); // the endpoint's clock below: tokens are checked against it, not the wall clock
const b64 = (value: unknown) => Buffer.from(typeof value === "string" ? value : JSON.stringify(value)).toString("base64url");

interface TokenOptions {
  shop?: string;
  aud?: string;
  secret?: string;
  alg?: string;
  iat?: number;
  exp?: number;
  nbf?: number;
  sub?: string;
  unsigned?: boolean;
}

/** A session token as shopify.sessionToken.get() returns it in a checkout or customer-account extension. */
function token({ shop = DEMO_SHOP_DOMAIN, aud = API_KEY, secret = SECRET, alg = "HS256", iat = NOW / 1000, exp, nbf, sub, unsigned }: TokenOptions = {}) {
  const header = b64({ alg, typ: "JWT" });
  const claims = b64({
    iss: `https://${shop}/admin`,
    dest: `https://${shop}`,
    aud,
    sub,
    exp: exp ?? iat + 300,
    nbf: nbf ?? iat - 1,
    iat,
    jti: randomUUID(),
  });
  const signature = unsigned ? "" : createHmac("sha256", secret).update(`${header}.${claims}`).digest("base64url");
  return `${header}.${claims}.${signature}`;
}

const clock = manualClock(NOW);
let endpoint = createSurveyEndpoint({ clock, keys: () => ({ apiKey: API_KEY, secret: SECRET }) });
beforeEach(async () => {
  clock.set(NOW);
  endpoint = createSurveyEndpoint({ clock, keys: () => ({ apiKey: API_KEY, secret: SECRET }) });
  await db.prisma.shop.updateMany({ data: { surveyEnabled: true, uninstalledAt: null } });
});

let nextOrder = 9_007_199_254_740_993n; // beyond 2^53 on purpose
const order = () => (nextOrder += 1n).toString();

function post(body: unknown, authorization: string | null) {
  const headers: Record<string, string> = { "Content-Type": "application/json", Origin: "https://extensions.shopifycdn.com" };
  if (authorization !== null) headers.Authorization = authorization;
  return endpoint.submit(
    new Request("http://localhost/survey", { method: "POST", headers, body: typeof body === "string" ? body : JSON.stringify(body) }),
    { peerAddress: `10.9.0.${Math.floor(Math.random() * 250)}` },
  );
}

const answer = (overrides: Record<string, unknown> = {}) => ({ v: 1, orderId: order(), channel: "tiktok", locale: "en", ...overrides });
const bearer = (options: TokenOptions = {}) => `Bearer ${token(options)}`;
const stored = () => db.prisma.surveyResponse.count();

describe("session token verification (like Shopify's)", () => {
  it("refuses unsigned, badly signed, wrong-app, wrong-shop, expired and not-yet-valid tokens, and stores nothing", async () => {
    const refused: [string, string | null][] = [
      ["no Authorization header", null],
      ["not a bearer token", token()],
      ["unsigned (empty signature)", `Bearer ${token({ unsigned: true })}`],
      ["alg none", `Bearer ${token({ alg: "none", unsigned: true })}`],
      ["alg none with a signature", bearer({ alg: "none" })],
      ["signed with another secret", bearer({ secret: "someone-else" })],
      ["for another app", bearer({ aud: "another-api-key" })],
      ["for a shop that never installed", bearer({ shop: "stranger.myshopify.com" })],
      ["for a domain that is not a shop", bearer({ shop: "evil.example.com" })],
      ["expired", bearer({ iat: NOW / 1000 - 600, exp: NOW / 1000 - TOKEN_LEEWAY_SECONDS - 1 })],
      ["not valid yet", bearer({ nbf: NOW / 1000 + TOKEN_LEEWAY_SECONDS + 5 })],
      ["garbage", "Bearer a.b"],
    ];
    for (const [what, authorization] of refused) {
      const response = await post(answer(), authorization);
      expect(response.status, what).toBe(401);
      expect(response.headers.get("Access-Control-Allow-Origin"), what).toBe("*");
      expect(((await response.json()) as { reason: string }).reason, what).toBeTruthy();
    }
    expect(await stored()).toBe(0);
  });

  it("a token is for the shop it names: another installed shop's token stores under that shop, never this one", async () => {
    const response = await post(answer(), bearer({ shop: otherShop.domain }));
    expect(response.status).toBe(201);
    const rows = await db.prisma.surveyResponse.findMany({ select: { shopId: true } });
    expect(rows).toEqual([{ shopId: otherShop.id }]);
  });

  it("refuses a token of an uninstalled shop", async () => {
    await db.prisma.shop.update({ where: { id: otherShop.id }, data: { uninstalledAt: new Date(NOW) } });
    expect((await post(answer(), bearer({ shop: otherShop.domain }))).status).toBe(401);
    expect(await stored()).toBe(0);
  });

  it("tolerates a few seconds of clock skew, and no more", async () => {
    const exp = NOW / 1000 + 60;
    const authorization = bearer({ exp });
    clock.set((exp + TOKEN_LEEWAY_SECONDS) * 1000);
    expect((await post(answer(), authorization)).status).toBe(201);
    clock.set((exp + TOKEN_LEEWAY_SECONDS + 1) * 1000);
    expect((await post(answer(), authorization)).status).toBe(401);
  });

  it("reads the signed-in customer from sub, and ignores a sub that is not a customer gid", () => {
    const keys = { apiKey: API_KEY, secret: SECRET };
    expect(verifyExtensionToken(bearer({ sub: "gid://shopify/Customer/9223372036854775807" }), keys, NOW)).toEqual({
      ok: true,
      token: { shopDomain: DEMO_SHOP_DOMAIN, customerId: 9223372036854775807n },
    });
    expect(verifyExtensionToken(bearer({ sub: "gid://shopify/Customer/9223372036854775808" }), keys, NOW)).toMatchObject({ ok: true, token: { customerId: null } });
    expect(verifyExtensionToken(bearer({ sub: "someone" }), keys, NOW)).toMatchObject({ ok: true, token: { customerId: null } });
    expect(verifyExtensionToken(bearer({ shop: "Demo-Store.myshopify.com" }), keys, NOW)).toMatchObject({ ok: true, token: { shopDomain: DEMO_SHOP_DOMAIN } });
  });
});

describe("POST /survey", () => {
  it("answers the CORS preflight, allowing the Authorization header", async () => {
    const response = await surveyRoute.loader({
      request: new Request("http://localhost/survey", { method: "OPTIONS", headers: { Origin: "https://extensions.shopifycdn.com", "Access-Control-Request-Headers": "authorization,content-type" } }),
      params: {},
      context: {},
    });
    expect(response.status).toBe(204);
    expect(response.headers.get("Access-Control-Allow-Headers")).toMatch(/Authorization/);
    expect(response.headers.get("Access-Control-Allow-Methods")).toMatch(/POST/);
  });

  it("stores an answer once per order: a second answer is 409 and changes nothing", async () => {
    const body = answer({ channel: "friend", locale: "he" });
    const first = await post(body, bearer({ sub: "gid://shopify/Customer/191167" }));
    expect(first.status).toBe(201);
    const again = await post({ ...body, channel: "ad" }, bearer());
    expect(again.status).toBe(409);
    expect(again.headers.get("X-CodeTrail-Outcome")).toBe("answered");
    const rows = await db.prisma.surveyResponse.findMany();
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ shopifyOrderId: BigInt(body.orderId), channel: "friend", locale: "he", customerId: 191167n, matchedInfluencerId: null });
  });

  it("works through the Remix route with a token issued now", async () => {
    const now = Math.floor(Date.now() / 1000);
    const response = await surveyRoute.action({
      request: new Request("http://localhost/survey", {
        method: "POST",
        headers: { Authorization: bearer({ iat: now }) },
        body: JSON.stringify(answer()),
      }),
      params: {},
      context: { peerAddress: "10.9.1.1" },
    });
    expect(response.status).toBe(201);
  });

  it("matches free text to an influencer's handle for the owner to confirm", async () => {
    const jane = await influencer(db.prisma, (await db.prisma.shop.findUniqueOrThrow({ where: { domain: DEMO_SHOP_DOMAIN } })).id, {
      name: "Jane Survey",
      handles: { INSTAGRAM: "@jane.makes" },
    });
    const response = await post(answer({ channel: "influencer", freeText: "@Jane_Makes" }), bearer());
    expect(response.status).toBe(201);
    const row = await db.prisma.surveyResponse.findFirstOrThrow();
    expect(row.matchedInfluencerId).toBe(jane.id);
    expect(row.matchScore?.toString()).toBe("1");
    expect(row.confirmedAt).toBeNull();
    // The owner sees the proposal and confirms it.
    const page = await callRoute<{ answers: { id: string; match: { name: string } | null; freeText: string }[] }>(surveyPage.loader, { path: "/app/survey" });
    expect(page.body.answers).toEqual([expect.objectContaining({ id: row.id, freeText: "@Jane_Makes", match: { id: jane.id, name: "Jane Survey" } })]);
    expect((await callRoute(surveyPage.action, { path: "/app/survey", form: { intent: "confirm", id: row.id } })).status).toBe(200);
    expect((await db.prisma.surveyResponse.findUniqueOrThrow({ where: { id: row.id } })).confirmedAt).not.toBeNull();
    // Confirming twice, or an answer without a match, is refused.
    expect((await callRoute(surveyPage.action, { path: "/app/survey", form: { intent: "confirm", id: row.id } })).status).toBe(400);
  });

  it("the owner's list names the ledger's order and whom it credited, and pages by 50", async () => {
    const shopId = (await db.prisma.shop.findUniqueOrThrow({ where: { domain: DEMO_SHOP_DOMAIN } })).id;
    const omar = await influencer(db.prisma, shopId, { name: "Omar Credited" });
    const credited = order();
    const orderCreatedAt = new Date(NOW);
    await db.prisma.attributedOrder.create({
      data: {
        shopId, shopifyOrderId: BigInt(credited), name: "#4242", influencerId: omar.id, source: "DISCOUNT_CODE", orderCreatedAt, shopDate: new Date("2026-12-03"),
        shopifyUpdatedAt: orderCreatedAt, currencyCode: "USD", presentmentCurrency: "USD", sales: "10.00", discounts: "1.00",
      },
    });
    const surveyOnly = order();
    await db.prisma.surveyResponse.createMany({
      data: [
        { shopId, shopifyOrderId: BigInt(credited), channel: "instagram", createdAt: new Date(NOW - 1000) },
        { shopId, shopifyOrderId: BigInt(surveyOnly), channel: "tiktok", createdAt: new Date(NOW) },
        ...Array.from({ length: 50 }, (_, i) => ({ shopId, shopifyOrderId: BigInt(order()), channel: "search", createdAt: new Date(NOW - 60_000 - i * 1000) })),
      ],
    });
    type Page = { page: number; hasNext: boolean; answers: { orderId: string; orderName: string | null; creditedTo: { name: string } | null }[] };
    const first = await callRoute<Page>(surveyPage.loader, { path: "/app/survey" });
    expect(first.body.answers).toHaveLength(50);
    expect(first.body.hasNext).toBe(true);
    expect(first.body.answers.slice(0, 2)).toEqual([
      expect.objectContaining({ orderId: surveyOnly, orderName: null, creditedTo: null }),
      expect.objectContaining({ orderId: credited, orderName: "#4242", creditedTo: { id: omar.id, name: "Omar Credited" } }),
    ]);
    const second = await callRoute<Page>(surveyPage.loader, { path: "/app/survey?page=2" });
    expect(second.body).toMatchObject({ page: 2, hasNext: false });
    expect(second.body.answers).toHaveLength(2);
    await db.prisma.attributedOrder.deleteMany({ where: { shopId } });
  });

  it("refuses an influencer of another shop, a bad shape (with the reason), bad JSON and an oversized body; stores nothing", async () => {
    const stranger = await influencer(db.prisma, otherShop.id, { name: "Not Yours" });
    const cases: [string, unknown, number, RegExp][] = [
      ["another shop's influencer", answer({ channel: "influencer", influencerId: stranger.id }), 400, /influencer/],
      ["unknown channel", answer({ channel: "billboard" }), 400, /channel/],
      ["order id not numeric", answer({ orderId: "gid://shopify/Order/1" }), 400, /orderId/],
      ["order id ≥ 2^63", answer({ orderId: "9223372036854775808" }), 400, /orderId/],
      ["free text with another channel", answer({ channel: "ad", freeText: "hi" }), 400, /influencer channel/],
      ["free text too long", answer({ channel: "influencer", freeText: "x".repeat(201) }), 400, /freeText/],
      ["unknown field", answer({ email: "a@b.c" }), 400, /email|Unrecognized/i],
      ["a NUL in the free text", answer({ channel: "influencer", freeText: "jane\u0000doe" }), 400, /control/],
      ["not JSON", "{", 400, /JSON/],
    ];
    for (const [what, body, status, reason] of cases) {
      const response = await post(body, bearer());
      expect(response.status, what).toBe(status);
      expect(((await response.json()) as { reason: string }).reason, what).toMatch(reason);
    }
    expect((await post({ ...answer(), padding: "x".repeat(5000) }, bearer())).status).toBe(413);
    expect(await stored()).toBe(0);
  });

  it("a shop with the survey off: the options say so and answers are refused", async () => {
    await db.prisma.shop.updateMany({ where: { domain: DEMO_SHOP_DOMAIN }, data: { surveyEnabled: false } });
    const options = await endpoint.options(new Request("http://localhost/survey/options", { headers: { Authorization: bearer() } }));
    expect(await options.json()).toMatchObject({ enabled: false, influencers: [] });
    expect((await post(answer(), bearer())).status).toBe(403);
    expect(await stored()).toBe(0);
  });

  it("GET /survey/options lists the shop's active influencers and whether the order was answered; a bad token gets 401", async () => {
    const shopId = (await db.prisma.shop.findUniqueOrThrow({ where: { domain: DEMO_SHOP_DOMAIN } })).id;
    await influencer(db.prisma, shopId, { name: "Options Active", handles: { TIKTOK: "opt.active" } });
    await influencer(db.prisma, shopId, { name: "Options Archived", status: "ARCHIVED" });
    const body = answer();
    await post(body, bearer());
    const response = await endpoint.options(new Request(`http://localhost/survey/options?order=${body.orderId}`, { headers: { Authorization: bearer() } }));
    const json = (await response.json()) as { enabled: boolean; answered: boolean; influencers: { name: string; handles: string[] }[] };
    expect(json.enabled).toBe(true);
    expect(json.answered).toBe(true);
    expect(json.influencers).toContainEqual(expect.objectContaining({ name: "Options Active", handles: ["opt.active"] }));
    expect(json.influencers.map((i) => i.name)).not.toContain("Options Archived");
    const unanswered = await endpoint.options(new Request(`http://localhost/survey/options?order=${order()}`, { headers: { Authorization: bearer() } }));
    expect(await unanswered.json()).toMatchObject({ answered: false });
    expect((await endpoint.options(new Request("http://localhost/survey/options", { headers: { Authorization: bearer({ secret: "x" }) } }))).status).toBe(401);
    const routed = await optionsRoute.loader({ request: new Request("http://localhost/survey/options", { method: "OPTIONS" }), params: {}, context: {} });
    expect(routed.status).toBe(204);
  });

  it("the owner turns the survey on and off", async () => {
    expect((await callRoute(surveyPage.action, { path: "/app/survey", form: { intent: "toggle", enabled: "false" } })).status).toBe(200);
    expect((await callRoute<{ enabled: boolean }>(surveyPage.loader, { path: "/app/survey" })).body.enabled).toBe(false);
    expect((await callRoute(surveyPage.action, { path: "/app/survey", form: { intent: "toggle", enabled: "maybe" } })).status).toBe(400);
  });
});

describe("privacy", () => {
  const VERSION = "2026-07";
  // Shopify's sample customers/redact: customer 191167, orders_to_redact 299938, 280263, 220458.
  const redactBody = (shop: string) => sampleRaw(VERSION, "customers/redact").replace("{shop}.myshopify.com", shop);

  it("customers/redact deletes the customer's answers and those of the listed orders, in that shop only", async () => {
    const customer = "gid://shopify/Customer/191167";
    await post(answer({ orderId: "5001" }), bearer({ sub: customer })); // the customer's, signed in
    await post(answer({ orderId: "299938" }), bearer()); // a listed order, answered as a guest
    await post(answer({ orderId: "5002" }), bearer({ sub: "gid://shopify/Customer/42" })); // someone else
    await post(answer({ orderId: "5003" }), bearer({ shop: otherShop.domain, sub: customer })); // the same id in another shop
    expect(await stored()).toBe(4);
    const response = await deliver("customers/redact", redactBody(DEMO_SHOP_DOMAIN), { shop: DEMO_SHOP_DOMAIN });
    expect(response.headers.get(OUTCOME_HEADER)).toBe("APPLIED");
    const left = await db.prisma.surveyResponse.findMany({ select: { shopifyOrderId: true }, orderBy: { shopifyOrderId: "asc" } });
    expect(left.map((r) => r.shopifyOrderId)).toEqual([5002n, 5003n]);
    const delivery = await db.prisma.webhookDelivery.findFirstOrThrow({ where: { topic: "customers/redact" } });
    expect(delivery.detail).toMatch(/2 survey answer\(s\) deleted/);
  });

  it("customers/data_request lists the customer's answers and those of the requested orders, nothing of others", async () => {
    const sample = JSON.parse(sampleRaw(VERSION, "customers/data_request").replace("{shop}.myshopify.com", DEMO_SHOP_DOMAIN));
    const customer = `gid://shopify/Customer/${sample.customer.id}`;
    const requested = String(sample.orders_requested[0]);
    const shopId = (await db.prisma.shop.findUniqueOrThrow({ where: { domain: DEMO_SHOP_DOMAIN } })).id;
    await influencer(db.prisma, shopId, { name: "Report Creator", handles: { YOUTUBE: "reportcreator" } });
    await post(answer({ orderId: "6001", channel: "influencer", freeText: "@report_creator" }), bearer({ sub: customer }));
    await post(answer({ orderId: requested, channel: "search" }), bearer());
    await post(answer({ orderId: "6002" }), bearer({ sub: "gid://shopify/Customer/42" }));
    await post(answer({ orderId: "6003" }), bearer({ shop: otherShop.domain, sub: customer }));
    await deliver("customers/data_request", JSON.stringify(sample), { shop: DEMO_SHOP_DOMAIN });
    const row = await db.prisma.customerDataReport.findFirstOrThrow({ where: { shopId } });
    const report = JSON.parse(row.report) as { surveyAnswers: Record<string, unknown>[] };
    expect(report.surveyAnswers).toEqual([
      expect.objectContaining({ orderId: "6001", customerId: String(sample.customer.id), answer: "influencer", freeText: "@report_creator", proposedInfluencer: "Report Creator", matchScore: "1", confirmedAt: null }),
      expect.objectContaining({ orderId: requested, customerId: null, answer: "search", freeText: null }),
    ]);
  });

  it("shop/redact deletes the shop's answers with the shop", async () => {
    await post(answer(), bearer({ shop: otherShop.domain }));
    await post(answer(), bearer());
    await deliver("app/uninstalled", sampleRaw(VERSION, "app/uninstalled"), { shop: otherShop.domain });
    expect(await stored()).toBe(2);
    await deliver("shop/redact", sampleRaw(VERSION, "shop/redact").replace("{shop}.myshopify.com", otherShop.domain), { shop: otherShop.domain });
    const left = await db.prisma.surveyResponse.findMany({ select: { shop: { select: { domain: true } } } });
    expect(left).toEqual([{ shop: { domain: DEMO_SHOP_DOMAIN } }]);
  });
});
