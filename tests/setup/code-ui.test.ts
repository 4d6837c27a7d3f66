import { describe, expect, it } from "vitest";
import { demoAdminClient } from "../../app/demo/demo-admin.server";
import * as detail from "../../app/routes/app.influencers.$id/route";
import * as generate from "../../app/routes/app.codes.generate";
import { campaign, influencer } from "../support/factories";
import { callRoute, demoRouteTest } from "../support/routes";

const { db, shop, otherShop } = demoRouteTest({
  otherShop: true,
  reset: ["backgroundJob", "discountCode", "influencer", "emulatorDiscount"],
});

// Relative to the day the suite runs: a code starting three days from now is scheduled on any day.
const startsAt = new Date(Date.now() + 3 * 86_400_000).toISOString().slice(0, 10);
const codeForm = { valueType: "PERCENTAGE", value: "15", minimumRequirement: "NONE", startsAt, combinesWithShipping: "on" };

describe("codes on the influencer page (through the Admin API emulator)", () => {
  it("creates a code, lists it with its shareable link, pauses and resumes it", async () => {
    const jane = await influencer(db.prisma, shop.id, { name: "Jane Porter" });
    const at = { path: `/app/influencers/${jane.id}`, params: { id: jane.id } };
    const created = await callRoute(detail.action, { ...at, form: { intent: "createCode", ...codeForm, code: "jane15" } });
    expect(created.body).toMatchObject({ ok: true, intent: "createCode", code: "JANE15" });

    const view = await callRoute<Awaited<ReturnType<typeof detail.loader>>>(detail.loader, at);
    expect(view.body.codes).toEqual([
      expect.objectContaining({
        code: "JANE15",
        valueType: "PERCENTAGE",
        value: "15",
        status: "SCHEDULED",
        syncState: "SYNCED",
        startsAt,
        link: "https://demo-store.myshopify.com/discount/JANE15?redirect=%2F",
      }),
    ]);
    const codeId = view.body.codes[0].id;
    expect((await callRoute(detail.action, { ...at, form: { intent: "codeActive", codeId, active: "false" } })).body).toMatchObject({ ok: true });
    expect((await db.prisma.discountCode.findUniqueOrThrow({ where: { id: codeId } })).status).toBe("PAUSED");
    expect((await callRoute(detail.action, { ...at, form: { intent: "codeActive", codeId, active: "true" } })).body).toMatchObject({ ok: true });
    expect((await db.prisma.discountCode.findUniqueOrThrow({ where: { id: codeId } })).status).toBe("ACTIVE");
  });

  it("shows the code settings' errors as message keys and creates nothing", async () => {
    const jane = await influencer(db.prisma, shop.id);
    const res = await callRoute(detail.action, {
      path: `/app/influencers/${jane.id}`,
      params: { id: jane.id },
      form: { intent: "createCode", ...codeForm, value: "150", endsAt: "2026-11-01" },
    });
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ fieldErrors: { value: "codes.error.percentRange", endsAt: "codes.error.endBeforeStart" } });
    expect(await db.prisma.discountCode.count()).toBe(0);
  });

  it("links a discount that already exists in the store, and says when none does", async () => {
    const jane = await influencer(db.prisma, shop.id);
    const at = { path: `/app/influencers/${jane.id}`, params: { id: jane.id } };
    const response = await demoAdminClient().graphql(
      `mutation($input: DiscountCodeBasicInput!) { discountCodeBasicCreate(basicCodeDiscount: $input) { userErrors { code } } }`,
      { variables: { input: { title: "Old promo", code: "OLDPROMO", startsAt: "2026-01-01T00:00:00Z", context: { all: "ALL" }, customerGets: { value: { percentage: 0.1 }, items: { all: true } } } } },
    );
    expect(await response.json()).toMatchObject({ data: { discountCodeBasicCreate: { userErrors: [] } } });
    expect((await callRoute(detail.action, { ...at, form: { intent: "linkCode", code: "oldpromo" } })).body).toMatchObject({ ok: true, code: "OLDPROMO" });
    expect(await db.prisma.discountCode.findFirstOrThrow()).toMatchObject({ code: "OLDPROMO", linkedExisting: true, influencerId: jane.id });
    const missing = await callRoute(detail.action, { ...at, form: { intent: "linkCode", code: "NOPE" } });
    expect(missing.status).toBe(400);
    expect(missing.body).toMatchObject({ fieldErrors: { code: "codes.error.notInStore" } });
  });

  it("will not touch another influencer's or another shop's codes", async () => {
    const jane = await influencer(db.prisma, shop.id);
    const marco = await influencer(db.prisma, shop.id);
    await callRoute(detail.action, { path: `/app/influencers/${marco.id}`, params: { id: marco.id }, form: { intent: "createCode", ...codeForm, code: "MARCO15" } });
    const code = await db.prisma.discountCode.findFirstOrThrow();
    const viaJane = await callRoute(detail.action, { path: `/app/influencers/${jane.id}`, params: { id: jane.id }, form: { intent: "codeActive", codeId: code.id, active: "false" } });
    expect(viaJane.status).toBe(404);
    const foreign = await influencer(db.prisma, otherShop.id);
    const viaForeign = await callRoute(detail.action, { path: `/app/influencers/${foreign.id}`, params: { id: foreign.id }, form: { intent: "createCode", ...codeForm } });
    expect(viaForeign.status).toBe(404);
    expect((await db.prisma.discountCode.findFirstOrThrow()).status).toBe(code.status);
  });
});

describe("bulk code generation", () => {
  it("queues a job for the selected influencers of this shop and redirects to its progress page", async () => {
    const a = await influencer(db.prisma, shop.id, { name: "Aisha Khan" });
    const b = await influencer(db.prisma, shop.id, { name: "Marco Rossi" });
    const foreign = await influencer(db.prisma, otherShop.id, { name: "Foreign" });
    const c = await campaign(db.prisma, shop.id);
    const page = await callRoute<Awaited<ReturnType<typeof generate.loader>>>(generate.loader, {
      path: `/app/codes/generate?ids=${a.id}&ids=${b.id}&ids=${foreign.id}`,
    });
    expect(page.body.influencers.map((i) => i.name)).toEqual(["Aisha Khan", "Marco Rossi"]);

    const res = await callRoute(generate.action, { path: "/app/codes/generate", form: { ...codeForm, campaignId: c.id, ids: [a.id, b.id, foreign.id] } });
    const job = await db.prisma.backgroundJob.findFirstOrThrow();
    expect(res.status).toBe(302);
    expect(res.location).toBe(`/app/jobs/${job.id}`);
    expect(job).toMatchObject({ shopId: shop.id, kind: "generate-codes", total: 2 });
    expect((job.payload as { influencerIds: string[] }).influencerIds.sort()).toEqual([a.id, b.id].sort());
  });

  it("refuses bad settings or an empty selection, queuing nothing", async () => {
    const a = await influencer(db.prisma, shop.id);
    const foreign = await influencer(db.prisma, otherShop.id);
    const bad = await callRoute(generate.action, { path: "/app/codes/generate", form: { ...codeForm, value: "", ids: [a.id] } });
    expect(bad.status).toBe(400);
    expect(bad.body).toMatchObject({ fieldErrors: { value: "codes.error.value" } });
    const none = await callRoute(generate.action, { path: "/app/codes/generate", form: { ...codeForm, ids: [foreign.id] } });
    expect(none.status).toBe(400);
    expect(none.body).toMatchObject({ fieldErrors: { ids: "validation.selection" } });
    expect(await db.prisma.backgroundJob.count()).toBe(0);
  });
});
