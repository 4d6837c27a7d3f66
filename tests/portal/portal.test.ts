import { describe, expect, it, vi } from "vitest";
import { systemClock } from "../../app/lib/clock";
import { hashPortalToken, newPortalToken, openPortalToken, sealPortalToken } from "../../app/lib/portal-token.server";
import { trackingUrl } from "../../app/lib/tracking-links";
import * as ownerRoute from "../../app/routes/app.influencers.$id.portal";
import * as linksRoute from "../../app/routes/app.influencers.$id.links";
import * as shortRoute from "../../app/routes/l.$slug";
import * as portalRoute from "../../app/routes/portal.$token";
import { influencer, otherShop } from "../support/factories";
import { callRoute, demoRouteTest } from "../support/routes";
import { deliver, orderPayload, seedInfluencer, SHOP } from "../webhooks/helpers";

const { db, shop } = demoRouteTest();

type PortalData = Awaited<ReturnType<typeof portalRoute.loader>> extends infer R ? (R extends { data: infer D } ? D : never) : never;

let requestNumber = 0;
async function openPortal(token: string) {
  // A distinct address per request: the per-address bucket is exercised in its own test.
  const request = new Request(`http://localhost/portal/${token}`, { headers: { "X-Forwarded-For": `10.0.0.${++requestNumber % 250}` } });
  try {
    const result = (await portalRoute.loader({ request, params: { token }, context: {} })) as unknown as { data: PortalData };
    return { status: 200, data: result.data, text: JSON.stringify(result.data) };
  } catch (thrown) {
    if (!(thrown instanceof Response)) throw thrown;
    return { status: thrown.status, data: null, text: await thrown.text() };
  }
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
    expect(openPortalToken(row.tokenSealed!, jane.id)).toBe(token);
    expect(openPortalToken(row.tokenSealed!, "another-influencer")).toBeNull();
    expect(openPortalToken(sealPortalToken(token, jane.id, { CODETRAIL_PORTAL_KEY: "other" }), jane.id)).toBeNull();
    // The owner can copy it again later.
    const view = await callRoute<{ state: string; url: string }>(ownerRoute.loader, { path: `/app/influencers/${jane.id}/portal`, params: { id: jane.id } });
    expect(view.body).toMatchObject({ state: "active", url: expect.stringContaining(token) });
  });

  it("open the influencer's own page with their codes and figures, and nothing personal", async () => {
    const jane = await influencer(db.prisma, shop.id, { name: "Jane Figures", email: "jane.figures@example.com" });
    const bob = await influencer(db.prisma, shop.id, { name: "Bob Other" });
    await db.prisma.discountCode.create({ data: { shopId: shop.id, influencerId: jane.id, code: "JANEFIG", value: "10" } });
    await db.prisma.discountCode.create({ data: { shopId: shop.id, influencerId: bob.id, code: "BOBSECRET", value: "10" } });
    const token = await issue(jane.id);
    const page = await openPortal(token);
    expect(page.status).toBe(200);
    expect(page.data).toMatchObject({ influencerName: "Jane Figures", codes: [expect.objectContaining({ code: "JANEFIG" })] });
    expect(page.text).not.toContain("BOBSECRET");
    expect(page.text).not.toContain("Bob Other");
    expect(page.text).not.toContain("jane.figures@example.com");
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

  it("are rate limited per address, and the bucket refills with time", async () => {
    // The limiter reads the clock: standing still, however slowly the machine runs the requests.
    let now = Date.now();
    vi.spyOn(systemClock, "now").mockImplementation(() => now);
    const token = newPortalToken();
    const status = async () => {
      try {
        await portalRoute.loader({ request: new Request(`http://localhost/portal/${token}`, { headers: { "X-Forwarded-For": "192.0.2.77" } }), params: { token }, context: {} });
        return 200;
      } catch (thrown) {
        return (thrown as Response).status;
      }
    };
    const statuses: number[] = [];
    for (let i = 0; i < 70; i++) statuses.push(await status());
    expect(statuses.slice(0, 60).every((s) => s === 404)).toBe(true);
    expect(statuses.slice(60).every((s) => s === 429)).toBe(true);
    now += 2_000; // one token a second
    expect([await status(), await status(), await status()]).toEqual([404, 404, 429]);
  });
});

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
