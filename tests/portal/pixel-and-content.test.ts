import { describe, expect, it, vi } from "vitest";
import { systemClock } from "../../app/lib/clock";
import { demoAdminClient } from "../../app/demo/demo-admin.server";
import * as contentRoute from "../../app/routes/app.content._index/route";
import * as pixelRoute from "../../app/routes/pixel.events";
import { createTrackingLink, followTrackingLink, listTrackingLinks } from "../../app/models/tracking-links.server";
import { activateWebPixel } from "../../app/services/web-pixel.server";
import { campaign, influencer } from "../support/factories";
import { callRoute, demoRouteTest } from "../support/routes";

const { db, shop } = demoRouteTest();

let address = 0;
/** A pixel event from a client at `ip` (the socket's peer, as server.mjs passes it), with a forged X-Forwarded-For. */
function post(body: unknown, ip = `10.1.0.${++address % 250}`, forwardedFor = `198.51.100.${address % 250}`) {
  const text = typeof body === "string" ? body : JSON.stringify(body);
  return pixelRoute.action({
    request: new Request("http://localhost/pixel/events", { method: "POST", body: text, headers: { "Content-Type": "text/plain", "X-Forwarded-For": forwardedFor } }),
    params: {},
    context: { peerAddress: ip },
  });
}

const visit = (overrides: Record<string, unknown> = {}) => ({
  v: 1,
  kind: "page_viewed",
  shop: "demo-store.myshopify.com",
  visitId: "abcdefghijklmnopqrstuv",
  code: "PIXELCODE",
  utmSource: "instagram",
  utmMedium: "influencer",
  utmCampaign: "spring",
  utmContent: "reel-1",
  ...overrides,
});

describe("pixel collecting endpoint", () => {
  it("counts visits and checkouts per influencer, platform and content, and stores nothing personal", async () => {
    expect(shop.domain).toBe("demo-store.myshopify.com");
    const jane = await influencer(db.prisma, shop.id);
    await db.prisma.discountCode.create({ data: { shopId: shop.id, influencerId: jane.id, code: "PIXELCODE", value: "10" } });
    expect((await post(visit())).status).toBe(202);
    expect((await post(visit({ visitId: "zyxwvutsrqponmlkjihgfe" }))).status).toBe(202);
    expect((await post({ v: 1, kind: "checkout_completed", shop: shop.domain, visitId: "abcdefghijklmnopqrstuv", codes: ["pixelcode"] })).status).toBe(202);
    const stats = await db.prisma.trafficStat.findMany({ where: { shopId: shop.id, influencerId: jane.id }, orderBy: { platform: "asc" } });
    expect(stats.map((s) => [s.platform, s.campaign, s.content, s.visits, s.checkouts])).toEqual([
      ["", "", "", 0, 1],
      ["instagram", "spring", "reel-1", 2, 0],
    ]);
    const stored = JSON.stringify(stats);
    expect(stored).not.toContain("abcdefghijklmnopqrstuv");
    expect(stored).not.toContain("10.1.0");
  });

  it("ties a visit's checkout to the link it landed through: the link's card counts it, with or without a typed code", async () => {
    const jane = await influencer(db.prisma, shop.id, { name: "Jane Funnel" });
    const bob = await influencer(db.prisma, shop.id, { name: "Bob Funnel" });
    const code = await db.prisma.discountCode.create({ data: { shopId: shop.id, influencerId: jane.id, code: "FUNNELJANE", value: "10" } });
    await db.prisma.discountCode.create({ data: { shopId: shop.id, influencerId: bob.id, code: "FUNNELBOB", value: "10" } });
    const make = (content: string) =>
      createTrackingLink(shop, jane.id, { discountCodeId: code.id, platform: "TIKTOK", campaignId: null, content, path: "/" }).then((r) => {
        if (!r?.ok) throw new Error("link not created");
        return r.link;
      });
    // Two links with the same code, platform, campaign and content: only the slug tells them apart.
    const [reel, twin] = [await make("Reel"), await make("Reel")];
    const landing = new URL((await followTrackingLink(reel.slug, { count: true }))!);
    const page = new URL(landing.searchParams.get("redirect")!, `https://${shop.domain}`);
    const params = Object.fromEntries(page.searchParams);
    expect(params.ct_link).toBe(reel.slug);
    const seen = { code: params.ref, utmSource: params.utm_source, utmMedium: params.utm_medium, utmCampaign: params.utm_campaign, utmContent: params.utm_content, link: reel.slug };
    expect((await post(visit(seen))).status).toBe(202);
    // Checkouts of that visit: with the code, and without any code (still the link's).
    expect((await post({ v: 1, kind: "checkout_completed", shop: shop.domain, visitId: "abcdefghijklmnopqrstuv", codes: ["funneljane"], link: reel.slug })).status).toBe(202);
    expect((await post({ v: 1, kind: "checkout_completed", shop: shop.domain, visitId: "abcdefghijklmnopqrstuv", codes: [], link: reel.slug })).status).toBe(202);
    // Another influencer's code wins the checkout: it is Bob's, not Jane's link's.
    expect((await post({ v: 1, kind: "checkout_completed", shop: shop.domain, visitId: "abcdefghijklmnopqrstuv", codes: ["FUNNELBOB"], link: reel.slug })).status).toBe(202);
    // An older pixel's checkout (no link) counts for the influencer only.
    expect((await post({ v: 1, kind: "checkout_completed", shop: shop.domain, visitId: "abcdefghijklmnopqrstuv", codes: ["FUNNELJANE"] })).status).toBe(202);

    const cards = await listTrackingLinks(shop, jane.id);
    const card = (id: string) => cards.find((l) => l.id === id);
    expect(card(reel.id)).toMatchObject({ clicks: 1, visits: 1, checkouts: 2, orders: 0, netSales: "0", visitRate: "100", checkoutRate: "200", orderRate: "0" });
    expect(card(twin.id)).toMatchObject({ clicks: 0, visits: 0, checkouts: 0, visitRate: null, checkoutRate: null, orderRate: null });
    const bobStats = await db.prisma.trafficStat.findMany({ where: { shopId: shop.id, influencerId: bob.id } });
    expect(bobStats.map((s) => [s.trackingLinkId, s.checkouts])).toEqual([["", 1]]);
    const janeUnnamed = await db.prisma.trafficStat.findMany({ where: { shopId: shop.id, influencerId: jane.id, trackingLinkId: "" } });
    expect(janeUnnamed.map((s) => s.checkouts)).toEqual([1]);
  });

  it("keeps forwarding a tracking link to the store after an uninstall, counting nothing", async () => {
    const jane = await influencer(db.prisma, shop.id, { name: "Jane Uninstalled" });
    const code = await db.prisma.discountCode.create({ data: { shopId: shop.id, influencerId: jane.id, code: "STAYJANE", value: "10" } });
    const created = await createTrackingLink(shop, jane.id, { discountCodeId: code.id, platform: "INSTAGRAM", campaignId: null, content: "Bio", path: "/" });
    if (!created?.ok) throw new Error("link not created");
    const installed = await followTrackingLink(created.link.slug, { count: true });
    await db.prisma.shop.update({ where: { id: shop.id }, data: { uninstalledAt: new Date("2026-11-20T00:00:00Z") } });
    try {
      const before = { link: await db.prisma.trackingLink.findUniqueOrThrow({ where: { id: created.link.id } }), stats: await db.prisma.trafficStat.findMany({ where: { shopId: shop.id } }) };
      // The bio link still lands on the store with its code; nothing is recorded for the shop.
      expect(await followTrackingLink(created.link.slug, { count: true })).toBe(installed);
      expect(new URL(installed!).hostname).toBe(shop.domain);
      expect(await db.prisma.trackingLink.findUniqueOrThrow({ where: { id: created.link.id } })).toEqual(before.link);
      expect(await db.prisma.trafficStat.findMany({ where: { shopId: shop.id } })).toEqual(before.stats);
    } finally {
      await db.prisma.shop.update({ where: { id: shop.id }, data: { uninstalledAt: null } });
    }
  });

  it("refuses a checkout with neither a code nor a link, and a malformed link", async () => {
    const before = await db.prisma.trafficStat.findMany();
    const base = { v: 1, kind: "checkout_completed", shop: shop.domain, visitId: "abcdefghijklmnopqrstuv" };
    expect((await post({ ...base, codes: [] })).status).toBe(400);
    expect((await post({ ...base, codes: [], link: null })).status).toBe(400);
    expect((await post({ ...base, codes: ["X"], link: "../../etc" })).status).toBe(400);
    // An unknown (well-formed) slug names no link: nothing to count without a code.
    expect((await post({ ...base, codes: [], link: "nobody-ig-aaaaa" })).headers.get("X-CodeTrail-Outcome")).toBe("ignored");
    expect(await db.prisma.trafficStat.findMany()).toEqual(before);
  });

  it("accepts an unknown code without counting anything", async () => {
    const response = await post(visit({ code: "NOBODY" }));
    expect(response.status).toBe(202);
    expect(response.headers.get("X-CodeTrail-Outcome")).toBe("ignored");
  });

  it("refuses unknown and uninstalled shops (404) and stores nothing", async () => {
    const before = await db.prisma.trafficStat.count();
    expect((await post(visit({ shop: "unknown-store.myshopify.com" }))).status).toBe(404);
    const gone = await db.prisma.shop.create({ data: { domain: "gone-store.myshopify.com", name: "Gone", uninstalledAt: new Date() } });
    await db.prisma.influencer.create({ data: { shopId: gone.id, name: "G", discountCodes: { create: { shopId: gone.id, code: "PIXELCODE", value: "1" } } } });
    expect((await post(visit({ shop: gone.domain }))).status).toBe(404);
    expect(await db.prisma.trafficStat.count()).toBe(before);
  });

  it.each([
    ["not JSON", "{nope"],
    ["an unknown kind", visit({ kind: "add_to_cart" })],
    ["a non-Shopify shop", visit({ shop: "evil.example.com" })],
    ["an extra personal field", visit({ email: "someone@example.com" })],
    ["a client id instead of a visit id", visit({ visitId: "client-123" })],
    ["too many codes", { v: 1, kind: "checkout_completed", shop: "demo-store.myshopify.com", visitId: "abcdefghijklmnopqrstuv", codes: Array(11).fill("X") }],
    ["an oversized body", visit({ utmContent: "x".repeat(5000) })],
  ])("refuses %s (4xx, nothing stored)", async (_name, body) => {
    const before = await db.prisma.trafficStat.findMany();
    const response = await post(body);
    expect([400, 413]).toContain(response.status);
    expect(await db.prisma.trafficStat.findMany()).toEqual(before);
  });

  it("answers CORS preflights", async () => {
    const response = await pixelRoute.action({ request: new Request("http://localhost/pixel/events", { method: "OPTIONS" }), params: {}, context: {} });
    expect(response.status).toBe(204);
    expect(response.headers.get("Access-Control-Allow-Origin")).toBe("*");
  });

  it("rate limits a flood from one address, and the bucket refills with time", async () => {
    // The limiter reads the clock: standing still, however slowly the machine runs the requests.
    let now = Date.now();
    vi.spyOn(systemClock, "now").mockImplementation(() => now);
    const statuses: number[] = [];
    // A new X-Forwarded-For on every request changes nothing: no proxy is trusted (TRUSTED_PROXIES unset).
    for (let i = 0; i < 40; i++) statuses.push((await post(visit({ code: "NOBODY" }), "203.0.113.9", `198.51.100.${i}`)).status);
    expect(statuses.slice(0, 30).every((s) => s === 202)).toBe(true);
    expect(statuses.slice(30).every((s) => s === 429)).toBe(true);
    now += 2_000; // one token a second
    const later = [];
    for (let i = 0; i < 3; i++) later.push((await post(visit({ code: "NOBODY" }), "203.0.113.9")).status);
    expect(later).toEqual([202, 202, 429]);
  });

  it("activates the web pixel with webPixelCreate (emulator), then updates it instead of creating a second", async () => {
    const row = await db.prisma.shop.findUniqueOrThrow({ where: { id: shop.id } });
    const first = await activateWebPixel(demoAdminClient(), row, "https://app.example");
    expect(first).toMatchObject({ ok: true, id: expect.stringMatching(/^gid:\/\/shopify\/WebPixel\//) });
    const stored = await db.prisma.shop.findUniqueOrThrow({ where: { id: shop.id } });
    expect(stored.webPixelId).toBe((first as { id: string }).id);
    const again = await activateWebPixel(demoAdminClient(), stored, "https://app2.example");
    expect(again).toEqual(first);
  });
});

describe("content performance", () => {
  const at = { path: "/app/content" };

  it("records a post by hand and shows its metrics, with dashes for zero denominators", async () => {
    const jane = await influencer(db.prisma, shop.id, { name: "Jane Content" });
    const saved = await callRoute(contentRoute.action, {
      ...at,
      form: { intent: "add", influencerId: jane.id, campaignId: "", platform: "INSTAGRAM", url: "https://instagram.com/p/abc", postedOn: "2026-11-02", cost: "500", reach: "10000", impressions: "25,000", likes: "800", comments: "120", shares: "50", saves: "30", linkClicks: "250", videoViews: "", hashtagMentions: "3" },
    });
    expect(saved.body).toMatchObject({ ok: true });
    await callRoute(contentRoute.action, { ...at, form: { intent: "add", influencerId: jane.id, platform: "TIKTOK", url: "https://tiktok.com/@j/1", postedOn: "2026-11-03", cost: "0" } });
    const view = await callRoute<Awaited<ReturnType<typeof contentRoute.loader>>>(contentRoute.loader, at);
    const byUrl = Object.fromEntries(view.body.posts.map((p) => [p.url, p.metrics]));
    expect(byUrl["https://instagram.com/p/abc"]).toMatchObject({ engagementRate: "10.0000", ctr: "1.0000", cpe: "0.5000", cpm: "20.0000", hashtagMentions: 3 });
    expect(byUrl["https://tiktok.com/@j/1"]).toMatchObject({ engagementRate: null, ctr: null, cpe: null, cpm: null });
    expect(view.body.byInfluencer.find((g) => g.name === "Jane Content")?.metrics.posts).toBe(2);
  });

  it("gives a post its link's clicks, visits, checkouts, orders, net sales and ROI on the post's cost; refuses another influencer's link", async () => {
    const maya = await influencer(db.prisma, shop.id, { name: "Maya Post" });
    const other = await influencer(db.prisma, shop.id, { name: "Other Post" });
    const code = await db.prisma.discountCode.create({ data: { shopId: shop.id, influencerId: maya.id, code: "MAYAPOST", value: "10" } });
    const created = await createTrackingLink(shop, maya.id, { discountCodeId: code.id, platform: "INSTAGRAM", campaignId: null, content: "reel-7", path: "/" });
    if (!created?.ok) throw new Error("link not created");
    const link = created.link;
    for (let i = 0; i < 3; i++) await followTrackingLink(link.slug, { count: true });
    expect((await post(visit({ code: "MAYAPOST", link: link.slug, visitId: "postvisit0000000000001" }))).status).toBe(202);
    // Two orders credited through the link: 120 and 80, the second refunded 30 → net 170.
    const order = (n: bigint, sales: string, refunded: string) =>
      db.prisma.attributedOrder.create({
        data: {
          shopId: shop.id, shopifyOrderId: 880_000n + n, name: `#P${n}`, influencerId: maya.id, discountCodeId: code.id, trackingLinkId: link.id,
          source: "DISCOUNT_CODE", orderCreatedAt: new Date("2026-11-05T10:00:00Z"), shopDate: new Date("2026-11-05T00:00:00Z"),
          shopifyUpdatedAt: new Date("2026-11-05T10:00:00Z"), currencyCode: "USD", presentmentCurrency: "USD", sales, discounts: "0", refunded,
        },
      });
    await order(1n, "120", "0");
    await order(2n, "80", "30");
    const refused = await callRoute<{ fieldErrors: Record<string, string> }>(contentRoute.action, {
      ...at,
      form: { intent: "add", influencerId: other.id, trackingLinkId: link.id, platform: "INSTAGRAM", url: "https://instagram.com/p/notyours", postedOn: "2026-11-04", cost: "100" },
    });
    expect([refused.status, refused.body.fieldErrors.trackingLinkId]).toEqual([400, "validation.notFound"]);
    const saved = await callRoute(contentRoute.action, {
      ...at,
      form: { intent: "add", influencerId: maya.id, trackingLinkId: link.id, platform: "INSTAGRAM", url: "https://instagram.com/p/maya7", postedOn: "2026-11-04", cost: "100" },
    });
    expect(saved.body).toMatchObject({ ok: true });
    const view = await callRoute<Awaited<ReturnType<typeof contentRoute.loader>>>(contentRoute.loader, at);
    expect(view.body.links.filter((l) => l.influencerId === maya.id).map((l) => l.slug)).toEqual([link.slug]);
    const maya7 = view.body.posts.find((p) => p.url === "https://instagram.com/p/maya7")!;
    expect(maya7.link).toMatchObject({ slug: link.slug, roiPercent: "70.0", funnel: { clicks: 3, visits: 1, checkouts: 0, orders: 2, netSales: "170" } });
    expect(view.body.posts.find((p) => p.url === "https://instagram.com/p/notyours")).toBeUndefined();
    // Re-importing the post by CSV keeps its link.
    const csv = "influencer,platform,url,postedOn,cost\nMaya Post,INSTAGRAM,https://instagram.com/p/maya7,2026-11-04,100\n";
    const imported = await callRoute<{ imported: number }>(contentRoute.action, { ...at, form: { intent: "import", csv } });
    expect(imported.body.imported).toBe(1);
    expect((await db.prisma.contentPost.findFirstOrThrow({ where: { url: "https://instagram.com/p/maya7" } })).trackingLinkId).toBe(link.id);
  });

  it("refuses a bad form and saves nothing", async () => {
    const before = await db.prisma.contentPost.count();
    const result = await callRoute<{ fieldErrors: Record<string, string> }>(contentRoute.action, {
      ...at,
      form: { intent: "add", influencerId: "nope", platform: "MYSPACE", url: "javascript:alert(1)", postedOn: "2026-02-30", likes: "-3" },
    });
    expect(result.status).toBe(400);
    expect(result.body.fieldErrors).toMatchObject({ platform: "validation.choice", url: "content.error.url", postedOn: "validation.date", likes: "content.error.count" });
    expect(await db.prisma.contentPost.count()).toBe(before);
  });

  it("imports CSV rows, reports bad rows by line and imports nothing from them", async () => {
    await influencer(db.prisma, shop.id, { name: "Ana Csv" });
    await campaign(db.prisma, shop.id, { name: "Spring Csv" });
    const csv = [
      "Influencer,Campaign,Platform,URL,Date,Cost,Reach,Impressions,Likes,Comments,Shares,Saves,Video views,Link clicks,Hashtag mentions",
      "Ana Csv,Spring Csv,instagram,https://instagram.com/p/csv1,2026-11-05,100,1000,2000,50,10,5,5,0,20,1",
      "Nobody,,instagram,https://instagram.com/p/csv2,2026-11-05,100,1000,2000,50,10,5,5,0,20,1",
      "Ana Csv,No Such Campaign,tiktok,https://tiktok.com/csv3,2026-11-06,0,1,1,1,1,1,1,1,1,0",
      "Ana Csv,,youtube,not-a-url,2026-13-01,abc,1.5,1,1,1,1,1,1,1,0",
      "Ana Csv,,youtube,https://youtube.com/csv5,2026-11-07,,500,900,40,4,2,1,300,9,0",
      "Ana Csv,,youtube,https://youtube.com/csv5,2026-11-07,,500,900,40,4,2,1,300,9,0",
    ].join("\n");
    const result = await callRoute<{ ok: boolean; imported: number; rows: number; rowErrors: { line: number; errors: Record<string, string> }[] }>(contentRoute.action, {
      ...at,
      form: { intent: "import", csv },
    });
    expect(result.body).toMatchObject({ ok: true, imported: 2, rows: 6 });
    expect(result.body.rowErrors.map((r) => r.line)).toEqual([3, 4, 5, 7]);
    expect(result.body.rowErrors[0].errors).toEqual({ influencer: "content.import.unknownInfluencer" });
    expect(result.body.rowErrors[1].errors).toEqual({ campaign: "content.import.unknownCampaign" });
    expect(result.body.rowErrors[2].errors).toMatchObject({ url: "content.error.url", postedOn: "validation.date", cost: "validation.number", reach: "content.error.count" });
    expect(result.body.rowErrors[3].errors).toEqual({ url: "content.import.duplicate" });
    const urls = (await db.prisma.contentPost.findMany({ where: { url: { contains: "csv" } }, select: { url: true } })).map((p) => p.url).sort();
    expect(urls).toEqual(["https://instagram.com/p/csv1", "https://youtube.com/csv5"]);
  });

  it("refuses a file that is not CSV", async () => {
    const result = await callRoute<{ fieldErrors: Record<string, string> }>(contentRoute.action, { ...at, form: { intent: "import", csv: 'a,"b\n1,2' } });
    expect(result.status).toBe(400);
    expect(result.body.fieldErrors.form).toBe("content.import.notCsv");
  });

  it("prices EMV with the shop's rate table", async () => {
    const rates = { impressions: "0.01", likes: "0.1", comments: "0", shares: "0", saves: "0", videoViews: "0", linkClicks: "0" };
    expect((await callRoute(contentRoute.action, { ...at, form: { intent: "rates", ...rates } })).body).toMatchObject({ ok: true });
    const view = await callRoute<Awaited<ReturnType<typeof contentRoute.loader>>>(contentRoute.loader, at);
    const post = view.body.posts.find((p) => p.url === "https://instagram.com/p/abc")!;
    // 25000 × 0.01 + 800 × 0.1
    expect(post.metrics.emv).toBe("330.0000");
  });
});
