import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { EmulatedShopSettings } from "../../app/demo/admin-emulator/resolvers.server";
import { createAdminEmulator } from "../../app/demo/admin-emulator/emulator.server";
import type { AdminGraphqlClient } from "../../app/services/admin-client.server";
import { parseCodeOfferChange, parseCodeSettings, type CodeSettings } from "../../app/lib/code-settings";
import { syncShopDetails } from "../../app/services/shop-sync.server";
import {
  createInfluencerCode,
  endCode,
  linkExistingCode,
  retryCodeSync,
  setCodeActive,
  shareableLink,
  updateCodeOffer,
} from "../../app/services/discount-codes.server";
import { createTestDatabase, type TestDatabase } from "../support/database";
import { expectConsole } from "../support/setup";

const STORE: EmulatedShopSettings = {
  id: "1234", domain: "codes-test.myshopify.com", name: "Codes Test", currencyCode: "EUR", ianaTimezone: "Europe/Berlin",
};
let db: TestDatabase;
let admin: ReturnType<typeof createAdminEmulator>;
let shop: Awaited<ReturnType<typeof syncShopDetails>>;

// The shop's day the forms are parsed on; every form here gives its own start date anyway.
const TODAY = "2026-11-20";

function settings(change: Record<string, string> = {}): CodeSettings {
  const parsed = parseCodeSettings({ valueType: "PERCENTAGE", value: "15", startsAt: "2026-12-01", ...change }, TODAY);
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.fieldErrors));
  return parsed.settings;
}

async function influencer(name: string, handles: Record<string, string> = {}, shopId = shop.id) {
  return db.prisma.influencer.create({
    data: {
      shopId, name,
      handles: { create: Object.entries(handles).map(([platform, handle]) => ({ shopId, platform: platform as "INSTAGRAM", handle })) },
    },
  });
}

beforeAll(async () => {
  db = await createTestDatabase();
  admin = createAdminEmulator({ store: { db: db.prisma, shop: STORE } });
  shop = await syncShopDetails(admin, STORE.domain);
});
afterAll(() => db.destroy());
beforeEach(async () => {
  await db.prisma.discountCode.deleteMany({});
  await db.prisma.influencer.deleteMany({});
  await db.prisma.emulatorDiscount.deleteMany({});
});

describe("creating an influencer's code in the store", () => {
  it("creates JANE15 as a Shopify discount with the owner's settings", async () => {
    const jane = await influencer("Jane Porter");
    const result = await createInfluencerCode(admin, shop, jane.id, settings({ endsAt: "2026-12-31", usageLimit: "50", oncePerCustomer: "on" }));
    expect(result).toMatchObject({ ok: true, requestedCode: "JANE15", chosenCode: "JANE15" });
    if (!result.ok) return;
    expect(result.code).toMatchObject({ code: "JANE15", syncState: "SYNCED", usageLimit: 50, oncePerCustomer: true });
    expect(result.code.shopifyDiscountId).toMatch(/^gid:\/\/shopify\/DiscountCodeNode\/\d+$/);
    // Starts at midnight in the shop's time zone (Berlin, UTC+1 in December).
    expect(result.code.startsAt.toISOString()).toBe("2026-11-30T23:00:00.000Z");
    const stored = await db.prisma.emulatorDiscount.findFirstOrThrow({ where: { code: "JANE15" } });
    expect(stored.input).toMatchObject({
      code: "JANE15", usageLimit: 50, appliesOncePerCustomer: true,
      customerGets: { value: { percentage: 0.15 }, items: { all: true } },
      endsAt: "2026-12-31T22:59:59.000Z",
    });
  });

  it("chooses the next memorable variant when Shopify answers that the code is taken, and says so", async () => {
    await admin.run(`mutation { discountCodeBasicCreate(basicCodeDiscount: { title: "Old", code: "jane15",
      customerGets: { value: { percentage: 0.1 }, items: { all: true } }, context: { all: ALL } }) { userErrors { code } } }`);
    const jane = await influencer("Jane Porter");
    const result = await createInfluencerCode(admin, shop, jane.id, settings());
    expect(result).toMatchObject({ ok: true, requestedCode: "JANE15", chosenCode: "JANEP15" });
    if (result.ok) expect(result.code.requestedCode).toBe("JANE15");
  });

  it("skips codes another influencer already has here, and reports an explicit code that is taken", async () => {
    const jane = await influencer("Jane Porter");
    const janet = await influencer("Jane Doe");
    await createInfluencerCode(admin, shop, jane.id, settings());
    expect(await createInfluencerCode(admin, shop, janet.id, settings())).toMatchObject({ ok: true, chosenCode: "JANED15" });
    expect(await createInfluencerCode(admin, shop, janet.id, settings({ code: "jane15" }))).toEqual({
      ok: false, fieldErrors: { code: "codes.error.taken" },
    });
  });

  it("turns Shopify's userErrors into field errors and leaves nothing behind", async () => {
    const jane = await influencer("Jane Porter");
    const tooLong = { ...settings(), code: `J${"A".repeat(255)}` };
    const result = await createInfluencerCode(admin, shop, jane.id, tooLong);
    expect(result).toEqual({ ok: false, fieldErrors: { code: "Code is too long (maximum is 255 characters)" } });
    expect(await db.prisma.discountCode.count()).toBe(0);
  });

  it("keeps a failed creation as a FAILED record that a retry repairs", async () => {
    const jane = await influencer("Jane Porter");
    const down: AdminGraphqlClient = { graphql: async () => { throw new Error("connect ECONNREFUSED"); } };
    const failed = await createInfluencerCode(down, shop, jane.id, settings());
    expect(failed).toEqual({ ok: false, fieldErrors: { form: "codes.error.shopify" } });
    const row = await db.prisma.discountCode.findFirstOrThrow({ where: { influencerId: jane.id } });
    expect(row).toMatchObject({ code: "JANE15", syncState: "FAILED", syncError: "connect ECONNREFUSED" });

    expect(await retryCodeSync(admin, shop, row.id)).toEqual({ ok: true });
    const repaired = await db.prisma.discountCode.findFirstOrThrow({ where: { influencerId: jane.id } });
    expect(repaired).toMatchObject({ code: "JANE15", syncState: "SYNCED" });
    expect(await db.prisma.emulatorDiscount.count({ where: { code: "JANE15" } })).toBe(1);
  });

  it("adopts the Shopify discount when a crash left the row PENDING after Shopify created it", async () => {
    const jane = await influencer("Jane Porter");
    const created = await createInfluencerCode(admin, shop, jane.id, settings());
    if (!created.ok) throw new Error("setup");
    await db.prisma.discountCode.update({ where: { id: created.code.id }, data: { syncState: "PENDING", shopifyDiscountId: null } });
    expect(await retryCodeSync(admin, shop, created.code.id)).toEqual({ ok: true });
    const row = await db.prisma.discountCode.findUniqueOrThrow({ where: { id: created.code.id } });
    expect(row.shopifyDiscountId).toBe(created.code.shopifyDiscountId);
    expect(await db.prisma.emulatorDiscount.count()).toBe(1);
  });

  it("never creates a code for another shop's influencer", async () => {
    const other = await db.prisma.shop.create({ data: { domain: "other-codes.myshopify.com", name: "Other" } });
    const foreign = await influencer("Mallory", {}, other.id);
    expect(await createInfluencerCode(admin, shop, foreign.id, settings())).toEqual({
      ok: false, fieldErrors: { form: "codes.error.influencer" },
    });
    expect(await setCodeActive(admin, { ...shop, id: other.id }, "nope", false)).toEqual({ ok: false, error: "codes.error.notFound" });
  });
});

describe("linking, pausing and sharing", () => {
  it("links an existing store code looked up with codeDiscountNodeByCode, typed in any case", async () => {
    await admin.run(`mutation { discountCodeBasicCreate(basicCodeDiscount: { title: "Summer", code: "SUMMER10",
      customerGets: { value: { discountAmount: { amount: "10.00", appliesOnEachItem: false } }, items: { all: true } },
      context: { all: ALL } }) { userErrors { code } } }`);
    const jane = await influencer("Jane Porter");
    const result = await linkExistingCode(admin, shop, jane.id, " summer10 ");
    expect(result).toMatchObject({ ok: true, chosenCode: "SUMMER10" });
    if (result.ok) expect(result.code).toMatchObject({ linkedExisting: true, valueType: "FIXED_AMOUNT", title: "Summer" });
    expect(await linkExistingCode(admin, shop, jane.id, "SUMMER10")).toEqual({ ok: false, fieldErrors: { code: "codes.error.alreadyLinked" } });
    expect(await linkExistingCode(admin, shop, jane.id, "NOPE99")).toEqual({ ok: false, fieldErrors: { code: "codes.error.notInStore" } });
  });

  it("two links of the same code at once: one links it, the other is told it is already linked", async () => {
    await admin.run(`mutation { discountCodeBasicCreate(basicCodeDiscount: { title: "Twice", code: "TWICE10",
      customerGets: { value: { percentage: 0.1 }, items: { all: true } }, context: { all: ALL } }) { userErrors { code } } }`);
    const jane = await influencer("Jane Porter");
    const results = await Promise.all([linkExistingCode(admin, shop, jane.id, "TWICE10"), linkExistingCode(admin, shop, jane.id, "twice10")]);
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    expect(results.filter((r) => !r.ok)).toEqual([{ ok: false, fieldErrors: { code: "codes.error.alreadyLinked" } }]);
    expect(await db.prisma.discountCode.count({ where: { code: "TWICE10" } })).toBe(1);
  });

  it("pauses and resumes the Shopify discount", async () => {
    const jane = await influencer("Jane Porter");
    const created = await createInfluencerCode(admin, shop, jane.id, settings({ startsAt: "2026-01-01" }));
    if (!created.ok) throw new Error("setup");
    const status = async () =>
      ((await admin.run(`query { codeDiscountNodeByCode(code: "JANE15") { codeDiscount { ... on DiscountCodeBasic { status } } } }`))
        .body as { data: { codeDiscountNodeByCode: { codeDiscount: { status: string } } } }).data.codeDiscountNodeByCode.codeDiscount.status;
    expect(await status()).toBe("ACTIVE");
    expect(await setCodeActive(admin, shop, created.code.id, false)).toEqual({ ok: true });
    expect(await status()).toBe("EXPIRED");
    expect((await db.prisma.discountCode.findUniqueOrThrow({ where: { id: created.code.id } })).status).toBe("PAUSED");
    expect(await setCodeActive(admin, shop, created.code.id, true)).toEqual({ ok: true });
    expect(await status()).toBe("ACTIVE");
  });

  it("edits a code's offer and dates in Shopify, validated like the create form, and ends a code for good", async () => {
    const jane = await influencer("Jane Porter");
    const created = await createInfluencerCode(admin, shop, jane.id, settings({ startsAt: "2026-01-01" }));
    if (!created.ok) throw new Error("setup");
    expect(parseCodeOfferChange("PERCENTAGE", { value: "150", startsAt: "2026-01-01" }, TODAY)).toMatchObject({
      ok: false, fieldErrors: { value: "codes.error.percentRange" },
    });
    expect(parseCodeOfferChange("PERCENTAGE", { value: "20", startsAt: "2026-02-01", endsAt: "2026-01-01" }, TODAY)).toMatchObject({
      ok: false, fieldErrors: { endsAt: "codes.error.endBeforeStart" },
    });
    const change = parseCodeOfferChange("PERCENTAGE", { value: "20", startsAt: "2026-01-01", endsAt: "2027-01-31" }, TODAY);
    if (!change.ok) throw new Error("valid change refused");
    expect(await updateCodeOffer(admin, shop, created.code.id, change.change)).toEqual({ ok: true });
    const stored = await db.prisma.emulatorDiscount.findFirstOrThrow({ where: { code: "JANE15" } });
    expect(stored.input).toMatchObject({ customerGets: { value: { percentage: 0.2 } }, endsAt: "2027-01-31T22:59:59.000Z" });
    const row = await db.prisma.discountCode.findUniqueOrThrow({ where: { id: created.code.id } });
    expect(row.value.toString()).toBe("20");
    expect(row.code).toBe("JANE15");

    expect(await endCode(admin, shop, created.code.id)).toEqual({ ok: true });
    expect((await db.prisma.discountCode.findUniqueOrThrow({ where: { id: created.code.id } })).status).toBe("EXPIRED");
    expect((await db.prisma.emulatorDiscount.findFirstOrThrow({ where: { code: "JANE15" } })).endsAt!.getTime()).toBeLessThanOrEqual(Date.now());
  });

  it("answers link, pause, resume, edit, end and retry with a message when Shopify cannot be reached, changing nothing", async () => {
    const warnings = expectConsole("warn");
    const jane = await influencer("Jane Porter");
    const created = await createInfluencerCode(admin, shop, jane.id, settings({ startsAt: "2026-01-01" }));
    if (!created.ok) throw new Error("setup");
    const down: AdminGraphqlClient = { graphql: async () => { throw new TypeError("fetch failed"); } };
    const unreachable = "codes.error.unreachable";
    expect(await linkExistingCode(down, shop, jane.id, "SUMMER10")).toEqual({ ok: false, fieldErrors: { form: unreachable } });
    expect(await setCodeActive(down, shop, created.code.id, false)).toEqual({ ok: false, error: unreachable });
    expect(await endCode(down, shop, created.code.id)).toEqual({ ok: false, error: unreachable });
    const change = parseCodeOfferChange("PERCENTAGE", { value: "20", startsAt: "2026-01-01" }, TODAY);
    if (!change.ok) throw new Error("valid change refused");
    expect(await updateCodeOffer(down, shop, created.code.id, change.change)).toEqual({ ok: false, fieldErrors: { form: unreachable } });
    await db.prisma.discountCode.update({ where: { id: created.code.id }, data: { syncState: "FAILED" } });
    expect(await retryCodeSync(down, shop, created.code.id)).toEqual({ ok: false, error: unreachable });
    const row = await db.prisma.discountCode.findUniqueOrThrow({ where: { id: created.code.id } });
    expect(row).toMatchObject({ status: "ACTIVE", syncState: "FAILED" });
    expect(row.value.toString()).toBe("15");
    expect(await db.prisma.discountCode.count()).toBe(1);
    // Shopify's own GraphQL errors are shown as Shopify wrote them.
    const refusing: AdminGraphqlClient = {
      graphql: async () => Response.json({ errors: [{ message: "Access denied for discountCodeDeactivate field." }] }),
    };
    expect(await setCodeActive(refusing, shop, created.code.id, false)).toEqual({ ok: false, error: "Access denied for discountCodeDeactivate field." });
    // shopify-app-remix's answer asking the browser to authenticate again is not swallowed.
    const reauthorize = new Response(undefined, { status: 401 });
    const revoked: AdminGraphqlClient = { graphql: async () => { throw reauthorize; } };
    await expect(setCodeActive(revoked, shop, created.code.id, false)).rejects.toBe(reauthorize);
    // Each failed call is logged once as a warning with its cause: five unreachable, one refused.
    const logged = warnings.mock.calls.map(([line]) => JSON.parse(String(line)) as { msg: string; err: { message: string } });
    expect(logged.map((l) => [l.msg, l.err.message])).toEqual([
      ...Array.from({ length: 5 }, () => ["Admin API call failed", "fetch failed"]),
      ["Admin API call failed", "Access denied for discountCodeDeactivate field."],
    ]);
  });

  it("builds the shareable link Shopify understands", () => {
    expect(shareableLink("demo.myshopify.com", "JANE15", "/products/scarf?size=m")).toBe(
      "https://demo.myshopify.com/discount/JANE15?redirect=%2Fproducts%2Fscarf%3Fsize%3Dm",
    );
  });
});
