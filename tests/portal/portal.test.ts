import { createElement } from "react";
import { renderToString } from "react-dom/server";
import type { LoaderFunction } from "react-router-dom";
import { createStaticHandler, createStaticRouter, StaticRouterProvider } from "react-router-dom/server";
import { describe, expect, it, vi } from "vitest";
import { portalSecret } from "../../app/config.server";
import { systemClock } from "../../app/lib/clock";
import { hashPortalToken, newPortalToken, openPortalToken, sealPortalToken } from "../../app/lib/portal-token.server";
import { trackingUrl } from "../../app/lib/tracking-links";
import * as ownerRoute from "../../app/routes/app.influencers.$id.portal";
import * as linksRoute from "../../app/routes/app.influencers.$id.links";
import * as shortRoute from "../../app/routes/l.$slug";
import * as portalRoute from "../../app/routes/portal.$token/route";
import { influencer, otherShop } from "../support/factories";
import { callRoute, demoRouteTest } from "../support/routes";
import { OUTCOME_HEADER } from "../../app/services/webhook-ingest.server";
import { deliver, orderPayload, refundPayload, seedInfluencer, SHOP } from "../webhooks/helpers";

const { db, shop } = demoRouteTest();

type PortalData = Awaited<ReturnType<typeof portalRoute.loader>> extends infer R ? (R extends { data: infer D } ? D : never) : never;

let requestNumber = 0;
async function openPortal(token: string) {
  // A distinct address per request: the per-address bucket is exercised in its own test.
  const request = new Request(`http://localhost/portal/${token}`);
  try {
    const context = { peerAddress: `10.0.0.${++requestNumber % 250}` };
    const result = (await portalRoute.loader({ request, params: { token }, context })) as unknown as { data: PortalData };
    return { status: 200, data: result.data, text: JSON.stringify(result.data) };
  } catch (thrown) {
    if (!(thrown instanceof Response)) throw thrown;
    return { status: thrown.status, data: null, text: await thrown.text() };
  }
}

/**
 * The page as a browser receives it: the route's loader and component through a static data
 * router, rendered to HTML together with the loader data it embeds for hydration.
 */
async function renderPortal(token: string) {
  const handler = createStaticHandler([
    { id: "portal", path: "/portal/:token", loader: portalRoute.loader as unknown as LoaderFunction, Component: portalRoute.default },
  ]);
  const request = new Request(`http://localhost/portal/${token}`);
  const context = await handler.query(request, { requestContext: { peerAddress: `10.0.1.${++requestNumber % 250}` } });
  if (context instanceof Response) throw new Error(`the portal answered ${context.status}`);
  expect(context.statusCode).toBe(200);
  return renderToString(createElement(StaticRouterProvider, { router: createStaticRouter(handler.dataRoutes, context), context }));
}

/** Every property name in a value, however deep. */
function keysOf(value: unknown): string[] {
  if (Array.isArray(value)) return value.flatMap(keysOf);
  if (value && typeof value === "object") return Object.entries(value).flatMap(([key, v]) => [key, ...keysOf(v)]);
  return [];
}

/** Every string and number in a value, however deep, as text. */
function leavesOf(value: unknown): string[] {
  if (Array.isArray(value)) return value.flatMap(leavesOf);
  if (value && typeof value === "object") return Object.values(value).flatMap(leavesOf);
  return typeof value === "string" || typeof value === "number" || typeof value === "bigint" ? [String(value)] : [];
}

async function createLink(influencerId: string, code: string, content: string) {
  const discountCode = await db.prisma.discountCode.findFirstOrThrow({ where: { shopId: shop.id, code } });
  const created = await callRoute<{ ok: boolean; slug: string }>(linksRoute.action, {
    path: `/app/influencers/${influencerId}/links`,
    params: { id: influencerId },
    form: { intent: "create", discountCodeId: discountCode.id, platform: "TIKTOK", campaignId: "", content, path: "/" },
  });
  expect(created.body.ok).toBe(true);
  return created.body.slug;
}

async function issue(influencerId: string) {
  const result = await callRoute<{ ok: boolean; url: string }>(ownerRoute.action, {
    path: `/app/influencers/${influencerId}/portal`,
    params: { id: influencerId },
    form: { intent: "issue" },
  });
  expect(result.body.ok).toBe(true);
  return result.body.url.split("/portal/")[1];
}

describe("portal tokens", () => {
  it("are 256-bit random, stored only as a SHA-256 hash and a sealed copy bound to the influencer", async () => {
    const jane = await influencer(db.prisma, shop.id, { name: "Jane Portal", email: "jane@example.com" });
    const token = await issue(jane.id);
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const row = await db.prisma.portalAccess.findUniqueOrThrow({ where: { influencerId: jane.id } });
    expect(row.tokenHash).toBe(hashPortalToken(token));
    expect(JSON.stringify(row)).not.toContain(token);
    expect(openPortalToken(row.tokenSealed!, jane.id, portalSecret())).toBe(token);
    expect(openPortalToken(row.tokenSealed!, "another-influencer", portalSecret())).toBeNull();
    expect(openPortalToken(sealPortalToken(token, jane.id, "other"), jane.id, portalSecret())).toBeNull();
    // The owner can copy it again later.
    const view = await callRoute<{ state: string; url: string }>(ownerRoute.loader, { path: `/app/influencers/${jane.id}/portal`, params: { id: jane.id } });
    expect(view.body).toMatchObject({ state: "active", url: expect.stringContaining(token) });
  });

  it("open the influencer's own page with their codes and figures, and nothing personal", async () => {
    const jane = await influencer(db.prisma, shop.id, { name: "Jane Figures", email: "jane.figures@example.com" });
    const bob = await influencer(db.prisma, shop.id, { name: "Bob Other", email: "bob.other@example.com" });
    await db.prisma.discountCode.create({ data: { shopId: shop.id, influencerId: jane.id, code: "JANEFIG", value: "10" } });
    await db.prisma.discountCode.create({ data: { shopId: shop.id, influencerId: bob.id, code: "BOBSECRET", value: "10" } });
    await db.prisma.commissionRule.createMany({
      data: [
        { shopId: shop.id, influencerId: jane.id, kind: "FIXED_PER_ORDER", rate: "5" },
        { shopId: shop.id, influencerId: bob.id, kind: "PERCENT_OF_NET_SALES", rate: "10" },
      ],
    });
    const janeLink = await createLink(jane.id, "JANEFIG", "Jane unboxing");
    const bobLink = await createLink(bob.id, "BOBSECRET", "Bob private reel");

    // Orders through the webhook ledger, each with a customer, a country, a referrer and a landing
    // page. Jane: #1 120.00 refunded 20.25 (2 days ago), #2 80.50 (4 days ago: two days apart, so
    // on two dates in any time zone), #3 40.00 (60 days ago, outside the last 30 days).
    // Bob: #4 777.70 on #1's day, #5 333.30 five days ago.
    const ago = (days: number) => new Date(Date.now() - days * 86_400_000).toISOString();
    const row = (n: number, code: string, days: number, sales: string, country: string, referrer: string, referrerHost: string, landing: string, landingHost: string | null) =>
      ({ id: `741000000000000000${n}`, code, at: ago(days), sales, customer: `742000000000000000${n}`, country, referrer, referrerHost, landing, landingHost });
    const orders = [
      row(1, "JANEFIG", 2, "120.00", "NZ", "https://www.referrer-alpha.example/post/777?fbclid=PRIVATEREF1", "referrer-alpha.example",
        "https://landing-alpha.example/products/hat?utm_source=privatesrc1&email=buyer.one%40example.net", "landing-alpha.example"),
      row(2, "JANEFIG", 4, "80.50", "IS", "https://referrer-beta.example/story", "referrer-beta.example",
        "/collections/private-landing-beta?utm_source=privatesrc2", null),
      row(3, "JANEFIG", 60, "40.00", "FJ", "referrer-gamma.example/search?q=janefig", "referrer-gamma.example",
        "https://landing-gamma.example/", "landing-gamma.example"),
      row(4, "BOBSECRET", 2, "777.70", "MT", "https://referrer-delta.example/", "referrer-delta.example",
        "https://landing-delta.example/bob?utm_source=privatesrc4", "landing-delta.example"),
      row(5, "BOBSECRET", 5, "333.30", "LU", "https://referrer-epsilon.example/", "referrer-epsilon.example",
        "https://landing-epsilon.example/", "landing-epsilon.example"),
    ];
    for (const o of orders) {
      const base = orderPayload();
      const payload = orderPayload({
        orderId: o.id,
        created_at: o.at,
        updated_at: o.at,
        discount_codes: [{ code: o.code, amount: "5.00", type: "fixed_amount" }],
        subtotal_price_set: { shop_money: { amount: o.sales, currency_code: "USD" }, presentment_money: { amount: o.sales, currency_code: "USD" } },
        customer: { ...base.customer, id: Number(o.customer), admin_graphql_api_id: `gid://shopify/Customer/${o.customer}`, email: `buyer.${o.customer}@example.net` },
        shipping_address: { ...base.shipping_address, country_code: o.country },
        billing_address: { ...base.billing_address, country_code: o.country },
        referring_site: o.referrer,
        landing_site: o.landing,
      });
      expect((await deliver("orders/create", payload, { shop: shop.domain })).headers.get(OUTCOME_HEADER)).toBe("APPLIED");
    }
    expect((await deliver("refunds/create", refundPayload(orders[0].id, "7430000000000000001", ["20.25"]), { shop: shop.domain })).status).toBe(200);
    // The personal values did reach the ledger: the portal is what must leave them out.
    const stored = await db.prisma.attributedOrder.findMany({
      where: { shopId: shop.id, shopifyOrderId: { in: orders.map((o) => BigInt(o.id)) } },
      orderBy: { shopifyOrderId: "asc" },
    });
    expect(stored.map((o) => [o.shopifyOrderId.toString(), o.customerId?.toString(), o.countryCode, o.referringHost, o.landingHost])).toEqual(
      orders.map((o) => [o.id, o.customer, o.country, o.referrerHost, o.landingHost]),
    );

    const token = await issue(jane.id);
    const page = await openPortal(token);
    expect(page.status).toBe(200);
    const data = page.data!;
    expect(data).toMatchObject({ influencerName: "Jane Figures", codes: [expect.objectContaining({ code: "JANEFIG" })] });
    expect(data.codes).toHaveLength(1);
    expect(data.links.map((l) => l.slug)).toEqual([janeLink]);
    // Only Jane's figures, computed by hand: net 120.00 − 20.25 + 80.50 (+ 40.00 all time); 5.00 per order.
    expect(data.recent).toEqual({ orders: 2, netSales: "180.25", commission: "10.00" });
    expect(data.allTime).toEqual({ orders: 3, netSales: "220.25", commission: "15.00" });
    expect(data.days.filter((d) => d.orders > 0).map((d) => [d.orders, d.netSales, d.commission])).toEqual([
      [1, "80.50", "5.00"],
      [1, "99.75", "5.00"],
    ]);

    // Nothing personal and nothing of Bob's, in the loader data or the rendered page.
    const html = await renderPortal(token);
    expect(html).toContain("Jane Figures: your results");
    expect(html).toContain('data-portal-kpi="netSales">$180.25<');
    expect(html).toContain('data-portal-kpi="allTime.netSales">$220.25<');
    expect(html).toContain("$99.75");
    // Her commission terms (decision 029): a rule from before terms had dates is "from the start".
    expect(html).toContain("Your commission terms");
    expect(html).toContain("$5.00 per order from the start");
    const personalKeys = /customer|email|phone|address|country|referr|landing|utmSource|ip$/i;
    expect(keysOf(data).filter((key) => personalKeys.test(key))).toEqual([]);
    const leaves = leavesOf(data);
    for (const o of orders) {
      for (const value of [o.customer, o.country, o.referrer, o.landing, `buyer.${o.customer}@example.net`]) {
        expect(leaves, `portal data holds ${value}`).not.toContain(value);
      }
      for (const text of [o.customer, `buyer.${o.customer}`, o.referrerHost, o.landingHost ?? o.landing.split("?")[0]]) {
        expect(page.text, `portal data mentions ${text}`).not.toContain(text);
        expect(html, `portal page mentions ${text}`).not.toContain(text);
      }
    }
    for (const text of ["privatesrc", "PRIVATEREF", "example.net", "John", "Smith", "Steve", "Shipp", "United States", "Kentucky"]) {
      expect(page.text, `portal data mentions ${text}`).not.toContain(text);
      expect(html, `portal page mentions ${text}`).not.toContain(text);
    }
    for (const text of ["BOBSECRET", "Bob Other", "bob.other@example.com", bobLink, "Bob private reel", "bob-private-reel", "777.7", "333.3", "1,111", "jane.figures@example.com"]) {
      expect(page.text, `portal data mentions ${text}`).not.toContain(text);
      expect(html, `portal page mentions ${text}`).not.toContain(text);
    }
  });

  it("lists a rotated code after its replacement, names the replacement and offers no link to share it", async () => {
    const ana = await influencer(db.prisma, shop.id, { name: "Ana Rotated" });
    const leaked = await db.prisma.discountCode.create({ data: { shopId: shop.id, influencerId: ana.id, code: "AANALEAKED", value: "10", status: "PAUSED" } });
    await db.prisma.discountCode.create({ data: { shopId: shop.id, influencerId: ana.id, code: "ZANANEW", value: "10", rotatedFromId: leaked.id } });
    const token = await issue(ana.id);
    const data = (await openPortal(token)).data!;
    // Alphabetically the leaked code comes first; the page puts the one to share first.
    expect(data.codes.map((c) => [c.code, c.shareable, c.replacedBy])).toEqual([
      ["ZANANEW", true, null],
      ["AANALEAKED", false, "ZANANEW"],
    ]);
    const html = await renderPortal(token);
    expect(html).toContain("Replaced by ZANANEW: share the new code instead.");
    expect(html).toContain("/discount/ZANANEW");
    expect(html).not.toContain("/discount/AANALEAKED");
  });

  it("speak the influencer's language, offer the five, and remember the one chosen (also for the page's refreshes)", async () => {
    const noa = await influencer(db.prisma, shop.id, { name: "Noa Language" });
    await db.prisma.influencer.update({ where: { id: noa.id }, data: { language: "he" } });
    const token = await issue(noa.id);
    const open = async (query = "", cookie?: string) => {
      const request = new Request(`http://localhost/portal/${token}${query}`, cookie ? { headers: { Cookie: cookie } } : {});
      const response = (await portalRoute.loader({ request, params: { token }, context: { peerAddress: `10.0.2.${++requestNumber % 250}` } })) as unknown as {
        data: PortalData;
        init: { headers?: Record<string, string> } | null;
      };
      return { data: response.data, cookie: response.init?.headers?.["Set-Cookie"] ?? null };
    };
    // The owner set Hebrew for her: the page opens in it, right to left, and sets nothing.
    const first = await open();
    expect([first.data.language, first.data.dir, first.cookie]).toEqual(["he", "rtl", null]);
    // She picks Thai on the page: it is remembered on /portal, so the page's refreshes
    // (/portal/<token>.data) carry it too.
    const picked = await open("?locale=th");
    expect(picked.data.language).toBe("th");
    expect(picked.cookie).toBe("ct_portal_language=th; Path=/portal; Max-Age=31536000; SameSite=Lax; HttpOnly");
    expect((await open("", "other=1; ct_portal_language=th")).data.language).toBe("th");
    // Nonsense in the query or the cookie falls back to her language.
    expect((await open("?locale=xx", "ct_portal_language=zz")).data.language).toBe("he");
    const html = await renderPortal(token);
    for (const name of ["English", "עברית", "العربية", "فارسی", "ไทย"]) expect(html).toContain(`>${name}</a>`);
    expect(html).toContain('href="?locale=th"');
  });

  it("cannot be guessed: unknown, malformed and near-miss tokens all get the same 404", async () => {
    const jane = await influencer(db.prisma, shop.id);
    const token = await issue(jane.id);
    const nearMiss = `${token.slice(0, -1)}${token.endsWith("A") ? "B" : "A"}`;
    const answers = await Promise.all([newPortalToken(), nearMiss, "short", "../../etc/passwd", token.toUpperCase()].map(openPortal));
    for (const a of answers) expect({ status: a.status, text: a.text }).toEqual({ status: 404, text: "Not Found" });
  });

  it("stop working at once when revoked or rotated, with the same 404 as an unknown token", async () => {
    const jane = await influencer(db.prisma, shop.id);
    const first = await issue(jane.id);
    const second = await issue(jane.id);
    expect(second).not.toBe(first);
    expect((await openPortal(first)).status).toBe(404);
    expect((await openPortal(second)).status).toBe(200);
    await callRoute(ownerRoute.action, { path: `/app/influencers/${jane.id}/portal`, params: { id: jane.id }, form: { intent: "revoke" } });
    const revoked = await openPortal(second);
    const unknown = await openPortal(newPortalToken());
    expect(revoked).toEqual(unknown);
    const row = await db.prisma.portalAccess.findUniqueOrThrow({ where: { influencerId: jane.id } });
    expect(row).toMatchObject({ tokenHash: null, tokenSealed: null });
    const view = await callRoute<{ state: string; url: null }>(ownerRoute.loader, { path: `/app/influencers/${jane.id}/portal`, params: { id: jane.id } });
    expect(view.body).toMatchObject({ state: "revoked", url: null });
  });

  it("cannot be issued, read or revoked for another shop's influencer", async () => {
    const other = await otherShop(db.prisma);
    const stranger = await influencer(db.prisma, other.id);
    for (const form of [{ intent: "issue" }, { intent: "revoke" }]) {
      const result = await callRoute(ownerRoute.action, { path: `/app/influencers/${stranger.id}/portal`, params: { id: stranger.id }, form });
      expect(result.status).toBe(404);
    }
    expect((await callRoute(ownerRoute.loader, { path: `/app/influencers/${stranger.id}/portal`, params: { id: stranger.id } })).status).toBe(404);
    expect(await db.prisma.portalAccess.count({ where: { influencerId: stranger.id } })).toBe(0);
  });

  it("are rate limited per client: a client guessing links is throttled, the bucket refills with time", async () => {
    // The limiter reads the clock: standing still, however slowly the machine runs the requests.
    let now = Date.now();
    vi.spyOn(systemClock, "now").mockImplementation(() => now);
    portalRoute.resetPortalLimits();
    const status = (token: string, peerAddress: string, forwardedFor?: string) =>
      portalStatus(token, { peerAddress }, forwardedFor ? { "X-Forwarded-For": forwardedFor } : {});
    const statuses: number[] = [];
    for (let i = 0; i < 25; i++) statuses.push(await status(newPortalToken(), "192.0.2.77"));
    // 20 unknown links, then 429 until the bucket refills (one more guess every 30 s).
    expect(statuses.slice(0, 20).every((s) => s === 404)).toBe(true);
    expect(statuses.slice(20).every((s) => s === 429)).toBe(true);
    now += 31_000;
    expect([await status(newPortalToken(), "192.0.2.77"), await status(newPortalToken(), "192.0.2.77")]).toEqual([404, 429]);
  });

  it("meet 429s when 120 guesses rotate X-Forwarded-For, while the real influencer's link keeps working", async () => {
    const now = Date.now();
    vi.spyOn(systemClock, "now").mockImplementation(() => now);
    portalRoute.resetPortalLimits();
    const jane = await influencer(db.prisma, shop.id, { name: "Jane Owner" });
    const token = await issue(jane.id);
    const guesses: number[] = [];
    for (let i = 0; i < 120; i++) {
      guesses.push(await portalStatus(newPortalToken(), { peerAddress: "203.0.113.50" }, { "X-Forwarded-For": `198.51.100.${i}, 10.9.9.${i}` }));
      // The influencer, from their own address, while the guessing goes on.
      if (i % 10 === 0) expect(await portalStatus(token, { peerAddress: "192.0.2.10" })).toBe(200);
    }
    expect(guesses.filter((s) => s === 429).length).toBe(100);
    expect(guesses.filter((s) => s === 404).length).toBe(20);
    // The stranger stays throttled, even with the real link; the owner is not.
    expect(await portalStatus(token, { peerAddress: "203.0.113.50" })).toBe(429);
    expect(await portalStatus(token, { peerAddress: "192.0.2.10" })).toBe(200);
    // Without a trusted proxy, clients without an address share one key: a server that passes no
    // peer address is the only case where guessers and owners meet (the development server).
    expect(await portalStatus(token, undefined)).toBe(200);
  });

  it("believe X-Forwarded-For only from trusted proxies (TRUSTED_PROXIES)", async () => {
    const now = Date.now();
    vi.spyOn(systemClock, "now").mockImplementation(() => now);
    portalRoute.resetPortalLimits();
    vi.stubEnv("TRUSTED_PROXIES", "1");
    const jane = await influencer(db.prisma, shop.id, { name: "Jane Proxy" });
    const token = await issue(jane.id);
    // Behind one load balancer (10.0.0.2): the client is the entry the balancer appended, whatever the client wrote before it.
    const guesses: number[] = [];
    for (let i = 0; i < 30; i++) guesses.push(await portalStatus(newPortalToken(), { peerAddress: "10.0.0.2" }, { "X-Forwarded-For": `198.51.100.${i}, 203.0.113.50` }));
    expect(guesses.slice(20).every((s) => s === 429)).toBe(true);
    expect(await portalStatus(token, { peerAddress: "10.0.0.2" }, { "X-Forwarded-For": "192.0.2.10" })).toBe(200);
    expect(await portalStatus(token, { peerAddress: "10.0.0.2" }, { "X-Forwarded-For": "192.0.2.10, 203.0.113.50" })).toBe(429);
  });
});

/** The portal's status for a client at `context.peerAddress`. */
async function portalStatus(token: string, context: { peerAddress: string } | undefined, headers: Record<string, string> = {}) {
  try {
    await portalRoute.loader({ request: new Request(`http://localhost/portal/${token}`, { headers }), params: { token }, context: context ?? {} });
    return 200;
  } catch (thrown) {
    if (!(thrown instanceof Response)) throw thrown;
    return thrown.status;
  }
}

describe("tracking links", () => {
  it("are created for the influencer's own codes, shortened, and counted on follow", async () => {
    const jane = await influencer(db.prisma, shop.id, { name: "Jane Links" });
    const code = await db.prisma.discountCode.create({ data: { shopId: shop.id, influencerId: jane.id, code: "JANELINK", value: "10" } });
    const at = { path: `/app/influencers/${jane.id}/links`, params: { id: jane.id } };
    const created = await callRoute<{ ok: boolean; slug: string; shortUrl: string }>(linksRoute.action, {
      ...at,
      form: { intent: "create", discountCodeId: code.id, platform: "TIKTOK", campaignId: "", content: "Unboxing video", path: "/products/hat" },
    });
    expect(created.body).toMatchObject({ ok: true, shortUrl: expect.stringMatching(/\/l\/janelink-tt-[a-z0-9]{5}$/) });
    const follow = await callRoute(shortRoute.loader, { path: `/l/${created.body.slug}`, params: { slug: created.body.slug } });
    expect(follow.status).toBe(302);
    const target = new URL(follow.location!);
    expect(target.pathname).toBe("/discount/JANELINK");
    expect(target.searchParams.get("utm_source")).toBe("tiktok");
    expect(target.searchParams.get("utm_content")).toBe("unboxing-video");
    const list = await callRoute<Awaited<ReturnType<typeof linksRoute.loader>>>(linksRoute.loader, at);
    expect(list.body.links).toEqual([expect.objectContaining({ clicks: 1, utmContent: "unboxing-video", url: follow.location })]);
    // Unknown slugs: 404.
    expect((await callRoute(shortRoute.loader, { path: "/l/nope-ig-aaaaa", params: { slug: "nope-ig-aaaaa" } })).status).toBe(404);
  });

  it("refuse another influencer's code", async () => {
    const jane = await influencer(db.prisma, shop.id);
    const bob = await influencer(db.prisma, shop.id);
    const bobCode = await db.prisma.discountCode.create({ data: { shopId: shop.id, influencerId: bob.id, code: `BOB${Date.now()}`, value: "10" } });
    const result = await callRoute(linksRoute.action, {
      path: `/app/influencers/${jane.id}/links`,
      params: { id: jane.id },
      form: { intent: "create", discountCodeId: bobCode.id, platform: "INSTAGRAM", content: "post", path: "/" },
    });
    expect(result.status).toBe(400);
    expect(await db.prisma.trackingLink.count({ where: { influencerId: jane.id } })).toBe(0);
  });

  it("round trip: an order whose landing_site is the link (no code typed) is attributed through the webhook", async () => {
    const { influencer: anna, discountCode } = await seedInfluencer(db.prisma, "ANNAROUND");
    const landing = trackingUrl({ shopDomain: SHOP, code: discountCode.code, platform: "instagram", campaign: "Spring", content: "Reel 1", path: "/products/hat" });
    const response = await deliver("orders/create", orderPayload({ orderId: "7001", discount_codes: [], landing_site: landing }));
    expect(response.status).toBe(200);
    const order = await db.prisma.attributedOrder.findFirstOrThrow({ where: { shopifyOrderId: 7001n } });
    expect(order).toMatchObject({ influencerId: anna.id, source: "TRACKING_LINK", utmCampaign: "spring", utmContent: "reel-1", utmSource: "instagram" });
  });
});
