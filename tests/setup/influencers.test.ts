import { beforeEach, describe, expect, it } from "vitest";
import * as detail from "../../app/routes/app.influencers.$id/route";
import * as index from "../../app/routes/app.influencers._index/route";
import * as create from "../../app/routes/app.influencers.new";
import { influencer } from "../support/factories";
import { callRoute, demoRouteTest } from "../support/routes";

const { db, shop, otherShop } = demoRouteTest({ otherShop: true, reset: ["influencer"] });

const snapshot = () =>
  db.prisma.influencer.findMany({ orderBy: { id: "asc" }, include: { handles: { orderBy: { platform: "asc" } } } });

describe("adding an influencer", () => {
  it("creates the influencer with handles and redirects to their page", async () => {
    const res = await callRoute(create.action, {
      path: "/app/influencers/new",
      form: { name: "Jane Porter", email: "jane@example.com", status: "ACTIVE", "handle.INSTAGRAM": "@janeporter", "handle.TIKTOK": "jane.p", notes: "Met at the fair" },
    });
    const saved = await db.prisma.influencer.findFirstOrThrow({ where: { shopId: shop.id }, include: { handles: true } });
    expect(res.status).toBe(302);
    expect(res.location).toBe(`/app/influencers/${saved.id}?created=1`);
    expect(saved).toMatchObject({ name: "Jane Porter", email: "jane@example.com", notes: "Met at the fair", status: "ACTIVE" });
    expect(saved.handles.map((h) => [h.platform, h.handle, h.shopId]).sort()).toEqual([
      ["INSTAGRAM", "janeporter", shop.id],
      ["TIKTOK", "jane.p", shop.id],
    ]);
  });

  it.each([
    [{ name: "" }, { name: "validation.required" }],
    [{ name: "Ok", email: "jane@" }, { email: "validation.email" }],
    [{ name: "Ok", "handle.YOUTUBE": "has space" }, { "handle.YOUTUBE": "validation.handle.invalid" }],
  ])("answers 400 with field errors for %j and stores nothing", async (form, fieldErrors) => {
    const res = await callRoute(create.action, { path: "/app/influencers/new", form });
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ ok: false, fieldErrors, message: "validation.form" });
    expect(await db.prisma.influencer.count()).toBe(0);
  });

  it("refuses a name already used in the shop (any case) but allows it in another shop", async () => {
    await influencer(db.prisma, shop.id, { name: "Jane Porter" });
    await influencer(db.prisma, otherShop.id, { name: "Marco Rossi" });
    const before = await snapshot();
    const res = await callRoute(create.action, { path: "/app/influencers/new", form: { name: "jane porter" } });
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ fieldErrors: { name: "validation.name.taken" } });
    expect(await snapshot()).toEqual(before);
    const other = await callRoute(create.action, { path: "/app/influencers/new", form: { name: "Marco Rossi" } });
    expect(other.status).toBe(302);
  });
});

describe("the influencer index", () => {
  beforeEach(async () => {
    await influencer(db.prisma, shop.id, { name: "Aisha Khan", email: "aisha@example.com", handles: { TIKTOK: "aishakhan" }, createdAt: new Date("2026-01-03") });
    await influencer(db.prisma, shop.id, { name: "Marco Rossi", email: "marco@styles.example", status: "PAUSED", handles: { YOUTUBE: "MarcoStyles" }, createdAt: new Date("2026-01-01") });
    await influencer(db.prisma, shop.id, { name: "Tom Becker", email: null, status: "ARCHIVED", handles: { INSTAGRAM: "tombecker" }, createdAt: new Date("2026-01-02") });
    await influencer(db.prisma, otherShop.id, { name: "Aisha Other", email: "aisha@other.example", handles: { TIKTOK: "aishakhan" } });
  });
  const names = async (query: string) => {
    const res = await callRoute<Awaited<ReturnType<typeof index.loader>>>(index.loader, { path: `/app/influencers${query}` });
    return res.body.influencers.map((i) => i.name);
  };

  it("lists only this shop's influencers, by name", async () => {
    expect(await names("")).toEqual(["Aisha Khan", "Marco Rossi", "Tom Becker"]);
  });

  it("searches name, email and handle, case-insensitively, with or without @", async () => {
    expect(await names("?query=aisha")).toEqual(["Aisha Khan"]);
    expect(await names("?query=STYLES.example")).toEqual(["Marco Rossi"]);
    expect(await names("?query=%40tombeck")).toEqual(["Tom Becker"]);
    expect(await names("?query=nobody")).toEqual([]);
  });

  it("filters by status and sorts by name, date added or status", async () => {
    expect(await names("?status=paused")).toEqual(["Marco Rossi"]);
    expect(await names("?status=bogus")).toHaveLength(3);
    expect(await names("?sort=name+desc")).toEqual(["Tom Becker", "Marco Rossi", "Aisha Khan"]);
    expect(await names("?sort=created+asc")).toEqual(["Marco Rossi", "Tom Becker", "Aisha Khan"]);
    expect(await names("?sort=status+asc")).toEqual(["Aisha Khan", "Marco Rossi", "Tom Becker"]);
    expect(await names("?sort=status+desc")).toEqual(["Tom Becker", "Marco Rossi", "Aisha Khan"]);
  });

  it("bulk pauses, activates and archives the selected influencers of this shop only", async () => {
    const all = await db.prisma.influencer.findMany({ orderBy: { name: "asc" } });
    const ids = all.map((i) => i.id); // includes the other shop's influencer
    const res = await callRoute(index.action, { path: "/app/influencers", form: { status: "PAUSED", ids } });
    expect(res.body).toMatchObject({ ok: true, count: 3 });
    const after = await db.prisma.influencer.findMany({ orderBy: { name: "asc" } });
    expect(after.map((i) => [i.name, i.status])).toEqual([
      ["Aisha Khan", "PAUSED"],
      ["Aisha Other", "ACTIVE"],
      ["Marco Rossi", "PAUSED"],
      ["Tom Becker", "PAUSED"],
    ]);
    await callRoute(index.action, { path: "/app/influencers", form: { status: "ARCHIVED", ids: [ids[0]] } });
    expect((await db.prisma.influencer.findUniqueOrThrow({ where: { id: ids[0] } })).status).toBe("ARCHIVED");
  });

  it("refuses a bulk action without a selection or with an unknown status", async () => {
    const before = await snapshot();
    const none = await callRoute(index.action, { path: "/app/influencers", form: { status: "PAUSED" } });
    expect(none.status).toBe(400);
    expect(none.body).toMatchObject({ fieldErrors: { ids: "validation.selection" } });
    const bad = await callRoute(index.action, { path: "/app/influencers", form: { status: "DELETED", ids: [before[0].id] } });
    expect(bad.body).toMatchObject({ fieldErrors: { status: "validation.choice" } });
    expect(await snapshot()).toEqual(before);
  });
});

describe("the influencer page", () => {
  it("shows one influencer of this shop, and 404s for another shop's id or an unknown id", async () => {
    const mine = await influencer(db.prisma, shop.id, { name: "Noa Levi", handles: { INSTAGRAM: "noa.levi" } });
    const theirs = await influencer(db.prisma, otherShop.id, { name: "Not Mine" });
    const ok = await callRoute<Awaited<ReturnType<typeof detail.loader>>>(detail.loader, { path: `/app/influencers/${mine.id}`, params: { id: mine.id } });
    expect(ok.body.influencer).toMatchObject({ name: "Noa Levi", handles: { INSTAGRAM: "noa.levi" } });
    expect(ok.body.currency).toBe("USD");
    for (const id of [theirs.id, "00000000-0000-0000-0000-000000000000"]) {
      expect((await callRoute(detail.loader, { path: `/app/influencers/${id}`, params: { id } })).status).toBe(404);
      const post = await callRoute(detail.action, { path: `/app/influencers/${id}`, params: { id }, form: { intent: "profile", name: "Hijacked" } });
      expect(post.status).toBe(404);
    }
    expect((await db.prisma.influencer.findUniqueOrThrow({ where: { id: theirs.id } })).name).toBe("Not Mine");
  });

  it("edits the profile and replaces the handles", async () => {
    const mine = await influencer(db.prisma, shop.id, { name: "Noa Levi", handles: { INSTAGRAM: "noa.levi", TIKTOK: "noa" } });
    const res = await callRoute(detail.action, {
      path: `/app/influencers/${mine.id}`,
      params: { id: mine.id },
      form: { intent: "profile", name: "Noa Levi-Cohen", email: "noa@example.com", status: "PAUSED", "handle.INSTAGRAM": "noa.lc", "handle.X": "noalc" },
    });
    expect(res.body).toMatchObject({ ok: true, intent: "profile" });
    const saved = await db.prisma.influencer.findUniqueOrThrow({ where: { id: mine.id }, include: { handles: { orderBy: { platform: "asc" } } } });
    expect(saved).toMatchObject({ name: "Noa Levi-Cohen", email: "noa@example.com", status: "PAUSED" });
    expect(saved.handles.map((h) => [h.platform, h.handle])).toEqual([
      ["INSTAGRAM", "noa.lc"],
      ["X", "noalc"],
    ]);
  });

  it("refuses a profile edit that takes another influencer's name, changing nothing", async () => {
    await influencer(db.prisma, shop.id, { name: "Jane Porter" });
    const mine = await influencer(db.prisma, shop.id, { name: "Noa Levi", handles: { INSTAGRAM: "noa.levi" } });
    const before = await snapshot();
    const res = await callRoute(detail.action, {
      path: `/app/influencers/${mine.id}`,
      params: { id: mine.id },
      form: { intent: "profile", name: "JANE PORTER", email: "x@example.com" },
    });
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ fieldErrors: { name: "validation.name.taken" } });
    expect(await snapshot()).toEqual(before);
  });

  it("joins and leaves campaigns of this shop only", async () => {
    const mine = await influencer(db.prisma, shop.id);
    const campaign = await db.prisma.campaign.create({ data: { shopId: shop.id, name: "Spring", startsOn: new Date("2026-03-01") } });
    const foreign = await db.prisma.campaign.create({ data: { shopId: otherShop.id, name: "Foreign", startsOn: new Date("2026-03-01") } });
    const path = `/app/influencers/${mine.id}`;
    expect((await callRoute(detail.action, { path, params: { id: mine.id }, form: { intent: "joinCampaign", campaignId: campaign.id } })).body).toMatchObject({ ok: true });
    expect((await callRoute(detail.action, { path, params: { id: mine.id }, form: { intent: "joinCampaign", campaignId: foreign.id } })).status).toBe(404);
    const page = await callRoute<Awaited<ReturnType<typeof detail.loader>>>(detail.loader, { path, params: { id: mine.id } });
    expect(page.body.memberships.map((m) => m.name)).toEqual(["Spring"]);
    expect(page.body.campaigns.map((c) => c.name)).toEqual(["Spring"]);
    await callRoute(detail.action, { path, params: { id: mine.id }, form: { intent: "leaveCampaign", campaignId: campaign.id } });
    expect(await db.prisma.campaignInfluencer.count()).toBe(0);
  });
});
