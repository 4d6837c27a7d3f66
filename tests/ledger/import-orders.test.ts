import fc from "fast-check";
import { afterAll, beforeAll, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "../support/database";
import { checkProperty } from "../support/property";

/**
 * The set-based bulk import (`codetrail_import_orders`) against the ledger's own per-order path:
 * the same random batch of orders goes into two databases in the same state, one order at a time
 * through `codetrail_apply` (in creation order) into one and as one shuffled batch into the other.
 * Rows, refunds, both rollups and every order's outcome must agree. The batches mix what a bulk
 * backfill meets: orders already stored (older or newer than the batch's version), refunds that
 * arrived before their order, codes in any position, tracking links by slug and without one,
 * customers with several orders (new-customer rule, later purchases), cancelled and test orders,
 * and commission rules of both kinds on influencer, campaign and shop, with dated terms (each order
 * keeps the term of its shop day and the commission it accrued, decision 029).
 */

const SHOP = "shop-import";
const T0 = Date.UTC(2026, 9, 1);
const ORDER_BASE = 9_007_199_254_900_000n;

let one: TestDatabase;
let set: TestDatabase;
let cases = 0;

async function seedShop(db: TestDatabase) {
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

beforeAll(async () => {
  one = await createTestDatabase();
  set = await createTestDatabase({ install: false });
  await seedShop(one);
  await seedShop(set);
});
afterAll(async () => {
  await set.destroy();
  await one.destroy();
});

const cents = (min: number, max: number) =>
  fc.integer({ min, max }).map((c) => (c / 100).toFixed(2));
/** Three-decimal amounts (KWD, BHD): with a 7.3333 % rule, commission needs rounding to 8 places. */
const mils = (min: number, max: number) =>
  fc.integer({ min, max }).map((c) => (c / 1000).toFixed(3));

const CODES = ["JANE15", "MARCO10", "ANA20", "STORE10", "WELCOME5"];

const orderVersion = (n: number) =>
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

type VersionValue = ReturnType<typeof orderVersion> extends fc.Arbitrary<
  infer V
>
  ? V
  : never;

/** The ledger's order argument (the shape `orderSyncCall` builds) of one version of order n. */
function orderArgument(
  caseId: number,
  n: number,
  v: VersionValue,
  refundIds: bigint[]
) {
  const id = ORDER_BASE + BigInt(caseId) * 1000n + BigInt(n);
  const createdAt = new Date(T0 + v.hour * 3_600_000);
  const candidates = [
    ...v.discountCodes.map((code) => ({ code, used: code.toLowerCase() })),
    ...(v.link && !v.discountCodes.includes(v.link.code)
      ? [{ code: v.link.code, used: v.link.code }]
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
    discountCodeCount: v.discountCodes.length,
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

const story = fc.integer({ min: 0, max: 12 }).chain((n) =>
  fc.record({
    batch: orderVersion(n),
    // What the ledger holds before the import: nothing, a version of the order, and/or refunds
    // that arrived ahead of it (refunds/create).
    stored: fc.oneof(
      { weight: 2, arbitrary: fc.constant(null) },
      { weight: 1, arbitrary: orderVersion(n) }
    ),
    earlyRefund: fc.oneof(
      { weight: 3, arbitrary: fc.constant(null) },
      { weight: 1, arbitrary: cents(0, 5_000) }
    ),
  })
);

const scenario = fc.record({
  stories: fc.array(story, { minLength: 1, maxLength: 14 }),
  shuffle: fc.array(fc.nat(), { minLength: 14, maxLength: 14 }),
});

type Db = TestDatabase;

async function apply(db: Db, payload: unknown) {
  const [row] = await db.prisma.$queryRawUnsafe<
    { outcome: string; detail: string }[]
  >(
    `SELECT outcome, detail FROM codetrail_apply($1::jsonb)`,
    JSON.stringify(payload)
  );
  return row!;
}

async function snapshot(db: Db) {
  const orders = await db.prisma.$queryRawUnsafe<unknown[]>(
    `SELECT "shopifyOrderId"::text, "name", "influencerId", "discountCodeId", "campaignId", "trackingLinkId", "source"::text,
            "matchedCode", "utmCampaign", "utmContent", "orderCreatedAt", "shopDate", "shopifyUpdatedAt", "sales"::text,
            "discounts"::text, "refunded"::text, "cancelledAt", "test", "customerId"::text, "newCustomer",
            "referringHost", "landingHost", "utmSource", "countryCode",
            "commissionRuleId", "commissionKind"::text, "commissionRate"::text, "commission"::text, "commissionReversed"::text
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

type Scenario = ReturnType<typeof scenario.generate>["value"];

async function importEqualsOneByOne({ stories, shuffle }: Scenario) {
  const caseId = ++cases;
  // Each case starts from an empty ledger, so a counterexample is the case itself.
  for (const db of [one, set]) {
    for (const table of [
      "AttributedOrder",
      "OrderRefund",
      "DailyRollup",
      "RepeatPurchaseRollup",
      "ShopOrder",
    ]) {
      await db.prisma.$executeRawUnsafe(
        `DELETE FROM "${table}" WHERE "shopId" = $1`,
        SHOP
      );
    }
  }
  let refundSeq = ORDER_BASE + BigInt(caseId) * 1000n + 500n;
  const nextRefundIds = (count: number) =>
    Array.from({ length: count }, () => ++refundSeq);
  // One story per order number (the batch never holds an order twice).
  const byNumber = new Map(stories.map((s, i) => [i, s]));
  const before: unknown[] = [];
  const batch: ReturnType<typeof orderArgument>[] = [];
  for (const [n, s] of byNumber) {
    const batchRefundIds = nextRefundIds(s.batch.refunds.length);
    if (s.stored) {
      // The stored version may share refunds with the batch's (a refund seen twice counts once).
      const storedIds = [...batchRefundIds.slice(0, 1), ...nextRefundIds(2)];
      before.push({
        shopId: SHOP,
        order: orderArgument(caseId, n, s.stored, storedIds),
      });
    }
    const orderId = (
      ORDER_BASE +
      BigInt(caseId) * 1000n +
      BigInt(n)
    ).toString();
    if (s.earlyRefund) {
      before.push({
        shopId: SHOP,
        refund: {
          refundId: nextRefundIds(1)[0]!.toString(),
          orderId,
          amount: s.earlyRefund,
          amountText: s.earlyRefund,
          refundedAt: new Date(T0).toISOString(),
        },
      });
    }
    batch.push(orderArgument(caseId, n, s.batch, batchRefundIds));
  }
  for (const payload of before) {
    await apply(one, payload);
    await apply(set, payload);
  }
  expect(await snapshot(set)).toEqual(await snapshot(one));

  const inCreationOrder = [...batch].sort(
    (a, b) =>
      a.createdAt.localeCompare(b.createdAt) ||
      a.orderId.localeCompare(b.orderId)
  );
  const expected = new Map<string, { outcome: string; detail: string }>();
  for (const order of inCreationOrder)
    expected.set(order.orderId, await apply(one, { shopId: SHOP, order }));

  const shuffled = batch
    .map((order, i) => ({ order, key: shuffle[i]! }))
    .sort((a, b) => a.key - b.key)
    .map((x) => x.order);
  const rows = await set.prisma.$queryRawUnsafe<
    { call_index: number; outcome: string; detail: string }[]
  >(
    `SELECT call_index, outcome, detail FROM codetrail_import_orders($1, $2::jsonb)`,
    SHOP,
    JSON.stringify(shuffled)
  );
  expect(rows).toHaveLength(shuffled.length);
  for (const row of rows) {
    expect({
      order: shuffled[row.call_index]!.name,
      ...row,
      call_index: undefined,
    }).toEqual({
      order: shuffled[row.call_index]!.name,
      ...expected.get(shuffled[row.call_index]!.orderId),
      call_index: undefined,
    });
  }
  expect(await snapshot(set)).toEqual(await snapshot(one));
}

it("imports a batch exactly as applying each order one by one would", async () => {
  await checkProperty(
    "set-based import equals one by one",
    fc.asyncProperty(scenario, importEqualsOneByOne),
    {
      numRuns: 40,
      budgetMs: 60_000,
      minRuns: 5,
    }
  );
}, 120_000);

it("rounds commission per order, as the per-order path does", async () => {
  // Three-decimal sales under the 7.3333 % shop rule on one day: each order's commission has ten
  // decimals, and the sum of the orders' 8-decimal roundings is not the rounding of their sum.
  const ana = (hour: number, sales: string) => ({
    batch: {
      hour,
      updatedMinutes: 0,
      customer: null,
      discountCodes: ["ANA20"],
      link: null,
      evidence: false,
      sales,
      discounts: "0.00",
      cancelled: false,
      test: false,
      refunds: [],
    },
    stored: null,
    earlyRefund: null,
  });
  await importEqualsOneByOne({
    stories: [ana(13, "1.001"), ana(14, "1.001"), ana(15, "2.003")],
    shuffle: new Array(14).fill(0),
  });
});

it("refuses a batch that names an order twice, and changes nothing", async () => {
  const order = orderArgument(
    999,
    1,
    {
      hour: 1,
      updatedMinutes: 0,
      customer: 1,
      discountCodes: ["JANE15"],
      link: null,
      evidence: true,
      sales: "10.00",
      discounts: "1.00",
      cancelled: false,
      test: false,
      refunds: [],
    },
    []
  );
  const before = await snapshot(set);
  await expect(
    set.prisma.$queryRawUnsafe(
      `SELECT * FROM codetrail_import_orders($1, $2::jsonb)`,
      SHOP,
      JSON.stringify([order, order])
    )
  ).rejects.toMatchObject({
    meta: {
      driverAdapterError: {
        cause: { message: expect.stringMatching(/appears twice/) },
      },
    },
  });
  expect(await snapshot(set)).toEqual(before);
});

it("stores nothing for a shop that is not installed", async () => {
  const order = orderArgument(
    998,
    1,
    {
      hour: 1,
      updatedMinutes: 0,
      customer: 1,
      discountCodes: ["JANE15"],
      link: null,
      evidence: true,
      sales: "10.00",
      discounts: "1.00",
      cancelled: false,
      test: false,
      refunds: [],
    },
    []
  );
  const rows = await set.prisma.$queryRawUnsafe<
    { outcome: string; detail: string }[]
  >(
    `SELECT outcome, detail FROM codetrail_import_orders($1, $2::jsonb)`,
    "no-such-shop",
    JSON.stringify([order])
  );
  expect(rows).toEqual([
    { outcome: "IGNORED", detail: "shop not installed: nothing stored" },
  ]);
  expect(
    await set.prisma.attributedOrder.count({
      where: { shopId: "no-such-shop" },
    })
  ).toBe(0);
});
