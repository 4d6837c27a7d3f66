import { beforeEach, describe, expect, it } from "vitest";
import * as detail from "../../app/routes/app.influencers.$id/route";
import * as campaignPage from "../../app/routes/app.campaigns.$id";
import { addDays, shopDateOf } from "../../app/lib/shop-dates";
import { campaign, cost, influencer } from "../support/factories";
import { callRoute, demoRouteTest } from "../support/routes";

const { db, shop, otherShop } = demoRouteTest({ otherShop: true, reset: ["influencer", "campaign"] }); // the demo shop is USD
let jane: { id: string };
const path = () => `/app/influencers/${jane.id}`;
const post = (form: Record<string, string>, id = jane.id) =>
  callRoute(detail.action, { path: `/app/influencers/${id}`, params: { id }, form });
const page = () => callRoute<Awaited<ReturnType<typeof detail.loader>>>(detail.loader, { path: path(), params: { id: jane.id } });
const ledger = () => db.prisma.costEntry.findMany({ orderBy: { createdAt: "asc" } });
const rules = () => db.prisma.commissionRule.findMany({ orderBy: { createdAt: "asc" } });

beforeEach(async () => {
  jane = await influencer(db.prisma, shop.id, { name: "Jane Porter" });
});

describe("the cost ledger", () => {
  it("records costs in the shop currency and converts foreign ones with the rate used", async () => {
    const spring = await campaign(db.prisma, shop.id, { name: "Spring" });
    expect((await post({ intent: "addCost", kind: "FLAT_FEE", amount: "900", currency: "USD", incurredOn: "2026-11-02", note: "Retainer", campaignId: spring.id })).body).toMatchObject({ ok: true });
    expect((await post({ intent: "addCost", kind: "AD_BOOST", amount: "250.55", currency: "EUR", exchangeRate: "1.0823", incurredOn: "2026-11-05" })).body).toMatchObject({ ok: true });
    expect((await post({ intent: "addCost", kind: "PRODUCT_SEEDING", amount: "0.1", currency: "", incurredOn: "2026-11-06" })).body).toMatchObject({ ok: true });
    expect((await post({ intent: "addCost", kind: "OTHER", amount: "0.2", currency: "usd", incurredOn: "2026-11-06" })).body).toMatchObject({ ok: true });

    const rows = await ledger();
    expect(rows.map((r) => [r.kind, r.amount.toFixed(4), r.originalAmount?.toFixed(4) ?? null, r.originalCurrency, r.exchangeRate?.toFixed(8) ?? null])).toEqual([
      ["FLAT_FEE", "900.0000", null, null, null],
      // 250.55 × 1.0823 = 271.170265 → 271.1703
      ["AD_BOOST", "271.1703", "250.5500", "EUR", "1.08230000"],
      ["PRODUCT_SEEDING", "0.1000", null, null, null],
      ["OTHER", "0.2000", null, null, null],
    ]);
    expect(rows[0]).toMatchObject({ shopId: shop.id, influencerId: jane.id, campaignId: spring.id, note: "Retainer" });

    const { body } = await page();
    // 900 + 271.1703 + 0.1 + 0.2, exact (no 0.30000000000000004)
    expect(body.totalCost).toBe("1171.4703");
    expect(body.costs.map((c) => c.incurredOn)).toEqual(["2026-11-06", "2026-11-06", "2026-11-05", "2026-11-02"]);
    expect(body.costs.find((c) => c.kind === "AD_BOOST")).toMatchObject({ originalCurrency: "EUR", exchangeRate: "1.08230000" });
  });

  it.each([
    [{ amount: "-100" }, { amount: "validation.amount.negative" }],
    [{ amount: "abc" }, { amount: "validation.number" }],
    [{ amount: "0" }, { amount: "validation.amount.positive" }],
    [{ currency: "ABC" }, { currency: "validation.currency.unknown" }],
    [{ currency: "GBP" }, { exchangeRate: "validation.rate.required" }],
    [{ currency: "GBP", exchangeRate: "abc" }, { exchangeRate: "validation.number" }],
    [{ incurredOn: "" }, { incurredOn: "validation.required" }],
  ])("refuses %j with a field error and records nothing", async (change, fieldErrors) => {
    const res = await post({ intent: "addCost", kind: "FLAT_FEE", amount: "100", currency: "USD", incurredOn: "2026-11-02", ...change });
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ intent: "addCost", ok: false, fieldErrors });
    expect(await ledger()).toEqual([]);
  });

  it("refuses a campaign of another shop", async () => {
    const foreign = await campaign(db.prisma, otherShop.id);
    const res = await post({ intent: "addCost", kind: "FLAT_FEE", amount: "100", currency: "USD", incurredOn: "2026-11-02", campaignId: foreign.id });
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ fieldErrors: { campaignId: "validation.notFound" } });
    expect(await ledger()).toEqual([]);
  });

  it("deletes an entry of this influencer only; another shop's influencer or entry is a 404", async () => {
    const mine = await cost(db.prisma, shop.id, jane.id, { amount: "50" });
    const other = await influencer(db.prisma, otherShop.id);
    const theirs = await cost(db.prisma, otherShop.id, other.id, { amount: "75" });
    expect((await post({ intent: "deleteCost", costId: theirs.id })).status).toBe(404);
    expect((await post({ intent: "deleteCost", costId: mine.id }, other.id)).status).toBe(404);
    expect((await post({ intent: "addCost", kind: "FLAT_FEE", amount: "1", currency: "USD", incurredOn: "2026-11-02" }, other.id)).status).toBe(404);
    expect((await post({ intent: "deleteCost", costId: mine.id })).body).toMatchObject({ ok: true });
    expect((await ledger()).map((c) => c.id)).toEqual([theirs.id]);
  });
});

describe("commission rules", () => {
  const day = (d: Date | null) => d?.toISOString().slice(0, 10) ?? null;
  const today = async () => shopDateOf(new Date(), (await db.prisma.shop.findUniqueOrThrow({ where: { id: shop.id } })).ianaTimezone);

  it("sets, replaces and removes the influencer's rule as dated terms, keeping the earlier ones", async () => {
    const start = await today();
    const yesterday = addDays(start, -1);
    expect((await post({ intent: "commission", kind: "PERCENT_OF_NET_SALES", rate: "12.5" })).body).toMatchObject({ ok: true });
    expect((await rules()).map((r) => [r.influencerId, r.campaignId, r.kind, r.rate.toFixed(4), day(r.startsOn), day(r.endsOn)])).toEqual([
      [jane.id, null, "PERCENT_OF_NET_SALES", "12.5000", start, null],
    ]);
    expect((await page()).body.commission).toEqual({ kind: "PERCENT_OF_NET_SALES", rate: "12.5" });

    // Replaced the same day: the first term ends before it started (kept as history, in force on no day).
    await post({ intent: "commission", kind: "FIXED_PER_ORDER", rate: "3.75" });
    expect((await rules()).map((r) => [r.kind, r.rate.toFixed(2), day(r.startsOn), day(r.endsOn)])).toEqual([
      ["PERCENT_OF_NET_SALES", "12.50", start, yesterday],
      ["FIXED_PER_ORDER", "3.75", start, null],
    ]);
    // Saving the same terms again starts nothing new.
    await post({ intent: "commission", kind: "FIXED_PER_ORDER", rate: "3.75" });
    expect(await rules()).toHaveLength(2);

    // A term from a later day closes the open one the day before.
    const later = addDays(start, 7);
    expect((await post({ intent: "commission", kind: "FIXED_PER_ORDER", rate: "5", startsOn: later })).body).toMatchObject({ ok: true });
    expect((await rules()).map((r) => [r.rate.toFixed(2), day(r.startsOn), day(r.endsOn)])).toEqual([
      ["12.50", start, yesterday],
      ["3.75", start, addDays(later, -1)],
      ["5.00", later, null],
    ]);
    expect((await page()).body.terms.map((t) => [t.rate, t.startsOn, t.endsOn])).toEqual([
      ["5", later, null],
      ["3.75", start, addDays(later, -1)],
      ["12.5", start, yesterday],
    ]);

    await post({ intent: "commission", kind: "NONE", startsOn: later });
    expect((await rules()).filter((r) => r.endsOn === null)).toEqual([]);
    expect((await page()).body.commission).toBeNull();
  });

  it("refuses a term starting before today or before the latest term, and changes nothing", async () => {
    const start = await today();
    await post({ intent: "commission", kind: "PERCENT_OF_NET_SALES", rate: "10", startsOn: addDays(start, 3) });
    const before = await rules();
    for (const [startsOn, error] of [
      [addDays(start, -1), "validation.commission.startsInPast"],
      [addDays(start, 2), "validation.commission.startsBeforeLatest"],
      ["2026-02-30", "validation.date"],
    ]) {
      const res = await post({ intent: "commission", kind: "FIXED_PER_ORDER", rate: "2", startsOn });
      expect(res.status).toBe(400);
      expect(res.body).toMatchObject({ fieldErrors: { startsOn: error } });
    }
    expect(await rules()).toEqual(before);
  });

  it.each([
    [{ kind: "PERCENT_OF_NET_SALES", rate: "0" }, { rate: "validation.amount.positive" }],
    [{ kind: "PERCENT_OF_NET_SALES", rate: "0.99" }, { rate: "validation.percent.range" }],
    [{ kind: "PERCENT_OF_NET_SALES", rate: "101" }, { rate: "validation.percent.range" }],
    [{ kind: "FIXED_PER_ORDER", rate: "-2" }, { rate: "validation.amount.negative" }],
    [{ kind: "FIXED_PER_ORDER", rate: "two" }, { rate: "validation.number" }],
  ])("refuses %j and keeps the existing rule", async (form, fieldErrors) => {
    await post({ intent: "commission", kind: "PERCENT_OF_NET_SALES", rate: "10" });
    const before = await rules();
    const res = await post({ intent: "commission", ...form });
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ fieldErrors });
    expect(await rules()).toEqual(before);
  });

  it("keeps the campaign's rule apart from the influencer's, and refuses another shop's campaign", async () => {
    const spring = await campaign(db.prisma, shop.id, { name: "Spring" });
    const foreign = await campaign(db.prisma, otherShop.id);
    await post({ intent: "commission", kind: "PERCENT_OF_NET_SALES", rate: "10" });
    const res = await callRoute(campaignPage.action, { path: `/app/campaigns/${spring.id}`, params: { id: spring.id }, form: { intent: "commission", kind: "FIXED_PER_ORDER", rate: "5" } });
    expect(res.body).toMatchObject({ ok: true });
    expect((await rules()).map((r) => [r.influencerId, r.campaignId, r.kind])).toEqual([
      [jane.id, null, "PERCENT_OF_NET_SALES"],
      [null, spring.id, "FIXED_PER_ORDER"],
    ]);
    const refused = await callRoute(campaignPage.action, { path: `/app/campaigns/${foreign.id}`, params: { id: foreign.id }, form: { intent: "commission", kind: "FIXED_PER_ORDER", rate: "5" } });
    expect(refused.status).toBe(404);
    expect(await rules()).toHaveLength(2);
  });

  it("two saves at once leave exactly one open term", async () => {
    await Promise.all([
      post({ intent: "commission", kind: "PERCENT_OF_NET_SALES", rate: "10" }),
      post({ intent: "commission", kind: "FIXED_PER_ORDER", rate: "2" }),
      post({ intent: "commission", kind: "PERCENT_OF_NET_SALES", rate: "20" }),
    ]);
    expect((await rules()).filter((r) => r.endsOn === null)).toHaveLength(1);
  });
});
