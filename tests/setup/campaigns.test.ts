import { describe, expect, it } from "vitest";
import * as detail from "../../app/routes/app.campaigns.$id";
import * as index from "../../app/routes/app.campaigns._index";
import * as generate from "../../app/routes/app.codes.generate";
import { campaign, influencer } from "../support/factories";
import { callRoute, demoRouteTest } from "../support/routes";

const { db, shop, otherShop } = demoRouteTest({ otherShop: true, reset: ["campaign", "influencer"] });

const valid = { name: "Holiday Gift Guide", goal: "AWARENESS", startsOn: "2026-12-01", endsOn: "2026-12-24", budget: "18000.50", hashtag: "NorthwindGifts" };
const campaigns = () => db.prisma.campaign.findMany({ orderBy: { id: "asc" } });

describe("creating a campaign", () => {
  it("stores it with exact budget and dates, then redirects to it", async () => {
    const res = await callRoute(index.action, { path: "/app/campaigns", form: valid });
    const [saved] = await campaigns();
    expect(res.status).toBe(302);
    expect(res.location).toBe(`/app/campaigns/${saved.id}?created=1`);
    expect(saved).toMatchObject({ shopId: shop.id, name: "Holiday Gift Guide", goal: "AWARENESS", hashtag: "#NorthwindGifts" });
    expect(saved.budget?.toFixed(4)).toBe("18000.5000");
    expect(saved.startsOn.toISOString().slice(0, 10)).toBe("2026-12-01");
    expect(saved.endsOn?.toISOString().slice(0, 10)).toBe("2026-12-24");
  });

  it.each([
    [{ name: "" }, { name: "validation.required" }],
    [{ endsOn: "2026-11-30" }, { endsOn: "validation.dateRange" }],
    [{ budget: "-1" }, { budget: "validation.amount.negative" }],
    [{ budget: "a lot" }, { budget: "validation.number" }],
    [{ startsOn: "31/12/2026" }, { startsOn: "validation.date" }],
  ])("refuses %j and stores nothing", async (change, fieldErrors) => {
    const res = await callRoute(index.action, { path: "/app/campaigns", form: { ...valid, ...change } });
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ ok: false, fieldErrors });
    expect(await campaigns()).toEqual([]);
  });

  it("refuses a duplicate name in the shop, not in another shop", async () => {
    await campaign(db.prisma, shop.id, { name: "Holiday Gift Guide" });
    await campaign(db.prisma, otherShop.id, { name: "Denim Relaunch" });
    const before = await campaigns();
    const dup = await callRoute(index.action, { path: "/app/campaigns", form: { ...valid, name: "holiday gift guide" } });
    expect(dup.body).toMatchObject({ fieldErrors: { name: "validation.name.taken" } });
    expect(await campaigns()).toEqual(before);
    expect((await callRoute(index.action, { path: "/app/campaigns", form: { ...valid, name: "Denim Relaunch" } })).status).toBe(302);
  });

  it("lists this shop's campaigns only", async () => {
    await campaign(db.prisma, shop.id, { name: "Mine" });
    await campaign(db.prisma, otherShop.id, { name: "Theirs" });
    const res = await callRoute<Awaited<ReturnType<typeof index.loader>>>(index.loader, { path: "/app/campaigns" });
    expect(res.body.campaigns.map((c) => c.name)).toEqual(["Mine"]);
  });
});

describe("a campaign's page", () => {
  it("edits the campaign, refusing an end before the start without changing anything", async () => {
    const c = await campaign(db.prisma, shop.id, { name: "Autumn" });
    const at = { path: `/app/campaigns/${c.id}`, params: { id: c.id } };
    expect((await callRoute(detail.action, { ...at, form: { intent: "update", ...valid, name: "Autumn Layers" } })).body).toMatchObject({ ok: true });
    const before = await campaigns();
    expect(before[0]).toMatchObject({ name: "Autumn Layers", goal: "AWARENESS" });
    const bad = await callRoute(detail.action, { ...at, form: { intent: "update", ...valid, startsOn: "2027-01-01" } });
    expect(bad.body).toMatchObject({ fieldErrors: { endsOn: "validation.dateRange" } });
    expect(await campaigns()).toEqual(before);
  });

  it("adds and removes members (an influencer can be in several campaigns); other shops' ids are 404", async () => {
    const a = await campaign(db.prisma, shop.id, { name: "A" });
    const b = await campaign(db.prisma, shop.id, { name: "B" });
    const jane = await influencer(db.prisma, shop.id, { name: "Jane" });
    await influencer(db.prisma, shop.id, { name: "Marco" });
    await influencer(db.prisma, shop.id, { name: "Archived", status: "ARCHIVED" });
    const foreignInfluencer = await influencer(db.prisma, otherShop.id, { name: "Foreign" });
    const foreignCampaign = await campaign(db.prisma, otherShop.id);
    const add = (campaignId: string, influencerId: string) =>
      callRoute(detail.action, { path: `/app/campaigns/${campaignId}`, params: { id: campaignId }, form: { intent: "addMember", influencerId } });
    expect((await add(a.id, jane.id)).body).toMatchObject({ ok: true });
    expect((await add(b.id, jane.id)).body).toMatchObject({ ok: true });
    expect((await add(a.id, jane.id)).body).toMatchObject({ ok: true }); // already in: no duplicate
    expect((await add(a.id, foreignInfluencer.id)).status).toBe(404);
    expect((await add(foreignCampaign.id, jane.id)).status).toBe(404);
    expect(await db.prisma.campaignInfluencer.count()).toBe(2);

    const view = await callRoute<Awaited<ReturnType<typeof detail.loader>>>(detail.loader, { path: `/app/campaigns/${a.id}`, params: { id: a.id } });
    expect(view.body.members.map((m) => m.name)).toEqual(["Jane"]);
    // Candidates: the shop's other influencers who can join (not members, not archived, not another shop's).
    expect(view.body.candidates.map((m) => m.name)).toEqual(["Marco"]);

    await callRoute(detail.action, { path: `/app/campaigns/${a.id}`, params: { id: a.id }, form: { intent: "removeMember", influencerId: jane.id } });
    expect((await db.prisma.campaignInfluencer.findMany()).map((m) => m.campaignId)).toEqual([b.id]);
  });

  it("404s for another shop's campaign", async () => {
    const foreign = await campaign(db.prisma, otherShop.id);
    expect((await callRoute(detail.loader, { path: `/app/campaigns/${foreign.id}`, params: { id: foreign.id } })).status).toBe(404);
    expect((await callRoute(generate.loader, { path: `/app/codes/generate?campaignId=${foreign.id}` })).status).toBe(404);
  });

  it("'Generate codes for everyone' lists the campaign's members on the generation page", async () => {
    const c = await campaign(db.prisma, shop.id);
    const jane = await influencer(db.prisma, shop.id, { name: "Jane" });
    await influencer(db.prisma, shop.id, { name: "Not a member" });
    await db.prisma.campaignInfluencer.create({ data: { shopId: shop.id, campaignId: c.id, influencerId: jane.id } });
    const res = await callRoute<Awaited<ReturnType<typeof generate.loader>>>(generate.loader, { path: `/app/codes/generate?campaignId=${c.id}` });
    expect(res.body.influencers.map((i) => i.name)).toEqual(["Jane"]);
    expect(res.body.campaignId).toBe(c.id);
  });
});
