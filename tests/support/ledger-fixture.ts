import fc from "fast-check";
import type { TestDatabase } from "./database";
import type { AttributionSignal } from "../../app/lib/attribution-precedence";

/**
 * A shop for ledger property tests (tests/ledger): three influencers, two campaigns, codes, tracking
 * links and dated commission terms; random versions of its orders in the shape the ledger takes
 * (`orderSyncCall`'s argument), and a snapshot of everything the ledger writes for it.
 */

export const SHOP = "shop-import";
export const T0 = Date.UTC(2026, 9, 1);
export const ORDER_BASE = 9_007_199_254_900_000n;

export async function seedShop(db: TestDatabase) {
  const p = db.prisma;
  await p.shop.create({
    data: {
      id: SHOP,
      domain: "import.myshopify.com",
      name: "Import",
      ianaTimezone: "America/Santiago",
    },
  });
  for (const [id, name] of [
    ["inf-jane", "Jane"],
    ["inf-marco", "Marco"],
    ["inf-ana", "Ana"],
  ]) {
    await p.influencer.create({
      data: { id, shopId: SHOP, name, status: "ACTIVE" },
    });
  }
  await p.campaign.create({
    data: {
      id: "camp-spring",
      shopId: SHOP,
      name: "Spring",
      goal: "CONVERSION",
      startsOn: new Date("2026-09-01"),
      endsOn: null,
    },
  });
  await p.campaign.create({
    data: {
      id: "camp-reel",
      shopId: SHOP,
      name: "Reel",
      goal: "CONVERSION",
      startsOn: new Date("2026-09-01"),
      endsOn: null,
    },
  });
  const codes = [
    ["code-jane", "inf-jane", "JANE15", null],
    ["code-marco", "inf-marco", "MARCO10", "camp-spring"],
    ["code-ana", "inf-ana", "ANA20", null],
  ] as const;
  for (const [id, influencerId, code, campaignId] of codes) {
    await p.discountCode.create({
      data: {
        id,
        shopId: SHOP,
        influencerId,
        code,
        campaignId,
        value: "15.0000",
      },
    });
  }
  await p.trackingLink.create({
    data: {
      id: "link-jane-reel",
      shopId: SHOP,
      influencerId: "inf-jane",
      discountCodeId: "code-jane",
      campaignId: "camp-reel",
      slug: "jane-reel",
      platform: "INSTAGRAM",
      utmCampaign: "reel",
      utmContent: "post1",
      path: "/",
    },
  });
  await p.trackingLink.create({
    data: {
      id: "link-ana-tt",
      shopId: SHOP,
      influencerId: "inf-ana",
      discountCodeId: "code-ana",
      campaignId: null,
      slug: "ana-tt",
      platform: "TIKTOK",
      utmCampaign: "drop",
      utmContent: "vid",
      path: "/",
    },
  });
  const created = new Date("2026-09-01T00:00:00Z");
  await p.commissionRule.createMany({
    data: [
      {
        id: "rule-shop",
        shopId: SHOP,
        kind: "PERCENT_OF_NET_SALES",
        rate: "7.3333",
        createdAt: created,
      },
      {
        id: "rule-jane",
        shopId: SHOP,
        influencerId: "inf-jane",
        kind: "PERCENT_OF_NET_SALES",
        rate: "12.5",
        createdAt: created,
        // Dated terms (decision 029): the orders' shop days (Santiago) run from 30 Sep to 3 Oct.
        endsOn: new Date("2026-10-01T00:00:00Z"),
      },
      {
        id: "rule-jane-2",
        shopId: SHOP,
        influencerId: "inf-jane",
        kind: "PERCENT_OF_NET_SALES",
        rate: "20",
        createdAt: created,
        startsOn: new Date("2026-10-02T00:00:00Z"),
      },
      {
        id: "rule-spring",
        shopId: SHOP,
        campaignId: "camp-spring",
        kind: "FIXED_PER_ORDER",
        rate: "4.25",
        createdAt: created,
        startsOn: new Date("2026-10-01T00:00:00Z"),
      },
      {
        id: "rule-jane-reel",
        shopId: SHOP,
        influencerId: "inf-jane",
        campaignId: "camp-reel",
        kind: "FIXED_PER_ORDER",
        rate: "3.1",
        createdAt: created,
      },
    ],
  });
}

export const cents = (min: number, max: number) =>
  fc.integer({ min, max }).map((c) => (c / 100).toFixed(2));
/** Three-decimal amounts (KWD, BHD): with a 7.3333 % rule, commission needs rounding to 8 places. */
export const mils = (min: number, max: number) =>
  fc.integer({ min, max }).map((c) => (c / 1000).toFixed(3));

export const CODES = ["JANE15", "MARCO10", "ANA20", "STORE10", "WELCOME5"];

export const orderVersion = (n: number) =>
  fc.record({
    hour: fc.integer({ min: 0, max: 72 }),
    updatedMinutes: fc.integer({ min: 0, max: 500 }),
    customer: fc.oneof(
      { weight: 1, arbitrary: fc.constant(null) },
      { weight: 4, arbitrary: fc.integer({ min: 1, max: 3 }) }
    ),
    discountCodes: fc.uniqueArray(fc.constantFrom(...CODES), { maxLength: 3 }),
    link: fc.constantFrom(
      null,
      {
        slug: "jane-reel",
        code: "JANE15",
        utmSource: "instagram",
        utmCampaign: "reel",
        utmContent: "post1",
      },
      {
        slug: "ana-tt",
        code: "ANA20",
        utmSource: "tiktok",
        utmCampaign: "drop",
        utmContent: "vid",
      },
      {
        slug: null,
        code: "ANA20",
        utmSource: "tiktok",
        utmCampaign: "drop",
        utmContent: "vid",
      },
      {
        slug: "gone-link",
        code: "JANE15",
        utmSource: "instagram",
        utmCampaign: "x",
        utmContent: "y",
      }
    ),
    evidence: fc.boolean(),
    sales: fc.oneof(cents(0, 40_000), mils(0, 400_000)),
    discounts: cents(0, 3_000),
    cancelled: fc.boolean().map((b) => b && n % 4 === 0),
    test: fc.boolean().map((b) => b && n % 7 === 0),
    refunds: fc.array(cents(0, 15_000), { maxLength: 2 }),
  });

export type VersionValue = ReturnType<typeof orderVersion> extends fc.Arbitrary<
  infer V
>
  ? V
  : never;

/** The ledger's order argument (the shape `orderSyncCall` builds) of one version of order n. */
export function orderArgument(
  caseId: number,
  n: number,
  v: VersionValue,
  refundIds: bigint[]
) {
  const id = ORDER_BASE + BigInt(caseId) * 1000n + BigInt(n);
  const createdAt = new Date(T0 + v.hour * 3_600_000);
  const candidates = [
    ...v.discountCodes.map((code) => ({
      code,
      used: code.toLowerCase(),
      source: "DISCOUNT_CODE",
    })),
    ...(v.link && !v.discountCodes.includes(v.link.code)
      ? [{ code: v.link.code, used: v.link.code, source: "TRACKING_LINK" }]
      : []),
  ];
  return {
    orderId: id.toString(),
    name: `#${caseId}-${n}`,
    createdAt: createdAt.toISOString(),
    updatedAt: new Date(
      createdAt.getTime() + v.updatedMinutes * 60_000
    ).toISOString(),
    cancelledAt: v.cancelled
      ? new Date(createdAt.getTime() + 3_600_000).toISOString()
      : null,
    test: v.test,
    currencyCode: "USD",
    presentmentCurrency: "USD",
    sales: v.sales,
    discounts: v.discounts,
    candidates,
    utmCampaign: v.link?.utmCampaign ?? null,
    utmContent: v.link?.utmContent ?? null,
    link: v.link ?? {
      slug: null,
      code: null,
      utmSource: null,
      utmCampaign: null,
      utmContent: null,
    },
    customerId:
      v.customer === null
        ? null
        : (
            ORDER_BASE +
            BigInt(caseId) * 1000n +
            900n +
            BigInt(v.customer)
          ).toString(),
    newCustomerEvidence: v.evidence,
    referringHost: v.link ? "instagram.com" : null,
    landingHost: null,
    utmSource: v.link?.utmSource ?? null,
    countryCode: "CL",
    flags: [v.test ? "test order" : "", v.cancelled ? "cancelled" : ""]
      .filter(Boolean)
      .join(", "),
    refunds: v.refunds.map((amount, r) => ({
      refundId: refundIds[r]!.toString(),
      amount,
      refundedAt: new Date(
        createdAt.getTime() + (r + 2) * 3_600_000
      ).toISOString(),
    })),
  };
}

type Db = TestDatabase;

export async function apply(db: Db, payload: unknown) {
  const [row] = await db.prisma.$queryRawUnsafe<
    { outcome: string; detail: string }[]
  >(
    `SELECT outcome, detail FROM codetrail_apply($1::jsonb)`,
    JSON.stringify(payload)
  );
  return row!;
}

export async function snapshot(db: Db) {
  const orders = await db.prisma.$queryRawUnsafe<unknown[]>(
    `SELECT "shopifyOrderId"::text, "name", "influencerId", "discountCodeId", "campaignId", "trackingLinkId", "source"::text,
            "matchedCode", "utmCampaign", "utmContent", "orderCreatedAt", "shopDate", "shopifyUpdatedAt", "sales"::text,
            "discounts"::text, "refunded"::text, "cancelledAt", "test", "customerId"::text, "newCustomer",
            "referringHost", "landingHost", "utmSource", "countryCode",
            "commissionRuleId", "commissionKind"::text, "commissionRate"::text, "commission"::text, "commissionReversed"::text,
            "evidence"
       FROM "AttributedOrder" WHERE "shopId" = $1 ORDER BY "shopifyOrderId"`,
    SHOP
  );
  const refunds = await db.prisma.$queryRawUnsafe<unknown[]>(
    `SELECT "shopifyRefundId"::text, "shopifyOrderId"::text, "amount"::text FROM "OrderRefund" WHERE "shopId" = $1 ORDER BY 1`,
    SHOP
  );
  const daily = await db.prisma.$queryRawUnsafe<unknown[]>(
    `SELECT "shopDate", "influencerId", "campaignId", "discountCodeId", "orders", "newCustomers", "sales"::text,
            "discounts"::text, "refunds"::text, "commission"::text
       FROM "DailyRollup" WHERE "shopId" = $1
        AND NOT ("orders" = 0 AND "newCustomers" = 0 AND "sales" = 0 AND "discounts" = 0 AND "refunds" = 0 AND "commission" = 0)
      ORDER BY 1, 2, 3, 4`,
    SHOP
  );
  const repeat = await db.prisma.$queryRawUnsafe<unknown[]>(
    `SELECT "shopDate", "influencerId", "campaignId", "orders", "netSales"::text FROM "RepeatPurchaseRollup"
      WHERE "shopId" = $1 AND NOT ("orders" = 0 AND "netSales" = 0) ORDER BY 1, 2, 3`,
    SHOP
  );
  // Every order's shop-wide facts (decision 036), attributed or not.
  const shopOrders = await db.prisma.$queryRawUnsafe<unknown[]>(
    `SELECT "shopifyOrderId"::text, "shopDate", "sales"::text, "refunded"::text, "newCustomer", "cancelled", "test", "shopifyUpdatedAt"
       FROM "ShopOrder" WHERE "shopId" = $1 ORDER BY "shopifyOrderId"`,
    SHOP
  );
  return { orders, refunds, daily, repeat, shopOrders };
}

/** The shop's attribution precedence (decision 037). */
export async function setPrecedence(
  db: Db,
  precedence: readonly AttributionSignal[]
) {
  await db.prisma.shop.update({
    where: { id: SHOP },
    data: { attributionPrecedence: [...precedence] },
  });
}

/** Who a random survey answer names: nobody, or one influencer chosen or matched and confirmed. */
export const surveyAnswer = fc.option(
  fc.record({
    influencerId: fc.constantFrom("inf-jane", "inf-marco", "inf-ana"),
    confirmedMatch: fc.boolean(),
  }),
  { nil: null }
);
export type SurveyAnswer = ReturnType<typeof surveyAnswer.generate>["value"];

/** Stores a survey answer for an order as the survey endpoint does (without re-attributing). */
export async function storeSurvey(
  db: Db,
  orderId: string,
  answer: NonNullable<SurveyAnswer>
) {
  await db.prisma.surveyResponse.create({
    data: {
      shopId: SHOP,
      shopifyOrderId: BigInt(orderId),
      channel: "influencer",
      ...(answer.confirmedMatch
        ? {
            matchedInfluencerId: answer.influencerId,
            matchScore: "0.900",
            confirmedAt: new Date(T0),
            freeText: "typed",
          }
        : { influencerId: answer.influencerId }),
    },
  });
}
