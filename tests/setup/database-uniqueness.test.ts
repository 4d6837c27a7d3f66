import { describe, expect, it } from "vitest";
import { CAMPAIGN_NAME_INDEX, CAMPAIGN_RULE_INDEX, INFLUENCER_NAME_INDEX, INFLUENCER_RULE_INDEX } from "../../app/db/raw-schema";
import { createCampaign, updateCampaign } from "../../app/models/campaigns.server";
import { setCommissionRule } from "../../app/models/commission-rules.server";
import { createInfluencer, updateInfluencer } from "../../app/models/influencers.server";
import { Decimal } from "../../app/lib/money";
import { violatedUniqueIndex } from "../../app/models/prisma-errors.server";
import * as newInfluencer from "../../app/routes/app.influencers.new";
import { campaign, influencer } from "../support/factories";
import { callRoute, demoRouteTest } from "../support/routes";

// Uniqueness the database itself enforces (decision 011), on PGlite and on PostgreSQL alike.
const { db, shop, otherShop } = demoRouteTest({ otherShop: true, reset: ["commissionRule", "campaign", "influencer"] });

const profile = (name: string) => ({ name, email: null, notes: null, status: "ACTIVE" as const, language: null, handles: [] });
const plan = (name: string) => ({ name, goal: "CONVERSION" as const, startsOn: "2026-11-01", endsOn: null, budget: null, hashtag: null });
const refusal = (promise: Promise<unknown>) =>
  promise.then(
    () => "accepted",
    (error: unknown) => violatedUniqueIndex(error) ?? error,
  );
const NAME_TAKEN = { ok: false, fieldErrors: { name: "validation.name.taken" } };

describe("influencer names, unique per shop in any case", () => {
  it("are refused by the database itself when the app's code is bypassed", async () => {
    await influencer(db.prisma, shop.id, { name: "Jane Porter" });
    expect(await refusal(influencer(db.prisma, shop.id, { name: "jane porter" }))).toBe(INFLUENCER_NAME_INDEX);
    expect(await refusal(influencer(db.prisma, shop.id, { name: "JANE PORTER" }))).toBe(INFLUENCER_NAME_INDEX);
    expect(await refusal(influencer(db.prisma, otherShop.id, { name: "jane porter" }))).toBe("accepted");
  });

  it("let exactly one of two concurrent creates of case variants win; the other gets the field error", async () => {
    const results = await Promise.all([createInfluencer(shop.id, profile("Jane")), createInfluencer(shop.id, profile("jane"))]);
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    expect(results.filter((r) => !r.ok)).toEqual([NAME_TAKEN]);
    expect(await db.prisma.influencer.count({ where: { shopId: shop.id } })).toBe(1);
  });

  it("turn the database's refusal into the form's field error, on create and on update", async () => {
    const jane = await influencer(db.prisma, shop.id, { name: "Jane Porter" });
    const marco = await influencer(db.prisma, shop.id, { name: "Marco Rossi" });
    const res = await callRoute(newInfluencer.action, { path: "/app/influencers/new", form: { name: "JANE porter" } });
    expect([res.status, res.body]).toEqual([400, expect.objectContaining(NAME_TAKEN)]);
    expect(await updateInfluencer(shop.id, marco.id, profile("jane PORTER"))).toEqual(NAME_TAKEN);
    // Changing the case of one's own name is not a clash.
    expect(await updateInfluencer(shop.id, jane.id, profile("JANE PORTER"))).toEqual({ ok: true, value: { id: jane.id } });
    // Wildcard characters are plain characters: "J_ne" is not "Jane".
    await influencer(db.prisma, shop.id, { name: "Jane" });
    expect(await createInfluencer(shop.id, profile("J_ne"))).toMatchObject({ ok: true });
    expect(await createInfluencer(shop.id, profile("Jane%"))).toMatchObject({ ok: true });
  });
});

describe("campaign names, unique per shop in any case", () => {
  it("are refused by the database itself, and the app answers with the field error", async () => {
    const spring = await campaign(db.prisma, shop.id, { name: "Spring Drop" });
    expect(await refusal(campaign(db.prisma, shop.id, { name: "SPRING drop" }))).toBe(CAMPAIGN_NAME_INDEX);
    expect(await refusal(campaign(db.prisma, otherShop.id, { name: "spring drop" }))).toBe("accepted");
    const results = await Promise.all([createCampaign(shop.id, plan("Autumn")), createCampaign(shop.id, plan("AUTUMN"))]);
    expect(results.filter((r) => !r.ok)).toEqual([NAME_TAKEN]);
    const autumn = results.find((r) => r.ok)!;
    expect(autumn.ok && (await updateCampaign(shop.id, autumn.value.id, plan("spring drop")))).toEqual(NAME_TAKEN);
    expect(await updateCampaign(shop.id, spring.id, plan("spring DROP"))).toEqual({ ok: true, value: { id: spring.id } });
  });
});

describe("commission terms, one open term per owner", () => {
  it("are refused by the database itself when a second rule for the same owner is inserted", async () => {
    const jane = await influencer(db.prisma, shop.id);
    const spring = await campaign(db.prisma, shop.id);
    const rule = (owner: { influencerId?: string; campaignId?: string }, rate: string) =>
      db.prisma.commissionRule.create({ data: { shopId: shop.id, ...owner, kind: "FIXED_PER_ORDER", rate } });
    await rule({ influencerId: jane.id }, "1");
    // Closed terms are history: any number of them.
    await db.prisma.commissionRule.create({
      data: { shopId: shop.id, influencerId: jane.id, kind: "FIXED_PER_ORDER", rate: "0.5", endsOn: new Date("1999-12-31T00:00:00Z") },
    });
    await rule({ campaignId: spring.id }, "2");
    expect(await refusal(rule({ influencerId: jane.id }, "3"))).toBe(INFLUENCER_RULE_INDEX);
    expect(await refusal(rule({ campaignId: spring.id }, "4"))).toBe(CAMPAIGN_RULE_INDEX);
    // The ledger's other owners (influencer within a campaign, shop-wide) are not constrained here.
    expect(await refusal(rule({ influencerId: jane.id, campaignId: spring.id }, "5"))).toBe("accepted");
    expect(await refusal(rule({}, "6"))).toBe("accepted");
    // Saving through the app closes the owner's open term and opens a new one; closed terms stay.
    expect(await setCommissionRule(shop.id, { influencerId: jane.id }, { kind: "PERCENT_OF_NET_SALES", rate: new Decimal("12") })).toBe("saved");
    expect(await db.prisma.commissionRule.count({ where: { influencerId: jane.id, campaignId: null, endsOn: null } })).toBe(1);
    expect(await db.prisma.commissionRule.count({ where: { influencerId: jane.id, campaignId: null } })).toBe(3);
  });
});
